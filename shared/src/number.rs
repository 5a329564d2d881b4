//! Matter numbers (编号) such as `督〔2026〕12号`, built from a format an admin configures.

use crate::error::RuleError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A matter's number, assigned once at registration (立项) and never reused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct MatterNumber(String);

impl MatterNumber {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MatterNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The numbering pattern: `{year}` and `{seq}` are replaced; `{seq:3}` pads the sequence to 3 digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NumberFormat {
    pattern: String,
}

impl NumberFormat {
    /// The usual form of both universities' documents.
    pub const DEFAULT: &'static str = "督〔{year}〕{seq}号";

    pub fn parse(pattern: &str) -> Result<NumberFormat, RuleError> {
        // Without the sequence two matters of one year would get the same number.
        if !pattern.contains("{seq}") && !pattern.contains("{seq:") {
            return Err(RuleError::invalid(
                "number_format",
                "编号格式必须包含 {seq}",
                "the number format must contain {seq}",
            ));
        }
        let format = NumberFormat {
            pattern: pattern.to_owned(),
        };
        // Reject malformed widths now rather than at the first registration.
        format.try_format(2026, 1)?;
        Ok(format)
    }

    pub fn format(&self, year: i32, seq: u32) -> MatterNumber {
        self.try_format(year, seq)
            .expect("a parsed NumberFormat always formats")
    }

    fn try_format(&self, year: i32, seq: u32) -> Result<MatterNumber, RuleError> {
        let mut out = self.pattern.replace("{year}", &year.to_string());
        while let Some(start) = out.find("{seq") {
            let end = out[start..]
                .find('}')
                .map(|i| start + i)
                .ok_or_else(bad_width)?;
            let spec = &out[start + 4..end];
            let text = match spec.strip_prefix(':') {
                None if spec.is_empty() => seq.to_string(),
                Some(w) => {
                    let width: usize = w.parse().map_err(|_| bad_width())?;
                    if width > 9 {
                        return Err(bad_width());
                    }
                    format!("{seq:0width$}")
                }
                None => return Err(bad_width()),
            };
            out.replace_range(start..=end, &text);
        }
        Ok(MatterNumber(out))
    }
}

fn bad_width() -> RuleError {
    RuleError::invalid(
        "number_format",
        "{seq:N} 中的位数必须是 0 到 9 的数字",
        "the width in {seq:N} must be a digit 0 to 9",
    )
}

impl Default for NumberFormat {
    fn default() -> Self {
        NumberFormat::parse(NumberFormat::DEFAULT).expect("the default format is valid")
    }
}

impl TryFrom<String> for NumberFormat {
    type Error = RuleError;
    fn try_from(s: String) -> Result<Self, RuleError> {
        NumberFormat::parse(&s)
    }
}

impl From<NumberFormat> for String {
    fn from(f: NumberFormat) -> String {
        f.pattern
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_format_gives_the_usual_document_number() {
        assert_eq!(
            NumberFormat::default().format(2026, 12).as_str(),
            "督〔2026〕12号"
        );
    }

    #[test]
    fn a_width_pads_the_sequence() {
        let f = NumberFormat::parse("DB-{year}-{seq:3}").unwrap();
        assert_eq!(f.format(2025, 7).as_str(), "DB-2025-007");
    }

    #[test]
    fn a_format_without_a_sequence_is_refused() {
        assert_eq!(
            NumberFormat::parse("督〔{year}〕").unwrap_err().code(),
            "invalid_field"
        );
        assert!(NumberFormat::parse("{seq:x}").is_err());
    }
}
