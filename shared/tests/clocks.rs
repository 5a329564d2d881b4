//! Every clock of both regulations on the matter, each with its party (HBUT 第四条(三)(四)(八);
//! GDUFS 第九条(二)、第十条(四)).

mod common;
use common::*;
use shared::ProcedureId;
use shared::clocks::{self, ClockKind, Party};
use shared::engine::Action;
use shared::light::Light;
use shared::record::RectificationOrder;
use shared::stats::Period;

fn clock(m: &shared::Matter, kind: ClockKind) -> clocks::Clock {
    clocks::clocks(m)
        .into_iter()
        .find(|c| c.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} clock"))
}

fn hbut_registered(needs_policy: bool) -> World {
    let mut dr = draft(None);
    dr.needs_policy = needs_policy;
    let mut w = World::new(d(2026, 3, 2)).propose(ProcedureId::Hbut, dr);
    w.act(&office(), Action::Register {});
    w
}

#[test]
fn the_notice_is_the_offices_clock_due_two_working_days_after_registration() {
    // HBUT 第四条(三): 学校办公室应在两个工作日内下发《督办事项通知单》.
    let mut w = hbut_registered(false);
    let c = clock(&w.m(), ClockKind::Issue);
    assert_eq!(
        (c.party, c.due, c.stopped_on),
        (Party::Office, d(2026, 3, 4), None)
    );
    assert_eq!(c.light(d(2026, 3, 5), &w.cal, 3), Light::Red);
    assert_eq!(clocks::next_due(&w.m()), Some(d(2026, 3, 4)));
    w.on(d(2026, 3, 5)).act(
        &office(),
        Action::Issue {
            copied_leaders: vec![],
        },
    );
    let c = clock(&w.m(), ClockKind::Issue);
    assert_eq!(c.stopped_on, Some(d(2026, 3, 5)));
    assert!(
        c.late(d(2026, 3, 5)),
        "issued a day late: the office's lateness"
    );
    let figures = clocks::clock_stats(&[w.m()], q1(), &w.cal);
    let issue = figures
        .kinds
        .iter()
        .find(|f| f.kind == ClockKind::Issue)
        .unwrap();
    assert_eq!(
        (issue.party, issue.met, issue.on_time),
        (Party::Office, 1, 0)
    );
}

#[test]
fn a_work_plan_is_the_units_clock_due_five_working_days_after_issue() {
    // HBUT 第四条(四): 需要充分调研、制定具体政策的，应当在五个工作日制定工作计划.
    let mut w = hbut_registered(true);
    w.act(
        &office(),
        Action::Issue {
            copied_leaders: vec![],
        },
    );
    let c = clock(&w.m(), ClockKind::WorkPlan);
    assert_eq!((c.party, c.due), (Party::Unit, d(2026, 3, 9)));
    assert_eq!(c.light(d(2026, 3, 4), &w.cal, 3), Light::Yellow);
    let open = clocks::clock_stats(&[w.m()], q1(), &w.cal);
    let plan = open
        .kinds
        .iter()
        .find(|f| f.kind == ClockKind::WorkPlan)
        .unwrap();
    assert_eq!(plan.overdue_open, 1, "still owed at the quarter's end");
}

#[test]
fn the_archive_is_the_offices_clock_due_five_working_days_after_closure_and_runs_after_it() {
    // HBUT 第四条(八): 办结后五个工作日内……整理归档.
    let mut w = hbut_registered(false);
    w.act(
        &office(),
        Action::Issue {
            copied_leaders: vec![],
        },
    )
    .act(
        &liaison(LEAD),
        Action::SignFor {
            signer: "刘".into(),
        },
    );
    w.on(d(2026, 3, 10)).act(&unit_head(LEAD), report());
    w.on(d(2026, 3, 12)).act(&office(), pass());
    let m = w.m();
    let c = clock(&m, ClockKind::Archive);
    assert_eq!(
        (c.party, c.due, c.stopped_on),
        (Party::Office, d(2026, 3, 19), None)
    );
    assert_eq!(clocks::next_due(&m), Some(d(2026, 3, 19)));
    // The office's review time, report 10 March to closure 12 March, is its own figure.
    let figures = clocks::clock_stats(&[m], q1(), &w.cal);
    assert_eq!(figures.office_review_working_days, Some(2.0));
}

#[test]
fn the_gdufs_reply_is_the_units_clock_due_seven_days_after_issue() {
    // GDUFS 第九条(二): 主办单位收到《工作进展提醒单》后应于 7 天内回复.
    let mut w = issued(ProcedureId::GdufsRoutine, None);
    let c = clock(&w.m(), ClockKind::Reply);
    assert_eq!((c.party, c.due), (Party::Unit, d(2026, 3, 9)));
    w.on(d(2026, 3, 6))
        .act(&liaison(LEAD), commitment(d(2026, 3, 20)));
    let c = clock(&w.m(), ClockKind::Reply);
    assert_eq!(c.stopped_on, Some(d(2026, 3, 6)));
    assert!(!c.late(d(2026, 3, 30)));
}

#[test]
fn each_rectification_item_is_a_unit_clock_by_its_own_deadline() {
    // GDUFS 第十条(四): 列出清单、明确责任、挂账整改, each item by its deadline.
    let mut w = issued(ProcedureId::GdufsKey, Some(d(2026, 4, 30)));
    w.act(&unit_head(LEAD), report())
        .act(&office(), verify(false))
        .act(
            &office(),
            Action::OrderRectification {
                items: vec![
                    RectificationOrder {
                        description: "补齐台账".into(),
                        owner: "张三".into(),
                        deadline: d(2026, 3, 20),
                    },
                    RectificationOrder {
                        description: "完善制度".into(),
                        owner: "李四".into(),
                        deadline: d(2026, 3, 31),
                    },
                ],
            },
        );
    let items: Vec<_> = clocks::clocks(&w.m())
        .into_iter()
        .filter(|c| c.kind == ClockKind::Rectification)
        .map(|c| (c.code(), c.party, c.due))
        .collect();
    assert_eq!(
        items,
        [
            ("rectification-1".to_string(), Party::Unit, d(2026, 3, 20)),
            ("rectification-2".to_string(), Party::Unit, d(2026, 3, 31)),
        ]
    );
}

fn q1() -> Period {
    Period {
        from: d(2026, 1, 1),
        to: d(2026, 3, 31),
    }
}

#[test]
fn the_discipline_office_can_open_a_matter_its_list_names_without_a_second_reminder() {
    // HBUT 第六条(一): a unit late without explanation is listed; the office that holds it to
    // account must be able to read the matter it names.
    let mut dr = draft(None);
    dr.lead_unit = LEAD.into();
    let mut w = World::new(d(2026, 3, 2)).propose(ProcedureId::Hbut, dr);
    w.act(&office(), Action::Register {}).act(
        &office(),
        Action::Issue {
            copied_leaders: vec![],
        },
    );
    let m = w.m();
    assert!(!shared::accountability::discipline_sees(&m, d(2026, 3, 23)));
    assert!(shared::accountability::discipline_sees(&m, d(2026, 3, 24)));
}
