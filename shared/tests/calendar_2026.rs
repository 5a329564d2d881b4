//! The working-day calendar against the official 2026 schedule (国办发明电〔2025〕7号) and 2025.

mod common;
use common::d;
use shared::Calendar;
use shared::calendar::YearSchedule;
use shared::deadline;

fn cal() -> Calendar {
    Calendar::official()
}

#[test]
fn new_year_2026_is_off_1_to_3_january_and_sunday_4_january_is_worked() {
    let c = cal();
    for day in 1..=3 {
        assert!(!c.is_working_day(d(2026, 1, day)));
    }
    assert!(c.is_working_day(d(2026, 1, 4)));
}

#[test]
fn spring_festival_2026_is_off_15_to_23_february_with_14_and_28_february_worked() {
    let c = cal();
    for day in 15..=23 {
        assert!(!c.is_working_day(d(2026, 2, day)), "2026-02-{day}");
    }
    assert!(c.is_working_day(d(2026, 2, 14)));
    assert!(c.is_working_day(d(2026, 2, 28)));
    assert!(c.is_working_day(d(2026, 2, 24)));
}

#[test]
fn counting_across_spring_festival_skips_the_break_and_uses_the_make_up_days() {
    // 当日不计入: from Fri 13 Feb, the 1st working day is Sat 14 Feb (调休), the 2nd Tue 24 Feb.
    let c = cal();
    assert_eq!(c.add_working_days(d(2026, 2, 13), 1), d(2026, 2, 14));
    assert_eq!(c.add_working_days(d(2026, 2, 13), 2), d(2026, 2, 24));
    assert_eq!(c.working_days_between(d(2026, 2, 13), d(2026, 2, 28)), 6);
}

#[test]
fn labour_day_2026_is_off_1_to_5_may_and_saturday_9_may_is_worked() {
    let c = cal();
    for day in 1..=5 {
        assert!(!c.is_working_day(d(2026, 5, day)));
    }
    assert!(c.is_working_day(d(2026, 5, 9)));
    assert!(!c.is_working_day(d(2026, 5, 10)));
    assert_eq!(c.add_working_days(d(2026, 4, 30), 1), d(2026, 5, 6));
}

#[test]
fn qingming_dragon_boat_and_mid_autumn_2026_are_off() {
    let c = cal();
    for date in [d(2026, 4, 6), d(2026, 6, 19), d(2026, 9, 25)] {
        assert!(!c.is_working_day(date), "{date}");
    }
}

#[test]
fn national_day_2026_is_off_1_to_7_october_with_20_september_and_10_october_worked() {
    let c = cal();
    for day in 1..=7 {
        assert!(!c.is_working_day(d(2026, 10, day)));
    }
    assert!(c.is_working_day(d(2026, 9, 20)));
    assert!(c.is_working_day(d(2026, 10, 10)));
    assert!(c.is_working_day(d(2026, 10, 8)));
}

#[test]
fn a_calendar_day_period_ending_on_a_holiday_ends_on_the_next_working_day() {
    // docs/domain.md, Time: a period in calendar days whose last day is not a working day ends on the next one.
    let c = cal();
    // Issued 24 Sept 2026 + 7 days = 1 Oct, a holiday: due Thu 8 Oct.
    assert_eq!(
        deadline::gdufs_reply_due(d(2026, 9, 24), &c).date,
        d(2026, 10, 8)
    );
    // Ending on a Saturday that is a make-up working day: that day stands.
    assert_eq!(c.add_calendar_days(d(2026, 10, 3), 7), d(2026, 10, 10));
}

#[test]
fn the_2025_schedule_is_shipped_too() {
    // 国办发明电〔2024〕12号.
    let c = cal();
    assert!(!c.is_working_day(d(2025, 1, 28)));
    assert!(c.is_working_day(d(2025, 1, 26)));
    assert!(c.is_working_day(d(2025, 2, 8)));
    assert!(c.is_working_day(d(2025, 4, 27)));
    assert!(!c.is_working_day(d(2025, 10, 8)));
    assert!(c.is_working_day(d(2025, 10, 11)));
}

#[test]
fn a_year_without_data_counts_weekends_only_and_is_flagged_estimated() {
    let c = cal();
    assert!(c.is_estimated(d(2027, 3, 1)));
    assert!(!c.is_estimated(d(2026, 12, 31)));
    // 1 Jan 2027 is a Friday: without data it counts as a working day.
    assert!(c.is_working_day(d(2027, 1, 1)));
    let due = deadline::hbut_default_deadline(d(2026, 12, 25), &c);
    assert!(due.estimated);
    assert!(!deadline::hbut_default_deadline(d(2026, 3, 2), &c).estimated);
}

#[test]
fn an_admin_loads_a_new_year() {
    let y2027 = YearSchedule::parse(2027, "测试", vec![d(2027, 1, 1)], vec![]).unwrap();
    let c = cal().with_year(y2027).unwrap();
    assert!(!c.is_working_day(d(2027, 1, 1)));
    assert!(!c.is_estimated(d(2027, 1, 1)));
    assert_eq!(c.schedules().len(), 3);
}

#[test]
fn zero_working_days_is_the_day_itself() {
    let c = cal();
    assert_eq!(c.add_working_days(d(2026, 10, 3), 0), d(2026, 10, 3));
    assert_eq!(c.working_days_between(d(2026, 10, 9), d(2026, 10, 1)), -2);
}
