//! Who may do what (docs/domain.md, People and roles; GDUFS 第五条、第六条、第八条(二); HBUT 第二条(三)、第五条(一)).

mod common;
use common::*;
use shared::engine::{self, Action, ActionKind};
use shared::{ErrorKind, NewMatter, ProcedureId};

fn issued_key() -> World {
    let mut w =
        World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsKey, draft(Some(d(2026, 5, 29))));
    w.act(
        &leader(),
        Action::ApproveProposal {
            opinion: String::new(),
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
fn discipline_and_admin_never_act_on_a_matter() {
    // docs/domain.md: discipline reads; admin manages users and settings; neither acts on matters.
    let mut w = issued_key();
    for who in [discipline(), admin()] {
        assert!(engine::allowed_actions(&w.m(), &who, &w.ctx()).is_empty());
        let e = engine::transition(&w.m(), &follow_up(), &who, &w.ctx()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Forbidden);
    }
}

#[test]
fn a_unit_sees_no_action_on_a_matter_that_is_not_its_own() {
    // docs/domain.md: a unit sees only the matters where it is lead or assisting.
    let mut w = issued_key();
    for who in [unit_head(OTHER), liaison(OTHER), handler(OTHER)] {
        assert!(engine::allowed_actions(&w.m(), &who, &w.ctx()).is_empty());
        assert_eq!(w.refused(&who, progress("x")), "not_your_unit");
    }
}

#[test]
fn an_assisting_unit_reports_progress_but_never_a_lead_only_step() {
    // GDUFS 第八条(二): 主办单位对督办事项负总责……协办单位必须协同配合.
    let mut w = issued_key();
    let allowed = engine::allowed_actions(&w.m(), &unit_head(ASSIST), &w.ctx());
    assert_eq!(allowed, vec![ActionKind::ReportProgress]);
    w.act(&handler(ASSIST), progress("协办部分完成"));
}

#[test]
fn a_handler_only_reports_progress() {
    // docs/domain.md: 经办人 drafts replies and reports; drafts stay in the app until a liaison or head sends them.
    let mut w = issued_key();
    let allowed = engine::allowed_actions(&w.m(), &handler(LEAD), &w.ctx());
    assert_eq!(allowed, vec![ActionKind::ReportProgress]);
    assert_eq!(w.refused(&handler(LEAD), report()), "role_not_allowed");
}

#[test]
fn the_unit_head_signs_the_completion_report() {
    // HBUT 第五条(一): 各单位（部门）负责人是本单位督办事项的第一责任人; docs/domain.md: unit_head signs reports.
    let mut w = issued_key();
    assert_eq!(w.refused(&liaison(LEAD), report()), "role_not_allowed");
    w.act(&unit_head(LEAD), report());
}

#[test]
fn a_unit_role_without_a_unit_is_refused() {
    let mut w = issued_key();
    let mut nobody = liaison(LEAD);
    nobody.unit = None;
    assert_eq!(w.refused(&nobody, progress("x")), "no_unit");
}

#[test]
fn only_the_office_proposes_a_matter() {
    // GDUFS 第五条; HBUT 第四条(一): 由学校办公室提出拟办意见.
    let cal = shared::Calendar::official();
    let ctx = shared::Context::new(morning(d(2026, 3, 2)), &cal).with_new_matter_id("m1");
    let new = NewMatter::parse(draft(None), d(2026, 3, 2)).unwrap();
    for who in [leader(), unit_head(LEAD), discipline(), admin()] {
        let e = engine::propose(new.clone(), ProcedureId::Hbut, &who, &ctx).unwrap_err();
        assert_eq!(e.code(), "role_not_allowed");
    }
}

#[test]
fn a_draft_has_one_lead_unit_not_also_assisting_and_no_unit_twice() {
    // GDUFS 第八条(二): 承办单位分为主办单位和协办单位.
    let today = d(2026, 3, 2);
    let mut dr = draft(None);
    dr.assisting_units = vec![LEAD.into()];
    assert_eq!(
        NewMatter::parse(dr, today).unwrap_err().code(),
        "invalid_field"
    );
    let mut dr = draft(None);
    dr.assisting_units = vec![ASSIST.into(), ASSIST.into()];
    assert!(NewMatter::parse(dr, today).is_err());
    let mut dr = draft(None);
    dr.lead_unit = " ".into();
    assert!(NewMatter::parse(dr, today).is_err());
}

#[test]
fn a_draft_needs_a_title_of_at_most_100_characters_content_and_no_past_deadline() {
    // 一事一项: each matter is named and described; a deadline cannot already be over.
    let today = d(2026, 3, 2);
    let mut dr = draft(None);
    dr.title = "字".repeat(101);
    assert!(NewMatter::parse(dr, today).is_err());
    let mut dr = draft(None);
    dr.title = "字".repeat(100);
    assert!(NewMatter::parse(dr, today).is_ok());
    let mut dr = draft(None);
    dr.content = "\n".into();
    assert!(NewMatter::parse(dr, today).is_err());
    let e = NewMatter::parse(draft(Some(d(2026, 3, 1))), today).unwrap_err();
    assert!(e.to_string().starts_with("deadline：办结时限"), "{e}");
    assert!(NewMatter::parse(draft(Some(today)), today).is_ok());
}

#[test]
fn every_error_has_a_chinese_and_an_english_message() {
    let mut w = issued_key();
    let e = engine::transition(&w.m(), &report(), &liaison(ASSIST), &w.ctx()).unwrap_err();
    let body: shared::api::ErrorBody = e.into();
    assert_eq!(body.code, "role_not_allowed");
    assert!(body.message.contains("督办联络员"), "{}", body.message);
    assert!(body.message_en.contains("liaison"), "{}", body.message_en);
}
