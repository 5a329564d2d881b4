//! The admin's settings: the shipped defaults are today's rules, each setting changes its rule, and
//! a value out of range is refused by the field's name.

mod common;
use common::*;
use shared::engine::Action;
use shared::escalation::{self, EscalationConfig, EscalationReason};
use shared::light::light;
use shared::settings::{EnabledProcedures, Settings};
use shared::stats::{BulletinRules, UnitStats, commendation_and_criticism};
use shared::{Context, Light, ProcedureId};

fn with(change: impl FnOnce(&mut Settings)) -> Settings {
    let mut s = Settings::default();
    change(&mut s);
    s
}

fn refused_field(s: Settings) -> String {
    match s.check() {
        Ok(_) => panic!("accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_defaults_are_the_rules_as_shipped() {
    let s = Settings::default()
        .check()
        .expect("the defaults are in range");
    assert_eq!(
        s.number_format().format(2026, 12).as_str(),
        "督〔2026〕12号"
    );
    assert_eq!(s.yellow_days, shared::engine::DEFAULT_YELLOW_DAYS);
    assert_eq!(s.yellow_days, 3);
    assert_eq!(s.escalation(), EscalationConfig::default());
    assert_eq!(s.escalation().reminders_without_result, 2);
    assert_eq!(s.bulletin(), BulletinRules::default());
    assert_eq!(s.procedures, EnabledProcedures::default());
    let cal = shared::Calendar::official();
    let ctx = Context::new(morning(d(2026, 3, 2)), &cal).with_settings(&s);
    let plain = Context::new(morning(d(2026, 3, 2)), &cal);
    assert_eq!(ctx.yellow_days, plain.yellow_days);
    assert_eq!(
        ctx.reminders_before_escalation,
        plain.reminders_before_escalation
    );
}

#[test]
fn a_longer_yellow_lead_time_turns_a_light_yellow_earlier() {
    // Due Friday 20 March 2026; on Friday 13 March it is five working days away.
    let w = issued(ProcedureId::GdufsKey, Some(d(2026, 3, 20)));
    let m = w.m();
    let today = d(2026, 3, 13);
    let shipped = Context::new(morning(today), &w.cal).with_settings(&Settings::default());
    assert_eq!(light(&m, today, &w.cal, shipped.yellow_days), Light::Green);
    let five = with(|s| s.yellow_days = 5).check().unwrap();
    let ctx = Context::new(morning(today), &w.cal).with_settings(&five);
    assert_eq!(light(&m, today, &w.cal, ctx.yellow_days), Light::Yellow);
}

#[test]
fn a_changed_number_format_changes_the_number() {
    let s = with(|s| s.number_format = "校督字〔{year}〕第{seq:3}号".into())
        .check()
        .unwrap();
    assert_eq!(
        s.number_format().format(2026, 7).as_str(),
        "校督字〔2026〕第007号"
    );
}

#[test]
fn duoci_cuiban_takes_as_many_reminders_as_the_admin_set() {
    // GDUFS 第十条(一)3: 经多次催办仍不能按要求完成的.
    let mut w = issued(ProcedureId::GdufsRoutine, None);
    w.on(d(2026, 3, 5))
        .act(&liaison(LEAD), commitment(d(2026, 4, 30)));
    w.act(
        &office(),
        Action::SendReminder {
            content: "请尽快办理".into(),
            due: d(2026, 3, 20),
        },
    );
    let m = w.m();
    let today = d(2026, 3, 6);
    let reasons = |s: Settings| escalation::reasons(&m, today, &s.check().unwrap().escalation());
    assert_eq!(reasons(Settings::default()), vec![]);
    assert_eq!(
        reasons(with(|s| s.escalation_reminders = 1)),
        vec![EscalationReason::RemindersWithoutResult]
    );
}

#[test]
fn the_bulletin_thresholds_decide_commendation_and_criticism() {
    let unit = UnitStats {
        unit: "jwc".into(),
        completed: 5,
        on_time: 4,
        on_time_rate: Some(0.8),
        ..UnitStats::default()
    };
    let shipped =
        commendation_and_criticism(std::slice::from_ref(&unit), &Settings::default().bulletin());
    assert!(shipped.commended.is_empty() && shipped.criticized.is_empty());
    let lenient = with(|s| s.commend_rate_percent = 80).check().unwrap();
    let b = commendation_and_criticism(std::slice::from_ref(&unit), &lenient.bulletin());
    assert_eq!(b.commended, vec!["jwc".to_owned()]);
    let strict = with(|s| s.criticize_rate_percent = 90).check().unwrap();
    let b = commendation_and_criticism(std::slice::from_ref(&unit), &strict.bulletin());
    assert_eq!(b.criticized.len(), 1);
}

#[test]
fn a_disabled_procedure_starts_no_new_matter_but_its_matters_continue() {
    let s = with(|s| s.procedures.hbut = false).check().unwrap();
    let propose = |procedure| Action::Propose {
        procedure,
        matter: draft(None),
    };
    let e = s.may_create(&propose(ProcedureId::Hbut)).unwrap_err();
    assert!(e.to_string().starts_with("procedure："), "{e}");
    assert!(s.may_create(&propose(ProcedureId::GdufsKey)).is_ok());
    assert!(s.may_create(&Action::Register {}).is_ok());
    let no_emergency = with(|s| s.procedures.gdufs_emergency = false);
    let start = Action::StartEmergency {
        title: "暴雨".into(),
        content: "排查".into(),
        lead_unit: LEAD.into(),
        assisting_units: vec![],
        how_started: "电话".into(),
    };
    assert!(no_emergency.may_create(&start).is_err());
    assert!(
        no_emergency
            .may_create(&propose(ProcedureId::GdufsKey))
            .is_ok()
    );
}

#[test]
fn a_value_out_of_range_is_refused_by_its_field() {
    for (s, field) in [
        (with(|s| s.yellow_days = 0), "yellow_days"),
        (with(|s| s.yellow_days = 11), "yellow_days"),
        (with(|s| s.escalation_reminders = 0), "escalation_reminders"),
        (
            with(|s| s.number_format = "督〔{year}〕".into()),
            "number_format",
        ),
        (
            with(|s| s.number_format = "督-{seq}".into()),
            "number_format",
        ),
        (
            with(|s| s.number_format = "{year}{seq}".repeat(5)),
            "number_format",
        ),
        (
            with(|s| s.commend_rate_percent = 101),
            "commend_rate_percent",
        ),
        (
            with(|s| s.criticize_rate_percent = 100),
            "criticize_rate_percent",
        ),
        (with(|s| s.criticize_returns = 0), "criticize_returns"),
        (
            with(|s| s.commend_min_completed = 0),
            "commend_min_completed",
        ),
        (
            with(|s| {
                s.procedures = EnabledProcedures {
                    gdufs_routine: false,
                    gdufs_key: false,
                    gdufs_emergency: false,
                    hbut: false,
                }
            }),
            "procedures",
        ),
    ] {
        let why = refused_field(s);
        assert!(why.starts_with(&format!("{field}：")), "{field}: {why}");
        assert!(why.contains(&format!(" / {field}: ")), "{field}: {why}");
    }
}
