//! Timeliness is the unit's: on time means its completion report arrived by the deadline; the
//! office's review time after that is the office's own (GDUFS 第九条(二)、第十一条; HBUT 第四条(四)(六)、第六条(一)、第七条).

mod common;
use common::*;
use proptest::prelude::*;
use shared::engine::Action;
use shared::escalation::{self, EscalationConfig, EscalationReason};
use shared::light::{Light, light};
use shared::record::ReturnMode;
use shared::stats::{self, Period, YearFigure};
use shared::{Matter, ProcedureId};

/// An HBUT matter issued on 2 March 2026 with no deadline given, so due 23 March (15 working days).
fn hbut_signed() -> World {
    let mut w = World::new(d(2026, 3, 2)).propose(ProcedureId::Hbut, draft(None));
    w.act(&office(), Action::Register {})
        .act(
            &office(),
            Action::Issue {
                copied_leaders: vec![],
            },
        )
        .act(
            &liaison(LEAD),
            Action::SignFor {
                signer: "刘".into(),
            },
        );
    w
}

fn q1() -> Period {
    Period {
        from: d(2026, 1, 1),
        to: d(2026, 3, 31),
    }
}

fn lead_figures(m: &Matter) -> (u32, u32, u32) {
    let s = stats::unit_stats(std::slice::from_ref(m), q1(), &shared::Calendar::official());
    let lead = s.iter().find(|s| s.unit == LEAD).expect("the lead unit");
    (lead.completed, lead.on_time, lead.overdue)
}

#[test]
fn a_unit_that_reported_before_its_deadline_stays_on_time_while_the_office_reviews_past_it() {
    // HBUT 第四条(六): the unit 报送办结报告 within the deadline; the office 审核 afterwards.
    let mut w = hbut_signed();
    w.on(d(2026, 3, 20)).act(&unit_head(LEAD), report());
    let under_review = w.m();
    for day in [d(2026, 3, 24), d(2026, 3, 27)] {
        assert_eq!(light(&under_review, day, &w.cal, 3), Light::Green);
        assert!(!under_review.is_overdue(day));
    }
    assert_eq!(
        shared::light::due(&under_review),
        None,
        "no light left to turn"
    );
    assert!(stats::accountability_list(&[under_review], q1(), d(2026, 3, 27)).is_empty());
    w.on(d(2026, 3, 27)).act(&office(), pass());
    assert_eq!(lead_figures(&w.m()), (1, 1, 0));
    assert!(stats::year_figures(&w.m()).contains(&(2026, YearFigure::OnTime)));
}

#[test]
fn a_unit_that_reported_after_its_deadline_is_late_however_quickly_the_office_closes() {
    let mut w = hbut_signed();
    w.on(d(2026, 3, 25)).act(&unit_head(LEAD), report());
    assert_eq!(light(&w.m(), d(2026, 3, 25), &w.cal, 3), Light::Red);
    w.act(&office(), pass());
    assert_eq!(lead_figures(&w.m()), (1, 0, 1));
    assert!(stats::year_figures(&w.m()).contains(&(2026, YearFigure::Late)));
}

#[test]
fn a_report_returned_for_redo_sets_the_units_clock_running_again() {
    // HBUT 第四条(六): 不符合要求的，退回补办或重办: the unit owes a report again.
    let mut w = hbut_signed();
    w.on(d(2026, 3, 20)).act(&unit_head(LEAD), report());
    w.on(d(2026, 3, 23))
        .act(&office(), give_back(ReturnMode::Redo));
    assert_eq!(light(&w.m(), d(2026, 3, 23), &w.cal, 3), Light::Yellow);
    assert_eq!(light(&w.m(), d(2026, 3, 24), &w.cal, 3), Light::Red);
    assert!(w.m().is_overdue(d(2026, 3, 24)));
    w.on(d(2026, 3, 26)).act(&unit_head(LEAD), report());
    w.on(d(2026, 3, 27)).act(&office(), pass());
    assert_eq!(
        lead_figures(&w.m()),
        (1, 0, 1),
        "the report that stands came late"
    );
}

#[test]
fn the_average_time_to_complete_counts_to_the_units_report_not_the_offices_closure() {
    // GDUFS 第十一条 办结效率: the unit's working days, issue 2 Mar to report 16 Mar = 10.
    let mut w = hbut_signed();
    w.on(d(2026, 3, 16)).act(&unit_head(LEAD), report());
    w.on(d(2026, 3, 30)).act(&office(), pass());
    let s = stats::unit_stats(&[w.m()], q1(), &w.cal);
    let lead = s.iter().find(|s| s.unit == LEAD).expect("the lead unit");
    assert_eq!(lead.average_working_days, Some(10.0));
}

#[test]
fn a_routine_item_whose_unit_reported_on_time_is_not_proposed_for_escalation_while_under_review() {
    // GDUFS 第十条(一)1: 未能在规定时限内完成 is the unit's failure, not the office's review time.
    let mut w = issued(ProcedureId::GdufsRoutine, None);
    w.act(&liaison(LEAD), commitment(d(2026, 3, 20)));
    w.on(d(2026, 3, 19)).act(&unit_head(LEAD), report());
    let cfg = EscalationConfig::default();
    assert!(escalation::reasons(&w.m(), d(2026, 3, 25), &cfg).is_empty());
    let mut late = issued(ProcedureId::GdufsRoutine, None);
    late.act(&liaison(LEAD), commitment(d(2026, 3, 20)));
    assert_eq!(
        escalation::reasons(&late.m(), d(2026, 3, 25), &cfg),
        vec![EscalationReason::Overdue]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever day before or on the deadline the unit reports, and however long the office then
    /// takes, the light never turns red, the matter never counts as overdue, and it is closed on time.
    #[test]
    fn a_report_by_the_deadline_is_on_time_whatever_the_office_takes(
        reported in 0u64..21,
        review_after in 0u64..40,
    ) {
        let mut w = hbut_signed();
        let on = d(2026, 3, 2) + chrono::Days::new(reported);
        prop_assume!(on <= d(2026, 3, 23));
        w.on(on).act(&unit_head(LEAD), report());
        let reviewed = on + chrono::Days::new(review_after);
        let m = w.m();
        let mut day = on;
        while day < reviewed {
            prop_assert_ne!(light(&m, day, &w.cal, 3), Light::Red);
            prop_assert!(!m.is_overdue(day));
            day = day.succ_opt().unwrap();
        }
        w.on(reviewed).act(&office(), pass());
        let year = Period { from: d(2026, 1, 1), to: d(2026, 12, 31) };
        let s = stats::unit_stats(&[w.m()], year, &w.cal);
        let lead = s.iter().find(|s| s.unit == LEAD).unwrap();
        prop_assert_eq!((lead.on_time, lead.overdue), (1, 0));
    }
}
