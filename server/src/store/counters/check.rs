//! The admin recount: every counter row against what the matters' replayed events say it should hold.

use super::{
    GLOBAL_FIELDS, Target, UNIT_FIELDS, YEAR_FIELDS, contribution, field, overall, per_unit,
    year_stats,
};
use crate::store::db::listing::{Listed, ListingRow, rows_of};
use crate::store::db::{Database, DbError};
use serde_json::{Value, json};
use shared::api::CounterCheck;
use std::collections::BTreeMap;

/// Recounts from the events (replayed) and the stored lights, and lists every counter that drifted.
pub async fn check(db: &Database) -> Result<CounterCheck, DbError> {
    let events = crate::store::db::matters::all_events(db).await?;
    // Each matter's stored light and what its list rows were last written with.
    #[derive(serde::Deserialize)]
    struct Stamp {
        mid: String,
        #[serde(flatten)]
        listed: Listed,
    }
    let sql = format!("SELECT mid, {} FROM matter", Listed::SELECT);
    let stamps: BTreeMap<String, Listed> = db
        .rows::<Stamp>(&sql, json!({}))
        .await?
        .into_iter()
        .map(|s| (s.mid, s.listed))
        .collect();
    let mut expected = BTreeMap::new();
    let mut by_matter: BTreeMap<&str, Vec<shared::engine::Event>> = BTreeMap::new();
    for e in &events {
        by_matter
            .entry(e.matter_id.as_str())
            .or_default()
            .push(e.clone());
    }
    let mut drift = Vec::new();
    // The list rows each matter should have, whole: what its replayed events make of it, stamped
    // as its row says they were last written. A row a write left alone must still say all of it.
    let mut listed = BTreeMap::new();
    for (mid, evs) in &by_matter {
        match (shared::engine::replay(evs), stamps.get(*mid)) {
            (Some(m), Some(stamp)) => {
                contribution(&m, stamp.light, &mut expected, 1);
                for (s, row) in rows_of(&m, stamp) {
                    listed.insert((s.key(), m.id.clone()), row);
                }
            }
            (Some(_), None) => drift.push(format!("matter {mid}: events but no matter row")),
            (None, _) => drift.push(format!("matter {mid}: its events do not replay")),
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

/// Every list row that is missing, left over, or not what its matter says it should be.
async fn listing_drift(
    db: &Database,
    mut want: BTreeMap<(String, String), ListingRow>,
) -> Result<Vec<String>, DbError> {
    let rows: Vec<ListingRow> = db.rows("SELECT * OMIT id FROM listing", json!({})).await?;
    let mut drift = Vec::new();
    for r in rows {
        match want.remove(&(r.scope.clone(), r.mid.clone())) {
            Some(w) if w == r => {}
            Some(w) => drift.push(format!(
                "listing {} of {}: differs from its matter in {}",
                r.scope,
                r.mid,
                differing(&r, &w)?.join(", ")
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

/// The fields in which a stored list row differs from the one wanted, by name.
fn differing(stored: &ListingRow, wanted: &ListingRow) -> Result<Vec<String>, DbError> {
    let (Value::Object(a), Value::Object(b)) =
        (serde_json::to_value(stored)?, serde_json::to_value(wanted)?)
    else {
        return Ok(vec!["the row".into()]);
    };
    let mut names: Vec<String> = a.keys().chain(b.keys()).cloned().collect();
    names.sort();
    names.dedup();
    names.retain(|k| a.get(k) != b.get(k));
    Ok(names)
}
