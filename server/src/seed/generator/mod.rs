//! Believable demo histories, made only through the engine so every rule and invariant holds.

mod fate;
mod plan;
mod texts;

pub use texts::{name_of, phone_of};

use chrono::{Datelike, NaiveDate};
use plan::Step;
use shared::calendar::Calendar;
use shared::engine::{self, Action, Context, Event};
use shared::matter::Matter;
use shared::number::NumberFormat;
use shared::role::{Actor, Role};

/// The people who act in the demo. User ids are what the server's demo users must be called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPeople {
    /// `office`.
    pub office: Actor,
    /// `leader`: the leader in charge (分管校领导) of most matters.
    pub leader_in_charge: Actor,
    /// `leader2`: the lead leader (牵头领导) of key matters, copied on them.
    pub other_leader: Actor,
    pub units: Vec<UnitPeople>,
}

/// The three people of a unit: `<code>-head`, `<code>-liaison`, `<code>-handler`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPeople {
    pub code: String,
    pub head: Actor,
    pub liaison: Actor,
    pub handler: Actor,
}

impl DemoPeople {
    pub fn new(units: &[&str]) -> DemoPeople {
        DemoPeople {
            office: person("office", Role::Office, None),
            leader_in_charge: person("leader", Role::Leader, None),
            other_leader: person("leader2", Role::Leader, None),
            units: units.iter().map(|u| UnitPeople::new(u)).collect(),
        }
    }

    /// Everyone, for creating the demo users.
    pub fn all(&self) -> Vec<&Actor> {
        let mut v = vec![&self.office, &self.leader_in_charge, &self.other_leader];
        for u in &self.units {
            v.extend([&u.head, &u.liaison, &u.handler]);
        }
        v
    }
}

impl UnitPeople {
    pub fn new(code: &str) -> UnitPeople {
        UnitPeople {
            code: code.to_owned(),
            head: unit_person(code, Role::UnitHead),
            liaison: unit_person(code, Role::Liaison),
            handler: unit_person(code, Role::Handler),
        }
    }
}

fn person(id: &str, role: Role, unit: Option<&str>) -> Actor {
    Actor {
        user_id: id.to_owned(),
        role,
        unit: unit.map(str::to_owned),
    }
}

/// `<code>-head`, `<code>-liaison` or `<code>-handler`.
pub(crate) fn unit_person(code: &str, role: Role) -> Actor {
    let suffix = match role {
        Role::UnitHead => "head",
        Role::Liaison => "liaison",
        _ => "handler",
    };
    person(&format!("{code}-{suffix}"), role, Some(code))
}

/// The demo's matters: each inner list is one matter's events in order. An escalated routine item
/// is followed by the key item it became, each with its own history, linked both ways.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scenario {
    pub histories: Vec<Vec<Event>>,
}

/// `count` matters begun over the ~4 months before `today`, led by and assisted by `units`.
/// The same arguments always give the same scenario. With at least 18 matters the first ones
/// show every stage, light and special path of the three procedures, and more follow so that
/// every demo login finds work waiting: a matter in progress for each unit, and one waiting at
/// each step of a leader, of the office and of a unit (`fate::unit_work`).
pub fn scenario(
    today: NaiveDate,
    units: &[&str],
    count: usize,
    seed: u64,
    calendar: &Calendar,
) -> Scenario {
    let mut histories = Vec::with_capacity(count + count / 16);
    let unit_work = count >= fate::SHOWCASE;
    generate(
        today,
        units,
        count,
        seed,
        calendar,
        DEMO_SPAN,
        unit_work,
        |h| histories.push(h),
    );
    Scenario { histories }
}

/// Like `scenario`, but hands each history over as soon as it is made, so a large demo can be
/// written out without holding every event in memory.
pub fn for_each_history(
    today: NaiveDate,
    units: &[&str],
    count: usize,
    seed: u64,
    calendar: &Calendar,
    emit: impl FnMut(Vec<Event>),
) {
    for_each_history_over(today, units, count, seed, calendar, DEMO_SPAN, emit);
}

/// How far back the demo's random matters start: about four months of working days.
pub const DEMO_SPAN: u32 = 84;

/// As `for_each_history`, with the random matters starting up to `span_working_days` back
/// (a university at scale: five years, about 1,250 working days).
pub fn for_each_history_over(
    today: NaiveDate,
    units: &[&str],
    count: usize,
    seed: u64,
    calendar: &Calendar,
    span_working_days: u32,
    emit: impl FnMut(Vec<Event>),
) {
    generate(
        today,
        units,
        count,
        seed,
        calendar,
        span_working_days,
        false,
        emit,
    );
}

#[allow(clippy::too_many_arguments)]
fn generate(
    today: NaiveDate,
    units: &[&str],
    count: usize,
    seed: u64,
    calendar: &Calendar,
    span_working_days: u32,
    unit_work: bool,
    mut emit: impl FnMut(Vec<Event>),
) {
    if units.is_empty() {
        return;
    }
    let setting = plan::Setting {
        today,
        units,
        seed,
        calendar,
        span_working_days: span_working_days.max(1),
        random: count,
    };
    let count = count
        + if unit_work {
            fate::unit_work_count(units.len())
        } else {
            0
        };
    let numbers = allocate_numbers(&setting, count);
    let format = NumberFormat::default();
    for (i, seqs) in numbers.iter().enumerate() {
        for h in run(i, &plan::plan(&setting, i), seqs, &format, calendar) {
            emit(h);
        }
    }
}

/// Sequence numbers per year in the order matters were registered across the whole scenario, as
/// the server allocates them. Plans are cheap and deterministic, so they are made twice rather
/// than all kept: this pass keeps only when each numbered step happens.
fn allocate_numbers(setting: &plan::Setting, count: usize) -> Vec<[u32; 2]> {
    let mut when = Vec::new();
    for i in 0..count {
        let p = plan::plan(setting, i);
        for (k, s) in p.iter().filter(|s| s.numbered).enumerate() {
            when.push((s.at, i, k));
        }
    }
    when.sort_unstable();
    let mut numbers = vec![[0; 2]; count];
    let mut year = None;
    let mut seq = 0;
    for (at, i, k) in when {
        let y = engine::china_date(at).year();
        if year != Some(y) {
            year = Some(y);
            seq = 0;
        }
        seq += 1;
        numbers[i][k] = seq;
    }
    numbers
}

/// Feeds a plan through the engine. A refusal means the planner broke a rule: a bug, not data.
fn run(
    i: usize,
    steps: &[Step],
    seqs: &[u32; 2],
    format: &NumberFormat,
    cal: &Calendar,
) -> Vec<Vec<Event>> {
    let id = format!("demo-{:04}", i + 1);
    let mut histories: Vec<Vec<Event>> = Vec::new();
    let mut matters: Vec<Matter> = Vec::new();
    let mut numbered = 0;
    for s in steps {
        let mut ctx = Context::new(s.at, cal);
        if s.numbered {
            let year = engine::china_date(s.at).year();
            ctx = ctx.with_number(format.format(year, seqs[numbered]));
            numbered += 1;
        }
        let result = if histories.is_empty() {
            ctx = ctx.with_new_matter_id(id.clone());
            engine::create(&s.action, &s.actor, &ctx).map(|e| vec![e])
        } else {
            if matches!(s.action, Action::Escalate { .. }) {
                ctx = ctx.with_new_matter_id(format!("{id}-k"));
            }
            engine::transition(&matters[s.target], &s.action, &s.actor, &ctx)
        };
        let events = result.unwrap_or_else(|e| {
            panic!(
                "demo plan broke a rule: {id} {:?} by {} on {}: {e}",
                s.action.kind(),
                s.actor.user_id,
                s.at
            )
        });
        for e in events {
            match histories.iter().position(|h| h[0].matter_id == e.matter_id) {
                Some(t) => {
                    matters[t] = engine::apply(&matters[t], &e);
                    histories[t].push(e);
                }
                None => {
                    matters.push(engine::replay(std::slice::from_ref(&e)).expect("a creation"));
                    histories.push(vec![e]);
                }
            }
        }
    }
    histories
}
