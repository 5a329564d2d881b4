//! The demo lets a newcomer try every role at once: whoever signs in finds work waiting for them.

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use server::seed::demo::UNITS;
use server::seed::generator::{self as demo, DemoPeople};
use shared::engine::{self, ActionKind, Context};
use shared::escalation::{self, EscalationConfig};
use shared::role::Actor;
use shared::{Calendar, Matter};

/// A few days across a year, so the guarantee does not hold only for the day it was written.
fn days() -> Vec<NaiveDate> {
    [(2026, 12, 7), (2026, 11, 23), (2027, 1, 4), (2027, 3, 15)]
        .into_iter()
        .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("a date"))
        .collect()
}

fn demo_on(today: NaiveDate, cal: &Calendar) -> Vec<Matter> {
    let codes: Vec<&str> = UNITS.iter().map(|(code, _, _)| *code).collect();
    demo::scenario(today, &codes, 60, 2026, cal)
        .histories
        .iter()
        .map(|h| engine::replay(h).expect("a history starts with its creation"))
        .collect()
}

/// What `actor` may do on the demo's matters, on `today` at noon in China.
fn work_of(matters: &[Matter], actor: &Actor, today: NaiveDate, cal: &Calendar) -> Vec<ActionKind> {
    let noon = Utc
        .from_utc_datetime(&today.and_hms_opt(4, 0, 0).expect("noon in China"))
        .to_owned();
    let ctx = Context::new(noon, cal);
    matters
        .iter()
        .flat_map(|m| engine::allowed_actions(m, actor, &ctx))
        .collect()
}

#[test]
fn every_unit_login_finds_a_matter_it_can_act_on() {
    let cal = Calendar::official();
    for today in days() {
        let matters = demo_on(today, &cal);
        let codes: Vec<&str> = UNITS.iter().map(|(code, _, _)| *code).collect();
        for unit in DemoPeople::new(&codes).units {
            for person in [&unit.head, &unit.liaison, &unit.handler] {
                assert!(
                    !work_of(&matters, person, today, &cal).is_empty(),
                    "{} has nothing to do on {today}",
                    person.user_id
                );
            }
        }
    }
}

#[test]
fn each_leader_has_a_decision_waiting_and_the_office_every_queue() {
    let cal = Calendar::official();
    let codes: Vec<&str> = UNITS.iter().map(|(code, _, _)| *code).collect();
    let people = DemoPeople::new(&codes);
    for today in days() {
        let matters = demo_on(today, &cal);
        for leader in [&people.leader_in_charge, &people.other_leader] {
            assert!(
                !work_of(&matters, leader, today, &cal).is_empty(),
                "{} has no decision waiting on {today}",
                leader.user_id
            );
        }
        let office = work_of(&matters, &people.office, today, &cal);
        for kind in [
            ActionKind::Register,
            ActionKind::ReviewReport,
            ActionKind::Verify,
            ActionKind::RollOverYear,
            ActionKind::Archive,
            ActionKind::SendSecondReminder,
        ] {
            assert!(
                office.contains(&kind),
                "the office cannot {kind:?} on {today}"
            );
        }
        // Spares in the escalation queue, so trying it does not empty it.
        let queue = escalation::candidates(&matters, today, &cal, &EscalationConfig::default());
        assert!(queue.len() >= 3, "{} in the queue on {today}", queue.len());
        let sign = work_of(&matters, &people.units[0].liaison, today, &cal);
        assert!(
            sign.contains(&ActionKind::SignFor),
            "nothing to sign for on {today}"
        );
    }
}

/// 年度滚动跟踪 (GDUFS 第八条(三)): a long-term matter begun last year waits to be carried over.
#[test]
fn a_long_term_matter_from_last_year_is_ready_to_roll_over() {
    let cal = Calendar::official();
    for today in days() {
        let matters = demo_on(today, &cal);
        assert!(
            matters
                .iter()
                .any(|m| m.long_term && m.is_open() && m.year == today.year() - 1),
            "none on {today}"
        );
    }
}
