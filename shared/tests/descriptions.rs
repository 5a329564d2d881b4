//! Each action's description builds its action: a filled form becomes the action the API takes, a
//! blank or oversized field is refused by name, the history line and the notices follow from it.

use serde_json::{Value, json};
use shared::api::NotificationKind;
use shared::engine::{
    Action, ActionKind, Bound, FieldName, Input, Invalid, Problem, Recipients, Recorded, When,
    build, describe, notices,
};
use shared::limits::MAX_LIST_ITEMS;

/// The kinds with a form on a matter's page (the others are created from the ledger).
fn with_forms() -> impl Iterator<Item = ActionKind> {
    ActionKind::ALL.into_iter().filter(|k| !k.creates_matter())
}

/// A value each kind of input takes; every text names its field, so a field put into the wrong
/// part of the record shows.
fn typical(name: FieldName, input: Input) -> String {
    match input {
        Input::Text | Input::Person | Input::Area | Input::Leader | Input::Unit => {
            format!("{} 所填", name.code())
        }
        Input::Date => "2026-12-31".into(),
        Input::Check => "true".into(),
        // The last choice: reject, return, redo, on site — the ones that need the most.
        Input::Select(choices) => choices[choices.len() - 1].value.into(),
        Input::Lines if name == FieldName::Items => "修订清单｜张敏｜2026-12-31".into(),
        Input::Lines => format!("{} 一\n{} 二", name.code(), name.code()),
        Input::Item => "0".into(),
    }
}

/// Builds `kind` from typical values, with `changed` typed instead into one field.
fn build_with(kind: ActionKind, changed: Option<(FieldName, &str)>) -> Result<Action, Invalid> {
    let form = describe(kind);
    let get = |name: FieldName| match changed {
        Some((n, typed)) if n == name => typed.to_owned(),
        _ => form
            .field(name)
            .map(|f| typical(name, f.input))
            .unwrap_or_default(),
    };
    build(kind, &get)
}

fn json_of(action: &Action) -> serde_json::Map<String, Value> {
    match serde_json::to_value(action).unwrap() {
        Value::Object(map) => map,
        other => panic!("{other}"),
    }
}

/// Fields the form asks for that the action records under another name or shape.
const FORM_ONLY: [FieldName; 6] = [
    FieldName::Decision,
    FieldName::Result,
    FieldName::Overdue,
    FieldName::ReviewFailed,
    FieldName::Reminders,
    FieldName::Emergency,
];

#[test]
fn a_filled_form_builds_its_action_and_records_each_field_under_its_name() {
    for kind in with_forms() {
        let action = build_with(kind, None).unwrap_or_else(|e| panic!("{kind:?}: {e:?}"));
        assert_eq!(action.kind(), kind);
        assert_eq!(action.check_limits(), Ok(()), "{kind:?}");
        let json = json_of(&action);
        let back: Action = serde_json::from_value(Value::Object(json.clone())).unwrap();
        assert_eq!(back, action, "{kind:?} survives the API's JSON");
        for field in describe(kind).fields {
            let code = field.name.code();
            if FORM_ONLY.contains(&field.name) {
                continue;
            }
            let recorded = json
                .get(code)
                .unwrap_or_else(|| panic!("{kind:?} records no {code}"));
            if matches!(
                field.input,
                Input::Text | Input::Person | Input::Area | Input::Leader | Input::Unit
            ) {
                assert_eq!(
                    recorded,
                    &json!(typical(field.name, field.input)),
                    "{kind:?}"
                );
            }
        }
    }
}

#[test]
fn a_blank_required_field_is_refused_and_named() {
    for kind in with_forms() {
        for field in describe(kind).fields {
            let blank = build_with(kind, Some((field.name, "  ")));
            if field.required && field.input != Input::Check {
                assert_eq!(
                    blank,
                    Err(Invalid {
                        field: Some(field.name),
                        problem: Problem::Missing
                    }),
                    "{kind:?}"
                );
            } else if field.name != FieldName::Reasons {
                assert!(blank.is_ok(), "{kind:?} {:?}: {blank:?}", field.name);
            }
        }
    }
}

/// The engine refuses what the form would: `value` under the field's name fails `check_limits`.
fn engine_refuses(kind: ActionKind, code: &str, value: Value) {
    let mut json = json_of(&build_with(kind, None).unwrap());
    json.insert(code.to_owned(), value);
    let action: Action = serde_json::from_value(Value::Object(json)).unwrap();
    let e = action.check_limits().unwrap_err();
    assert!(
        e.to_string().contains(code) || matches!(code, "items"),
        "{kind:?} {code}: {e}"
    );
}

#[test]
fn a_field_over_its_bound_is_refused_and_named_and_the_engine_draws_the_same_line() {
    for kind in with_forms() {
        for field in describe(kind).fields {
            let code = field.name.code();
            let refused = |problem| {
                Err(Invalid {
                    field: Some(field.name),
                    problem,
                })
            };
            match field.bound {
                Bound::Free => {}
                Bound::Chars(max) => {
                    let at = "字".repeat(max);
                    let action = build_with(kind, Some((field.name, &at))).unwrap();
                    assert_eq!(action.check_limits(), Ok(()), "{kind:?} {code}");
                    let over = "字".repeat(max + 1);
                    assert_eq!(
                        build_with(kind, Some((field.name, &over))),
                        refused(Problem::TooLong(max)),
                        "{kind:?}"
                    );
                    engine_refuses(kind, code, json!(over));
                }
                Bound::Lines(max) => {
                    let line = typical(field.name, field.input);
                    let line = line.lines().next().unwrap();
                    let many = vec![line; MAX_LIST_ITEMS + 1].join("\n");
                    assert_eq!(
                        build_with(kind, Some((field.name, &many))),
                        refused(Problem::TooMany(MAX_LIST_ITEMS)),
                        "{kind:?}"
                    );
                    let enough = vec![line; MAX_LIST_ITEMS].join("\n");
                    assert!(build_with(kind, Some((field.name, &enough))).is_ok());
                    let long = "字".repeat(max + 1);
                    assert_eq!(
                        build_with(kind, Some((field.name, &long))),
                        refused(Problem::TooLong(max)),
                        "{kind:?}"
                    );
                    let json = json_of(&build_with(kind, None).unwrap());
                    let entry = json[code][0].clone();
                    engine_refuses(kind, code, json!(vec![entry.clone(); MAX_LIST_ITEMS + 1]));
                    if entry.is_string() {
                        engine_refuses(kind, code, json!([long]));
                    }
                }
            }
        }
    }
}

#[test]
fn a_form_refuses_what_its_record_cannot_hold() {
    let named = |e: Result<Action, Invalid>| e.unwrap_err().field;
    let reply = build_with(ActionKind::Reply, Some((FieldName::PromisedDate, "下周五")));
    assert_eq!(
        reply.unwrap_err(),
        Invalid {
            field: Some(FieldName::PromisedDate),
            problem: Problem::NotADate
        }
    );
    let unticked = build_with(ActionKind::Escalate, Some((FieldName::Overdue, "")));
    assert!(unticked.is_ok(), "one reason ticked is enough");
    let blank = build(ActionKind::Escalate, &|_| String::new());
    assert_eq!(named(blank), Some(FieldName::Note));
    let none = build(ActionKind::Escalate, &|name| match name {
        FieldName::Note | FieldName::LeadLeader => "已填".into(),
        _ => String::new(),
    });
    assert_eq!(named(none), Some(FieldName::Overdue));
    let return_without_reasons =
        build_with(ActionKind::ReviewReport, Some((FieldName::Reasons, "")));
    assert_eq!(
        return_without_reasons.unwrap_err().problem,
        Problem::NoReasons
    );
    let bad_line = build_with(
        ActionKind::OrderRectification,
        Some((FieldName::Items, "只有事项")),
    );
    assert_eq!(bad_line.unwrap_err().problem, Problem::BadItem);
    let long_owner = format!("事项｜{}｜2026-12-31", "名".repeat(201));
    let owner = build_with(
        ActionKind::OrderRectification,
        Some((FieldName::Items, &long_owner)),
    );
    assert_eq!(owner.unwrap_err().problem, Problem::TooLong(200));
    assert_eq!(
        build(ActionKind::Propose, &|_| String::new()).unwrap_err(),
        Invalid {
            field: None,
            problem: Problem::NotHere
        }
    );
}

fn line_of(action: &Action) -> String {
    let json = serde_json::to_string(action).unwrap();
    serde_json::from_str::<Recorded>(&json).unwrap().line()
}

#[test]
fn every_field_a_history_line_reads_is_one_the_action_records() {
    use shared::engine::Part;
    fn names(parts: &[Part], out: &mut Vec<FieldName>) {
        for part in parts {
            match *part {
                Part::Value(n) | Part::Joined(n) | Part::Count(n) => out.push(n),
                Part::Either(n, yes, no) => {
                    out.push(n);
                    names(yes, out);
                    names(no, out);
                }
                Part::Words(_) => {}
            }
        }
    }
    for kind in with_forms() {
        let json = json_of(&build_with(kind, None).unwrap());
        let form = describe(kind);
        let mut read = Vec::new();
        names(form.line, &mut read);
        for name in read {
            assert!(json.contains_key(name.code()), "{kind:?} has no {name:?}");
        }
        // A notice or a side path that depends on a yes/no reads one the action records.
        let whens = form.notices.iter().map(|n| n.when);
        for when in whens.chain(form.side.map(|s| s.when)) {
            if let When::No(name) = when {
                assert!(
                    json[name.code()].is_boolean(),
                    "{kind:?} has no yes/no {name:?}"
                );
            }
        }
    }
}

#[test]
fn a_returned_review_is_a_side_path_on_the_flowchart_and_a_passed_one_is_not() {
    let side = |a: &Action| {
        let json = serde_json::to_string(a).unwrap();
        serde_json::from_str::<Recorded>(&json).unwrap().side()
    };
    let returned = build_with(ActionKind::ReviewReport, None).unwrap();
    assert_eq!(side(&returned), Some(("退回重办", "Returned")));
    let passed = build_with(ActionKind::ReviewReport, Some((FieldName::Result, "pass"))).unwrap();
    assert_eq!(side(&passed), None);
    let reminder = build_with(ActionKind::SendReminder, None).unwrap();
    assert_eq!(side(&reminder), Some(("催办", "Reminder")));
    assert_eq!(side(&build_with(ActionKind::SignFor, None).unwrap()), None);
}

#[test]
fn a_history_line_shows_the_facts_the_action_recorded() {
    let reply = build_with(ActionKind::Reply, None).unwrap();
    assert_eq!(line_of(&reply), "承诺 2026-12-31：measures 所填");
    let rejected = build_with(ActionKind::DecideExtension, None).unwrap();
    assert_eq!(line_of(&rejected), "不同意：opinion 所填");
    let approved = build_with(
        ActionKind::DecideExtension,
        Some((FieldName::Decision, "approve")),
    );
    assert_eq!(line_of(&approved.unwrap()), "同意：opinion 所填");
    let returned = build_with(ActionKind::ReviewReport, None).unwrap();
    assert_eq!(line_of(&returned), "退回：reasons 一；reasons 二");
    let passed = build_with(ActionKind::ReviewReport, Some((FieldName::Result, "pass")));
    assert_eq!(line_of(&passed.unwrap()), "通过");
    let order = build_with(ActionKind::OrderRectification, None).unwrap();
    assert_eq!(line_of(&order), "1 项");
    assert_eq!(line_of(&Action::Register {}), "");
    let proposal = json!({"type": "propose", "procedure": "hbut", "matter": {"title": "修订大纲"}});
    let recorded: Recorded = serde_json::from_value(proposal).unwrap();
    assert_eq!(recorded.line(), "修订大纲");
}

#[test]
fn a_second_reminder_is_copied_to_the_discipline_office() {
    let second = build_with(ActionKind::SendSecondReminder, None).unwrap();
    assert_eq!(
        notices(&second).collect::<Vec<_>>(),
        [
            (Recipients::LeadUnit, NotificationKind::SecondReminder),
            (Recipients::Discipline, NotificationKind::SecondReminder)
        ]
    );
}

#[test]
fn only_a_returned_report_tells_the_lead_unit() {
    let returned = build_with(ActionKind::ReviewReport, None).unwrap();
    assert_eq!(
        notices(&returned).collect::<Vec<_>>(),
        [(Recipients::LeadUnit, NotificationKind::Returned)]
    );
    let passed = build_with(ActionKind::ReviewReport, Some((FieldName::Result, "pass"))).unwrap();
    assert_eq!(notices(&passed).count(), 0);
}

#[test]
fn every_field_name_is_found_by_its_code_and_no_two_share_one() {
    for name in FieldName::ALL {
        assert_eq!(FieldName::from_code(name.code()), Some(*name));
    }
    let mut codes: Vec<&str> = FieldName::ALL.iter().map(|n| n.code()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), FieldName::ALL.len());
}

#[test]
fn the_escalation_form_asks_for_the_note_and_a_lead_leader_and_starts_from_the_grounds() {
    // GDUFS 第十条(一): the office says why an item becomes a key item, and names who leads it.
    use shared::escalation::{EscalationReason as R, prefill};
    let form = describe(ActionKind::Escalate);
    let note = form.field(FieldName::Note).expect("a note");
    let leader = form.field(FieldName::LeadLeader).expect("a lead leader");
    assert!(note.required && leader.required);
    assert_eq!(leader.input, Input::Leader);
    let Ok(Action::Escalate { lead_leader, .. }) = build_with(ActionKind::Escalate, None) else {
        panic!("builds")
    };
    assert_eq!(lead_leader.as_deref(), Some("lead_leader 所填"));

    let grounds = [R::Overdue, R::RemindersWithoutResult];
    assert_eq!(prefill(FieldName::Overdue, &grounds, false), "true");
    assert_eq!(prefill(FieldName::ReviewFailed, &grounds, false), "");
    assert_eq!(prefill(FieldName::Reminders, &grounds, false), "true");
    assert_eq!(
        prefill(FieldName::Note, &grounds, false),
        "因未能在规定时限内完成、经多次催办仍未完成，转为重点督办。"
    );
    assert_eq!(prefill(FieldName::Note, &[], false), "");
}

#[test]
fn leaders_are_picked_from_a_list_wherever_a_form_names_one() {
    for kind in with_forms() {
        for field in describe(kind).fields {
            if matches!(
                field.name,
                FieldName::LeadLeader | FieldName::LeaderInCharge
            ) {
                assert_eq!(field.input, Input::Leader, "{kind:?} {:?}", field.name);
            }
            if field.name == FieldName::UncooperativeUnit {
                assert_eq!(field.input, Input::Unit, "{kind:?}");
            }
        }
    }
}
