//! What the office's new-matter form carries (GDUFS 第七条、第八条、第十条(一); HBUT 第四条(一)(四)) and
//! which units and users an action names, so the server can refuse names that do not exist.

mod common;
use common::*;
use shared::engine::{Action, Named};
use shared::{NewMatter, ProcedureId};

#[test]
fn every_field_of_the_form_reaches_the_matter() {
    // The source reference (会议纪要/文件/批示), 长期推进, 重大事项 with its consultation, 需制定政策, 紧急.
    let mut dr = draft(Some(d(2026, 6, 30)));
    dr.source_reference = "  校长办公会纪要〔2026〕5号  ".into();
    dr.long_term = true;
    dr.major = true;
    dr.consultation = Some(" 已征求教务处、财务处意见 ".into());
    dr.needs_policy = true;
    dr.emergency = true;
    let w = World::new(d(2026, 3, 2)).propose(ProcedureId::Hbut, dr);
    let m = w.m();
    assert_eq!(m.source_reference, "校长办公会纪要〔2026〕5号");
    assert_eq!(m.consultation.as_deref(), Some("已征求教务处、财务处意见"));
    assert!(m.long_term && m.major && m.needs_policy && m.emergency);
}

#[test]
fn a_major_item_needs_its_consultation_written_down() {
    // HBUT 第四条(一): 涉及重大或复杂事项，应在征求有关方面的意见后，提出拟办意见.
    let mut dr = draft(None);
    dr.major = true;
    dr.consultation = Some("   ".into());
    let e = NewMatter::parse(dr, d(2026, 3, 2)).unwrap_err();
    assert!(e.message_en().starts_with("consultation"), "{e}");
}

#[test]
fn blank_leader_boxes_name_nobody() {
    let mut dr = draft(None);
    dr.lead_leader = Some(" ".into());
    dr.leader_in_charge = Some(String::new());
    let new = NewMatter::parse(dr, d(2026, 3, 2)).unwrap();
    assert_eq!(new.draft().lead_leader, None);
    assert_eq!(new.draft().leader_in_charge, None);
}

#[test]
fn needing_new_policy_is_hbut_s_rule_and_refused_elsewhere() {
    // HBUT 第四条(四): 需要制定具体政策的，五个工作日内制定工作计划; GDUFS has no such clock.
    for procedure in [ProcedureId::GdufsRoutine, ProcedureId::GdufsKey] {
        let mut dr = draft(None);
        dr.needs_policy = true;
        let mut w = World::new(d(2026, 3, 2));
        let e = w
            .create(Action::Propose {
                procedure,
                matter: dr,
            })
            .unwrap_err();
        assert!(e.message_en().starts_with("needs_policy"), "{e}");
    }
}

#[test]
fn a_proposal_names_its_units_and_leaders_for_the_server_to_check() {
    let action = Action::Propose {
        procedure: ProcedureId::GdufsKey,
        matter: draft(None),
    };
    let named: Vec<_> = action
        .references()
        .into_iter()
        .map(|r| (r.field, r.named, r.name.to_owned()))
        .collect();
    assert_eq!(
        named,
        vec![
            ("lead_unit", Named::Unit, LEAD.to_owned()),
            ("assisting_units", Named::Unit, ASSIST.to_owned()),
            ("lead_leader", Named::Leader, "leader-sun".to_owned()),
            (
                "leader_in_charge",
                Named::Leader,
                LEADER_IN_CHARGE.to_owned()
            ),
        ]
    );
}

#[test]
fn every_action_that_names_a_unit_or_leader_lists_it() {
    let escalate = Action::Escalate {
        reasons: vec![],
        note: "n".into(),
        lead_leader: Some("leader2".into()),
        requirements: None,
        deadline: None,
    };
    let sheet = Action::CompleteEmergencyForm {
        lead_leader: "leader2".into(),
        requirements: "r".into(),
        deadline: d(2026, 4, 1),
        leader_in_charge: Some("leader".into()),
    };
    let issue = Action::Issue {
        copied_leaders: vec!["leader".into()],
    };
    let follow_up = Action::RecordFollowUp {
        method: shared::record::FollowUpMethod::Phone,
        note: "n".into(),
        outcome: "o".into(),
        new_issue: None,
        uncooperative_unit: Some("kyc".into()),
    };
    let emergency = Action::StartEmergency {
        title: "t".into(),
        content: "c".into(),
        lead_unit: "jwc".into(),
        assisting_units: vec!["kyc".into()],
        how_started: "电话".into(),
    };
    let fields = |a: &Action| a.references().iter().map(|r| r.field).collect::<Vec<_>>();
    assert_eq!(fields(&escalate), ["lead_leader"]);
    assert_eq!(fields(&sheet), ["lead_leader", "leader_in_charge"]);
    assert_eq!(fields(&issue), ["copied_leaders"]);
    assert_eq!(fields(&follow_up), ["uncooperative_unit"]);
    assert_eq!(fields(&emergency), ["lead_unit", "assisting_units"]);
    assert!(Action::Register {}.references().is_empty());
}
