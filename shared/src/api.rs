//! The JSON shapes of the HTTP API, shared so the server and the app can never disagree on them.

use crate::role::Role;
use serde::{Deserialize, Serialize};

/// Every error the API returns: a stable machine code and a message for people,
/// in Chinese (`message`) and English (`message_en`); the app shows the one matching its language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub message_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// The signed-in user, as `GET /api/me` and `POST /api/session` return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<UnitSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitSummary {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub database: String,
    pub version: String,
}

/// One row of a matter list (the inbox, the ledger): enough to show and sort, not the whole record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatterSummary {
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    pub procedure: crate::procedure::ProcedureId,
    pub kind: crate::matter::MatterKind,
    pub stage: crate::procedure::Stage,
    /// The stage's name in the matter's own procedure.
    pub stage_name: String,
    pub source_category: crate::matter::SourceCategory,
    pub lead_unit: String,
    pub assisting_units: Vec<String>,
    pub deadline: Option<chrono::NaiveDate>,
    pub light: crate::light::Light,
    pub emergency: bool,
    pub long_term: bool,
    pub second_reminder: bool,
    pub proposed_on: chrono::NaiveDate,
    /// The matter's version when what a list shows of it last changed: an action taken from the
    /// list sends it to `POST /api/matters/{id}/actions?from_list=true`.
    pub version: u64,
    /// The viewer's unit's part on this matter, for unit roles.
    pub my_part: Option<crate::matter::UnitPart>,
}

/// A decision waiting for the signed-in leader (`GET /api/decisions`): the matter and the one
/// action it waits for (审定立项, 审批延期 or 审定结项).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = PendingDecision))]
pub struct Decision {
    pub matter: MatterSummary,
    pub action: crate::engine::ActionKind,
}

/// A page of matters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatterPage {
    pub items: Vec<MatterSummary>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// A matter with its whole history and what the viewer may do now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatterDetail {
    pub matter: crate::matter::Matter,
    pub light: crate::light::Light,
    pub events: Vec<crate::engine::Event>,
    /// Computed by the engine for the signed-in user: the only actions the UI offers.
    pub allowed_actions: Vec<crate::engine::ActionKind>,
    pub my_part: Option<crate::matter::UnitPart>,
    /// Display names by username of everyone the matter and its history name (actors, leaders,
    /// signers), so people read 李建国 where the record keeps `leader`. A username with no user
    /// behind it any more is left out, and shown as it is.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub names: std::collections::BTreeMap<String, String>,
    /// Every clock of the matter (`shared::clocks`): whose it is, its due date and light today.
    #[serde(default)]
    pub clocks: Vec<crate::clocks::ClockLine>,
}

/// `POST /api/matters/{id}/actions`: the action and the version of the matter it was based on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    pub version: u64,
    pub action: crate::engine::Action,
}

/// What a successful action returns: the matter after it, and the events it appended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionResult {
    pub matter: crate::matter::Matter,
    pub light: crate::light::Light,
    pub events: Vec<crate::engine::Event>,
    pub allowed_actions: Vec<crate::engine::ActionKind>,
    /// For an escalation: the new key matter's id.
    pub created_matter: Option<String>,
}

/// A 409 for a stale version: the error and the matter as it is now, so nothing is overwritten blindly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConflictBody {
    pub code: String,
    pub message: String,
    pub message_en: String,
    pub current: MatterDetail,
}

/// A notice to one user about one matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: String,
    pub matter_id: String,
    pub kind: NotificationKind,
    pub title: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub read: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    NewAssignment,
    DueSoon,
    Overdue,
    Reminder,
    SecondReminder,
    ApprovalWaiting,
    Returned,
    EscalationProposed,
}

impl NotificationKind {
    pub fn code(self) -> &'static str {
        match self {
            NotificationKind::NewAssignment => "new_assignment",
            NotificationKind::DueSoon => "due_soon",
            NotificationKind::Overdue => "overdue",
            NotificationKind::Reminder => "reminder",
            NotificationKind::SecondReminder => "second_reminder",
            NotificationKind::ApprovalWaiting => "approval_waiting",
            NotificationKind::Returned => "returned",
            NotificationKind::EscalationProposed => "escalation_proposed",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            NotificationKind::NewAssignment => "新交办事项",
            NotificationKind::DueSoon => "即将到期",
            NotificationKind::Overdue => "已超期",
            NotificationKind::Reminder => "催办",
            NotificationKind::SecondReminder => "二次催办",
            NotificationKind::ApprovalWaiting => "待审批",
            NotificationKind::Returned => "退回补办",
            NotificationKind::EscalationProposed => "建议转重点督办",
        }
    }
}

/// The office's escalation queue entry: an open routine matter with grounds for key supervision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EscalationProposal {
    pub matter: MatterSummary,
    pub reasons: Vec<crate::escalation::EscalationReason>,
    pub proposed_on: chrono::NaiveDate,
}

/// Counters kept up to date in every write, so dashboards never scan the matter table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counters {
    pub total: i64,
    pub open: i64,
    pub routine: i64,
    pub key: i64,
    pub green: i64,
    pub yellow: i64,
    pub red: i64,
    pub done: i64,
}

/// Per-unit counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitCounters {
    pub unit: String,
    pub lead_total: i64,
    pub lead_open: i64,
    pub assisting_total: i64,
    pub assisting_open: i64,
    pub red: i64,
    pub yellow: i64,
    pub green: i64,
    pub done: i64,
}

/// `GET /api/dashboard`: counts by light and kind over every matter, and per unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    pub overall: Counters,
    pub units: Vec<UnitCounters>,
}

/// `GET /api/stats/units?year=2026`: a lead unit's figures for a calendar year, counted as the
/// briefing's unit table counts a year (`stats::unit_stats`), read from counters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitYearStats {
    pub unit: String,
    pub year: i32,
    /// Closed (办结) in the year.
    pub completed: u32,
    /// Of those, by the deadline in force.
    pub on_time: u32,
    pub late: u32,
    /// `on_time / completed`; `None` when nothing was completed.
    pub on_time_rate: Option<f64>,
    pub reminders: u32,
    pub second_reminders: u32,
    /// Results returned for 补办 / 重办.
    pub returns: u32,
}

/// The admin check: counters as stored versus recounted from the events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CounterCheck {
    pub ok: bool,
    pub matters: u64,
    pub drift: Vec<String>,
}

/// The filters of `GET /api/matters` (the inbox, the ledger); every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MatterQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<crate::procedure::Stage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub light: Option<crate::light::Light>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<crate::matter::MatterKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_category: Option<crate::matter::SourceCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assisting_unit: Option<String>,
    /// The 牵头领导 (a leader's username) of key items: what a leader follows closely.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_leader: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<bool>,
    /// One of the office's chase lists: unanswered reminders, returned reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watch: Option<crate::watch::Watch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_from: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_to: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_from: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_to: Option<chrono::NaiveDate>,
    /// Text in the number, title or content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// `deadline`, `proposed_on`, `number`, `updated`; a leading `-` sorts descending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

/// An attachment's metadata (the bytes come from its download URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: String,
    pub matter_id: String,
    pub event_seq: Option<u64>,
    pub filename: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: chrono::DateTime<chrono::Utc>,
}
