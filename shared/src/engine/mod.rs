//! The state machine: `transition` turns an action into events, `apply` and `replay` fold events into a matter.

mod action;
mod allowance;
mod apply;
mod create;
mod decision;
mod describe;
mod guard;
mod limits;
mod precondition;
mod references;
mod transition;

pub use action::{Action, ActionKind};
pub use allowance::may_attach;
pub use apply::{apply, replay};
pub use create::{create, propose};
pub use decision::{Decider, LEADER_DECISIONS, awaits_leader};
pub use describe::{
    Bound, Choice, Description, Field, FieldName, Input, Invalid, Notice, Part, Problem, Reached,
    Recipients, Recorded, StageState, Step, When, build, describe, notices, passed_through,
    stages_reached,
};
pub use references::{Named, Reference};
pub use transition::transition;

use crate::calendar::Calendar;
use crate::matter::Matter;
use crate::number::MatterNumber;
use crate::procedure::Stage;
use crate::role::Actor;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One thing that happened to a matter. Events are never changed or deleted; a correction is a new event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub matter_id: String,
    /// 1 for the event that created the matter, then one more per event.
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// The date in China (UTC+8) on which it happened: what every rule counts from.
    pub on: NaiveDate,
    pub actor: Actor,
    pub action: Action,
    /// `None` for the event that creates the matter.
    pub stage_before: Option<Stage>,
    pub stage_after: Stage,
    /// What the engine worked out when the action was taken, so replay needs no calendar or clock.
    #[serde(default)]
    pub facts: Facts,
}

/// Values computed by the engine at the time of an event (numbers, deadlines, links).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Facts {
    pub number: Option<MatterNumber>,
    /// The deadline in force after this event, when the event set or moved it.
    pub deadline: Option<NaiveDate>,
    pub issue_due: Option<NaiveDate>,
    pub reply_due: Option<NaiveDate>,
    pub work_plan_due: Option<NaiveDate>,
    pub archive_due: Option<NaiveDate>,
    /// The matter was closed (办结 / 结项) by this event.
    pub closed: bool,
    pub escalated_to: Option<String>,
    pub escalated_from: Option<String>,
}

/// Defaults the office can configure.
pub const DEFAULT_YELLOW_DAYS: u32 = 3;
/// "经多次催办仍不能按要求完成" (GDUFS 第十条(一)3): how many reminders count as many.
pub const DEFAULT_REMINDERS_BEFORE_ESCALATION: u32 = 2;

/// Everything a rule needs besides the matter and the actor. The server fills it per request.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub now: DateTime<Utc>,
    pub calendar: &'a Calendar,
    /// A matter is yellow when due within this many working days.
    pub yellow_days: u32,
    pub reminders_before_escalation: u32,
    /// The number the server allocated, for the actions that `ActionKind::allocates_number`.
    pub number: Option<MatterNumber>,
    /// The id the server allocated, for actions that create a matter (propose, emergency, escalate).
    pub new_matter_id: Option<String>,
}

impl<'a> Context<'a> {
    pub fn new(now: DateTime<Utc>, calendar: &'a Calendar) -> Context<'a> {
        Context {
            now,
            calendar,
            yellow_days: DEFAULT_YELLOW_DAYS,
            reminders_before_escalation: DEFAULT_REMINDERS_BEFORE_ESCALATION,
            number: None,
            new_matter_id: None,
        }
    }

    /// The admin's lead time for yellow lights and threshold for 多次催办 (`settings`).
    pub fn with_settings(mut self, settings: &crate::settings::Settings) -> Self {
        self.yellow_days = settings.yellow_days;
        self.reminders_before_escalation = settings.escalation_reminders;
        self
    }

    pub fn with_number(mut self, number: MatterNumber) -> Self {
        self.number = Some(number);
        self
    }

    pub fn with_new_matter_id(mut self, id: impl Into<String>) -> Self {
        self.new_matter_id = Some(id.into());
        self
    }

    /// Today in China: deadlines are Chinese dates, whatever the server's clock zone.
    pub fn today(&self) -> NaiveDate {
        china_date(self.now)
    }
}

/// The date in China Standard Time (UTC+8, no daylight saving).
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    (at + Duration::hours(8)).date_naive()
}

/// The actions this actor may take on this matter now: what the UI shows and the API returns.
/// Payloads are not checked here, so a listed action can still fail on bad input.
pub fn allowed_actions(matter: &Matter, actor: &Actor, ctx: &Context) -> Vec<ActionKind> {
    let template = crate::procedure::template(matter.procedure);
    let Some(stage) = template.stage(matter.stage) else {
        return Vec::new();
    };
    stage
        .actions
        .iter()
        .map(|r| r.action)
        .filter(|&kind| {
            guard::check(matter, kind, actor).is_ok()
                && precondition::check(matter, kind, ctx).is_ok()
                && allowance::check(matter, kind, actor, ctx).is_ok()
        })
        .collect()
}
