//! Dashboard counters (overall and per unit), changed by deltas inside each write's transaction.

use crate::db::{Database, DbError};
use serde_json::{Map, Value, json};
use shared::api::{CounterCheck, Counters, UnitCounters};
use shared::matter::MatterKind;
use shared::{Light, Matter};
use std::collections::BTreeMap;

const GLOBAL_FIELDS: [&str; 8] = [
    "total", "open", "routine", "key", "green", "yellow", "red", "done",
];
const UNIT_FIELDS: [&str; 8] = [
    "lead_total",
    "lead_open",
    "assisting_total",
    "assisting_open",
    "red",
    "yellow",
    "green",
    "done",
];

/// What one matter adds to the counters: (target, field) → amount; target "" is the overall counter.
fn contribution(
    m: &Matter,
    light: Light,
    out: &mut BTreeMap<(String, &'static str), i64>,
    sign: i64,
) {
    let mut add = |target: &str, field: &'static str| {
        *out.entry((target.to_owned(), field)).or_default() += sign;
    };
    let light_field = match light {
        Light::Green => "green",
        Light::Yellow => "yellow",
        Light::Red => "red",
        Light::Done => "done",
    };
    add("", "total");
    add("", light_field);
    add(
        "",
        match m.kind {
            MatterKind::Routine => "routine",
            MatterKind::Key => "key",
        },
    );
    if m.is_open() {
        add("", "open");
    }
    add(&m.lead_unit, "lead_total");
    add(&m.lead_unit, light_field);
    if m.is_open() {
        add(&m.lead_unit, "lead_open");
    }
    for unit in &m.assisting_units {
        add(unit, "assisting_total");
        if m.is_open() {
            add(unit, "assisting_open");
        }
    }
}

/// The statements that move the counters from `before` to `after` (either may be absent),
/// with their variables added to `vars` under `prefix`. Empty when nothing changes.
pub fn delta_sql(
    before: Option<(&Matter, Light)>,
    after: Option<(&Matter, Light)>,
    prefix: &str,
    vars: &mut Map<String, Value>,
) -> String {
    let mut delta = BTreeMap::new();
    if let Some((m, l)) = before {
        contribution(m, l, &mut delta, -1);
    }
    if let Some((m, l)) = after {
        contribution(m, l, &mut delta, 1);
    }
    sql_of(delta, prefix, vars)
}

/// The statements that add many new matters to the counters at once (bulk seeding).
pub fn add_many_sql<'a>(
    matters: impl IntoIterator<Item = (&'a Matter, Light)>,
    prefix: &str,
    vars: &mut Map<String, Value>,
) -> String {
    let mut delta = BTreeMap::new();
    for (m, l) in matters {
        contribution(m, l, &mut delta, 1);
    }
    sql_of(delta, prefix, vars)
}

fn sql_of(
    delta: BTreeMap<(String, &'static str), i64>,
    prefix: &str,
    vars: &mut Map<String, Value>,
) -> String {
    let mut by_target: BTreeMap<String, Vec<(&'static str, i64)>> = BTreeMap::new();
    for ((target, field), n) in delta {
        if n != 0 {
            by_target.entry(target).or_default().push((field, n));
        }
    }
    let mut sql = String::new();
    for (i, (target, fields)) in by_target.into_iter().enumerate() {
        let sets: Vec<String> = fields
            .iter()
            .map(|(f, n)| {
                let name = format!("{prefix}c{i}_{f}");
                vars.insert(name.clone(), json!(n));
                format!("{f} += ${name}")
            })
            .collect();
        if target.is_empty() {
            sql.push_str(&format!(
                "UPSERT counter:all SET {} RETURN NONE;\n",
                sets.join(", ")
            ));
        } else {
            let unit_var = format!("{prefix}c{i}_unit");
            vars.insert(unit_var.clone(), json!(target));
            sql.push_str(&format!(
                "UPSERT type::record('unit_counter', ${unit_var}) SET unit = ${unit_var}, {} RETURN NONE;\n",
                sets.join(", ")
            ));
        }
    }
    sql
}

fn field(row: &Value, f: &str) -> i64 {
    row.get(f).and_then(Value::as_i64).unwrap_or(0)
}

pub async fn overall(db: &Database) -> Result<Counters, DbError> {
    let row: Option<Value> = db.first("SELECT * FROM counter:all", json!({})).await?;
    let row = row.unwrap_or(Value::Null);
    Ok(Counters {
        total: field(&row, "total"),
        open: field(&row, "open"),
        routine: field(&row, "routine"),
        key: field(&row, "key"),
        green: field(&row, "green"),
        yellow: field(&row, "yellow"),
        red: field(&row, "red"),
        done: field(&row, "done"),
    })
}

pub async fn per_unit(db: &Database) -> Result<Vec<UnitCounters>, DbError> {
    let rows: Vec<Value> = db
        .rows("SELECT * FROM unit_counter ORDER BY unit", json!({}))
        .await?;
    Ok(rows
        .iter()
        .map(|r| UnitCounters {
            unit: r
                .get("unit")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            lead_total: field(r, "lead_total"),
            lead_open: field(r, "lead_open"),
            assisting_total: field(r, "assisting_total"),
            assisting_open: field(r, "assisting_open"),
            red: field(r, "red"),
            yellow: field(r, "yellow"),
            green: field(r, "green"),
            done: field(r, "done"),
        })
        .collect())
}

/// Recounts from the events (replayed) and the stored lights, and lists every counter that drifted.
pub async fn check(db: &Database) -> Result<CounterCheck, DbError> {
    let events = crate::db::matters::all_events(db).await?;
    let mut lights: BTreeMap<String, Light> = BTreeMap::new();
    let rows: Vec<Value> = db.rows("SELECT mid, light FROM matter", json!({})).await?;
    for r in rows {
        if let (Some(mid), Some(light)) = (r.get("mid").and_then(Value::as_str), r.get("light")) {
            lights.insert(mid.to_owned(), serde_json::from_value(light.clone())?);
        }
    }
    let mut expected = BTreeMap::new();
    let mut by_matter: BTreeMap<&str, Vec<shared::engine::Event>> = BTreeMap::new();
    for e in &events {
        by_matter
            .entry(e.matter_id.as_str())
            .or_default()
            .push(e.clone());
    }
    let mut drift = Vec::new();
    for (mid, evs) in &by_matter {
        match shared::engine::replay(evs) {
            Some(m) => {
                let light = lights.get(*mid).copied().unwrap_or(Light::Green);
                contribution(&m, light, &mut expected, 1);
            }
            None => drift.push(format!("matter {mid}: its events do not replay")),
        }
    }
    let overall = overall(db).await?;
    let stored_overall = [
        overall.total,
        overall.open,
        overall.routine,
        overall.key,
        overall.green,
        overall.yellow,
        overall.red,
        overall.done,
    ];
    for (f, stored) in GLOBAL_FIELDS.iter().zip(stored_overall) {
        let want = expected.get(&(String::new(), *f)).copied().unwrap_or(0);
        if want != stored {
            drift.push(format!("overall.{f}: stored {stored}, recounted {want}"));
        }
    }
    let units = per_unit(db).await?;
    let mut seen = std::collections::BTreeSet::new();
    for u in &units {
        seen.insert(u.unit.clone());
        let stored = [
            u.lead_total,
            u.lead_open,
            u.assisting_total,
            u.assisting_open,
            u.red,
            u.yellow,
            u.green,
            u.done,
        ];
        for (f, s) in UNIT_FIELDS.iter().zip(stored) {
            let want = expected.get(&(u.unit.clone(), *f)).copied().unwrap_or(0);
            if want != s {
                drift.push(format!("{}.{f}: stored {s}, recounted {want}", u.unit));
            }
        }
    }
    for ((target, f), n) in &expected {
        if !target.is_empty() && !seen.contains(target) && *n != 0 {
            drift.push(format!("{target}.{f}: missing, recounted {n}"));
        }
    }
    Ok(CounterCheck {
        ok: drift.is_empty(),
        matters: by_matter.len() as u64,
        drift,
    })
}
