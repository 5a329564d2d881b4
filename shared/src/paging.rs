//! How far a list may be paged: the caps the server enforces before reading a row, and the app's
//! pager stops at.

use crate::api::MatterQuery;
use crate::error::RuleError;

/// Rows on a page when the request does not say.
pub const DEFAULT_PER_PAGE: u32 = 50;

/// The most rows one page holds: a 200-row page is about 100 KB of JSON.
pub const MAX_PER_PAGE: u32 = 200;

/// The deepest row paging reaches. The database walks every row it skips to reach a page, so
/// without a bound one request for page four billion reads the whole list; past ten thousand
/// rows a filter, a search or another sort finds a matter sooner than paging, and the Excel
/// ledger (`/api/matters.xlsx`) gives them all.
pub const MAX_ROWS_PAGED: u32 = 10_000;

/// A page of a list, within the caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// From 1.
    pub page: u32,
    pub per_page: u32,
}

impl Paging {
    /// The page and its size a client asked for, the defaults filled in, refused when outside the caps.
    pub fn parse(page: Option<u32>, per_page: Option<u32>) -> Result<Paging, RuleError> {
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(RuleError::InvalidField {
                field: "per_page",
                zh: format!("每页须为 1 到 {MAX_PER_PAGE} 条"),
                en: format!("must be 1 to {MAX_PER_PAGE} items"),
            });
        }
        let page = page.unwrap_or(1);
        let last = Paging::last_page(per_page);
        if !(1..=last).contains(&page) {
            return Err(RuleError::InvalidField {
                field: "page",
                zh: format!(
                    "页码须为 1 到 {last}（每页 {per_page} 条时最多翻到第 {MAX_ROWS_PAGED} 条；请用筛选或搜索缩小范围）"
                ),
                en: format!(
                    "must be 1 to {last} (with {per_page} items a page, paging reaches item {MAX_ROWS_PAGED} at most; narrow the list with a filter or a search)"
                ),
            });
        }
        Ok(Paging { page, per_page })
    }

    /// The last page a list of `per_page` rows a page can be paged to (at least 1).
    pub fn last_page(per_page: u32) -> u32 {
        (MAX_ROWS_PAGED / per_page.max(1)).max(1)
    }

    /// Rows before this page.
    pub fn start(self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.per_page)
    }
}

impl MatterQuery {
    /// The page this query asks for, within the caps.
    pub fn paging(&self) -> Result<Paging, RuleError> {
        Paging::parse(self.page, self.per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_page_asked_is_the_first_page_of_the_default_size() {
        assert_eq!(
            Paging::parse(None, None),
            Ok(Paging {
                page: 1,
                per_page: DEFAULT_PER_PAGE
            })
        );
    }

    #[test]
    fn paging_reaches_the_deepest_row_and_not_one_page_further() {
        for per_page in [1, 20, 50, 200, 3, 7] {
            let last = Paging::last_page(per_page);
            let deepest = Paging::parse(Some(last), Some(per_page)).expect("the last page");
            assert!(deepest.start() + u64::from(per_page) <= u64::from(MAX_ROWS_PAGED));
            assert!(Paging::parse(Some(last + 1), Some(per_page)).is_err());
        }
        assert_eq!(Paging::last_page(20), 500);
        assert_eq!(Paging::last_page(200), 50);
    }

    #[test]
    fn page_zero_an_empty_page_an_oversized_page_and_page_four_billion_are_refused() {
        for (page, per_page, field) in [
            (Some(0), None, "page"),
            (None, Some(0), "per_page"),
            (None, Some(MAX_PER_PAGE + 1), "per_page"),
            (Some(u32::MAX), Some(MAX_PER_PAGE), "page"),
            (Some(u32::MAX), Some(1), "page"),
        ] {
            match Paging::parse(page, per_page) {
                Err(RuleError::InvalidField { field: f, zh, en }) => {
                    assert_eq!(f, field);
                    assert!(!zh.is_empty() && !en.is_empty());
                }
                other => panic!("{page:?} {per_page:?}: {other:?}"),
            }
        }
    }
}
