//! Who hears about what: the notices an event or a light change produces, and their recipients.

use crate::store::db::{Database, DbError};
use serde::{Deserialize, Serialize};
use serde_json::json;
use shared::Matter;
use shared::api::NotificationKind;
use shared::engine::{Event, Recipients, notices};

/// A group of people a notice goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// The liaisons and heads of these units.
    UnitContacts(Vec<String>),
    /// The matter's leader in charge, or every leader when none is named.
    Leaders(Option<String>),
    /// A named user (e.g. the lead leader of a key item).
    User(String),
    Office,
    Discipline,
}

/// The notices one event produces: the action's description says whom to tell (`shared::engine::notices`),
/// the matter after it says who they are.
pub fn for_event(e: &Event, after: &Matter) -> Vec<(Audience, NotificationKind)> {
    notices(&e.action)
        .map(|(to, kind)| (audience(to, after), kind))
        .collect()
}

fn audience(to: Recipients, m: &Matter) -> Audience {
    match to {
        Recipients::LeadUnit => Audience::UnitContacts(vec![m.lead_unit.clone()]),
        Recipients::AllUnits => {
            let mut units = vec![m.lead_unit.clone()];
            units.extend(m.assisting_units.iter().cloned());
            Audience::UnitContacts(units)
        }
        Recipients::Leaders => Audience::Leaders(m.leader_in_charge.clone()),
        Recipients::Office => Audience::Office,
        Recipients::Discipline => Audience::Discipline,
    }
}

/// The usernames an audience means now.
pub async fn recipients(db: &Database, audience: &Audience) -> Result<Vec<String>, DbError> {
    #[derive(Deserialize)]
    struct U {
        username: String,
    }
    let (sql, vars) = match audience {
        Audience::UnitContacts(units) => (
            "SELECT username FROM user WHERE active = true AND unit IN $units AND role IN ['liaison', 'unit_head']",
            json!({ "units": units }),
        ),
        Audience::Leaders(Some(name)) => (
            "SELECT username FROM user WHERE active = true AND username = $name AND role = 'leader'",
            json!({ "name": name }),
        ),
        Audience::Leaders(None) => (
            "SELECT username FROM user WHERE active = true AND role = 'leader'",
            json!({}),
        ),
        Audience::User(name) => (
            "SELECT username FROM user WHERE active = true AND username = $name",
            json!({ "name": name }),
        ),
        Audience::Office => (
            "SELECT username FROM user WHERE active = true AND role = 'office'",
            json!({}),
        ),
        Audience::Discipline => (
            "SELECT username FROM user WHERE active = true AND role = 'discipline'",
            json!({}),
        ),
    };
    let rows: Vec<U> = db.rows(sql, vars).await?;
    let names: Vec<String> = rows.into_iter().map(|u| u.username).collect();
    // A leader in charge who no longer exists must not silence the notice.
    if names.is_empty() && matches!(audience, Audience::Leaders(Some(_))) {
        return Box::pin(recipients(db, &Audience::Leaders(None))).await;
    }
    Ok(names)
}

/// A stored notice. `key` makes it unique: (user, matter, event) or (user, matter, kind, day).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NotificationRow {
    pub id: String,
    pub key: String,
    pub user: String,
    pub mid: String,
    pub kind: String,
    pub title: String,
    pub created_at: String,
    pub read: bool,
}

pub fn row(user: &str, m: &Matter, kind: NotificationKind, discriminator: &str) -> NotificationRow {
    let key = format!("{user}|{}|{}|{discriminator}", m.id, kind.code());
    let label = m
        .number
        .as_ref()
        .map_or(m.title.clone(), |n| format!("{n} {}", m.title));
    NotificationRow {
        id: key.clone(),
        key,
        user: user.to_owned(),
        mid: m.id.clone(),
        kind: kind.code().to_owned(),
        title: format!("【{}】{label}", kind.name_zh()),
        created_at: chrono::Utc::now().to_rfc3339(),
        read: false,
    }
}

/// A due-soon or overdue notice about one of the matter's clocks other than its light (the
/// office's issue or archive, the unit's work plan or a rectification item), once a day per clock.
pub fn clock_row(
    user: &str,
    m: &Matter,
    kind: NotificationKind,
    clock: &shared::clocks::Clock,
    today: chrono::NaiveDate,
) -> NotificationRow {
    let mut row = row(user, m, kind, &format!("{today} {}", clock.code()));
    row.title = row.title.replacen(
        '】',
        &format!(
            "·{}{}】",
            clock.kind.name_zh(),
            clock.item.map_or(String::new(), |i| (i + 1).to_string())
        ),
        1,
    );
    row
}

/// The statement that stores notices once each (a notice already there is left alone), for
/// `Unit::insert`: every writer's notices in one statement.
pub const INSERT: &str = "INSERT IGNORE INTO notification";
