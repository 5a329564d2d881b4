//! The parts of the API's JSON the app reads. Decoding the full `shared` records (every field of the
//! matter, every action variant) cost ~80 KB of wasm; serde skips what these types do not name.

use chrono::NaiveDate;
use serde::Deserialize;
use shared::engine::{ActionKind, Recorded};
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
    /// Display names by username, for the history and the flowchart.
    #[serde(default)]
    pub names: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub clocks: Vec<shared::clocks::ClockLine>,
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
    /// An emergency started first whose 督办单 is still to be written (GDUFS 第十条(一)).
    #[serde(default)]
    pub emergency_form_pending: bool,
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

/// An event; of its action only the kind and the fields a history line can show are decoded.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Event {
    pub on: NaiveDate,
    pub actor: Actor,
    pub action: Recorded,
    pub stage_before: Option<Stage>,
    pub stage_after: Stage,
}

impl Event {
    pub fn kind(&self) -> Option<ActionKind> {
        self.action.kind
    }
}

/// A 409's body as the app reads it: the message. The body also holds the matter as it is now,
/// which the app leaves undecoded: the matter page reloads it, and decoding a whole matter here
/// would put its decoder in the code every screen loads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Conflict {
    pub message: String,
    #[serde(default)]
    pub message_en: String,
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
