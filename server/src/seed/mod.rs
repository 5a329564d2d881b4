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
use crate::store::db::unit::{Statement, Unit};
use serde_json::json;
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
    let mut unit = Unit::new();
    for e in events {
        unit.push(
            Statement::new("CREATE type::record('event', $key) CONTENT $row RETURN NONE;")
                .bind("key", json!([e.matter_id, e.seq]))
                .bind_row("row", &EventRow::of(e)?)?,
        );
    }
    crate::store::db::matters::project(&mut unit, None, &matter, light)?;
    counters::delta(&mut unit, None, Some((&matter, light)));
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
        unit.push(number_at_least(year, seq));
    }
    let entry = Entry {
        username: events.first().map(|e| e.actor.user_id.clone()),
        role: events.first().map(|e| e.actor.role.code().to_owned()),
        action: "matter.seeded".into(),
        content: json!({ "matter": matter.id, "events": events.len() }),
        ..Entry::default()
    };
    state.audit.append_with(&state.db, entry, unit).await?;
    Ok(matter)
}

/// Keeps the year's number sequence at `seq` or past it: seeded histories took their numbers
/// without it.
pub(crate) fn number_at_least(year: i32, seq: i64) -> Statement {
    Statement::new(
        "UPSERT type::record('number_seq', $year) SET n = math::max([n ?? 0, $seq]) RETURN NONE;",
    )
    .bind("year", year.to_string())
    .bind("seq", seq)
}
