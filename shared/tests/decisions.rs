//! Whom a pending decision waits for: the leaders' "waiting for me" list is built from this.
//! GDUFS 第九条(一), 第十条(一)(五): 经报分管校领导审定; HBUT 第四条(五): 延期须经领导审批.

mod common;
use common::*;
use shared::ProcedureId;
use shared::engine::{Action, ActionKind, Decider, awaits_leader};

#[test]
fn a_key_proposal_waits_for_its_leader_in_charge_and_for_no_one_once_decided() {
    let mut w =
        World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsKey, draft(Some(d(2026, 5, 29))));
    assert_eq!(
        awaits_leader(&w.m()),
        Some((
            Decider::Leader(LEADER_IN_CHARGE.into()),
            ActionKind::ApproveProposal
        ))
    );
    w.act(
        &leader(),
        Action::ApproveProposal {
            opinion: "同意".into(),
        },
    );
    assert_eq!(awaits_leader(&w.m()), None);
}

#[test]
fn with_no_leader_in_charge_named_any_leader_may_decide() {
    let mut draft = draft(Some(d(2026, 5, 29)));
    draft.leader_in_charge = None;
    let w = World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsKey, draft);
    assert_eq!(
        awaits_leader(&w.m()),
        Some((Decider::AnyLeader, ActionKind::ApproveProposal))
    );
}

#[test]
fn an_extension_request_waits_for_a_leader_until_one_decides() {
    let mut w = World::new(d(2026, 3, 2)).propose(ProcedureId::Hbut, draft(None));
    // HBUT 第四条(一) 拟办: the leader in charge may give an opinion until the office registers it.
    assert_eq!(
        awaits_leader(&w.m()),
        Some((
            Decider::Leader(LEADER_IN_CHARGE.into()),
            ActionKind::ApproveProposal
        ))
    );
    w.act(&office(), Action::Register {});
    assert_eq!(awaits_leader(&w.m()), None);
    w.act(
        &office(),
        Action::Issue {
            copied_leaders: vec![],
        },
    )
    .act(
        &liaison(LEAD),
        Action::SignFor {
            signer: "刘联络".into(),
        },
    );
    assert_eq!(awaits_leader(&w.m()), None);
    w.on(d(2026, 3, 16)).act(
        &unit_head(LEAD),
        Action::RequestExtension {
            reason: "需等待省厅批复".into(),
            measures: "先行开展调研".into(),
            new_deadline: d(2026, 4, 10),
        },
    );
    assert_eq!(
        awaits_leader(&w.m()),
        Some((Decider::AnyLeader, ActionKind::DecideExtension))
    );
    w.act(
        &other_leader(),
        Action::DecideExtension {
            approve: true,
            opinion: "同意".into(),
        },
    );
    assert_eq!(awaits_leader(&w.m()), None);
}
