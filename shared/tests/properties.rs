//! Properties over random histories: the template is never left, replay is exact, roles and units hold.

mod common;
use chrono::{Datelike, Days, NaiveDate};
use common::*;
use proptest::prelude::*;
use shared::engine::{self, Action, ActionKind, Event};
use shared::escalation::EscalationReason;
use shared::procedure::template;
use shared::record::{RectificationOrder, ReturnMode};
use shared::{Actor, Calendar, ProcedureId, Role};

fn actors() -> Vec<Actor> {
    let mut v = vec![office(), leader(), other_leader(), discipline(), admin()];
    for u in [LEAD, ASSIST, OTHER] {
        v.extend([unit_head(u), liaison(u), handler(u)]);
    }
    v
}

/// A plausible action of each kind, dated from `today` so most of them pass their payload checks.
fn sample(i: usize, today: NaiveDate) -> Action {
    let later = |n: u64| today.checked_add_days(Days::new(n)).unwrap();
    let s = |t: &str| t.to_string();
    match i % 30 {
        0 => Action::ApproveProposal {
            opinion: s("同意")
        },
        1 => Action::RejectProposal {
            opinion: s("不同意"),
        },
        2 => Action::UpdateRequirements {
            requirements: Some(s("新要求")),
            deadline: Some(later(30)),
            lead_leader: Some(s("leader-sun")),
            note: s("协调"),
        },
        3 => Action::Register {},
        4 => Action::Issue {
            copied_leaders: vec![],
        },
        5 => Action::SignFor {
            signer: s("签收人"),
        },
        6 => commitment(later(20)),
        7 => Action::SubmitWorkPlan { plan: s("计划") },
        8 => progress("进展"),
        9 => follow_up(),
        10 => Action::SendReminder {
            content: s("催办"),
            due: later(3),
        },
        11 => Action::SendSecondReminder {
            content: s("二次催办"),
            due: later(3),
        },
        12 => Action::RequestExtension {
            reason: s("r"),
            measures: s("m"),
            new_deadline: later(90),
        },
        13 => Action::DecideExtension {
            approve: true,
            opinion: s("同意"),
        },
        14 => Action::DecideExtension {
            approve: false,
            opinion: s("不同意"),
        },
        15 => Action::ReportObstacle {
            reason: s("r"),
            proposal: s("p"),
        },
        16 => report(),
        17 => pass(),
        18 => give_back(ReturnMode::Redo),
        19 => verify(true),
        20 => verify(false),
        21 => Action::OrderRectification {
            items: vec![RectificationOrder {
                description: s("d"),
                owner: s("o"),
                deadline: later(10),
            }],
        },
        22 => Action::ReportRectification {
            item: 0,
            text: s("t"),
            done: true,
        },
        23 => Action::ApproveClosure {
            opinion: s("同意")
        },
        24 => Action::ReportResult { summary: s("s") },
        25 => archive(),
        26 => Action::Escalate {
            reasons: vec![EscalationReason::Overdue],
            note: s("n"),
            lead_leader: None,
            requirements: None,
            deadline: Some(later(30)),
        },
        27 => Action::Escalate {
            reasons: vec![EscalationReason::Emergency],
            note: s("n"),
            lead_leader: None,
            requirements: None,
            deadline: None,
        },
        28 => Action::CompleteEmergencyForm {
            lead_leader: s("leader-sun"),
            requirements: s("r"),
            deadline: later(30),
            leader_in_charge: None,
        },
        _ => Action::RollOverYear {
            plan: s("p"),
            deadline: NaiveDate::from_ymd_opt(today.year() + 1, 6, 30).unwrap(),
        },
    }
}

/// What unit roles may ever do: never an office or leader action.
const UNIT_ACTIONS: [ActionKind; 8] = [
    ActionKind::SignFor,
    ActionKind::Reply,
    ActionKind::SubmitWorkPlan,
    ActionKind::ReportProgress,
    ActionKind::RequestExtension,
    ActionKind::ReportObstacle,
    ActionKind::SubmitCompletionReport,
    ActionKind::ReportRectification,
];

fn start(kind: usize) -> World {
    let w = World::new(d(2026, 3, 2));
    match kind {
        0 => w.propose(ProcedureId::GdufsRoutine, draft(None)),
        1 => w.propose(ProcedureId::GdufsKey, draft(Some(d(2026, 6, 30)))),
        2 => w.propose(ProcedureId::Hbut, draft(None)),
        _ => {
            let mut w = w;
            w.create(Action::StartEmergency {
                title: "突发".into(),
                content: "c".into(),
                lead_unit: LEAD.into(),
                assisting_units: vec![ASSIST.into()],
                how_started: "电话".into(),
            })
            .unwrap();
            w
        }
    }
}

fn check_event(e: &Event, m: &shared::Matter) {
    let t = template(m.procedure);
    let before = e.stage_before.expect("not a creation");
    let kind = e.action.kind();
    let rule = t
        .rule(before, kind)
        .unwrap_or_else(|| panic!("{kind:?} is not allowed at {before:?}"));
    let targets = [Some(before), rule.next, rule.otherwise];
    assert!(
        targets.contains(&Some(e.stage_after)),
        "{kind:?}: {before:?} → {:?}",
        e.stage_after
    );
    assert!(t.knows(e.stage_after));
    assert!(
        rule.roles.contains(&e.actor.role),
        "{:?} did {kind:?}",
        e.actor.role
    );
    assert!(!matches!(e.actor.role, Role::Discipline | Role::Admin));
    if e.actor.role.is_unit_role() {
        assert!(UNIT_ACTIONS.contains(&kind), "a unit role did {kind:?}");
        let unit = e.actor.unit.as_deref().unwrap();
        let part = m.unit_part(unit);
        assert!(part.is_some(), "unit {unit} acted on a matter not its own");
        if rule.lead_only {
            assert_eq!(unit, m.lead_unit);
        }
    }
}

/// The first actor from `who` on with something to do, and one of the actions offered to them.
fn guide<'a>(
    m: &shared::Matter,
    actors: &'a [Actor],
    who: usize,
    a: usize,
    w: &mut World,
) -> Option<(Action, &'a Actor)> {
    let today = w.today;
    (0..actors.len())
        .map(|k| &actors[(who + k) % actors.len()])
        .find_map(|actor| {
            let allowed = engine::allowed_actions(m, actor, &w.ctx());
            let kind = *allowed.get(a % allowed.len().max(1))?;
            let variants: Vec<Action> = (0..30)
                .map(|i| sample(i, today))
                .filter(|x| x.kind() == kind)
                .collect();
            Some((variants[a % variants.len()].clone(), actor))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_histories_stay_inside_the_template_and_replay_exactly(
        kind in 0usize..4,
        steps in prop::collection::vec((0usize..30, 0usize..14, 0u64..6, prop::bool::weighted(0.75)), 1..60),
    ) {
        let actors = actors();
        let mut w = start(kind);
        let mut m = w.m();
        for (a, who, days, guided) in steps {
            let today = w.today.checked_add_days(Days::new(days)).unwrap();
            w.on(today);
            // Guided steps pick an action some actor is offered, so histories get deep;
            // the others are anything by anyone, so refusals are exercised too.
            let (action, actor) = if guided {
                match guide(&m, &actors, who, a, &mut w) {
                    Some(pick) => pick,
                    None => (sample(a, today), &actors[who]),
                }
            } else {
                (sample(a, today), &actors[who])
            };
            let ctx_allowed = {
                let ctx = w.ctx();
                engine::allowed_actions(&m, actor, &ctx)
            };
            // The context the server builds: a number only for the kinds that take one.
            let result = {
                let ctx = w.ctx_for(action.kind());
                engine::transition(&m, &action, actor, &ctx)
            };
            // An action that needs a number is always one the server takes a number for.
            if let Err(e) = &result {
                prop_assert_ne!(e.code(), "missing_allocation", "{:?}", action.kind());
            }
            let Ok(events) = result else { continue };
            // Whatever succeeds was offered: the UI never hides a possible step.
            prop_assert!(ctx_allowed.contains(&action.kind()));
            let own = &events[0];
            check_event(own, &m);
            prop_assert_eq!(own.seq, m.version + 1);
            m = engine::apply(&m, own);
            w.events.push(own.clone());
            if let Some(created) = events.get(1) {
                let key = engine::replay(std::slice::from_ref(created)).unwrap();
                prop_assert_eq!(key.escalated_from.as_deref(), Some(m.id.as_str()));
            }
            prop_assert!(template(m.procedure).knows(m.stage));
            // The server lists a chase list's rows without asking them `open` (matter_query.rs).
            for watch in shared::watch::Watch::ALL {
                prop_assert!(!watch.holds(&m) || m.is_open(), "{:?} on a closed matter", watch);
            }
        }
        prop_assert_eq!(engine::replay(&w.events), Some(m.clone()));
        prop_assert_eq!(m.version as usize, w.events.len());
        let json = serde_json::to_string(&w.events).unwrap();
        let back: Vec<Event> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(engine::replay(&back), Some(m));
    }

    #[test]
    fn add_working_days_lands_on_a_working_day_and_is_monotonic(
        offset in 0u64..(4 * 366),
        n in 0u32..40,
        extra in 0u32..10,
        shift in 0u64..10,
    ) {
        let cal = Calendar::official();
        let from = d(2024, 12, 1).checked_add_days(Days::new(offset)).unwrap();
        let to = cal.add_working_days(from, n);
        if n > 0 {
            prop_assert!(cal.is_working_day(to));
            prop_assert!(to > from);
        }
        prop_assert_eq!(cal.working_days_between(from, to), i64::from(n));
        prop_assert!(cal.add_working_days(from, n + extra) >= to);
        let later = from.checked_add_days(Days::new(shift)).unwrap();
        prop_assert!(cal.add_working_days(later, n) >= to);
        prop_assert!(cal.is_working_day(cal.add_calendar_days(from, n)));
    }
}
