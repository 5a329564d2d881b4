//! The office's chase lists (GDUFS 第九条(三) 跟进催办, 第九条(四) 审核): a reminder stays
//! unanswered until the unit reports, and a returned report stays returned until it comes back.

mod common;
use common::*;
use shared::engine::Action;
use shared::record::ReturnMode;
use shared::watch::{Watch, reminder_unanswered, report_returned};
use shared::{ProcedureId, Stage};

fn replied() -> World {
    let mut w = issued(ProcedureId::GdufsRoutine, None);
    w.on(d(2026, 3, 5))
        .act(&liaison(LEAD), commitment(d(2026, 4, 30)));
    w
}

fn remind() -> Action {
    Action::SendReminder {
        content: "请尽快办理".into(),
        due: d(2026, 3, 20),
    }
}

#[test]
fn a_reminder_is_unanswered_until_the_unit_reports_progress() {
    let mut w = replied();
    assert!(!reminder_unanswered(&w.m()), "no reminder yet");
    w.on(d(2026, 3, 10)).act(&office(), remind());
    assert!(reminder_unanswered(&w.m()));
    assert!(Watch::UnansweredReminder.holds(&w.m()));
    w.on(d(2026, 3, 11))
        .act(&liaison(LEAD), progress("已完成一半"));
    assert!(!reminder_unanswered(&w.m()));
    // A second reminder after that answer is unanswered again.
    w.on(d(2026, 3, 16)).act(&office(), remind());
    assert!(reminder_unanswered(&w.m()));
}

#[test]
fn a_returned_report_waits_for_the_unit_until_it_is_submitted_again() {
    let mut w = replied();
    w.act(&unit_head(LEAD), report());
    assert!(!report_returned(&w.m()), "submitted, not yet reviewed");
    w.on(d(2026, 3, 9))
        .act(&office(), give_back(ReturnMode::Redo));
    assert_eq!(w.m().stage, Stage::FollowUp);
    assert!(report_returned(&w.m()));
    assert!(Watch::ReturnedReport.holds(&w.m()));
    w.on(d(2026, 3, 12)).act(&unit_head(LEAD), report());
    assert!(!report_returned(&w.m()), "submitted again");
    w.act(&office(), pass());
    assert!(!report_returned(&w.m()));
}
