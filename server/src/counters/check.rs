//! The admin recount: every counter row against what the matters' replayed events say it should hold.

use super::{
    GLOBAL_FIELDS, Target, UNIT_FIELDS, YEAR_FIELDS, contribution, field, overall, per_unit,
    year_stats,
};
use crate::db::{Database, DbError};
use serde_json::{Value, json};
use shared::Light;
use shared::api::CounterCheck;
use std::collections::BTreeMap;

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
    // The list rows each matter should have: (scope, mid) → (version, light).
    let mut listed = BTreeMap::new();
    for (mid, evs) in &by_matter {
        match shared::engine::replay(evs) {
            Some(m) => {
                let light = lights.get(*mid).copied().unwrap_or(Light::Green);
                contribution(&m, light, &mut expected, 1);
                for s in crate::db::listing::scopes_of(&m) {
                    listed.insert((s.key(), m.id.clone()), (m.version, light));
                }
            }
            None => drift.push(format!("matter {mid}: its events do not replay")),
        }
    }
    drift.extend(listing_drift(db, listed).await?);
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
        let want = expected.get(&(Target::All, *f)).copied().unwrap_or(0);
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
            let want = expected
                .get(&(Target::Unit(u.unit.clone()), *f))
                .copied()
                .unwrap_or(0);
            if want != s {
                drift.push(format!("{}.{f}: stored {s}, recounted {want}", u.unit));
            }
        }
    }
    let years: Vec<Value> = db.rows("SELECT * FROM unit_year", json!({})).await?;
    for r in &years {
        let y = year_stats(r);
        let target = Target::UnitYear(y.unit.clone(), y.year);
        seen.insert(format!("{target:?}"));
        for f in YEAR_FIELDS {
            let want = expected.get(&(target.clone(), f)).copied().unwrap_or(0);
            if want != field(r, f) {
                drift.push(format!(
                    "{} {}.{f}: stored {}, recounted {want}",
                    y.unit,
                    y.year,
                    field(r, f)
                ));
            }
        }
    }
    for ((target, f), n) in &expected {
        let stored = match target {
            Target::All => true,
            Target::Unit(u) => seen.contains(u),
            Target::UnitYear(..) => seen.contains(&format!("{target:?}")),
        };
        if !stored && *n != 0 {
            drift.push(format!("{target:?}.{f}: missing, recounted {n}"));
        }
    }
    Ok(CounterCheck {
        ok: drift.is_empty(),
        matters: by_matter.len() as u64,
        drift,
    })
}

/// Every list row that is missing, left over, or out of step with its matter.
async fn listing_drift(
    db: &Database,
    mut want: BTreeMap<(String, String), (u64, Light)>,
) -> Result<Vec<String>, DbError> {
    #[derive(serde::Deserialize)]
    struct Row {
        scope: String,
        mid: String,
        version: u64,
        light: Light,
    }
    let rows: Vec<Row> = db
        .rows("SELECT scope, mid, version, light FROM listing", json!({}))
        .await?;
    let mut drift = Vec::new();
    for r in rows {
        match want.remove(&(r.scope.clone(), r.mid.clone())) {
            Some(w) if w == (r.version, r.light) => {}
            Some((v, l)) => drift.push(format!(
                "listing {} of {}: version {} light {:?}, the matter has {v} {l:?}",
                r.scope, r.mid, r.version, r.light
            )),
            None => drift.push(format!("listing {} of {}: left over", r.scope, r.mid)),
        }
    }
    drift.extend(
        want.keys()
            .map(|(scope, mid)| format!("listing {scope} of {mid}: missing")),
    );
    Ok(drift)
}
