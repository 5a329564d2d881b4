//! Who may open which screen and read which report, role by role (docs/domain.md, People and roles;
//! GDUFS 第四条、第五条、第八条(四); HBUT 第四条、第六条), and who sees which matter.

mod common;
use common::*;
use shared::engine::{self, Action};
use shared::matter::Matter;
use shared::record::Reminder;
use shared::visibility::{self, Audience};
use shared::{Capability as C, ProcedureId, Role};

fn allowed(role: Role) -> Vec<C> {
    C::ALL.into_iter().filter(|c| role.allows(*c)).collect()
}

#[test]
fn the_office_runs_the_ledger_the_queues_and_every_report() {
    // GDUFS 第四条: 学校办公室 (督办室) 负责督办工作的组织协调; 第八条(四): 汇总、通报.
    assert_eq!(
        allowed(Role::Office),
        [
            C::Ledger,
            C::ProposeMatter,
            C::Escalations,
            C::Dashboard,
            C::Briefings,
            C::IssueBriefing,
            C::QuarterlyReport,
            C::UnitStats,
            C::Accountability,
            C::CheckIntegrity,
            C::ListUsers,
        ]
    );
}

#[test]
fn leaders_read_the_dashboard_and_the_reports_and_decide_but_issue_nothing() {
    // GDUFS 第八条(四): 向学校领导班子汇报; HBUT 第四条: 校领导审定.
    assert_eq!(
        allowed(Role::Leader),
        [
            C::Ledger,
            C::Dashboard,
            C::Decide,
            C::Briefings,
            C::QuarterlyReport,
            C::UnitStats,
        ]
    );
    assert!(!Role::Leader.allows(C::IssueBriefing));
    assert!(!Role::Leader.allows(C::ProposeMatter));
}

#[test]
fn the_discipline_office_sees_the_accountability_list_and_nothing_else() {
    // HBUT 第六条: 二次催办仍未落实的, 移交纪委.
    assert_eq!(allowed(Role::Discipline), [C::Accountability]);
}

#[test]
fn units_work_their_inbox_and_see_no_report_nor_the_leadership_dashboard() {
    for role in [Role::UnitHead, Role::Liaison, Role::Handler] {
        assert_eq!(allowed(role), [C::Inbox], "{role}");
        assert!(!role.allows(C::Dashboard));
        assert!(!role.allows(C::Accountability));
    }
}

#[test]
fn the_administrator_manages_people_units_the_calendar_and_the_settings_and_reads_no_report() {
    assert_eq!(
        allowed(Role::Admin),
        [
            C::CheckIntegrity,
            C::ListUsers,
            C::ManageUsers,
            C::EditCalendar,
            C::EditSettings
        ]
    );
}

#[test]
fn every_role_may_open_the_screen_it_lands_on() {
    for role in Role::ALL {
        assert!(role.allows(role.home()), "{role}");
    }
}

#[test]
fn only_roles_the_templates_let_propose_may_open_the_new_matter_screen() {
    // The menu and the engine must agree: a menu entry whose action the engine refuses is a dead end.
    let mut w = World::new(d(2026, 3, 2));
    for role in Role::ALL {
        let who = shared::Actor {
            user_id: "x".into(),
            role,
            unit: role.is_unit_role().then(|| LEAD.to_owned()),
        };
        let proposal = Action::Propose {
            procedure: ProcedureId::GdufsKey,
            matter: draft(Some(d(2026, 5, 29))),
        };
        let engine_allows = engine::create(&proposal, &who, &w.ctx()).is_ok();
        assert_eq!(role.allows(C::ProposeMatter), engine_allows, "{role}");
    }
}

fn second_reminded(mut m: Matter) -> Matter {
    m.reminders.push(Reminder {
        content: "二次催办".into(),
        due: d(2026, 4, 24),
        second: true,
        on: d(2026, 4, 20),
        signed: None,
    });
    m
}

#[test]
fn a_unit_sees_the_matters_it_leads_or_assists_and_no_other() {
    // GDUFS 第八条(二): 主办单位 and 协办单位.
    let m = issued(ProcedureId::GdufsKey, Some(d(2026, 5, 29))).m();
    for role in [Role::UnitHead, Role::Liaison, Role::Handler] {
        assert!(visibility::sees(role, Some(LEAD), &m));
        assert!(visibility::sees(role, Some(ASSIST), &m));
        assert!(!visibility::sees(role, Some(OTHER), &m));
        assert!(
            !visibility::sees(role, None, &m),
            "a unit role without a unit sees nothing"
        );
    }
}

#[test]
fn the_office_and_leaders_see_every_matter_and_the_administrator_none() {
    let m = issued(ProcedureId::GdufsKey, Some(d(2026, 5, 29))).m();
    assert!(visibility::sees(Role::Office, None, &m));
    assert!(visibility::sees(Role::Leader, None, &m));
    assert!(!visibility::sees(Role::Admin, None, &m));
}

#[test]
fn the_discipline_office_sees_a_matter_once_a_second_reminder_was_sent() {
    // HBUT 第六条.
    let m = issued(ProcedureId::Hbut, Some(d(2026, 3, 23))).m();
    assert!(!visibility::sees(Role::Discipline, None, &m));
    let m = second_reminded(m);
    assert!(visibility::sees(Role::Discipline, None, &m));
    assert_eq!(
        visibility::audiences(&m),
        [
            Audience::Everyone,
            Audience::Unit(LEAD.into()),
            Audience::Unit(ASSIST.into()),
            Audience::Discipline,
        ]
    );
}

#[test]
fn a_kind_is_named_as_the_gdufs_procedure_of_that_kind() {
    // GDUFS 第八条(一): 常规提醒事项 and 重点督办事项, the same words on screen, in Excel and in print.
    for id in [ProcedureId::GdufsRoutine, ProcedureId::GdufsKey] {
        let t = shared::procedure::template(id);
        assert_eq!(id.kind().name_zh(), t.name_zh);
        assert_eq!(id.kind().name_en(), t.name_en);
    }
}

#[test]
fn lights_are_named_as_the_regulations_name_them() {
    use shared::Light;
    let names: Vec<_> = Light::ALL.iter().map(|l| l.name_zh()).collect();
    assert_eq!(names, ["红灯", "黄灯", "绿灯", "已办结"]);
    let codes: Vec<_> = Light::ALL.iter().map(|l| l.code()).collect();
    let json: Vec<_> = Light::ALL
        .iter()
        .map(|l| serde_json::to_value(l).unwrap())
        .collect();
    assert_eq!(json, codes, "the code is the API's");
}
