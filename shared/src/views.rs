//! Saved views of the ledger: a user's named filter-and-sort, kept on the server so it follows them.

use crate::error::RuleError;
use serde::{Deserialize, Serialize};

/// A saved view as the API returns it. `query` is the ledger's URL query without `?` or paging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedView {
    pub id: String,
    pub name: String,
    pub query: String,
}

/// `POST /api/views`: saving under a name the user already has replaces that view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewView {
    pub name: String,
    pub query: String,
}

/// How many views one user may keep: a menu, not an archive.
pub const MAX_VIEWS: usize = 30;

/// A view's name: trimmed, 1 to 30 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewName(String);

impl ViewName {
    pub const MAX_CHARS: usize = 30;

    pub fn parse(s: &str) -> Result<ViewName, RuleError> {
        let t = s.trim();
        let n = t.chars().count();
        if n == 0 {
            return Err(RuleError::invalid(
                "view_name",
                "视图名称不能为空",
                "the view needs a name",
            ));
        }
        if n > Self::MAX_CHARS {
            return Err(RuleError::invalid(
                "view_name",
                format!("视图名称不能超过 {} 个字（现为 {n} 个）", Self::MAX_CHARS),
                format!(
                    "a view name may have at most {} characters ({n} given)",
                    Self::MAX_CHARS
                ),
            ));
        }
        if t.chars().any(char::is_control) {
            return Err(RuleError::invalid(
                "view_name",
                "视图名称不能包含换行或控制字符",
                "a view name may not contain line breaks or control characters",
            ));
        }
        Ok(ViewName(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The ledger query a view keeps: the `?` and any page number dropped, since a view is a filter,
/// not a position in the list. The caller checks that the rest parses as a `MatterQuery`.
pub fn view_query(raw: &str) -> String {
    let pairs: Vec<&str> = raw
        .trim()
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let key = p.split('=').next().unwrap_or("");
            key != "page" && key != "per_page"
        })
        .collect();
    pairs.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_name_is_trimmed_and_must_be_short_and_printable() {
        assert_eq!(ViewName::parse("  红灯事项 ").unwrap().as_str(), "红灯事项");
        assert!(ViewName::parse("   ").is_err());
        assert!(ViewName::parse(&"名".repeat(31)).is_err());
        assert!(ViewName::parse(&"名".repeat(30)).is_ok());
        assert!(ViewName::parse("a\nb").is_err());
    }

    #[test]
    fn a_saved_query_keeps_the_filters_and_drops_the_page() {
        assert_eq!(
            view_query("?light=red&page=3&sort=-deadline&per_page=20"),
            "light=red&sort=-deadline"
        );
        assert_eq!(view_query(""), "");
    }
}
