//! The scope of supervision (GDUFS 第七条, HBUT 第三条), the two kinds of item and the forms of each template.

use shared::engine::ActionKind;
use shared::matter::{MatterKind, SourceCategory};
use shared::procedure::{Form, ProcedureId, Stage, template};

#[test]
fn the_source_categories_cover_both_scope_lists() {
    // GDUFS 第七条(一)–(六); HBUT 第三条(一)–(七).
    let json: Vec<String> = SourceCategory::ALL
        .iter()
        .map(|c| serde_json::to_string(c).unwrap())
        .collect();
    assert_eq!(
        json,
        [
            "\"higher_decision\"",
            "\"higher_instruction\"",
            "\"meeting_resolution\"",
            "\"plan_and_reform\"",
            "\"leader_instruction\"",
            "\"staff_student_concern\"",
            "\"emergency\"",
            "\"other\""
        ]
    );
    assert!(SourceCategory::ALL.iter().all(|c| !c.name_zh().is_empty()));
}

#[test]
fn items_are_routine_reminders_or_key_supervision() {
    // GDUFS 第八条(一): 督办事项分为常规提醒事项和重点督办事项，按照工作程序进行办理.
    assert_eq!(ProcedureId::GdufsRoutine.kind(), MatterKind::Routine);
    assert_eq!(ProcedureId::GdufsKey.kind(), MatterKind::Key);
}

#[test]
fn the_routine_template_sends_a_work_progress_reminder_and_the_key_template_a_supervision_sheet() {
    // GDUFS 第九条(一) 《工作进展提醒单》; 第十条(一) 《督办单》.
    let form = |id, stage| template(id).rule(stage, ActionKind::Issue).unwrap().form;
    assert_eq!(
        form(ProcedureId::GdufsRoutine, Stage::Filing),
        Some(Form::WorkProgressReminder)
    );
    assert_eq!(
        form(ProcedureId::GdufsKey, Stage::Filing),
        Some(Form::SupervisionSheet)
    );
    assert_eq!(
        form(ProcedureId::Hbut, Stage::Registration),
        Some(Form::AssignmentNotice)
    );
}

#[test]
fn only_the_office_leaders_and_units_appear_in_any_template() {
    // GDUFS 第四条–第六条; HBUT 第二条(三): 学校办公室统筹, 各单位归口落实, 校领导审定.
    for id in ProcedureId::ALL {
        for rule in template(id).stages.iter().flat_map(|s| &s.actions) {
            assert!(
                !rule
                    .roles
                    .iter()
                    .any(|r| matches!(r, shared::Role::Discipline | shared::Role::Admin))
            );
            assert!(!rule.roles.is_empty());
        }
    }
}
