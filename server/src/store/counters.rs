//! Dashboard counters (overall, per unit, and per unit and year), changed by deltas inside each
//! write's transaction, so the dashboard and the unit statistics read a few small rows instead of
//! computing from every matter.

use crate::store::db::unit::{Statement, Unit};
use crate::store::db::{Database, DbError};
use serde_json::{Map, Value, json};
use shared::api::{Counters, UnitCounters, UnitYearStats};
use shared::matter::MatterKind;
use shared::stats::{YearFigure, year_figures};
use shared::{Light, Matter};
use std::collections::BTreeMap;

mod check;
pub use check::check;

/// Which row a counter lives in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    All,
    Unit(String),
    /// The lead unit's figures for a calendar year, as `shared::stats::unit_stats` counts a year.
    UnitYear(String, i32),
}

const GLOBAL_FIELDS: [&str; 8] = [
    "total", "open", "routine", "key", "green", "yellow", "red", "done",
];
const YEAR_FIELDS: [&str; 6] = [
    "completed",
    "on_time",
    "late",
    "reminders",
    "second_reminders",
    "returns",
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

type Delta = BTreeMap<(Target, &'static str), i64>;

/// What one matter adds to the counters: (target, field) → amount.
fn contribution(m: &Matter, light: Light, out: &mut Delta, sign: i64) {
    let mut add = |target: Target, field: &'static str| {
        *out.entry((target, field)).or_default() += sign;
    };
    let light_field = match light {
        Light::Green => "green",
        Light::Yellow => "yellow",
        Light::Red => "red",
        Light::Done => "done",
    };
    add(Target::All, "total");
    add(Target::All, light_field);
    add(
        Target::All,
        match m.kind {
            MatterKind::Routine => "routine",
            MatterKind::Key => "key",
        },
    );
    if m.is_open() {
        add(Target::All, "open");
    }
    let lead = || Target::Unit(m.lead_unit.clone());
    add(lead(), "lead_total");
    add(lead(), light_field);
    if m.is_open() {
        add(lead(), "lead_open");
    }
    for unit in &m.assisting_units {
        add(Target::Unit(unit.clone()), "assisting_total");
        if m.is_open() {
            add(Target::Unit(unit.clone()), "assisting_open");
        }
    }
    year_contribution(m, &mut add);
}

/// The lead unit's yearly figures: which ones and in which year is `shared::stats::year_figures`.
fn year_contribution(m: &Matter, add: &mut impl FnMut(Target, &'static str)) {
    for (year, figure) in year_figures(m) {
        let field = match figure {
            YearFigure::Completed => "completed",
            YearFigure::OnTime => "on_time",
            YearFigure::Late => "late",
            YearFigure::Reminder => "reminders",
            YearFigure::SecondReminder => "second_reminders",
            YearFigure::Return => "returns",
        };
        add(Target::UnitYear(m.lead_unit.clone(), year), field);
    }
}

/// Adds to `unit` the statements that move the counters from `before` to `after` (either may be
/// absent); none when nothing changes.
pub fn delta(unit: &mut Unit, before: Option<(&Matter, Light)>, after: Option<(&Matter, Light)>) {
    let mut delta = BTreeMap::new();
    if let Some((m, l)) = before {
        contribution(m, l, &mut delta, -1);
    }
    if let Some((m, l)) = after {
        contribution(m, l, &mut delta, 1);
    }
    push(unit, delta);
}

/// Adds to `unit` the statements that count many new matters at once (bulk seeding).
pub fn add_many<'a>(unit: &mut Unit, matters: impl IntoIterator<Item = (&'a Matter, Light)>) {
    let mut delta = BTreeMap::new();
    for (m, l) in matters {
        contribution(m, l, &mut delta, 1);
    }
    push(unit, delta);
}

/// One statement per counter row that moves, each field bound under its own name.
fn push(unit: &mut Unit, delta: Delta) {
    let mut by_target: BTreeMap<Target, Vec<(&'static str, i64)>> = BTreeMap::new();
    for ((target, field), n) in delta {
        if n != 0 {
            by_target.entry(target).or_default().push((field, n));
        }
    }
    for (target, fields) in by_target {
        let sets: Vec<String> = fields.iter().map(|(f, _)| format!("{f} += ${f}")).collect();
        let sets = sets.join(", ");
        let mut statement = match target {
            Target::All => Statement::new(format!("UPSERT counter:all SET {sets} RETURN NONE;")),
            Target::Unit(code) => Statement::new(format!(
                "UPSERT type::record('unit_counter', $unit) SET unit = $unit, {sets} RETURN NONE;"
            ))
            .bind("unit", code),
            Target::UnitYear(code, year) => Statement::new(format!(
                "UPSERT type::record('unit_year', [$unit, $year]) SET unit = $unit, year = $year, {sets} RETURN NONE;"
            ))
            .bind("unit", code)
            .bind("year", year),
        };
        for (f, n) in fields {
            statement = statement.bind(f, n);
        }
        unit.push(statement);
    }
}

fn field(row: &Value, f: &str) -> i64 {
    row.get(f).and_then(Value::as_i64).unwrap_or(0)
}

/// The statement that reads the university's counters.
pub const OVERALL: &str = "SELECT * FROM counter:all";

pub async fn overall(db: &Database) -> Result<Counters, DbError> {
    let row: Option<Value> = db.first(OVERALL, json!({})).await?;
    Ok(overall_of(&row.unwrap_or(Value::Null)))
}

/// The university's counters from their row (all zero before the first matter).
pub fn overall_of(row: &Value) -> Counters {
    Counters {
        total: field(row, "total"),
        open: field(row, "open"),
        routine: field(row, "routine"),
        key: field(row, "key"),
        green: field(row, "green"),
        yellow: field(row, "yellow"),
        red: field(row, "red"),
        done: field(row, "done"),
    }
}

pub async fn per_unit(db: &Database) -> Result<Vec<UnitCounters>, DbError> {
    let rows: Vec<Value> = db
        .rows("SELECT * FROM unit_counter ORDER BY unit", json!({}))
        .await?;
    Ok(rows.iter().map(unit_counters).collect())
}

/// The statement that reads one unit's counters, the unit's code in `$counter_unit` (a name no
/// list query uses, so a list can read them in the same round trip).
pub const UNIT: &str = "SELECT * FROM type::record('unit_counter', $counter_unit)";

/// One unit's counters; all zero for a unit no matter names yet.
pub async fn unit(db: &Database, unit: &str) -> Result<UnitCounters, DbError> {
    let row: Option<Value> = db.first(UNIT, json!({ "counter_unit": unit })).await?;
    Ok(unit_of(&row.unwrap_or(Value::Null), unit))
}

/// A unit's counters from their row (all zero when it has none yet).
pub fn unit_of(row: &Value, unit: &str) -> UnitCounters {
    let mut counters = unit_counters(row);
    counters.unit = unit.to_owned();
    counters
}

fn unit_counters(r: &Value) -> UnitCounters {
    UnitCounters {
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
    }
}

fn year_stats(r: &Value) -> UnitYearStats {
    let n = |f: &str| field(r, f) as u32;
    let (completed, on_time) = (n("completed"), n("on_time"));
    UnitYearStats {
        unit: r
            .get("unit")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        year: field(r, "year") as i32,
        completed,
        on_time,
        late: n("late"),
        on_time_rate: (completed > 0).then(|| f64::from(on_time) / f64::from(completed)),
        reminders: n("reminders"),
        second_reminders: n("second_reminders"),
        returns: n("returns"),
    }
}

/// Each lead unit's figures for `year` (units with nothing that year have no row).
pub async fn per_unit_year(db: &Database, year: i32) -> Result<Vec<UnitYearStats>, DbError> {
    let rows: Vec<Value> = db
        .rows(
            "SELECT * FROM unit_year WHERE year = $year ORDER BY unit",
            json!({ "year": year }),
        )
        .await?;
    Ok(rows.iter().map(year_stats).collect())
}

/// Counts the `unit_year` rows from every stored matter, a batch at a time, and writes them (as
/// values, replacing what is there) in one transaction with the `record` migration entry, so a
/// second run, or a second process starting at once, cannot count anything twice.
pub async fn backfill_unit_years(db: &Database, record: &str) -> Result<usize, DbError> {
    #[derive(serde::Deserialize)]
    struct Row {
        mid: String,
        doc: String,
    }
    let mut delta = Delta::new();
    let mut after = String::new();
    let mut seen = 0;
    loop {
        let rows: Vec<Row> = db
            .rows(
                "SELECT mid, doc FROM matter WHERE mid > $after ORDER BY mid LIMIT 500",
                json!({ "after": after }),
            )
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.mid.clone();
        for r in &rows {
            let m: Matter = serde_json::from_str(&r.doc)?;
            year_contribution(&m, &mut |t, f| *delta.entry((t, f)).or_default() += 1);
        }
        seen += rows.len();
    }
    let mut years: BTreeMap<(String, i32), Map<String, Value>> = BTreeMap::new();
    for ((target, f), n) in delta {
        if let Target::UnitYear(unit, year) = target {
            let row = years.entry((unit.clone(), year)).or_insert_with(|| {
                let mut row = Map::new();
                row.insert("unit".into(), json!(unit));
                row.insert("year".into(), json!(year));
                row
            });
            row.insert(f.into(), json!(n));
        }
    }
    let rows: Vec<Value> = years.into_values().map(Value::Object).collect();
    db.run(
        "BEGIN TRANSACTION;
         DELETE unit_year;
         FOR $r IN $rows {
             UPSERT type::record('unit_year', [$r.unit, $r.year]) CONTENT $r RETURN NONE;
         };
         CREATE migration SET name = $name, applied_at = time::now() RETURN NONE;
         COMMIT TRANSACTION;",
        json!({ "rows": rows, "name": record }),
    )
    .await?;
    Ok(seen)
}
