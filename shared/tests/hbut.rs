//! HBUT 第四条 and 附件1–7: the eight-step procedure, rule by rule.

mod common;
use common::*;
use shared::deadline::{self, Quarter};
use shared::engine::{Action, ActionKind, StageState, Step, stages_reached};
use shared::procedure::{Form, template};
use shared::record::ReturnMode;
use shared::{ProcedureId, Stage};

fn proposed(d0: chrono::NaiveDate, deadline: Option<chrono::NaiveDate>) -> World {
    World::new(d0).propose(ProcedureId::Hbut, draft(deadline))
}

fn issued() -> World {
    let mut w = proposed(d(2026, 3, 2), None);
    w.act(&office(), Action::Register {}).act(
        &office(),
        Action::Issue {
            copied_leaders: vec![],
        },
    );
    w
}

fn signed() -> World {
    let mut w = issued();
    w.act(
        &liaison(LEAD),
        Action::SignFor {
            signer: "刘联络".into(),
        },
    );
    w
}

fn ask(new: chrono::NaiveDate) -> Action {
    Action::RequestExtension {
        reason: "需等待省厅批复".into(),
        measures: "先行开展调研".into(),
        new_deadline: new,
    }
}

fn decide(approve: bool) -> Action {
    Action::DecideExtension {
        approve,
        opinion: if approve {
            "同意".into()
        } else {
            "不同意，按期办结".into()
        },
    }
}

fn remind(due: chrono::NaiveDate) -> Action {
    Action::SendReminder {
        content: "请于限期内办结".into(),
        due,
    }
}

#[test]
fn an_hbut_item_goes_through_eight_steps_with_one_extension_rejected_and_one_approved() {
    // HBUT 第四条(一)–(八), 附件1: 拟办、立项、交办、承办、催办、办结、反馈、归档.
    let mut w = proposed(d(2026, 3, 2), None);
    assert_eq!(w.m().stage, Stage::Proposal);
    w.act(&office(), Action::Register {});
    assert_eq!(w.m().stage, Stage::Registration);
    w.act(
        &office(),
        Action::Issue {
            copied_leaders: vec![],
        },
    );
    assert_eq!(w.m().stage, Stage::Assignment);
    w.act(
        &liaison(LEAD),
        Action::SignFor {
            signer: "刘联络".into(),
        },
    );
    assert_eq!(w.m().stage, Stage::Handling);
    w.on(d(2026, 3, 16))
        .act(&unit_head(LEAD), ask(d(2026, 4, 10)))
        .act(&leader(), decide(false));
    assert_eq!(w.m().deadline, Some(d(2026, 3, 23)));
    w.act(&unit_head(LEAD), ask(d(2026, 4, 10)))
        .act(&other_leader(), decide(true));
    let m = w.m();
    assert_eq!(
        (m.deadline, m.original_deadline),
        (Some(d(2026, 4, 10)), Some(d(2026, 3, 23)))
    );
    w.on(d(2026, 4, 13)).act(&office(), remind(d(2026, 4, 17)));
    assert_eq!(w.m().stage, Stage::Urging);
    w.act(
        &liaison(LEAD),
        Action::SignFor {
            signer: "刘联络".into(),
        },
    );
    w.on(d(2026, 4, 20)).act(
        &office(),
        Action::SendSecondReminder {
            content: "二次催办".into(),
            due: d(2026, 4, 24),
        },
    );
    assert!(w.m().second_reminder());
    w.act(&unit_head(LEAD), report());
    assert_eq!(w.m().stage, Stage::Completion);
    w.act(&office(), give_back(ReturnMode::Supplement));
    assert_eq!(w.m().stage, Stage::Handling);
    w.on(d(2026, 4, 22))
        .act(&unit_head(LEAD), report())
        .act(&office(), pass());
    let m = w.m();
    assert_eq!(
        (m.stage, m.closed_on),
        (Stage::Feedback, Some(d(2026, 4, 22)))
    );
    w.act(
        &office(),
        Action::ReportResult {
            summary: "已向校领导报告".into(),
        },
    );
    assert_eq!(w.m().stage, Stage::Archiving);
    w.on(d(2026, 4, 24)).act(&office(), archive());
    assert_eq!(w.m().stage, Stage::Archived);
}

#[test]
fn a_proposal_holds_the_matter_units_requirements_and_deadline() {
    // HBUT 第四条(一): 拟办意见包括督办事项、承办单位（牵头单位、协办单位）、办理要求、办结时限.
    let m = proposed(d(2026, 3, 2), Some(d(2026, 4, 30))).m();
    assert_eq!(
        (m.lead_unit.as_str(), m.assisting_units.clone(), m.deadline),
        (LEAD, vec![ASSIST.to_string()], Some(d(2026, 4, 30)))
    );
    assert_eq!(m.requirements, "按期办结并书面反馈");
}

#[test]
fn a_leader_approves_a_proposal_only_where_needed() {
    // HBUT 第四条(一): 根据需要可报请学校领导审定.
    let mut w = proposed(d(2026, 3, 2), None);
    w.act(&office(), Action::Register {});
    assert!(w.m().approval.is_none());
}

#[test]
fn a_major_item_is_consulted_on_and_approved_before_registration() {
    // HBUT 第四条(一): 涉及重大或复杂事项，应在征求有关方面的意见后，提出拟办意见，报请校领导审定.
    let mut dr = draft(None);
    dr.major = true;
    assert_eq!(
        shared::NewMatter::parse(dr.clone(), d(2026, 3, 2))
            .unwrap_err()
            .code(),
        "invalid_field"
    );
    dr.consultation = Some("已征求教务处、财务处意见".into());
    let mut w = World::new(d(2026, 3, 2)).propose(ProcedureId::Hbut, dr);
    assert_eq!(w.refused(&office(), Action::Register {}), "not_approved");
    w.act(
        &leader(),
        Action::ApproveProposal {
            opinion: "同意".into(),
        },
    )
    .act(&office(), Action::Register {});
}

#[test]
fn registration_is_one_matter_one_item_with_a_number_and_the_registration_form() {
    // HBUT 第四条(二): 按照一事一项的原则进行登记立项，填写《督办立项登记表》（附件2）.
    let mut w = proposed(d(2026, 3, 2), None);
    w.act(&office(), Action::Register {});
    assert!(w.m().number.is_some());
    assert_eq!(w.refused(&office(), Action::Register {}), "not_in_stage");
    let t = template(ProcedureId::Hbut);
    assert_eq!(
        t.rule(Stage::Proposal, ActionKind::Register).unwrap().form,
        Some(Form::RegistrationForm)
    );
}

#[test]
fn registration_needs_a_number_from_the_server() {
    // HBUT 第四条(二): the number is allocated by the server, never guessed by the engine.
    let w = proposed(d(2026, 3, 2), None);
    let ctx = shared::Context::new(morning(d(2026, 3, 2)), &w.cal);
    let e = shared::engine::transition(&w.m(), &Action::Register {}, &office(), &ctx).unwrap_err();
    assert_eq!(e.code(), "missing_allocation");
}

#[test]
fn the_notice_is_issued_within_two_working_days_of_registration() {
    // HBUT 第四条(三): 学校办公室应在两个工作日内下发《督办事项通知单》.
    let mut w = proposed(d(2026, 9, 30), None);
    w.act(&office(), Action::Register {});
    // Registered Wednesday 30 Sept 2026; 1–7 Oct are National Day, so the 2nd working day is Fri 9 Oct.
    assert_eq!(w.m().issue_due, Some(d(2026, 10, 9)));
    assert_eq!(
        deadline::hbut_issue_due(d(2026, 3, 2), &w.cal).date,
        d(2026, 3, 4)
    );
}

#[test]
fn the_unit_signs_for_the_notice_with_name_and_time() {
    // HBUT 第四条(三), 附件3: 签收人、签收时间.
    let mut w = issued();
    assert_eq!(
        w.refused(&liaison(ASSIST), Action::SignFor { signer: "x".into() }),
        "lead_unit_only"
    );
    w.on(d(2026, 3, 3)).act(
        &liaison(LEAD),
        Action::SignFor {
            signer: "刘联络".into(),
        },
    );
    let s = w.m().signed_for.unwrap();
    assert_eq!((s.signer.as_str(), s.on), ("刘联络", d(2026, 3, 3)));
}

#[test]
fn without_a_deadline_a_matter_is_due_in_fifteen_working_days() {
    // HBUT 第四条(四): 不需要制定具体政策的，应当在十五个工作日内办结.
    let w = issued();
    // Issued Monday 2 March 2026: the 15th working day after is Monday 23 March.
    assert_eq!(w.m().deadline, Some(d(2026, 3, 23)));
}

#[test]
fn a_given_deadline_is_kept() {
    // HBUT 第四条(四): 督办事项有明确办理时限的，应按照规定时限办结.
    let mut w = proposed(d(2026, 3, 2), Some(d(2026, 6, 30)));
    w.act(&office(), Action::Register {}).act(
        &office(),
        Action::Issue {
            copied_leaders: vec![],
        },
    );
    assert_eq!(w.m().deadline, Some(d(2026, 6, 30)));
}

#[test]
fn an_item_needing_new_policy_owes_a_work_plan_in_five_working_days() {
    // HBUT 第四条(四): 需要充分调研、制定具体政策的，应当在五个工作日制定工作计划并向学校办公室报告.
    let mut dr = draft(None);
    dr.needs_policy = true;
    let mut w = World::new(d(2026, 3, 2)).propose(ProcedureId::Hbut, dr);
    w.act(&office(), Action::Register {}).act(
        &office(),
        Action::Issue {
            copied_leaders: vec![],
        },
    );
    let m = w.m();
    assert_eq!((m.work_plan_due, m.deadline), (Some(d(2026, 3, 9)), None));
    w.act(
        &liaison(LEAD),
        Action::SignFor {
            signer: "刘".into(),
        },
    )
    .act(
        &liaison(LEAD),
        Action::SubmitWorkPlan {
            plan: "调研两周后出台办法".into(),
        },
    );
    assert!(w.m().work_plan.is_some());
}

#[test]
fn for_a_multi_unit_item_the_lead_unit_reports() {
    // HBUT 第四条(四): 涉及多单位联合办理的督办事项，由牵头单位负责向学校办公室反馈.
    let mut w = signed();
    assert_eq!(w.refused(&unit_head(ASSIST), report()), "lead_unit_only");
    // The assisting unit may still tell how its part goes.
    w.act(&liaison(ASSIST), progress("协办部分已完成"));
    w.act(&unit_head(LEAD), report());
}

#[test]
fn the_office_records_new_issues_for_the_leaders() {
    // HBUT 第四条(五): 对于在督办过程中发现的新情况和新问题应详细记录并及时呈报学校领导.
    let mut w = signed();
    w.act(
        &office(),
        Action::RecordFollowUp {
            method: shared::record::FollowUpMethod::Meeting,
            note: "协调会".into(),
            outcome: "明确分工".into(),
            new_issue: Some("需追加预算".into()),
            uncooperative_unit: None,
        },
    );
    assert_eq!(w.m().follow_ups[0].new_issue.as_deref(), Some("需追加预算"));
}

#[test]
fn an_extension_request_gives_reason_measures_and_a_new_final_date_signed_by_the_unit_head() {
    // HBUT 第四条(五), 附件4: 说明原因，提出解决措施，明确办理完成最终时限; 部门负责人签字.
    let mut w = signed();
    assert_eq!(
        w.refused(&liaison(LEAD), ask(d(2026, 4, 10))),
        "role_not_allowed"
    );
    assert_eq!(
        w.refused(&unit_head(LEAD), ask(d(2026, 3, 20))),
        "invalid_field"
    );
    w.act(&unit_head(LEAD), ask(d(2026, 4, 10)));
    let r = w.m().extension_requests[0].clone();
    assert_eq!(
        (r.previous_deadline, r.new_deadline, r.signed_by.as_str()),
        (Some(d(2026, 3, 23)), d(2026, 4, 10), "head-jwc")
    );
    assert_eq!(
        w.refused(&unit_head(LEAD), ask(d(2026, 4, 15))),
        "extension_pending"
    );
}

#[test]
fn extension_moves_deadline_only_after_leader_approval() {
    // HBUT 第四条(五), 附件4 校领导审批意见.
    let mut w = signed();
    w.act(&unit_head(LEAD), ask(d(2026, 4, 10)));
    assert_eq!(w.m().deadline, Some(d(2026, 3, 23)));
    assert_eq!(w.refused(&office(), decide(true)), "role_not_allowed");
    w.act(&leader(), decide(true));
    assert_eq!(w.m().deadline, Some(d(2026, 4, 10)));
}

#[test]
fn a_rejected_extension_leaves_the_deadline_and_needs_a_reason() {
    // HBUT 第四条(五): the leader may refuse; the unit keeps the original time limit.
    let mut w = signed();
    w.act(&unit_head(LEAD), ask(d(2026, 4, 10)));
    assert_eq!(
        w.refused(
            &leader(),
            Action::DecideExtension {
                approve: false,
                opinion: String::new()
            }
        ),
        "invalid_field"
    );
    w.act(&leader(), decide(false));
    let m = w.m();
    assert_eq!(m.deadline, Some(d(2026, 3, 23)));
    assert!(!m.extension_requests[0].decision.as_ref().unwrap().approved);
}

#[test]
fn a_reminder_notice_is_sent_only_past_the_deadline_and_signed_for_by_the_lead_unit() {
    // HBUT 第四条(五), 附件5: 超出办结时限的……发放《催办单》并呈报有关校领导; 牵头单位签收.
    let mut w = signed();
    assert_eq!(
        w.on(d(2026, 3, 23))
            .refused(&office(), remind(d(2026, 3, 27))),
        "not_overdue"
    );
    w.on(d(2026, 3, 24)).act(&office(), remind(d(2026, 3, 27)));
    assert_eq!(w.m().stage, Stage::Urging);
    w.act(
        &liaison(LEAD),
        Action::SignFor {
            signer: "刘联络".into(),
        },
    );
    assert!(w.m().reminders[0].signed.is_some());
    assert_eq!(
        w.refused(
            &liaison(LEAD),
            Action::SignFor {
                signer: "刘".into()
            }
        ),
        "nothing_to_sign"
    );
}

#[test]
fn a_second_reminder_follows_an_unheeded_reminder_and_is_copied_to_discipline() {
    // HBUT 第四条(五): 未按催办单要求落实地进行二次催办，并将二次催办情况抄送纪委、监察专员办公室.
    let mut w = signed();
    let second = || Action::SendSecondReminder {
        content: "二次催办".into(),
        due: d(2026, 4, 3),
    };
    w.on(d(2026, 3, 24)).act(&office(), remind(d(2026, 3, 27)));
    assert_eq!(
        w.on(d(2026, 3, 27)).refused(&office(), second()),
        "reminder_not_due"
    );
    w.on(d(2026, 3, 30)).act(&office(), second());
    assert!(w.m().second_reminder());
    assert_eq!(w.refused(&office(), second()), "second_reminder_sent");
    // Copied to the discipline office, which sees the matter; on its list the second reminder is
    // context beside the ground (第六条(一), late and unexplained), not a ground of its own.
    assert!(shared::accountability::discipline_sees(
        &w.m(),
        d(2026, 3, 30)
    ));
    let march = shared::stats::Period {
        from: d(2026, 3, 1),
        to: d(2026, 3, 31),
    };
    let list = shared::stats::accountability_list(&[w.m()], march, d(2026, 3, 30));
    assert_eq!(
        list[0].reasons,
        [shared::stats::AccountabilityReason::UnexplainedOverdue]
    );
    assert_eq!(list[0].context.second_reminders, 1);
}

#[test]
fn a_notice_never_signed_for_is_chased_by_reminder_and_second_reminder_all_the_same() {
    // HBUT 第四条(五): 超出办结时限的……发放《催办单》; 未按催办单要求落实地进行二次催办，
    // 并将二次催办情况抄送纪委、监察专员办公室. Not signing for the 通知单 stops none of it.
    let mut w = issued();
    assert_eq!(w.m().stage, Stage::Assignment);
    assert_eq!(
        w.on(d(2026, 3, 23))
            .refused(&office(), remind(d(2026, 3, 27))),
        "not_overdue"
    );
    w.on(d(2026, 3, 24)).act(&office(), remind(d(2026, 3, 27)));
    let m = w.m();
    assert_eq!((m.stage, m.reminder_count()), (Stage::Urging, 1));
    assert!(m.signed_for.is_none());
    // The handling time ran out unsigned: the flowchart shows 承办 passed by the 催办单.
    let steps: Vec<Step> = w
        .events
        .iter()
        .map(|e| Step {
            before: e.stage_before,
            after: e.stage_after,
            kind: Some(e.action.kind()),
        })
        .collect();
    let handling = stages_reached(m.procedure, m.stage, &steps)[3];
    assert_eq!(
        (handling.stage, handling.state),
        (Stage::Handling, StageState::Done)
    );
    assert_eq!(
        handling.by.map(|i| w.events[i].action.kind()),
        Some(ActionKind::SendReminder)
    );
    w.on(d(2026, 3, 30)).act(
        &office(),
        Action::SendSecondReminder {
            content: "二次催办".into(),
            due: d(2026, 4, 3),
        },
    );
    assert!(w.m().second_reminder());
    // The second reminder is shown beside a line of the accountability list, never as its ground
    // (HBUT 第六条 names the grounds).
    let year = shared::stats::Period {
        from: d(2026, 1, 1),
        to: d(2026, 12, 31),
    };
    let list = shared::stats::accountability_list(&[w.m()], year, d(2026, 3, 30));
    assert!(
        list.iter()
            .all(|e| e.context.second_reminders == 1 && !e.reasons.is_empty()),
        "{list:?}"
    );
    // The unit signs at last: each paper it was sent gets its signature, the 通知单 too.
    let sign = || Action::SignFor {
        signer: "刘联络".into(),
    };
    w.act(&liaison(LEAD), sign()).act(&liaison(LEAD), sign());
    w.act(&liaison(LEAD), sign());
    let m = w.m();
    assert!(m.reminders.iter().all(|r| r.signed.is_some()));
    assert!(m.signed_for.is_some());
    assert_eq!(w.refused(&liaison(LEAD), sign()), "nothing_to_sign");
}

#[test]
fn a_unit_that_has_not_signed_for_its_notice_may_still_ask_for_an_extension() {
    // HBUT 第四条(五), 附件4: 确因特殊情况不能按时办结的……填写《延期申请单》; a leader decides.
    let mut w = issued();
    w.act(&unit_head(LEAD), ask(d(2026, 4, 10)));
    assert_eq!(w.m().stage, Stage::Assignment);
    assert_eq!(
        w.refused(&unit_head(LEAD), ask(d(2026, 4, 15))),
        "extension_pending"
    );
    w.act(&leader(), decide(true));
    let m = w.m();
    assert_eq!(
        (m.deadline, m.stage),
        (Some(d(2026, 4, 10)), Stage::Assignment)
    );
    // The notice still waits for its signature.
    w.act(
        &liaison(LEAD),
        Action::SignFor {
            signer: "刘联络".into(),
        },
    );
    assert_eq!(w.m().stage, Stage::Handling);
}

#[test]
fn the_completion_report_has_five_parts() {
    // HBUT 第四条(六), 附件6: 督办事项内容、工作目标、工作开展情况、取得的成效、下一步工作计划.
    let mut w = signed();
    let mut r = report();
    if let Action::SubmitCompletionReport(c) = &mut r {
        c.results = " ".into();
    }
    assert_eq!(w.refused(&unit_head(LEAD), r), "invalid_field");
    w.act(&unit_head(LEAD), report());
    assert_eq!(w.m().completion_report.unwrap().next_steps, "常态化监测");
}

#[test]
fn a_report_that_falls_short_goes_back_for_supplement_or_redo_with_reasons() {
    // HBUT 第四条(六): 对不符合办结要求的，返回承办单位（部门）补办或重办.
    let mut w = signed();
    w.act(&unit_head(LEAD), report());
    let no_mode = Action::ReviewReport {
        passed: false,
        mode: None,
        reasons: vec!["x".into()],
        misreported: false,
        note: String::new(),
    };
    assert_eq!(w.refused(&office(), no_mode), "invalid_field");
    let no_reason = Action::ReviewReport {
        passed: false,
        mode: Some(ReturnMode::Redo),
        reasons: vec![],
        misreported: false,
        note: String::new(),
    };
    assert_eq!(w.refused(&office(), no_reason), "invalid_field");
    w.act(&office(), give_back(ReturnMode::Redo));
    assert_eq!(w.m().reviews[0].mode, Some(ReturnMode::Redo));
}

#[test]
fn the_result_is_reported_to_leaders_and_units_before_archiving() {
    // HBUT 第四条(七): 督办事项完成后，学校办公室应及时向学校领导及相关单位报告办理结果.
    let mut w = signed();
    w.act(&unit_head(LEAD), report()).act(&office(), pass());
    assert_eq!(w.refused(&office(), archive()), "not_in_stage");
    w.act(
        &office(),
        Action::ReportResult {
            summary: "已报告".into(),
        },
    );
    assert!(w.m().result_reported_on.is_some());
}

#[test]
fn the_office_reports_to_the_leadership_every_three_months() {
    // HBUT 第四条(七): 每三个月，学校办公室向校领导班子呈报督办事项情况.
    let q = Quarter::of(d(2026, 5, 14));
    assert_eq!(
        (q.year, q.quarter, q.start(), q.end()),
        (2026, 2, d(2026, 4, 1), d(2026, 6, 30))
    );
    assert_eq!(
        Quarter::of(d(2026, 12, 31)).next(),
        Quarter {
            year: 2027,
            quarter: 1
        }
    );
}

#[test]
fn materials_are_archived_within_five_working_days_of_closure_with_the_archive_register() {
    // HBUT 第四条(八), 附件7: 应在五个工作日内……整理归档，填写《归档登记表》.
    let mut w = signed();
    w.on(d(2026, 4, 29))
        .act(&unit_head(LEAD), report())
        .act(&office(), pass());
    // Closed Wed 29 April 2026; 1–5 May are Labour Day, Sat 9 May is a working day:
    // 30 Apr (1), 6 May (2), 7 May (3), 8 May (4), 9 May (5).
    assert_eq!(w.m().archive_due, Some(d(2026, 5, 9)));
    let t = template(ProcedureId::Hbut);
    assert_eq!(
        t.rule(Stage::Archiving, ActionKind::Archive).unwrap().form,
        Some(Form::ArchiveRegister)
    );
    w.act(
        &office(),
        Action::ReportResult {
            summary: "已报告".into(),
        },
    );
    assert_eq!(
        w.refused(
            &office(),
            Action::Archive {
                materials: vec![],
                archivist: "李".into()
            }
        ),
        "invalid_field"
    );
    w.act(&office(), archive());
}

#[test]
fn every_hbut_form_is_produced_by_its_step() {
    // HBUT 附件2–7: 立项登记表、通知单、延期申请单、催办单、办结报告、归档登记表.
    let t = template(ProcedureId::Hbut);
    let forms: Vec<_> = t
        .stages
        .iter()
        .flat_map(|s| &s.actions)
        .filter_map(|r| r.form)
        .collect();
    for f in [
        Form::RegistrationForm,
        Form::AssignmentNotice,
        Form::ExtensionRequest,
        Form::ReminderNotice,
        Form::CompletionReport,
        Form::ArchiveRegister,
    ] {
        assert!(forms.contains(&f), "{f:?}");
    }
}
