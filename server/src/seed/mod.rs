//! Loading data the API did not write: the demo set a fresh server starts with (`demo`), the large
//! stores benchmarks run on (`scale`), both from histories the engine makes (`generator`), written
//! here with the same invariants as the API.

pub mod demo;
pub mod generator;
pub mod scale;

use crate::state::AppState;
use crate::store::audit::Entry;
use crate::store::counters;
use crate::store::db::DbError;
use crate::store::db::matters::EventRow;
use serde_json::{Map, json};
use shared::Matter;
use shared::engine::{self, Event};
use shared::light::light;

/// Writes one matter's events, projection, counters and number sequence, and one audit entry,
/// in one transaction. The events must replay (they came from the engine).
pub async fn write_history(
    state: &AppState,
    events: &[Event],
    today: chrono::NaiveDate,
) -> Result<Matter, DbError> {
    let matter = engine::replay(events).ok_or_else(|| {
        DbError::Decode(serde::de::Error::custom(
            "a history must start with a creating event",
        ))
    })?;
    let calendar = state.loaded_calendar();
    let light = light(&matter, today, &calendar, engine::DEFAULT_YELLOW_DAYS);
    let mut vars = Map::new();
    let mut sql = String::new();
    for (i, e) in events.iter().enumerate() {
        vars.insert(format!("e{i}"), serde_json::to_value(EventRow::of(e)?)?);
        vars.insert(format!("e{i}_key"), json!([e.matter_id, e.seq]));
        sql.push_str(&format!(
            "CREATE type::record('event', $e{i}_key) CONTENT $e{i} RETURN NONE;\n"
        ));
    }
    sql.push_str(&crate::store::db::matters::projection_sql(
        None, &matter, light, "m", &mut vars,
    )?);
    sql.push_str(&counters::delta_sql(
        None,
        Some((&matter, light)),
        "c",
        &mut vars,
    ));
    // Keep the number sequence ahead of every number the history used.
    if let Some(number) = &matter.number {
        let year = matter
            .registered_on
            .map_or(matter.year, |d| chrono::Datelike::year(&d));
        let seq: i64 = number
            .as_str()
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .strip_prefix(&year.to_string())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        vars.insert("ny".into(), json!(year.to_string()));
        vars.insert("nseq".into(), json!(seq));
        sql.push_str(
            "UPSERT type::record('number_seq', $ny) SET n = math::max([n ?? 0, $nseq]) RETURN NONE;\n",
        );
    }
    let entry = Entry {
        username: events.first().map(|e| e.actor.user_id.clone()),
        role: events.first().map(|e| e.actor.role.code().to_owned()),
        action: "matter.seeded".into(),
        content: json!({ "matter": matter.id, "events": events.len() }),
        ..Entry::default()
    };
    state
        .audit
        .append_with(&state.db, entry, &sql, vars)
        .await?;
    Ok(matter)
}
