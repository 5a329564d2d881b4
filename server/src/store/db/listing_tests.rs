//! The list rows a matter's writes leave behind.

use super::*;
use crate::store::db::unit::Unit;

fn matter() -> Matter {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    let calendar = shared::Calendar::default();
    let s = crate::seed::generator::scenario(today, &["jwc", "kyc"], 1, 7, &calendar);
    let mut m = s
        .histories
        .first()
        .and_then(|h| shared::engine::replay(h))
        .expect("a demo matter");
    m.lead_unit = "jwc".into();
    m.assisting_units = vec!["kyc".into(), "jwc".into()];
    m.lead_leader = Some("leader2".into());
    m
}

/// The stamp of rows last written at version `v`.
fn listed(light: Light, v: u64) -> Listed {
    Listed {
        light,
        at: "2026-11-30T08:00:00+00:00".into(),
        version: v,
    }
}

const NOW: &str = "2026-12-01T09:00:00+00:00";

/// What a write at `NOW` sends for the matter's list rows: the statements, the new stamp, the
/// variables.
fn sync(before: Option<(&Matter, &Listed)>, after: &Matter, light: Light) -> Synced {
    let mut unit = Unit::new();
    let stamp = super::sync(&mut unit, before, after, light, NOW).expect("statements");
    let (sql, vars) = unit.render().expect("the generation rule is kept");
    Synced { sql, stamp, vars }
}

struct Synced {
    sql: String,
    stamp: Listed,
    vars: Map<String, Value>,
}

impl Synced {
    /// The fields the kept rows' one UPDATE sets, sorted.
    fn set_fields(&self) -> Vec<&str> {
        let update = self
            .sql
            .lines()
            .find(|l| l.starts_with("UPDATE"))
            .expect("an update");
        let set = &update[update.find(" SET ").expect("a SET") + 5..];
        let mut fields: Vec<&str> = set
            .trim_end_matches(" RETURN NONE;")
            .split(", ")
            .map(|f| f.split(" = ").next().unwrap_or(""))
            .collect();
        fields.sort_unstable();
        fields
    }
}

#[test]
fn a_matter_is_listed_once_for_each_audience() {
    let keys: Vec<String> = scopes_of(&matter()).iter().map(Scope::key).collect();
    assert_eq!(keys[..4], ["all", "unit:jwc", "unit:kyc", "leader:leader2"]);
}

#[test]
fn a_unit_taken_off_a_matter_loses_its_row() {
    let before = matter();
    let mut after = before.clone();
    after.assisting_units = vec![];
    let was = listed(Light::Green, before.version);
    let Synced { sql, vars, .. } = sync(Some((&before, &was)), &after, Light::Green);
    assert_eq!(sql.matches("DELETE").count(), 1);
    assert_eq!(vars["p0_key"], json!(["unit:kyc", before.id]));
    assert_eq!(
        sql.matches("UPDATE").count(),
        1,
        "the rows it keeps are updated in place, together"
    );
    assert_eq!(sql.matches("type::record('listing', $p1_k").count(), 3);
    assert!(sql.contains("assisting_units = $p1_f_assisting_units"));
    assert!(
        !sql.contains("light = "),
        "the light did not change, so it is not sent"
    );
    assert_eq!(sql.matches("UPSERT type::record('listing'").count(), 0);
}

#[test]
fn every_audience_whose_rows_move_gets_a_new_generation_with_them() {
    let before = matter();
    let mut after = before.clone();
    after.assisting_units = vec![];
    let was = listed(Light::Green, before.version);
    let Synced { sql, vars, .. } = sync(Some((&before, &was)), &after, Light::Green);
    let bump = sql
        .lines()
        .find(|l| l.contains("'listgen'"))
        .expect("a generation statement");
    let scopes: Vec<&Value> = (0..bump.matches("$unit_audience").count())
        .map(|i| &vars[&format!("unit_audience{i}")])
        .collect();
    // The unit taken off loses its row: its list moved too.
    assert_eq!(
        scopes,
        ["all", "leader:leader2", "unit:jwc", "unit:kyc"]
            .map(|s| json!(s))
            .iter()
            .collect::<Vec<_>>()
    );
    assert!(vars["unit_generation"].is_string());
    // Nothing a list shows moved: no rows written, no generation replaced.
    let kept = listed(Light::Green, after.version);
    let same = sync(Some((&after, &kept)), &after, Light::Green);
    assert_eq!(same.sql, "");
}

#[test]
fn a_kept_row_is_sent_only_what_moved() {
    let before = matter();
    let mut after = before.clone();
    after.version += 1;
    after.lead_leader = None;
    let was = listed(Light::Green, before.version);
    let synced = sync(Some((&before, &was)), &after, Light::Red);
    assert_eq!(
        synced.stamp,
        Listed {
            light: Light::Red,
            at: NOW.into(),
            version: after.version
        }
    );
    assert_eq!(
        synced.set_fields(),
        [
            "lead_leader",
            "light",
            "updated_at",
            "updated_desc",
            "version"
        ]
    );
    assert!(
        synced.sql.contains("lead_leader = NONE"),
        "a cleared option is NONE"
    );
    assert!(synced.sql.contains("DELETE"), "the leader's own row goes");
}

#[test]
fn a_new_lead_unit_rewrites_every_row_whole() {
    let before = matter();
    let mut after = before.clone();
    after.lead_unit = "kyc".into();
    after.assisting_units = vec!["jwc".into()];
    let was = listed(Light::Green, before.version);
    let Synced { sql, .. } = sync(Some((&before, &was)), &after, Light::Green);
    let listing_sql: Vec<&str> = sql.lines().filter(|l| !l.contains("'listgen'")).collect();
    assert!(!listing_sql.iter().any(|l| l.contains(" SET ")));
    assert!(sql.matches("CONTENT").count() >= 4);
}

#[test]
fn inverted_dates_sort_newest_first() {
    let mut days = ["2026-12-01", "2022-01-11", "2026-11-30", "2025-06-15"];
    days.sort_by_key(|d| inverted(d));
    assert_eq!(
        days,
        ["2026-12-01", "2026-11-30", "2025-06-15", "2022-01-11"]
    );
}

#[test]
fn a_row_reads_back_as_the_summary_the_detail_would_give() {
    let m = matter();
    let (_, row) = rows_of(&m, &listed(Light::Yellow, m.version))
        .into_iter()
        .next()
        .expect("the row for all");
    let back: ListingRow =
        serde_json::from_value(serde_json::to_value(&row).expect("encodes")).expect("decodes");
    let s = back.summary(Some("kyc"));
    assert_eq!(
        s,
        super::super::matters::summary(&m, Light::Yellow, Some("kyc"))
    );
}

#[test]
fn a_write_that_changes_nothing_a_list_shows_leaves_the_rows_alone() {
    let before = matter();
    let mut after = before.clone();
    // What a progress report or a follow-up does to the projection: the version moves, and what
    // the detail page shows, not what a list does.
    after.version += 1;
    after.content.push_str("（补充）");
    let was = listed(Light::Yellow, before.version);
    let synced = sync(Some((&before, &was)), &after, Light::Yellow);
    assert_eq!(synced.sql, "", "no list row is written");
    assert!(synced.vars.is_empty());
    assert_eq!(
        synced.stamp, was,
        "the rows keep the stamp they were written with"
    );
}

#[test]
fn a_light_that_moved_alone_is_all_a_kept_row_is_sent() {
    let before = matter();
    let was = listed(Light::Green, before.version);
    // The sweep: the same matter, a day later, yellow.
    let synced = sync(Some((&before, &was)), &before, Light::Yellow);
    assert_eq!(synced.set_fields(), ["light", "updated_at", "updated_desc"]);
    assert_eq!(
        synced.stamp.version, before.version,
        "the matter itself did not move"
    );
}

#[test]
fn a_new_matter_is_listed_with_the_time_it_was_written() {
    let m = matter();
    let synced = sync(None, &m, Light::Green);
    assert!(synced.sql.matches("UPSERT").count() >= 4);
    assert_eq!(
        synced.stamp,
        Listed {
            light: Light::Green,
            at: NOW.into(),
            version: m.version
        }
    );
}

/// The dashboard is kept under the `all` rows' generation (`routes::dashboard`), which
/// holds only if no overall or unit counter moves unless those rows do: checked on every step of
/// every demo matter's history.
#[test]
fn no_dashboard_counter_moves_unless_the_offices_rows_do() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    let calendar = shared::Calendar::default();
    let s = crate::seed::generator::scenario(today, &["jwc", "kyc", "dzb"], 60, 11, &calendar);
    let lit = |m: &Matter| shared::light::light(m, today, &calendar, 3);
    let (mut steps, mut moved) = (0, 0);
    for h in &s.histories {
        let states: Vec<Matter> = (1..=h.len())
            .filter_map(|n| shared::engine::replay(&h[..n]))
            .collect();
        for pair in states.windows(2) {
            let (b, a) = (&pair[0], &pair[1]);
            let mut counted = Unit::new();
            crate::store::counters::delta(&mut counted, Some((b, lit(b))), Some((a, lit(a))));
            let (counters, _) = counted.render().expect("counters");
            let dashboard_moves = counters
                .lines()
                .any(|l| l.starts_with("UPSERT counter:all") || l.contains("'unit_counter'"));
            let was = listed(lit(b), b.version);
            let rows = sync(Some((b, &was)), a, lit(a));
            if dashboard_moves {
                moved += 1;
                assert!(
                    rows.sql.contains("'listgen'") && rows.vars.values().any(|v| v == "all"),
                    "counters moved without the office's rows: {counters}"
                );
            }
            steps += 1;
        }
    }
    assert!(
        steps > 200 && moved > 30,
        "{steps} steps checked, {moved} moved counters"
    );
}
