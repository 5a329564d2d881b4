//! The years Duban computes with, and the one check every date or year from a client goes through.

use crate::error::RuleError;
use chrono::{Datelike, NaiveDate};
use std::ops::RangeInclusive;

/// Wide enough for any real deadline or report, narrow enough that a typo like 20266 (or a date at
/// the end of chrono's range, where month and quarter arithmetic has no next month) is refused
/// before any rule or report runs.
pub const YEARS: RangeInclusive<i32> = 2000..=2100;

/// The year itself, when it is one Duban computes with.
pub fn check_year(field: &'static str, year: i32) -> Result<i32, RuleError> {
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(RuleError::YearOutOfRange {
            field,
            value: year.to_string(),
        })
    }
}

/// The date itself, when its year is one Duban computes with.
pub fn check_date(field: &'static str, date: NaiveDate) -> Result<NaiveDate, RuleError> {
    if YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(RuleError::YearOutOfRange {
            field,
            value: date.to_string(),
        })
    }
}

/// Each given date checked; the first one outside the years is the error.
pub fn check_dates<const N: usize>(
    dates: [(&'static str, Option<NaiveDate>); N],
) -> Result<(), RuleError> {
    for (field, date) in dates {
        if let Some(d) = date {
            check_date(field, d)?;
        }
    }
    Ok(())
}

/// A `YYYY-MM-DD` date in the supported years. chrono's `%Y` also reads "26" and "+262143", so the
/// text must be exactly ten characters.
pub fn parse_date(field: &'static str, text: &str) -> Result<NaiveDate, RuleError> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| {
            RuleError::invalid(
                field,
                format!("日期“{text}”无效，应为 YYYY-MM-DD"),
                format!("the date “{text}” is not a valid YYYY-MM-DD date"),
            )
        })?;
    check_date(field, date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_the_supported_years() {
        let e = check_year("year", 1999).unwrap_err();
        let range = format!("{}–{}", YEARS.start(), YEARS.end());
        assert!(e.message_zh().contains(&range) && e.message_en().contains(&range));
        assert_eq!(e.code(), "year_out_of_range");
    }

    #[test]
    fn the_first_and_last_supported_days_pass_and_their_neighbours_do_not() {
        let first = NaiveDate::from_ymd_opt(*YEARS.start(), 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(*YEARS.end(), 12, 31).unwrap();
        assert!(check_date("date", first).is_ok() && check_date("date", last).is_ok());
        assert!(check_date("date", first.pred_opt().unwrap()).is_err());
        assert!(check_date("date", last.succ_opt().unwrap()).is_err());
    }

    #[test]
    fn a_date_text_must_be_ten_characters_in_the_supported_years() {
        assert!(parse_date("date", "2026-03-01").is_ok());
        assert!(parse_date("date", "26-03-01").is_err());
        assert_eq!(
            parse_date("date", "+262143-12-31").unwrap_err().code(),
            "invalid_field"
        );
        assert_eq!(
            parse_date("date", "9999-12-31").unwrap_err().code(),
            "year_out_of_range"
        );
    }
}
