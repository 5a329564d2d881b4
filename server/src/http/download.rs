//! Answers that are files to save: the `Content-Disposition` that names them, Chinese names included.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// `attachment`, so the browser saves rather than renders, with the name in RFC 5987 form
/// (`filename*=UTF-8''…`, percent-encoded bytes) so Chinese names survive; `ascii` beside it for
/// clients that read only `filename` (RFC 6266).
pub fn disposition(name: &str, ascii: Option<&str>) -> String {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    match ascii {
        Some(ascii) => format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
        None => format!("attachment; filename*=UTF-8''{encoded}"),
    }
}

/// An `.xlsx` download named `name_zh`, `ascii_name` for clients that cannot read it.
pub fn xlsx(bytes: Vec<u8>, ascii_name: &str, name_zh: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                disposition(name_zh, Some(ascii_name)),
            ),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::disposition;

    #[test]
    fn a_chinese_name_is_sent_percent_encoded_beside_an_ascii_one() {
        assert_eq!(
            disposition("督办.xlsx", Some("ledger.xlsx")),
            "attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''%E7%9D%A3%E5%8A%9E.xlsx"
        );
        assert_eq!(
            disposition("a b.pdf", None),
            "attachment; filename*=UTF-8''a%20b.pdf"
        );
    }
}
