//! What a low role may add to a matter is bounded: text sizes, progress reports a day, attachments.

mod common;
use common::*;
use shared::engine::{self, ActionKind};
use shared::limits::{MAX_PROGRESS_REPORTS_PER_DAY, MAX_TEXT_CHARS};
use shared::{ErrorKind, ProcedureId};

fn issued_key() -> World {
    issued(ProcedureId::GdufsKey, Some(d(2026, 5, 29)))
}

fn archived_routine() -> World {
    let mut w = issued(ProcedureId::GdufsRoutine, None);
    w.act(&liaison(LEAD), commitment(d(2026, 4, 30)))
        .act(&unit_head(LEAD), report())
        .act(&office(), pass())
        .act(&office(), archive());
    w
}

#[test]
fn a_unit_reports_progress_at_most_the_daily_number_of_times_on_one_matter() {
    let mut w = issued_key();
    for n in 0..MAX_PROGRESS_REPORTS_PER_DAY {
        w.act(&liaison(LEAD), progress(&format!("第{n}次")));
    }
    let before = w.m();
    let e = engine::transition(&before, &progress("再一次"), &liaison(LEAD), &w.ctx()).unwrap_err();
    assert_eq!(e.code(), "daily_limit");
    assert_eq!(e.kind(), ErrorKind::Invalid);
    assert!(
        e.message_en()
            .contains(&MAX_PROGRESS_REPORTS_PER_DAY.to_string())
    );
    // The app offers no step the server would refuse.
    assert!(
        !engine::allowed_actions(&before, &liaison(LEAD), &w.ctx())
            .contains(&ActionKind::ReportProgress)
    );
    // Another unit of the matter has its own count, and the next day the unit may report again.
    w.act(&handler(ASSIST), progress("协办进展"));
    w.on(d(2026, 3, 3))
        .act(&liaison(LEAD), progress("次日进展"));
}

#[test]
fn an_over_long_text_is_refused_by_the_engine_before_any_other_rule() {
    let mut w = issued_key();
    let long = progress(&"进".repeat(MAX_TEXT_CHARS + 1));
    assert_eq!(w.refused(&liaison(LEAD), long.clone()), "too_long");
    // Even from someone who may not act at all: the size is checked first, and costs nothing.
    assert_eq!(w.refused(&discipline(), long), "too_long");
    assert_eq!(w.m().progress_reports.len(), 0);
}

#[test]
fn the_office_may_always_attach_and_discipline_and_admin_never() {
    let mut w = archived_routine();
    let m = w.m();
    assert!(engine::may_attach(&m, &office(), &w.ctx()).is_ok());
    for who in [discipline(), admin()] {
        let e = engine::may_attach(&m, &who, &w.ctx()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Forbidden);
        assert_eq!(e.code(), "role_not_allowed");
    }
}

#[test]
fn a_unit_attaches_only_while_it_has_a_step_to_take_on_its_own_matter() {
    let mut w = issued_key();
    let m = w.m();
    assert!(engine::may_attach(&m, &liaison(LEAD), &w.ctx()).is_ok());
    assert!(engine::may_attach(&m, &handler(ASSIST), &w.ctx()).is_ok());
    let e = engine::may_attach(&m, &liaison(OTHER), &w.ctx()).unwrap_err();
    assert_eq!(e.code(), "not_your_unit");
    // Before issue the unit has nothing to do; after archiving neither.
    let proposed = World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsKey, draft(None));
    let mut p = proposed;
    let e = engine::may_attach(&p.m(), &liaison(LEAD), &p.ctx()).unwrap_err();
    assert_eq!(e.code(), "nothing_to_attach_for");
    assert_eq!(e.kind(), ErrorKind::WrongStage);
    let mut a = archived_routine();
    let e = engine::may_attach(&a.m(), &liaison(LEAD), &a.ctx()).unwrap_err();
    assert_eq!(e.code(), "nothing_to_attach_for");
}

#[test]
fn a_leader_attaches_while_a_decision_waits_and_not_after() {
    let mut p = World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsKey, draft(None));
    assert!(engine::may_attach(&p.m(), &leader(), &p.ctx()).is_ok());
    let mut a = archived_routine();
    let e = engine::may_attach(&a.m(), &leader(), &a.ctx()).unwrap_err();
    assert_eq!(e.code(), "nothing_to_attach_for");
}
