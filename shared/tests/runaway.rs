//! Every date-taking parse and period function, driven with arbitrary dates up to the ends of
//! chrono's range: no panic, no endless loop, and a clear error for what is out of range.

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use shared::Calendar;
use shared::briefing::{self, MAX_TREND_MONTHS, ReportContext};
use shared::cancel::{Cancel, Cancelled};
use shared::dates::{self, YEARS};
use shared::deadline::{self, Quarter};
use shared::report::{PeriodKind, PeriodQuery, period_of};
use shared::stats::{BulletinRules, Period};
use std::sync::atomic::AtomicBool;

/// Any date chrono holds, with its two ends and their neighbours drawn often.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    let (min, max) = (NaiveDate::MIN, NaiveDate::MAX);
    let days = min.num_days_from_ce()..=max.num_days_from_ce();
    prop_oneof![
        Just(min),
        Just(min.succ_opt().unwrap()),
        Just(max.pred_opt().unwrap()),
        Just(max),
        days.prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap()),
        (1990i32..2110, 1u32..=366).prop_map(|(y, d)| {
            NaiveDate::from_yo_opt(y, d).unwrap_or_else(|| NaiveDate::from_yo_opt(y, 365).unwrap())
        }),
    ]
}

fn kind() -> impl Strategy<Value = PeriodKind> {
    prop_oneof![
        Just(PeriodKind::Week),
        Just(PeriodKind::Month),
        Just(PeriodKind::Quarter),
        Just(PeriodKind::Year),
        Just(PeriodKind::Custom),
    ]
}

fn supported(d: NaiveDate) -> bool {
    YEARS.contains(&d.year())
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

fn ctx<'a>(cal: &'a Calendar, cancel: Cancel<'a>) -> ReportContext<'a> {
    ReportContext {
        today: today(),
        calendar: cal,
        rules: BulletinRules::default(),
        yellow_days: 3,
        cancel,
    }
}

proptest! {
    #[test]
    fn a_period_query_with_any_dates_is_a_period_or_a_clear_error(
        kind in proptest::option::of(kind()),
        date in proptest::option::of(any_date()),
        from in proptest::option::of(any_date()),
        to in proptest::option::of(any_date()),
    ) {
        let q = PeriodQuery { kind, date, from, to };
        match q.resolve(today()) {
            Ok(p) => {
                prop_assert!(supported(p.from) || kind != Some(PeriodKind::Custom) && from.is_none());
                prop_assert!(p.from <= p.to);
                prop_assert!([date, from, to].into_iter().flatten().all(supported));
            }
            Err(e) => {
                prop_assert!(!e.message_zh().is_empty() && !e.message_en().is_empty());
                if [date, from, to].into_iter().flatten().any(|d| !supported(d)) {
                    prop_assert_eq!(e.code(), "year_out_of_range");
                }
            }
        }
    }

    #[test]
    fn the_period_of_any_date_contains_it_or_does_not_exist(kind in kind(), date in any_date()) {
        if let Some(p) = period_of(kind, date) {
            prop_assert!(p.from <= date && date <= p.to);
        } else {
            // Only a week can reach past chrono's ends; every month, quarter and year fits.
            prop_assert_eq!(kind, PeriodKind::Week);
        }
    }

    #[test]
    fn a_quarter_of_any_date_has_a_start_and_end_around_it(date in any_date()) {
        let q = Quarter::of(date);
        prop_assert!(q.start() <= date && date <= q.end());
        let _ = (q.next().period(), briefing::previous(q).period());
    }

    #[test]
    fn any_quarter_a_client_names_is_parsed_or_refused(year in any::<i32>(), quarter in any::<u32>()) {
        match Quarter::parse(year, quarter) {
            Ok(q) => prop_assert!(q.checked_start().is_some() && q.checked_end().is_some()),
            Err(e) => prop_assert!(!(1..=4).contains(&quarter) || !YEARS.contains(&year), "{}", e),
        }
        let q = Quarter { year, quarter };
        let _ = (q.start(), q.end(), q.next(), briefing::previous(q));
    }

    #[test]
    fn a_date_text_is_read_only_in_the_supported_years(date in any_date()) {
        let text = date.to_string();
        prop_assert_eq!(dates::parse_date("date", &text).is_ok(), supported(date));
    }

    #[test]
    fn working_day_arithmetic_at_any_date_ends_or_says_it_cannot(
        from in any_date(),
        to in any_date(),
        n in any::<u32>(),
    ) {
        let cal = Calendar::official();
        let between = cal.working_days_between(from, to);
        prop_assert_eq!(between, -cal.working_days_between(to, from));
        if let Some(d) = cal.checked_add_working_days(from, n) {
            prop_assert_eq!(cal.working_days_between(from, d), i64::from(n));
            prop_assert!(n == 0 || cal.is_working_day(d));
        }
        if let Some(d) = cal.checked_add_calendar_days(from, n) {
            prop_assert!(cal.is_working_day(d) && d >= from);
        }
        let _ = (
            deadline::gdufs_reply_due(from, &cal),
            deadline::hbut_default_deadline(from, &cal),
            deadline::hbut_archive_due(from, &cal),
            cal.deadline(from, to),
        );
    }

    #[test]
    fn working_days_counted_without_walking_agree_with_walking_the_days(
        offset in 0u64..(4 * 366),
        span in 0u64..800,
    ) {
        let cal = Calendar::official();
        let from = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap().checked_add_days(Days::new(offset)).unwrap();
        let to = from.checked_add_days(Days::new(span)).unwrap();
        let walked = from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| cal.is_working_day(*d)).count();
        prop_assert_eq!(cal.working_days_between(from, to), walked as i64);
    }

    #[test]
    fn a_briefing_over_any_period_has_a_bounded_trend(from in any_date(), to in any_date()) {
        let cal = Calendar::official();
        let period = Period { from: from.min(to), to: from.max(to) };
        let b = briefing::briefing(&[], period, &ctx(&cal, Cancel::NEVER)).unwrap();
        prop_assert!(b.trend.len() <= MAX_TREND_MONTHS);
        let trend = briefing::monthly_trend(&[], period, Cancel::NEVER).unwrap();
        prop_assert!(trend.windows(2).all(|w| (w[0].year, w[0].month) < (w[1].year, w[1].month)));
    }
}

#[test]
fn the_briefing_that_looped_forever_is_refused_before_any_period_is_computed() {
    let q = PeriodQuery {
        kind: Some(PeriodKind::Month),
        date: Some(NaiveDate::MAX),
        ..PeriodQuery::default()
    };
    assert_eq!(q.resolve(today()).unwrap_err().code(), "year_out_of_range");
    // And the trend of that month, asked for directly, has its one month.
    let last = period_of(PeriodKind::Month, NaiveDate::MAX).unwrap();
    let trend = briefing::monthly_trend(&[], last, Cancel::NEVER).unwrap();
    assert_eq!(trend.len(), 1);
}

#[test]
fn a_cancelled_report_stops_and_gives_no_result() {
    static STOP: AtomicBool = AtomicBool::new(true);
    let cal = Calendar::official();
    let year = Quarter::parse(2026, 2).unwrap().period();
    let c = ctx(&cal, Cancel::on(&STOP));
    assert_eq!(briefing::briefing(&[], year, &c).unwrap_err(), Cancelled);
    assert_eq!(
        briefing::quarterly(&[], Quarter::parse(2026, 2).unwrap(), &c).unwrap_err(),
        Cancelled
    );
    assert_eq!(
        briefing::monthly_trend(&[], year, Cancel::on(&STOP)).unwrap_err(),
        Cancelled
    );
}
