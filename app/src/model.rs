//! The parts of the API's JSON the app reads. Decoding the full `shared` records (every field of the
//! matter, every action variant) cost ~80 KB of wasm; serde skips what these types do not name.

use chrono::NaiveDate;
use serde::Deserialize;
use shared::engine::ActionKind;
use shared::light::Light;
use shared::matter::{MatterKind, UnitPart};
use shared::procedure::{ProcedureId, Stage};
use shared::role::Actor;

/// `GET /api/matters/{id}` as the matter page uses it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Detail {
    pub matter: Matter,
    pub light: Light,
    pub events: Vec<Event>,
    pub allowed_actions: Vec<ActionKind>,
    pub my_part: Option<UnitPart>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Matter {
    pub number: Option<String>,
    pub procedure: ProcedureId,
    pub kind: MatterKind,
    pub stage: Stage,
    pub title: String,
    pub content: String,
    pub requirements: String,
    pub lead_unit: String,
    pub assisting_units: Vec<String>,
    pub deadline: Option<NaiveDate>,
    pub rectification_items: Vec<Item>,
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Item {
    pub description: String,
    pub reports: Vec<ItemReport>,
}

impl Item {
    pub fn done(&self) -> bool {
        self.reports.last().is_some_and(|r| r.done)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ItemReport {
    pub done: bool,
}

/// An event; of its action only the fields the history and the flowchart read are decoded.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Event {
    pub on: NaiveDate,
    pub actor: Actor,
    pub action: ActionFacts,
    pub stage_before: Option<Stage>,
    pub stage_after: Stage,
}

/// The action's type and the handful of fields a history line shows; serde skips the rest.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ActionFacts {
    #[serde(rename = "type")]
    pub kind: Option<ActionKind>,
    pub matter: Option<Titled>,
    pub title: Option<String>,
    pub opinion: Option<String>,
    pub note: Option<String>,
    pub signer: Option<String>,
    pub promised_date: Option<String>,
    pub measures: Option<String>,
    pub plan: Option<String>,
    pub text: Option<String>,
    pub outcome: Option<String>,
    pub content: Option<String>,
    pub due: Option<String>,
    pub reason: Option<String>,
    pub new_deadline: Option<String>,
    pub results: Option<String>,
    pub summary: Option<String>,
    pub archivist: Option<String>,
    pub requirements: Option<String>,
    pub approve: Option<bool>,
    pub passed: Option<bool>,
    pub reasons: Option<Vec<String>>,
    pub items: Option<Vec<IgnoredAny>>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Titled {
    pub title: String,
}

/// Any JSON value, skipped; only counted.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct IgnoredAny;

impl<'de> Deserialize<'de> for IgnoredAny {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| IgnoredAny)
    }
}

impl Event {
    pub fn kind(&self) -> Option<ActionKind> {
        self.action.kind
    }

    /// A text field of the action, or "" when absent.
    pub fn text(&self, field: &str) -> &str {
        let a = &self.action;
        let value = match field {
            "title" => &a.title,
            "opinion" => &a.opinion,
            "note" => &a.note,
            "signer" => &a.signer,
            "promised_date" => &a.promised_date,
            "measures" => &a.measures,
            "plan" => &a.plan,
            "text" => &a.text,
            "outcome" => &a.outcome,
            "content" => &a.content,
            "due" => &a.due,
            "reason" => &a.reason,
            "new_deadline" => &a.new_deadline,
            "results" => &a.results,
            "summary" => &a.summary,
            "archivist" => &a.archivist,
            "requirements" => &a.requirements,
            _ => &None,
        };
        value.as_deref().unwrap_or("")
    }

    pub fn flag(&self, field: &str) -> bool {
        match field {
            "approve" => self.action.approve,
            "passed" => self.action.passed,
            _ => None,
        }
        .unwrap_or(false)
    }
}

/// A 409's body: the message and the matter as it is now.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Conflict {
    pub message: String,
    #[serde(default)]
    pub message_en: String,
    pub current: Detail,
}

/// What the app needs of a successful action.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Acted {
    pub matter: Id,
    pub created_matter: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Id {
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Notice {
    pub id: String,
    pub matter_id: String,
    pub kind: shared::api::NotificationKind,
    pub title: String,
    pub read: bool,
}
