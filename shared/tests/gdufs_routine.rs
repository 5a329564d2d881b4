//! GDUFS 第九条: the four stages of a routine reminder item, rule by rule.

mod common;
use common::*;
use shared::engine::Action;
use shared::{ProcedureId, Stage};

fn issued() -> World {
    let mut w = World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsRoutine, draft(None));
    w.act(
        &leader(),
        Action::ApproveProposal {
            opinion: "同意".into(),
        },
    )
    .act(&office(), Action::Register {})
    .act(
        &office(),
        Action::Issue {
            copied_leaders: vec![],
        },
    );
    w
}

#[test]
fn a_routine_item_goes_through_its_four_stages() {
    // GDUFS 第九条: 立项交办、承办反馈、跟进催办、审核归档.
    let mut w = issued();
    assert_eq!(w.m().stage, Stage::Response);
    w.on(d(2026, 3, 5))
        .act(&liaison(LEAD), commitment(d(2026, 4, 30)));
    assert_eq!(w.m().stage, Stage::FollowUp);
    w.act(&office(), follow_up())
        .act(&unit_head(LEAD), report());
    assert_eq!(w.m().stage, Stage::Closing);
    w.act(&office(), pass()).act(&office(), archive());
    let m = w.m();
    assert_eq!(m.stage, Stage::Archived);
    assert_eq!(m.number.unwrap().as_str(), "督〔2026〕3号");
}
