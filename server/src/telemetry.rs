//! Logging through `tracing`, filtered by `RUST_LOG` (default given by the caller).

use tracing_subscriber::EnvFilter;

pub fn init(default_level: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level));
    // A second init (tests start many servers in one process) is harmless, so its error is ignored.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

/// A client-supplied string (a username typed at sign-in, say) as a log field: control characters,
/// line and paragraph separators and bidirectional overrides are written as `\u{…}` escapes, so the
/// string can never end a log line and forge the next one, nor reorder what a reader sees. Chinese
/// and other printable text stays as it is. Use it as `username = %Escaped(&name)`.
pub struct Escaped<'a>(pub &'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write;
        for c in self.0.chars() {
            let hidden = c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if hidden || c == '\\' {
                write!(f, "{}", c.escape_default())?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Escaped;

    #[test]
    fn a_username_with_a_newline_cannot_forge_a_second_log_line() {
        let forged = "x\n2026-12-06T09:00:00Z  INFO login username=admin address=10.0.0.1\r";
        let logged = Escaped(forged).to_string();
        assert!(!logged.contains('\n') && !logged.contains('\r'));
        assert_eq!(
            logged,
            r"x\n2026-12-06T09:00:00Z  INFO login username=admin address=10.0.0.1\r"
        );
    }

    #[test]
    fn escapes_cannot_be_faked_and_hidden_characters_show() {
        // A literal backslash-n typed by the client stays distinguishable from an escaped newline.
        assert_eq!(Escaped(r"a\nb").to_string(), r"a\\nb");
        assert_eq!(Escaped("a\u{1b}[31mb").to_string(), r"a\u{1b}[31mb");
        assert_eq!(
            Escaped("a\u{202E}b\u{2028}").to_string(),
            r"a\u{202e}b\u{2028}"
        );
    }

    #[test]
    fn ordinary_names_are_logged_unchanged() {
        assert_eq!(Escaped("jwc-liaison").to_string(), "jwc-liaison");
        assert_eq!(Escaped("教务处 联络员").to_string(), "教务处 联络员");
    }
}
