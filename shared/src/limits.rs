//! Bounds on what a client may send and keep: text lengths, list lengths, reports per day, attachment quotas.
//!
//! Every one of them is a number here so the app can show it beside the field it bounds and the
//! server can refuse before any work; the messages state the bound.

use crate::error::RuleError;
use serde::{Deserialize, Serialize};

/// Free text (a report, an opinion, a note, a reason): a few pages, far more than any form needs.
pub const MAX_TEXT_CHARS: usize = 5000;
/// A name, a signer, a contact, a user id or a unit code, a material's label.
pub const MAX_NAME_CHARS: usize = 200;
/// Items in any list a client sends (units, leaders, reasons, rectification items, materials).
pub const MAX_LIST_ITEMS: usize = 50;
/// Progress reports one unit may add to one matter on one (Chinese) day.
pub const MAX_PROGRESS_REPORTS_PER_DAY: usize = 5;

/// Free text within `MAX_TEXT_CHARS`.
pub fn text(field: &'static str, value: &str) -> Result<(), RuleError> {
    chars(field, value, MAX_TEXT_CHARS)
}

/// A short value within `MAX_NAME_CHARS`.
pub fn name(field: &'static str, value: &str) -> Result<(), RuleError> {
    chars(field, value, MAX_NAME_CHARS)
}

pub fn opt_text(field: &'static str, value: &Option<String>) -> Result<(), RuleError> {
    value.as_deref().map_or(Ok(()), |v| text(field, v))
}

pub fn opt_name(field: &'static str, value: &Option<String>) -> Result<(), RuleError> {
    value.as_deref().map_or(Ok(()), |v| name(field, v))
}

/// At most `max` characters (not bytes: a Chinese character counts once).
pub fn chars(field: &'static str, value: &str, max: usize) -> Result<(), RuleError> {
    // Counting stops one past the bound, so a megabyte of text costs no more than the bound.
    let given = value.chars().take(max + 1).count();
    if given > max {
        return Err(RuleError::TooLong {
            field,
            max,
            given: value.chars().count(),
        });
    }
    Ok(())
}

/// At most `MAX_LIST_ITEMS` items.
pub fn items<T>(field: &'static str, list: &[T]) -> Result<(), RuleError> {
    if list.len() > MAX_LIST_ITEMS {
        return Err(RuleError::TooMany {
            field,
            max: MAX_LIST_ITEMS,
            given: list.len(),
        });
    }
    Ok(())
}

/// A list of names: the list and each name bounded.
pub fn names(field: &'static str, list: &[String]) -> Result<(), RuleError> {
    items(field, list)?;
    list.iter().try_for_each(|v| name(field, v))
}

/// How much may be attached: to one matter by everyone, and by one unit over all its matters.
/// A settings file may give any of the four; the others keep their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AttachmentQuota {
    pub matter_files: u64,
    pub matter_bytes: u64,
    pub unit_files: u64,
    pub unit_bytes: u64,
}

impl Default for AttachmentQuota {
    /// Room for every scan and report a matter needs, not for a file store.
    fn default() -> Self {
        AttachmentQuota {
            matter_files: 50,
            matter_bytes: 100 * MIB,
            unit_files: 2000,
            unit_bytes: 2048 * MIB,
        }
    }
}

const MIB: u64 = 1024 * 1024;

/// What is already stored, to check one more file of `size` bytes against the quota.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub files: u64,
    pub bytes: u64,
}

impl AttachmentQuota {
    /// Whether one more file of `size` bytes fits beside what the matter and the unit hold.
    pub fn admits(&self, matter: Usage, unit: Option<Usage>, size: u64) -> Result<(), RuleError> {
        over("matter_files", matter.files + 1, self.matter_files)?;
        over("matter_bytes", matter.bytes + size, self.matter_bytes)?;
        if let Some(unit) = unit {
            over("unit_files", unit.files + 1, self.unit_files)?;
            over("unit_bytes", unit.bytes + size, self.unit_bytes)?;
        }
        Ok(())
    }
}

fn over(which: &'static str, would_be: u64, max: u64) -> Result<(), RuleError> {
    let (what, what_zh) = match which {
        "matter_files" => ("files on this matter", "该事项的附件个数"),
        "matter_bytes" => ("bytes on this matter", "该事项的附件总字节数"),
        "unit_files" => ("files of your unit", "本单位的附件个数"),
        _ => ("bytes of your unit", "本单位的附件总字节数"),
    };
    if would_be > max {
        Err(RuleError::QuotaExceeded {
            which,
            what,
            what_zh,
            max,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_counted_in_characters_and_the_bound_is_in_the_message() {
        assert!(text("text", &"进".repeat(MAX_TEXT_CHARS)).is_ok());
        let e = text("text", &"进".repeat(MAX_TEXT_CHARS + 1)).unwrap_err();
        assert_eq!(e.code(), "too_long");
        assert!(e.message_zh().contains("5000"), "{}", e.message_zh());
        assert!(e.message_en().contains("5000"), "{}", e.message_en());
        assert!(e.message_en().contains("5001 given"), "{}", e.message_en());
    }

    #[test]
    fn a_list_longer_than_the_bound_is_refused_with_the_bound() {
        let list = vec!["jwc".to_owned(); MAX_LIST_ITEMS + 1];
        let e = names("assisting_units", &list).unwrap_err();
        assert_eq!(e.code(), "too_many_items");
        assert!(e.message_en().contains("at most 50"), "{}", e.message_en());
        assert!(names("assisting_units", &list[..MAX_LIST_ITEMS]).is_ok());
        let long = vec!["名".repeat(MAX_NAME_CHARS + 1)];
        assert_eq!(names("materials", &long).unwrap_err().code(), "too_long");
    }

    #[test]
    fn a_file_that_would_pass_a_matter_or_unit_quota_is_refused_and_says_which() {
        let q = AttachmentQuota {
            matter_files: 2,
            matter_bytes: 100,
            unit_files: 3,
            unit_bytes: 150,
        };
        let used = |files, bytes| Usage { files, bytes };
        assert!(q.admits(used(1, 50), Some(used(2, 100)), 50).is_ok());
        let which = |r: Result<(), RuleError>| match r {
            Err(RuleError::QuotaExceeded { which, .. }) => which,
            other => panic!("{other:?}"),
        };
        assert_eq!(which(q.admits(used(2, 0), None, 1)), "matter_files");
        assert_eq!(which(q.admits(used(0, 60), None, 41)), "matter_bytes");
        assert_eq!(
            which(q.admits(used(0, 0), Some(used(3, 0)), 1)),
            "unit_files"
        );
        assert_eq!(
            which(q.admits(used(0, 0), Some(used(0, 140)), 11)),
            "unit_bytes"
        );
        // The office attaches for no unit: only the matter's quota applies.
        assert!(q.admits(used(1, 0), None, 100).is_ok());
    }
}
