//! Lights, statistics, bulletins and accountability (GDUFS 第八条(四)、第十一条、第十二条; HBUT 第五条(三)、第六条、第七条).

mod common;
use common::*;
use shared::ProcedureId;
use shared::engine::Action;
use shared::light::{Light, light};
use shared::record::{FollowUpMethod, ReturnMode};
use shared::stats::{self, AccountabilityReason, BulletinRules, CriticismReason, Period};

/// An HBUT matter issued on 2 March 2026 (due 23 March), signed for.
fn hbut_signed(lead: &str) -> World {
    let mut dr = draft(None);
    dr.lead_unit = lead.into();
    let mut w = World::new(d(2026, 3, 2)).propose(ProcedureId::Hbut, dr);
    w.act(&office(), Action::Register {})
        .act(
            &office(),
            Action::Issue {
                copied_leaders: vec![],
            },
        )
        .act(
            &liaison(lead),
            Action::SignFor {
                signer: "刘".into(),
            },
        );
    w
}

fn q1() -> Period {
    shared::deadline::Quarter {
        year: 2026,
        quarter: 1,
    }
    .period()
}

#[test]
fn a_matter_is_green_then_yellow_within_three_working_days_then_red_from_the_day_after_its_deadline()
 {
    // docs/domain.md, Time: yellow within N working days (default 3), red overdue, plus done.
    let w = hbut_signed(LEAD);
    let (m, c) = (w.m(), &w.cal);
    assert_eq!(light(&m, d(2026, 3, 17), c, 3), Light::Green);
    assert_eq!(light(&m, d(2026, 3, 18), c, 3), Light::Yellow);
    assert_eq!(light(&m, d(2026, 3, 23), c, 3), Light::Yellow);
    assert_eq!(light(&m, d(2026, 3, 24), c, 3), Light::Red);
}

#[test]
fn a_closed_matter_is_done() {
    let mut w = hbut_signed(LEAD);
    w.act(&unit_head(LEAD), report()).act(&office(), pass());
    assert_eq!(light(&w.m(), d(2026, 9, 1), &w.cal, 3), Light::Done);
    assert!(!w.m().is_overdue(d(2026, 9, 1)));
}

#[test]
fn unit_statistics_count_lead_and_assisting_matters_completion_and_the_on_time_rate() {
    // GDUFS 第十一条: 工作数量、办结效率、办结效果; HBUT 第七条.
    let mut on_time = hbut_signed(LEAD);
    on_time
        .on(d(2026, 3, 16))
        .act(&unit_head(LEAD), report())
        .act(&office(), pass());
    let mut late = hbut_signed(LEAD);
    late.on(d(2026, 3, 24)).act(
        &office(),
        Action::SendReminder {
            content: "请办理".into(),
            due: d(2026, 3, 27),
        },
    );
    late.act(&unit_head(LEAD), report())
        .act(&office(), give_back(ReturnMode::Supplement));
    late.on(d(2026, 3, 26))
        .act(&unit_head(LEAD), report())
        .act(&office(), pass());
    let matters = [on_time.m(), late.m()];
    let s = stats::unit_stats(&matters, q1(), &on_time.cal);
    let lead = s.iter().find(|s| s.unit == LEAD).unwrap();
    let assist = s.iter().find(|s| s.unit == ASSIST).unwrap();
    assert_eq!(
        (
            lead.lead,
            lead.assisting,
            lead.completed,
            lead.on_time,
            lead.overdue
        ),
        (2, 0, 2, 1, 1)
    );
    assert_eq!(lead.on_time_rate, Some(0.5));
    // 2 Mar → 16 Mar is 10 working days, 2 Mar → 26 Mar is 18.
    assert_eq!(lead.average_working_days, Some(14.0));
    assert_eq!((lead.reminders, lead.returns), (1, 1));
    assert_eq!((assist.assisting, assist.completed), (2, 0));
}

#[test]
fn an_approved_extension_counts_as_on_time() {
    // HBUT 第四条(五): the approved new final date is the deadline the unit is held to.
    let mut w = hbut_signed(LEAD);
    w.act(
        &unit_head(LEAD),
        Action::RequestExtension {
            reason: "r".into(),
            measures: "m".into(),
            new_deadline: d(2026, 3, 31),
        },
    )
    .act(
        &leader(),
        Action::DecideExtension {
            approve: true,
            opinion: String::new(),
        },
    );
    w.on(d(2026, 3, 30))
        .act(&unit_head(LEAD), report())
        .act(&office(), pass());
    let s = stats::unit_stats(&[w.m()], q1(), &w.cal);
    let lead = s.iter().find(|s| s.unit == LEAD).unwrap();
    assert_eq!(
        (
            lead.on_time,
            lead.extensions_requested,
            lead.extensions_approved
        ),
        (1, 1, 1)
    );
}

#[test]
fn prompt_and_good_units_are_commended_and_slack_ones_criticised() {
    // GDUFS 第十二条: 反馈及时、执行良好……通报表扬；工作开展不力、任务落实不到位……通报批评.
    let mut good = hbut_signed("good");
    good.on(d(2026, 3, 10))
        .act(&unit_head("good"), report())
        .act(&office(), pass());
    let slack = hbut_signed("slack");
    let s = stats::unit_stats(&[good.m(), slack.m()], q1(), &good.cal);
    let b = stats::commendation_and_criticism(&s, &BulletinRules::default());
    assert_eq!(b.commended, vec!["good".to_string()]);
    assert_eq!(
        b.criticized,
        vec![("slack".to_string(), vec![CriticismReason::Overdue])]
    );
}

#[test]
fn an_overdue_matter_without_explanation_goes_on_the_accountability_list() {
    // HBUT 第六条(一): 不能按时完成督办事项并不能做出合理解释的.
    let mut w = hbut_signed(LEAD);
    let list = stats::accountability_list(&[w.m()], q1(), d(2026, 3, 24));
    assert_eq!(
        list[0].reasons,
        vec![AccountabilityReason::UnexplainedOverdue]
    );
    w.on(d(2026, 3, 24)).act(
        &liaison(LEAD),
        Action::ReportProgress {
            text: "上级批复延迟".into(),
            next_schedule: Some(d(2026, 4, 3)),
        },
    );
    assert!(stats::accountability_list(&[w.m()], q1(), d(2026, 3, 24)).is_empty());
}

#[test]
fn a_misreported_result_goes_on_the_accountability_list() {
    // HBUT 第六条(二): 弄虚作假，反映情况失实的; GDUFS 第十二条.
    let mut w = hbut_signed(LEAD);
    w.act(&unit_head(LEAD), report()).act(
        &office(),
        Action::ReviewReport {
            passed: false,
            mode: Some(ReturnMode::Redo),
            reasons: vec!["数据与实际不符".into()],
            misreported: true,
            note: String::new(),
        },
    );
    let list = stats::accountability_list(&[w.m()], q1(), d(2026, 3, 3));
    // The return for 重办 is context beside the line; the misreport is the ground (第六条(二)).
    assert_eq!(list[0].reasons, vec![AccountabilityReason::Misreported]);
    assert_eq!(list[0].context.redo_returns, 1);
}

#[test]
fn a_unit_that_does_not_cooperate_goes_on_the_accountability_list() {
    // HBUT 第六条(三): 牵头单位不主动组织、协调，或协办单位不积极配合、相互推诿的; HBUT 第五条(一).
    let mut w = hbut_signed(LEAD);
    w.act(
        &office(),
        Action::RecordFollowUp {
            method: FollowUpMethod::Meeting,
            note: "协调会".into(),
            outcome: "协办单位未派人".into(),
            new_issue: None,
            uncooperative_unit: Some(ASSIST.into()),
        },
    );
    let list = stats::accountability_list(&[w.m()], q1(), d(2026, 3, 3));
    assert_eq!(
        (list[0].unit.as_str(), list[0].reasons.clone()),
        (ASSIST, vec![AccountabilityReason::Uncooperative])
    );
    assert_eq!(
        w.refused(
            &office(),
            Action::RecordFollowUp {
                method: FollowUpMethod::Phone,
                note: "n".into(),
                outcome: "o".into(),
                new_issue: None,
                uncooperative_unit: Some(OTHER.into()),
            }
        ),
        "invalid_field"
    );
}

#[test]
fn an_escalated_routine_item_is_counted_once_as_its_key_item() {
    // GDUFS 第十条(一): the key item continues the routine one; statistics must not count it twice.
    let mut w = World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsRoutine, draft(None));
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
    .act(
        &office(),
        Action::Escalate {
            reasons: vec![shared::escalation::EscalationReason::Emergency],
            note: "紧急".into(),
            lead_leader: None,
            requirements: None,
            deadline: None,
        },
    );
    let key = shared::engine::replay(&w.others).unwrap();
    let s = stats::unit_stats(&[w.m(), key], q1(), &w.cal);
    assert_eq!(s.iter().find(|s| s.unit == LEAD).unwrap().lead, 1);
}
