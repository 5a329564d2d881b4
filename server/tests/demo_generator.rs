//! The demo scenario: made only through the engine, it replays, covers every stage and light, and is deterministic.

use chrono::{Datelike, NaiveDate, Timelike};
use server::seed::generator::{self as demo, DemoPeople, Scenario};
use shared::engine::{self, Action, ActionKind, Event};
use shared::escalation::EscalationReason;
use shared::light::{self, Light};
use shared::matter::MatterKind;
use shared::procedure::template;
use shared::record::ReturnMode;
use shared::{Calendar, Matter, ProcedureId};
use std::collections::{HashMap, HashSet};

const UNITS: [&str; 20] = [
    "jwc", "xsc", "yjsy", "kyc", "rsc", "cwc", "zcc", "hqc", "bwc", "tsg", "xxzx", "gjc", "zsjy",
    "xcb", "zzb", "twb", "sxy", "wxy", "fxy", "jjxy",
];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 22)
}

fn make(today: NaiveDate, seed: u64) -> (Scenario, Calendar) {
    let cal = Calendar::official();
    (demo::scenario(today, &UNITS, 60, seed, &cal), cal)
}

fn matters(s: &Scenario) -> Vec<Matter> {
    s.histories
        .iter()
        .map(|h| engine::replay(h).expect("a history starts with its creation"))
        .collect()
}

fn events(s: &Scenario) -> impl Iterator<Item = &Event> {
    s.histories.iter().flatten()
}

fn has(s: &Scenario, pred: impl Fn(&Event) -> bool) -> bool {
    events(s).any(pred)
}

/// What every scenario must show, whatever the seed and the day.
fn assert_covers(s: &Scenario, cal: &Calendar, today: NaiveDate) {
    let ms = matters(s);
    for p in ProcedureId::ALL {
        let t = template(p);
        let reached: HashSet<_> = s
            .histories
            .iter()
            .zip(&ms)
            .filter(|(_, m)| m.procedure == p)
            .flat_map(|(h, _)| h.iter().map(|e| e.stage_after))
            .collect();
        for stage in t.stages.iter().map(|s| s.stage).chain(t.terminals.clone()) {
            assert!(reached.contains(&stage), "{p:?} never reaches {stage:?}");
        }
    }
    let lights: HashSet<Light> = ms.iter().map(|m| light::light(m, today, cal, 3)).collect();
    for l in [Light::Green, Light::Yellow, Light::Red, Light::Done] {
        assert!(lights.contains(&l), "no {l:?} matter on {today}");
    }
    assert!(ms.iter().any(|m| m.kind == MatterKind::Routine));
    assert!(ms.iter().any(|m| m.kind == MatterKind::Key));
    assert!(has(s, |e| matches!(
        e.action,
        Action::StartEmergency { .. }
    )));
    assert!(has(s, |e| matches!(&e.action,
        Action::Escalate { reasons, .. } if reasons.contains(&EscalationReason::Emergency))));
    assert!(has(s, |e| matches!(&e.action,
        Action::Escalate { reasons, .. } if reasons.contains(&EscalationReason::Overdue))));
    assert!(
        ms.iter()
            .any(|m| m.long_term && m.year > m.proposed_on.year())
    );
    assert!(ms.iter().any(|m| m.second_reminder()));
    assert!(
        ms.iter()
            .any(|m| m.reminder_count() > 0 && !m.second_reminder())
    );
    let decided = |approved: bool| {
        ms.iter().any(|m| {
            m.extension_requests
                .iter()
                .any(|r| r.decision.as_ref().is_some_and(|x| x.approved == approved))
        })
    };
    assert!(decided(true) && decided(false));
    // Returned once with reasons, resubmitted, then passed.
    assert!(ms.iter().any(|m| {
        m.reviews.first().is_some_and(|r| {
            !r.passed && r.mode == Some(ReturnMode::Supplement) && !r.reasons.is_empty()
        }) && m.reviews.last().is_some_and(|r| r.passed)
    }));
    assert!(
        ms.iter()
            .any(|m| !m.rectification_items.is_empty() && m.open_rectification_items() == 0)
    );
    for kind in [ActionKind::RecordFollowUp, ActionKind::ReportObstacle] {
        assert!(has(s, |e| e.action.kind() == kind), "no {kind:?}");
    }
}

#[test]
fn the_default_scenario_covers_every_stage_light_and_path() {
    let (s, cal) = make(today(), 7);
    assert_covers(&s, &cal, today());
    assert!(s.histories.len() > 60, "escalations add key items");
}

#[test]
fn every_history_replays_exactly_and_keeps_the_engine_invariants() {
    let (s, _) = make(today(), 7);
    let mut ids = HashSet::new();
    for h in &s.histories {
        let first = &h[0];
        assert!(ids.insert(first.matter_id.clone()), "id given twice");
        let mut m = engine::replay(&h[..1]).unwrap();
        for (k, e) in h.iter().enumerate().skip(1) {
            assert_eq!(e.seq as usize, k + 1);
            assert_eq!(e.matter_id, first.matter_id);
            assert_eq!(e.stage_before, Some(m.stage));
            // Each step on a later working day than the one before.
            assert!(
                e.on > h[k - 1].on,
                "{} step {k} not after the last",
                e.matter_id
            );
            m = engine::apply(&m, e);
        }
        assert_eq!(engine::replay(h), Some(m));
    }
    let ms: HashMap<_, _> = matters(&s).into_iter().map(|m| (m.id.clone(), m)).collect();
    for m in ms.values() {
        if let Some(to) = &m.escalated_to {
            assert_eq!(ms[to].escalated_from.as_deref(), Some(m.id.as_str()));
            assert_eq!(*to, format!("{}-k", m.id));
        }
    }
    assert!(ms.contains_key("demo-0001") && ms.contains_key("demo-0060"));
}

#[test]
fn nothing_happens_after_today_or_outside_office_hours() {
    let (s, cal) = make(today(), 7);
    for h in &s.histories {
        // About four months back, but for the long-term matter carried over from last year.
        let since = if h[0].on.year() < today().year() {
            d(2025, 11, 1)
        } else {
            d(2026, 7, 1)
        };
        for e in h {
            assert!(e.on <= today(), "{} on {}", e.matter_id, e.on);
            assert!((2..9).contains(&e.at.hour()), "at {}", e.at);
            assert!(cal.is_working_day(e.on), "{} on a day off", e.on);
            assert!(e.on >= since, "{} on {}", e.matter_id, e.on);
        }
    }
}

/// Each year numbers from 1 in the order matters are registered (GDUFS 第九条(一)).
#[test]
fn numbers_are_unique_and_follow_registration_order() {
    let (s, _) = make(today(), 7);
    let mut numbered: Vec<_> = events(&s)
        .filter_map(|e| e.facts.number.as_ref().map(|n| (e.at, n.to_string())))
        .collect();
    numbered.sort();
    for year in [2025, 2026] {
        let numbers: Vec<_> = numbered
            .iter()
            .filter(|(at, _)| at.year() == year)
            .map(|(_, n)| n.clone())
            .collect();
        let unique: HashSet<_> = numbers.iter().collect();
        assert_eq!(unique.len(), numbers.len());
        let expected: Vec<_> = (1..=numbers.len())
            .map(|i| format!("督〔{year}〕{i}号"))
            .collect();
        assert_eq!(numbers, expected);
    }
}

#[test]
fn the_matters_spread_over_many_units_as_lead_and_assisting() {
    let (s, _) = make(today(), 7);
    let ms = matters(&s);
    let leads: HashSet<_> = ms.iter().map(|m| m.lead_unit.as_str()).collect();
    let assisting: HashSet<_> = ms
        .iter()
        .flat_map(|m| m.assisting_units.iter().map(String::as_str))
        .collect();
    assert!(leads.len() >= 15, "{} lead units", leads.len());
    assert!(assisting.len() >= 10, "{} assisting units", assisting.len());
    assert!(ms.iter().all(|m| m.assisting_units.len() <= 2));
    let people: HashSet<_> = DemoPeople::new(&UNITS)
        .all()
        .into_iter()
        .map(|a| a.user_id.clone())
        .collect();
    assert!(events(&s).all(|e| people.contains(&e.actor.user_id)));
}

#[test]
fn the_same_seed_gives_the_same_scenario() {
    let (a, _) = make(today(), 7);
    let (b, _) = make(today(), 7);
    let (c, _) = make(today(), 8);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn other_seeds_and_days_cover_everything_too() {
    // Across a new year, and around the 2026 Spring Festival and National Day breaks.
    for (today, seed) in [
        (d(2026, 1, 12), 1),
        (d(2026, 3, 2), 2),
        (d(2026, 10, 9), 3),
        (d(2026, 6, 15), 4),
    ] {
        let (s, cal) = make(today, seed);
        assert_covers(&s, &cal, today);
    }
}

#[test]
#[ignore = "scale: run with --release"]
fn two_hundred_thousand_matters_are_made_quickly() {
    let cal = Calendar::official();
    let start = std::time::Instant::now();
    let mut n = 0usize;
    let mut events = 0usize;
    demo::for_each_history(today(), &UNITS, 200_000, 42, &cal, |h| {
        n += 1;
        events += h.len();
    });
    let took = start.elapsed();
    eprintln!("200k matters: {n} histories, {events} events in {took:?}");
    assert!(n >= 200_000);
    assert!(took.as_secs() < 60);
}
