//! Attachments on a matter: upload (who, when, size, type and quota checked), list and download, scoped like the matter.

use crate::auth::ClientInfo;
use crate::auth::CurrentUser;
use crate::error::{ApiError, Result};
use crate::services::workflow::rule_error;
use crate::state::AppState;
use crate::store::audit::Entry;
use crate::store::db::Database;
use crate::store::db::matters;
use crate::store::db::unit::{Statement, Unit};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::api::Attachment;
use shared::engine::{self, Context};
use shared::limits::Usage;

/// The largest file accepted: scans of signed forms fit, videos do not.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/matters/{id}/attachments",
            get(list)
                .post(upload)
                .layer(DefaultBodyLimit::max(MAX_ATTACHMENT_BYTES + 1024)),
        )
        .route("/matters/{id}/attachments/{aid}", get(download))
}

/// What the file's first bytes say it is; a declared type that disagrees is refused.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    const KINDS: &[(&[u8], &str)] = &[
        (b"%PDF-", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        // docx, xlsx and pptx are zip files; doc and xls the older OLE container.
        (b"PK\x03\x04", "application/zip"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "application/x-ole-storage",
        ),
    ];
    KINDS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
        .or_else(|| std::str::from_utf8(bytes).ok().map(|_| "text/plain"))
}

fn allowed(declared: &str, sniffed: &str) -> bool {
    let office_zip = [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/zip",
    ];
    let office_ole = ["application/msword", "application/vnd.ms-excel"];
    match sniffed {
        "application/zip" => office_zip.contains(&declared),
        "application/x-ole-storage" => office_ole.contains(&declared),
        "text/plain" => declared == "text/plain" || declared == "text/csv",
        other => declared == other,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UploadQuery {
    filename: String,
    #[serde(default)]
    event_seq: Option<u64>,
}

fn refuse(code: &'static str, zh: &str, en: &str) -> ApiError {
    ApiError::invalid(code, zh, en)
}

async fn upload(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Attachment>)> {
    let matter = matters::load_visible(&state.db, &user, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    // Reading is scoped; adding material is for the people who work the matter, while they do.
    {
        let calendar = state.calendar().await?;
        let ctx = Context::new(chrono::Utc::now(), &calendar);
        engine::may_attach(&matter, &user.actor(), &ctx).map_err(rule_error)?;
    }
    let filename = q.filename.trim();
    if filename.is_empty() || filename.chars().count() > 200 || filename.contains(['/', '\\']) {
        return Err(refuse(
            "invalid_filename",
            "文件名不能为空、不超过 200 个字且不含路径",
            "The file name must be 1 to 200 characters without a path",
        ));
    }
    if body.is_empty() {
        return Err(refuse("empty_file", "文件为空", "The file is empty"));
    }
    if body.len() > MAX_ATTACHMENT_BYTES {
        return Err(refuse(
            "file_too_large",
            "附件不能超过 10 MB",
            "An attachment may be at most 10 MB",
        ));
    }
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or(v).trim().to_ascii_lowercase())
        .unwrap_or_default();
    let sniffed = sniff(&body).unwrap_or("application/octet-stream");
    if !allowed(&declared, sniffed) {
        return Err(refuse(
            "unsupported_file_type",
            "只接受 PDF、图片（PNG/JPEG）、Word、Excel 和纯文本文件，且类型须与内容一致",
            "Only PDF, PNG/JPEG images, Word, Excel and plain text are accepted, and the type must match the content",
        ));
    }
    if let Some(seq) = q.event_seq
        && (seq == 0 || seq > matter.version)
    {
        return Err(refuse(
            "invalid_event",
            "该事项没有这个环节记录",
            "The matter has no such event",
        ));
    }
    let quota = state.settings.attachment_quota;
    // Only a unit's own people count against its quota; the office and leaders attach for no unit.
    let unit = user.unit.as_deref().filter(|_| user.role.is_unit_role());
    let matter_usage = usage(&state.db, "matter", &matter.id).await?;
    let unit_usage = match unit {
        Some(u) => Some(usage(&state.db, "unit", u).await?),
        None => None,
    };
    quota
        .admits(matter_usage, unit_usage, body.len() as u64)
        .map_err(rule_error)?;
    let attachment = Attachment {
        id: crate::services::workflow::new_matter_id(),
        matter_id: matter.id.clone(),
        event_seq: q.event_seq,
        filename: filename.to_owned(),
        content_type: declared,
        size: body.len() as u64,
        sha256: hex::encode(Sha256::digest(&body)),
        uploaded_by: user.username.clone(),
        uploaded_at: chrono::Utc::now(),
    };
    let mut row = json!({
        "aid": attachment.id,
        "mid": attachment.matter_id,
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "uploaded_by": attachment.uploaded_by,
        "uploaded_at": attachment.uploaded_at.to_rfc3339(),
        "data": base64::engine::general_purpose::STANDARD.encode(&body),
    });
    if let (Some(seq), Some(obj)) = (q.event_seq, row.as_object_mut()) {
        obj.insert("event_seq".into(), json!(seq));
    }
    let entry = Entry {
        username: Some(user.username.clone()),
        role: Some(user.role.code().into()),
        unit: user.unit.clone(),
        address: Some(client.address.to_string()),
        action: "attachment.upload".into(),
        content: json!({ "matter": matter.id, "attachment": attachment.id, "filename": attachment.filename, "sha256": attachment.sha256, "size": attachment.size }),
    };
    let sql = format!(
        "{}{}CREATE attachment CONTENT $att RETURN NONE;",
        COUNT_MATTER,
        if unit.is_some() { COUNT_UNIT } else { "" }
    );
    let write = Statement::new(sql)
        .bind("att", row)
        .bind_row("quota", &quota)?
        .bind("unit", json!(unit));
    match state
        .audit
        .append_with(&state.db, entry, Unit::from(write))
        .await
    {
        Ok(_) => Ok((StatusCode::CREATED, Json(attachment))),
        // Another upload took the room between the check above and this write.
        Err(e) if e.is_guard("attachment_quota") => Err(ApiError::invalid(
            "attachment_quota",
            "附件已达上限，请删除或合并后再传",
            "The attachment quota is reached",
        )),
        Err(e) => Err(e.into()),
    }
}

/// Adds the file to its matter's usage, refusing (in the transaction) what would pass the quota:
/// two uploads at once both passed the check made before.
const COUNT_MATTER: &str = "
    LET $um = (SELECT files, bytes FROM type::record('attachment_usage', ['matter', $att.mid]))[0]
        ?? { files: 0, bytes: 0 };
    IF $um.files + 1 > $quota.matter_files OR $um.bytes + $att.size > $quota.matter_bytes {
        THROW 'attachment_quota'
    };
    UPSERT type::record('attachment_usage', ['matter', $att.mid])
        SET files = $um.files + 1, bytes = $um.bytes + $att.size RETURN NONE;
";

/// The same for the uploader's unit.
const COUNT_UNIT: &str = "
    LET $uu = (SELECT files, bytes FROM type::record('attachment_usage', ['unit', $unit]))[0]
        ?? { files: 0, bytes: 0 };
    IF $uu.files + 1 > $quota.unit_files OR $uu.bytes + $att.size > $quota.unit_bytes {
        THROW 'attachment_quota'
    };
    UPSERT type::record('attachment_usage', ['unit', $unit])
        SET files = $uu.files + 1, bytes = $uu.bytes + $att.size RETURN NONE;
";

/// What a matter (`kind` "matter") or a unit ("unit") holds in attachments now.
async fn usage(db: &Database, kind: &str, key: &str) -> Result<Usage> {
    #[derive(Deserialize)]
    struct Row {
        files: u64,
        bytes: u64,
    }
    let row: Option<Row> = db
        .first(
            "SELECT files, bytes FROM type::record('attachment_usage', [$kind, $key])",
            json!({ "kind": kind, "key": key }),
        )
        .await?;
    Ok(row.map_or(Usage::default(), |r| Usage {
        files: r.files,
        bytes: r.bytes,
    }))
}

#[derive(Deserialize)]
struct Row {
    aid: String,
    mid: String,
    #[serde(default)]
    event_seq: Option<u64>,
    filename: String,
    content_type: String,
    size: u64,
    sha256: String,
    uploaded_by: String,
    uploaded_at: chrono::DateTime<chrono::Utc>,
}

impl From<Row> for Attachment {
    fn from(r: Row) -> Attachment {
        Attachment {
            id: r.aid,
            matter_id: r.mid,
            event_seq: r.event_seq,
            filename: r.filename,
            content_type: r.content_type,
            size: r.size,
            sha256: r.sha256,
            uploaded_by: r.uploaded_by,
            uploaded_at: r.uploaded_at,
        }
    }
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<Attachment>>> {
    matters::load_visible(&state.db, &user, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let rows: Vec<Row> = state
        .db
        .rows(
            "SELECT aid, mid, event_seq, filename, content_type, size, sha256, uploaded_by, uploaded_at FROM attachment WHERE mid = $id ORDER BY uploaded_at",
            json!({ "id": id }),
        )
        .await?;
    Ok(Json(rows.into_iter().map(Attachment::from).collect()))
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, aid)): Path<(String, String)>,
) -> Result<Response> {
    matters::load_visible(&state.db, &user, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    #[derive(Deserialize)]
    struct Blob {
        filename: String,
        content_type: String,
        data: String,
    }
    let blob: Blob = state
        .db
        .first(
            "SELECT filename, content_type, data FROM attachment WHERE aid = $aid AND mid = $id LIMIT 1",
            json!({ "aid": aid, "id": id }),
        )
        .await?
        .ok_or(ApiError::NotFound)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(blob.data.as_bytes())
        .map_err(|e| ApiError::Internal(format!("attachment {aid} is not valid base64: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, blob.content_type),
            (
                header::CONTENT_DISPOSITION,
                crate::http::download::disposition(&blob.filename, None),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_must_be_what_it_says_it_is() {
        assert!(allowed("application/pdf", sniff(b"%PDF-1.7 ...").unwrap()));
        assert!(!allowed(
            "application/pdf",
            sniff(b"MZ\x90\x00 an exe").unwrap_or("x")
        ));
        assert!(!allowed("image/png", sniff(b"%PDF-1.7").unwrap()));
        assert!(allowed("text/plain", sniff("办结报告".as_bytes()).unwrap()));
        assert!(!allowed("text/html", sniff(b"<script>").unwrap()));
    }
}
