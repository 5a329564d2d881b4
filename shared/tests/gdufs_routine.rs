//! GDUFS 第八条、第九条 and 第十条(一): routine reminder items, rule by rule.

mod common;
use common::*;
use shared::engine::{self, Action, ActionKind};
use shared::escalation::EscalationReason;
use shared::matter::MatterKind;
use shared::record::ReturnMode;
use shared::{ProcedureId, Stage};

fn proposed() -> World {
    World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsRoutine, draft(None))
}

fn issued() -> World {
    common::issued(ProcedureId::GdufsRoutine, None)
}

fn replied() -> World {
    let mut w = issued();
    w.on(d(2026, 3, 5))
        .act(&liaison(LEAD), commitment(d(2026, 4, 30)));
    w
}

#[test]
fn a_routine_item_goes_through_its_four_stages() {
    // GDUFS 第九条: 立项交办、承办反馈、跟进催办、审核归档.
    let mut w = issued();
    assert_eq!(w.m().stage, Stage::Response);
    assert_eq!(w.m().kind, MatterKind::Routine);
    w.on(d(2026, 3, 5))
        .act(&liaison(LEAD), commitment(d(2026, 4, 30)));
    assert_eq!(w.m().stage, Stage::FollowUp);
    w.act(&office(), follow_up())
        .act(&unit_head(LEAD), report());
    assert_eq!(w.m().stage, Stage::Closing);
    w.act(&office(), pass()).act(&office(), archive());
    let m = w.m();
    assert_eq!(m.stage, Stage::Archived);
    assert_eq!(m.closed_on, Some(d(2026, 3, 5)));
    // The first number of the year, taken at 立项.
    assert_eq!(m.number.unwrap().as_str(), "督〔2026〕1号");
}

#[test]
fn the_reminder_sheet_goes_out_only_after_the_leader_in_charge_approves() {
    // GDUFS 第九条(一): 经报分管校领导审定后发往承办单位.
    let mut w = proposed();
    w.act(&office(), Action::Register {});
    assert_eq!(
        w.refused(
            &office(),
            Action::Issue {
                copied_leaders: vec![]
            }
        ),
        "not_approved"
    );
    assert_eq!(
        w.refused(
            &other_leader(),
            Action::ApproveProposal {
                opinion: String::new()
            }
        ),
        "not_leader_in_charge"
    );
    w.act(
        &leader(),
        Action::ApproveProposal {
            opinion: String::new(),
        },
    );
    w.act(
        &office(),
        Action::Issue {
            copied_leaders: vec![],
        },
    );
}

#[test]
fn a_rejected_proposal_ends_the_matter() {
    // GDUFS 第九条(一) 审定: a leader may decline; the reason is kept.
    let mut w = proposed();
    assert_eq!(
        w.refused(
            &leader(),
            Action::RejectProposal {
                opinion: " ".into()
            }
        ),
        "invalid_field"
    );
    w.act(
        &leader(),
        Action::RejectProposal {
            opinion: "不属于督办范围".into(),
        },
    );
    assert_eq!(w.m().stage, Stage::Rejected);
    assert_eq!(w.refused(&office(), Action::Register {}), "matter_finished");
}

#[test]
fn a_changed_draft_needs_a_new_approval() {
    // GDUFS 第九条(一): what goes out is what the leader approved.
    let mut w = proposed();
    w.act(
        &leader(),
        Action::ApproveProposal {
            opinion: String::new(),
        },
    );
    w.act(
        &office(),
        Action::UpdateRequirements {
            requirements: Some("另加要求".into()),
            deadline: None,
            lead_leader: None,
            note: String::new(),
        },
    );
    assert!(w.m().approval.is_none());
}

#[test]
fn the_lead_unit_replies_within_seven_days_of_issue() {
    // GDUFS 第九条(二): 主办单位收到《工作进展提醒单》后应于7天内回复.
    let w = issued();
    // Issued Monday 2026-03-02; seven days later is Monday 2026-03-09.
    assert_eq!(w.m().reply_due, Some(d(2026, 3, 9)));
}

#[test]
fn a_reply_holds_the_promised_date_measures_form_and_handler() {
    // GDUFS 第九条(二): 含承诺办结时间、工作举措、办结形式、事项经办人及联系方式.
    let mut w = issued();
    let mut bad = commitment(d(2026, 4, 30));
    if let Action::Reply(c) = &mut bad {
        c.handler_contact = String::new();
    }
    assert_eq!(w.refused(&liaison(LEAD), bad), "invalid_field");
    w.act(&liaison(LEAD), commitment(d(2026, 4, 30)));
    let m = w.m();
    assert_eq!(m.commitment.unwrap().handler_name, "张三");
    // With no deadline on the sheet, the promise becomes the deadline.
    assert_eq!(m.deadline, Some(d(2026, 4, 30)));
}

#[test]
fn only_the_lead_unit_replies() {
    // GDUFS 第九条(二): 主办单位……回复有关意见; 第八条(二) 主办单位对督办事项负总责.
    let mut w = issued();
    assert_eq!(
        w.refused(&liaison(ASSIST), commitment(d(2026, 4, 30))),
        "lead_unit_only"
    );
    assert_eq!(
        w.refused(&liaison(OTHER), commitment(d(2026, 4, 30))),
        "not_your_unit"
    );
}

#[test]
fn a_promise_cannot_be_later_than_the_deadline_set() {
    // GDUFS 第九条(二): the unit commits within the sheet's requirements; only the office changes them.
    let mut w =
        World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsRoutine, draft(Some(d(2026, 4, 1))));
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
    assert_eq!(
        w.refused(&liaison(LEAD), commitment(d(2026, 4, 30))),
        "invalid_field"
    );
}

#[test]
fn a_unit_not_done_at_the_promised_date_gives_the_reason_and_a_new_schedule() {
    // GDUFS 第九条(二): 未办结的须说明原因并报进度安排.
    let mut w = replied();
    w.on(d(2026, 4, 30)).act(
        &liaison(LEAD),
        Action::ReportProgress {
            text: "需等待上级批复".into(),
            next_schedule: Some(d(2026, 5, 20)),
        },
    );
    assert_eq!(
        w.m().progress_reports[0].next_schedule,
        Some(d(2026, 5, 20))
    );
}

#[test]
fn the_office_records_each_follow_up_and_its_outcome() {
    // GDUFS 第九条(三): 采取电话邮件提醒、协调，现场调研、催办等形式……并记录过程和结果.
    let mut w = replied();
    w.act(&office(), follow_up());
    let f = &w.m().follow_ups[0];
    assert_eq!(f.outcome, "本周内报送");
    assert_eq!(
        w.refused(
            &office(),
            Action::RecordFollowUp {
                method: shared::record::FollowUpMethod::OnSite,
                note: "现场调研".into(),
                outcome: String::new(),
                new_issue: None,
                uncooperative_unit: None,
            }
        ),
        "invalid_field"
    );
}

#[test]
fn a_result_that_fails_review_goes_back_to_the_unit() {
    // GDUFS 第九条(四): 认真审核办理结果，审核通过予以结项.
    let mut w = replied();
    w.act(&unit_head(LEAD), report())
        .act(&office(), give_back(ReturnMode::Supplement));
    assert_eq!(w.m().stage, Stage::FollowUp);
    assert_eq!(w.m().returns(), 1);
    assert_eq!(w.refused(&office(), archive()), "not_in_stage");
}

#[test]
fn only_a_closed_item_is_archived() {
    // GDUFS 第九条(四): 审核通过予以结项，相关资料整理归档.
    let mut w = replied();
    w.act(&unit_head(LEAD), report());
    assert_eq!(w.refused(&office(), archive()), "not_closed");
    w.act(&office(), pass()).act(&office(), archive());
    assert_eq!(w.m().stage, Stage::Archived);
}

#[test]
fn a_long_term_item_rolls_over_into_the_next_year() {
    // GDUFS 第八条(三): 对长期推进的事项，以年度为单位实行滚动跟踪办理.
    let mut dr = draft(None);
    dr.long_term = true;
    let mut w = World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsRoutine, dr);
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
    )
    .act(&liaison(LEAD), commitment(d(2026, 12, 31)));
    let roll = |deadline| Action::RollOverYear {
        plan: "2027年继续推进".into(),
        deadline,
    };
    assert_eq!(
        w.on(d(2026, 12, 20))
            .refused(&office(), roll(d(2028, 1, 5))),
        "invalid_field"
    );
    w.act(&office(), roll(d(2027, 12, 31)));
    let m = w.m();
    assert_eq!(
        (m.year, m.deadline, m.original_deadline),
        (2027, Some(d(2027, 12, 31)), Some(d(2026, 12, 31)))
    );
    // Once a year: not again until 2027.
    assert_eq!(w.refused(&office(), roll(d(2028, 12, 29))), "not_rollable");
}

#[test]
fn a_matter_that_is_not_long_term_does_not_roll_over() {
    // GDUFS 第八条(三): only 长期推进的事项.
    let mut w = replied();
    let roll = Action::RollOverYear {
        plan: "x".into(),
        deadline: d(2027, 6, 30),
    };
    assert_eq!(w.refused(&office(), roll), "not_rollable");
}

#[test]
fn a_routine_item_overdue_is_escalated_to_key_supervision() {
    // GDUFS 第十条(一)1: 常规提醒事项未能在规定时限内完成的.
    let mut w = replied();
    w.on(d(2026, 5, 6));
    let m = w.m();
    let cfg = Default::default();
    assert_eq!(
        shared::escalation::reasons(&m, d(2026, 4, 30), &cfg),
        vec![]
    );
    assert_eq!(
        shared::escalation::reasons(&m, d(2026, 5, 1), &cfg),
        vec![EscalationReason::Overdue]
    );
    w.act(&office(), escalate(vec![EscalationReason::Overdue]));
    let routine = w.m();
    let key = engine::replay(&w.others).unwrap();
    // Keeps the history and links both.
    assert_eq!(routine.stage, Stage::Escalated);
    assert_eq!(routine.escalated_to.as_deref(), Some(key.id.as_str()));
    assert_eq!(key.escalated_from.as_deref(), Some(routine.id.as_str()));
    assert_eq!(
        (key.procedure, key.kind, key.stage),
        (ProcedureId::GdufsKey, MatterKind::Key, Stage::Filing)
    );
    assert_eq!(key.lead_unit, routine.lead_unit);
    assert_eq!(w.events.len(), 6);
}

fn escalate(reasons: Vec<EscalationReason>) -> Action {
    Action::Escalate {
        reasons,
        note: "经研究转为重点督办".into(),
        lead_leader: Some("leader-sun".into()),
        requirements: None,
        deadline: Some(d(2026, 6, 30)),
    }
}

#[test]
fn a_routine_item_whose_result_falls_short_becomes_a_candidate_for_key_supervision() {
    // GDUFS 第十条(一)2: 办理过程中或办理结果未达到相关要求的.
    let mut w = replied();
    w.act(&unit_head(LEAD), report())
        .act(&office(), give_back(ReturnMode::Redo));
    let m = w.m();
    assert_eq!(
        shared::escalation::reasons(&m, d(2026, 3, 6), &Default::default()),
        vec![EscalationReason::ReviewFailed]
    );
}

#[test]
fn a_routine_item_reminded_twice_without_result_becomes_a_candidate_for_key_supervision() {
    // GDUFS 第十条(一)3: 经多次催办仍不能按要求完成的 (two reminders by default, configurable).
    let mut w = replied();
    let remind = || Action::SendReminder {
        content: "请尽快办理".into(),
        due: d(2026, 3, 20),
    };
    w.act(&office(), remind());
    let cal = w.cal.clone();
    let cfg = shared::escalation::EscalationConfig::default();
    assert!(shared::escalation::candidates(&[w.m()], d(2026, 3, 6), &cal, &cfg).is_empty());
    w.act(&office(), remind());
    assert_eq!(
        shared::escalation::candidates(&[w.m()], d(2026, 3, 6), &cal, &cfg),
        vec![(
            w.m().id.clone(),
            vec![EscalationReason::RemindersWithoutResult]
        )]
    );
    let three = shared::escalation::EscalationConfig {
        reminders_without_result: 3,
    };
    assert!(shared::escalation::candidates(&[w.m()], d(2026, 3, 6), &cal, &three).is_empty());
}

#[test]
fn an_emergency_routine_item_is_escalated_at_once_and_started_before_its_sheet() {
    // GDUFS 第十条(一)4: 重大突发事件或紧急事项等需立即落实的.
    let mut dr = draft(None);
    dr.emergency = true;
    let mut w = World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsRoutine, dr);
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
    assert_eq!(
        shared::escalation::reasons(&w.m(), d(2026, 3, 2), &Default::default()),
        vec![EscalationReason::Emergency]
    );
    w.act(&office(), escalate(vec![EscalationReason::Emergency]));
    let key = engine::replay(&w.others).unwrap();
    assert_eq!(key.stage, Stage::Urging);
    assert!(key.emergency_form_pending);
}

#[test]
fn escalation_needs_the_new_matter_id_from_the_server() {
    // GDUFS 第十条(一): the key item is a new matter; the server allocates its id.
    let w = replied();
    let m = w.m();
    let ctx = shared::Context::new(morning(d(2026, 3, 6)), &w.cal);
    let e = engine::transition(
        &m,
        &escalate(vec![EscalationReason::Overdue]),
        &office(),
        &ctx,
    )
    .unwrap_err();
    assert_eq!(
        (e.code(), e.kind()),
        ("missing_allocation", shared::ErrorKind::Internal)
    );
}

#[test]
fn the_office_alone_escalates() {
    // GDUFS 第十条(一): 党办校办确定重点督办事项.
    let mut w = replied();
    assert_eq!(
        w.refused(&leader(), escalate(vec![EscalationReason::Overdue])),
        "role_not_allowed"
    );
    let m = w.m();
    let ctx = w.ctx();
    assert!(engine::allowed_actions(&m, &office(), &ctx).contains(&ActionKind::Escalate));
}
