//! The JSON contract with the server and the app: tagged actions, unknown fields refused, events round-trip.

mod common;
use common::*;
use serde_json::json;
use shared::engine::{Action, Event};
use shared::procedure::{ProcedureId, template};

#[test]
fn an_action_is_tagged_by_type_in_snake_case() {
    let a = Action::SendReminder {
        content: "请办理".into(),
        due: d(2026, 3, 20),
    };
    assert_eq!(
        serde_json::to_value(&a).unwrap(),
        json!({"type":"send_reminder","content":"请办理","due":"2026-03-20"})
    );
    let r: Action = serde_json::from_value(json!({"type":"register"})).unwrap();
    assert_eq!(r, Action::Register {});
    let reply: Action = serde_json::from_value(json!({
        "type":"reply","promised_date":"2026-04-30","measures":"m","completion_form":"f",
        "handler_name":"张三","handler_contact":"123"
    }))
    .unwrap();
    assert_eq!(reply.kind(), shared::ActionKind::Reply);
}

#[test]
fn unknown_fields_are_refused() {
    for v in [
        json!({"type":"register","number":"督〔2026〕1号"}),
        json!({"type":"send_reminder","content":"x","due":"2026-03-20","extra":1}),
        json!({"type":"reply","promised_date":"2026-04-30","measures":"m","completion_form":"f","handler_name":"a","handler_contact":"b","deadline":"2027-01-01"}),
        json!({"type":"submit_completion_report","content":"a","goal":"b","work_done":"c","results":"d","next_steps":"e","x":1}),
        json!({"type":"propose","procedure":"hbut","matter":{"title":"t","content":"c","source_category":"other","lead_unit":"u","id":"x"}}),
        json!({"type":"fly_away"}),
    ] {
        assert!(serde_json::from_value::<Action>(v.clone()).is_err(), "{v}");
    }
}

#[test]
fn events_round_trip_through_json_and_replay_the_same_matter() {
    let mut w = World::new(d(2026, 3, 2)).propose(ProcedureId::Hbut, draft(None));
    w.act(&office(), Action::Register {}).act(
        &office(),
        Action::Issue {
            copied_leaders: vec![],
        },
    );
    let json = serde_json::to_string(&w.events).unwrap();
    let back: Vec<Event> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, w.events);
    assert_eq!(shared::engine::replay(&back), Some(w.m()));
    let m = serde_json::to_value(w.m()).unwrap();
    assert_eq!(m["stage"], "assignment");
    assert_eq!(m["procedure"], "hbut");
}

#[test]
fn templates_serialize_for_the_app() {
    let t = serde_json::to_value(template(ProcedureId::GdufsKey)).unwrap();
    assert_eq!(t["stages"].as_array().unwrap().len(), 5);
    assert_eq!(t["stages"][0]["name_zh"], "立项督办");
}

#[test]
fn the_three_templates_have_four_five_and_eight_stages() {
    // GDUFS 第九条 (四个环节), 第十条 (五个环节), HBUT 第四条 (八步).
    let n = |id| template(id).stages.len();
    assert_eq!(
        (
            n(ProcedureId::GdufsRoutine),
            n(ProcedureId::GdufsKey),
            n(ProcedureId::Hbut)
        ),
        (4, 5, 8)
    );
    let names: Vec<_> = template(ProcedureId::Hbut)
        .stages
        .iter()
        .map(|s| s.name_zh)
        .collect();
    assert_eq!(
        names,
        [
            "拟办", "立项", "交办", "承办", "催办", "办结", "反馈", "归档"
        ]
    );
}
