//! GDUFS 第十条: the five stages of a key supervision item, rule by rule.

mod common;
use common::*;
use shared::engine::{Action, ActionKind, StageState, Step, stages_reached};
use shared::record::{RectificationOrder, ReturnMode};
use shared::{ProcedureId, Stage};

fn issued() -> World {
    let mut w =
        World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsKey, draft(Some(d(2026, 5, 29))));
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
            copied_leaders: vec!["leader-sun".into()],
        },
    );
    w
}

fn rectify() -> Action {
    Action::OrderRectification {
        items: vec![
            RectificationOrder {
                description: "补齐台账".into(),
                owner: "王五".into(),
                deadline: d(2026, 6, 10),
            },
            RectificationOrder {
                description: "完善制度".into(),
                owner: "赵六".into(),
                deadline: d(2026, 6, 15),
            },
        ],
    }
}

fn item(i: usize) -> Action {
    Action::ReportRectification {
        item: i,
        text: "已完成".into(),
        done: true,
    }
}

#[test]
fn a_key_item_goes_through_five_stages_with_rectification() {
    // GDUFS 第十条: 立项督办、督查催办、反馈协调、核查整改、办结归档.
    let mut w = issued();
    let m = w.m();
    assert_eq!(m.stage, Stage::Urging);
    assert_eq!(m.copied_leaders, vec!["leader-sun".to_string()]);
    w.act(
        &liaison(LEAD),
        Action::SubmitWorkPlan {
            plan: "三步走".into(),
        },
    )
    .act(&office(), follow_up())
    .act(
        &liaison(LEAD),
        Action::ReportObstacle {
            reason: "经费未到位".into(),
            proposal: "分两期实施".into(),
        },
    );
    assert_eq!(w.m().stage, Stage::Coordination);
    w.act(
        &office(),
        Action::UpdateRequirements {
            requirements: Some("分两期实施".into()),
            deadline: Some(d(2026, 6, 5)),
            lead_leader: None,
            note: "经协调，同意分期".into(),
        },
    );
    assert_eq!(
        (w.m().stage, w.m().deadline),
        (Stage::Urging, Some(d(2026, 6, 5)))
    );
    w.on(d(2026, 6, 1)).act(&unit_head(LEAD), report());
    assert_eq!(w.m().stage, Stage::Verification);
    w.act(&office(), verify(false)).act(&office(), rectify());
    assert_eq!(w.m().open_rectification_items(), 2);
    w.act(&liaison(LEAD), item(0)).act(&liaison(LEAD), item(1));
    w.act(&office(), verify(true));
    assert_eq!(w.m().stage, Stage::Closing);
    w.act(&office(), pass());
    assert_eq!(w.m().closed_on, None);
    w.act(
        &leader(),
        Action::ApproveClosure {
            opinion: "同意结项".into(),
        },
    );
    w.act(&office(), archive());
    let m = w.m();
    assert_eq!(
        (m.stage, m.closed_on),
        (Stage::Archived, Some(d(2026, 6, 1)))
    );
}

#[test]
fn the_supervision_sheet_names_the_lead_leader_and_the_deadline() {
    // GDUFS 第十条(一): 《督办单》明确牵头领导和承办单位、事项内容、办理要求、办结时限.
    let mut dr = draft(None);
    dr.lead_leader = None;
    let mut w = World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsKey, dr);
    w.act(
        &leader(),
        Action::ApproveProposal {
            opinion: String::new(),
        },
    )
    .act(&office(), Action::Register {});
    assert_eq!(
        w.refused(
            &office(),
            Action::Issue {
                copied_leaders: vec![]
            }
        ),
        "sheet_incomplete"
    );
}

#[test]
fn the_sheet_goes_out_after_the_leader_in_charge_approves() {
    // GDUFS 第十条(一): 经报分管校领导审定，下达至承办单位并抄送相关校领导.
    let mut w =
        World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsKey, draft(Some(d(2026, 5, 29))));
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
}

#[test]
fn an_emergency_is_started_first_and_its_sheet_written_afterwards() {
    // GDUFS 第十条(一): 遇有突发紧急情况，可……先直接启动督办，随后编制《督办单》下达承办单位.
    let mut w = World::new(d(2026, 7, 20));
    w.create(Action::StartEmergency {
        title: "暴雨后校园设施抢修".into(),
        content: "立即排查并抢修受损设施".into(),
        lead_unit: LEAD.into(),
        assisting_units: vec![ASSIST.into()],
        how_started: "电话通知".into(),
    })
    .unwrap();
    let m = w.m();
    assert_eq!(
        (m.procedure, m.stage, m.emergency, m.emergency_form_pending),
        (ProcedureId::GdufsKey, Stage::Urging, true, true)
    );
    // The unit can work before the sheet exists.
    w.act(&liaison(LEAD), progress("已排查三处"));
    w.act(
        &office(),
        Action::CompleteEmergencyForm {
            lead_leader: "leader-sun".into(),
            requirements: "一周内完成抢修".into(),
            deadline: d(2026, 7, 27),
            leader_in_charge: Some(LEADER_IN_CHARGE.into()),
        },
    );
    let m = w.m();
    assert!(!m.emergency_form_pending);
    assert_eq!(m.deadline, Some(d(2026, 7, 27)));
    // The sheet is its first written record: it takes the year's next number, as 立项 would.
    assert_eq!(m.number.unwrap().as_str(), "督〔2026〕1号");
}

fn emergency_under_way() -> World {
    let mut w = World::new(d(2026, 7, 20));
    w.create(Action::StartEmergency {
        title: "暴雨后校园设施抢修".into(),
        content: "立即排查并抢修受损设施".into(),
        lead_unit: LEAD.into(),
        assisting_units: vec![],
        how_started: "电话通知".into(),
    })
    .unwrap();
    w
}

fn emergency_sheet() -> Action {
    Action::CompleteEmergencyForm {
        lead_leader: "leader-sun".into(),
        requirements: "一周内完成抢修".into(),
        deadline: d(2026, 7, 27),
        leader_in_charge: Some(LEADER_IN_CHARGE.into()),
    }
}

#[test]
fn an_emergency_sheet_needs_a_number_from_the_server() {
    // GDUFS 第十条(一): 随后编制《督办单》; its number is the server's to allocate, never the engine's.
    let w = emergency_under_way();
    let ctx = shared::Context::new(morning(w.today), &w.cal);
    let e = shared::engine::transition(&w.m(), &emergency_sheet(), &office(), &ctx).unwrap_err();
    assert_eq!(e.code(), "missing_allocation");
    assert!(shared::engine::ActionKind::CompleteEmergencyForm.allocates_number());
}

#[test]
fn an_emergency_is_neither_closed_nor_archived_before_its_sheet_is_written() {
    // GDUFS 第十条(一): 先直接启动督办，随后编制《督办单》: the sheet may come late, but it comes.
    let mut w = emergency_under_way();
    w.act(&unit_head(LEAD), report())
        .act(&office(), verify(true))
        .act(&office(), pass());
    assert_eq!(w.m().stage, Stage::Closing);
    let closure = Action::ApproveClosure {
        opinion: "同意结项".into(),
    };
    assert_eq!(w.refused(&leader(), closure.clone()), "sheet_pending");
    w.act(&office(), emergency_sheet()).act(&leader(), closure);

    // Archiving checks it too, however a closed matter came to lack its sheet.
    let mut unwritten = w.m();
    unwritten.emergency_form_pending = true;
    let e = shared::engine::transition(&unwritten, &archive(), &office(), &w.ctx()).unwrap_err();
    assert_eq!(e.code(), "sheet_pending");

    w.act(&office(), archive());
    assert_eq!(w.m().stage, Stage::Archived);
}

#[test]
fn only_the_office_starts_an_emergency() {
    // GDUFS 第五条: 党办校办 carries the supervision work.
    let w = World::new(d(2026, 7, 20));
    let action = Action::StartEmergency {
        title: "t".into(),
        content: "c".into(),
        lead_unit: LEAD.into(),
        assisting_units: vec![],
        how_started: "电话".into(),
    };
    let ctx = shared::Context::new(morning(w.today), &w.cal).with_new_matter_id("x");
    let e = shared::engine::create(&action, &leader(), &ctx).unwrap_err();
    assert_eq!(e.code(), "role_not_allowed");
}

#[test]
fn the_unit_makes_an_implementation_plan() {
    // GDUFS 第十条(二): 承办单位按照《督办单》要求，制定落实计划.
    let mut w = issued();
    assert_eq!(
        w.refused(
            &liaison(ASSIST),
            Action::SubmitWorkPlan { plan: "p".into() }
        ),
        "lead_unit_only"
    );
    w.act(
        &liaison(LEAD),
        Action::SubmitWorkPlan {
            plan: "三步走".into(),
        },
    );
    assert_eq!(w.m().work_plan.unwrap().plan, "三步走");
}

#[test]
fn the_office_urges_by_phone_visit_and_on_site_checks_and_records_each() {
    // GDUFS 第十条(二): 采取电话催办、现场督查、上门督办等形式……并记录过程和结果.
    let mut w = issued();
    for method in [
        shared::record::FollowUpMethod::Phone,
        shared::record::FollowUpMethod::OnSite,
        shared::record::FollowUpMethod::Visit,
    ] {
        w.act(
            &office(),
            Action::RecordFollowUp {
                method,
                note: "跟进".into(),
                outcome: "按计划推进".into(),
                new_issue: None,
                uncooperative_unit: None,
            },
        );
    }
    assert_eq!(w.m().follow_ups.len(), 3);
}

#[test]
fn the_unit_keeps_working_until_new_requirements_are_set() {
    // GDUFS 第十条(三): 在学校未提出新办理要求前，承办单位必须继续推进办理督办事项.
    let mut w = issued();
    w.act(
        &liaison(LEAD),
        Action::ReportObstacle {
            reason: "场地未落实".into(),
            proposal: "改期".into(),
        },
    );
    let before = w.m().deadline;
    w.act(&liaison(LEAD), progress("继续推进其余部分"));
    assert_eq!(w.m().deadline, before);
    // Coordination without a note is refused: the agreement must be on record.
    let upd = |note: &str| Action::UpdateRequirements {
        requirements: Some("新要求".into()),
        deadline: None,
        lead_leader: None,
        note: note.into(),
    };
    assert_eq!(w.refused(&office(), upd("")), "invalid_field");
    w.act(&office(), upd("协调会议纪要"));
    assert!(w.m().obstacles.iter().all(|o| o.resolved));
}

#[test]
fn verification_asks_four_questions() {
    // GDUFS 第十条(四): 核查办理举措是否落实、问题是否解决、成效是否显著、处理措施是否符合法律政策规定.
    let mut w = issued();
    w.act(&unit_head(LEAD), report());
    w.act(
        &office(),
        Action::Verify {
            measures_done: true,
            problem_solved: true,
            effect_clear: true,
            lawful: false,
            note: "程序不合规".into(),
        },
    );
    assert_eq!(w.m().stage, Stage::Verification);
    assert!(!w.m().verifications[0].passed());
}

#[test]
fn a_result_that_falls_short_is_returned_for_redoing() {
    // GDUFS 第十条(四): 对办理不符合要求的，退回办理.
    let mut w = issued();
    w.act(&unit_head(LEAD), report())
        .act(&office(), verify(false));
    assert_eq!(w.refused(&office(), pass()), "verify_to_pass");
    w.act(&office(), give_back(ReturnMode::Redo));
    assert_eq!(w.m().stage, Stage::Urging);
}

#[test]
fn rectification_lists_items_with_owners_and_deadlines_and_each_is_reported() {
    // GDUFS 第十条(四): 责令整改，督促承办单位列出清单、明确责任、挂账整改，并限时报告整改情况.
    let mut w = issued();
    w.act(&unit_head(LEAD), report());
    assert_eq!(w.refused(&office(), rectify()), "verify_first");
    w.act(&office(), verify(false)).act(&office(), rectify());
    assert_eq!(w.refused(&office(), verify(true)), "rectification_open");
    assert_eq!(
        w.refused(
            &liaison(LEAD),
            Action::ReportRectification {
                item: 9,
                text: "x".into(),
                done: true
            }
        ),
        "not_found"
    );
    w.act(
        &liaison(LEAD),
        Action::ReportRectification {
            item: 0,
            text: "进行中".into(),
            done: false,
        },
    );
    assert_eq!(w.m().open_rectification_items(), 2);
    w.act(&liaison(LEAD), item(0)).act(&liaison(LEAD), item(1));
    assert_eq!(w.refused(&liaison(LEAD), item(0)), "no_rectification");
    w.act(&office(), verify(true));
    assert_eq!(w.m().stage, Stage::Closing);
}

#[test]
fn closure_needs_the_office_review_then_the_leader_in_charge() {
    // GDUFS 第十条(五): 党办校办认真审核办理结果，经报分管校领导通过后予以结项.
    let mut w = issued();
    w.act(&unit_head(LEAD), report())
        .act(&office(), verify(true));
    let close = || Action::ApproveClosure {
        opinion: "同意".into(),
    };
    assert_eq!(w.refused(&leader(), close()), "not_reviewed");
    w.act(&office(), pass());
    assert_eq!(w.refused(&other_leader(), close()), "not_leader_in_charge");
    assert_eq!(w.refused(&office(), archive()), "not_closed");
    w.act(&leader(), close()).act(&office(), archive());
    assert_eq!(w.m().stage, Stage::Archived);
}

/// The flowchart's reading of the world's history.
fn flow(w: &World) -> Vec<(Stage, StageState, Option<ActionKind>)> {
    let steps: Vec<Step> = w
        .events
        .iter()
        .map(|e| Step {
            before: e.stage_before,
            after: e.stage_after,
            kind: Some(e.action.kind()),
        })
        .collect();
    let m = w.m();
    stages_reached(m.procedure, m.stage, &steps)
        .into_iter()
        .map(|r| (r.stage, r.state, r.by.map(|i| w.events[i].action.kind())))
        .collect()
}

#[test]
fn an_ordinary_key_item_passes_feedback_and_coordination_with_its_written_report() {
    // GDUFS 第十条(三) 反馈协调: 主办单位应当根据《督办单》的要求，在办结时限内书面如实反馈报告办理
    // 结果. No obstacle needed: the written report is the stage's 反馈, so the flowchart shows it done.
    let mut w = issued();
    let coordination = |w: &World| flow(w).into_iter().find(|s| s.0 == Stage::Coordination);
    assert_eq!(
        coordination(&w),
        Some((Stage::Coordination, StageState::Future, None))
    );
    w.act(&unit_head(LEAD), report());
    assert_eq!(w.m().stage, Stage::Verification);
    assert_eq!(
        coordination(&w),
        Some((
            Stage::Coordination,
            StageState::Done,
            Some(ActionKind::SubmitCompletionReport)
        ))
    );
    w.act(&office(), verify(true))
        .act(&office(), pass())
        .act(
            &leader(),
            Action::ApproveClosure {
                opinion: "同意".into(),
            },
        )
        .act(&office(), archive());
    assert_eq!(w.m().stage, Stage::Archived);
    let states: Vec<(Stage, StageState)> = flow(&w).into_iter().map(|s| (s.0, s.1)).collect();
    assert_eq!(
        states,
        vec![
            (Stage::Filing, StageState::Done),
            (Stage::Urging, StageState::Done),
            (Stage::Coordination, StageState::Done),
            (Stage::Verification, StageState::Done),
            (Stage::Closing, StageState::Done),
        ]
    );
}

#[test]
fn after_an_obstacle_the_report_leaves_feedback_and_coordination_itself() {
    // GDUFS 第十条(三): 出现因客观原因导致无法在办结时限内完成的情况……书面报告; the report then
    // follows from 反馈协调, which it leaves.
    let mut w = issued();
    w.act(
        &liaison(LEAD),
        Action::ReportObstacle {
            reason: "经费未到位".into(),
            proposal: "分两期实施".into(),
        },
    )
    .act(&unit_head(LEAD), report());
    assert_eq!(w.m().stage, Stage::Verification);
    let c = flow(&w)
        .into_iter()
        .find(|s| s.0 == Stage::Coordination)
        .unwrap();
    assert_eq!(
        c,
        (
            Stage::Coordination,
            StageState::Done,
            Some(ActionKind::SubmitCompletionReport)
        )
    );
}
