//! The unit of work: variables kept apart, list rows only with their generation, lost races typed.

use super::*;
use crate::store::db::{Clash, classify};
use serde_json::{Map, Value, json};

fn vars(names: &[&str]) -> Map<String, Value> {
    names.iter().map(|n| (n.to_string(), json!(1))).collect()
}

#[test]
fn a_writes_own_variables_are_renamed_and_nothing_else() {
    let sql = "LET $ns = (SELECT VALUE n FROM type::record('number_seq', $ny))[0] ?? 0;
               IF $ns != $nprev { THROW 'number_race $ny' };
               CREATE type::record('event', $e1_key) CONTENT $e1 RETURN NONE;
               UPDATE x SET a = $this.a, b = $value, c = \"$e1\" WHERE id = $e10;";
    let out = prefixed(sql, &vars(&["ny", "nprev", "e1", "e1_key", "e10"]), "g3_");
    assert_eq!(
        out,
        "LET $g3_ns = (SELECT VALUE n FROM type::record('number_seq', $g3_ny))[0] ?? 0;
               IF $g3_ns != $g3_nprev { THROW 'number_race $ny' };
               CREATE type::record('event', $g3_e1_key) CONTENT $g3_e1 RETURN NONE;
               UPDATE x SET a = $this.a, b = $value, c = \"$e1\" WHERE id = $g3_e10;"
    );
}

#[test]
fn a_name_ending_in_let_does_not_declare() {
    let sql = "SELECT * FROM outlet WHERE a = $inlet; LET $own = 1; RETURN $own + $b;";
    let out = prefixed(sql, &vars(&["b"]), "g0_");
    assert_eq!(
        out,
        "SELECT * FROM outlet WHERE a = $inlet; LET $g0_own = 1; RETURN $g0_own + $g0_b;"
    );
}

#[test]
fn escaped_quotes_and_non_ascii_text_are_kept() {
    let sql = "CREATE n SET t = '督办 \\' $x', u = $x;";
    assert_eq!(
        prefixed(sql, &vars(&["x"]), "g1_"),
        "CREATE n SET t = '督办 \\' $x', u = $g1_x;"
    );
}

#[test]
fn two_statements_with_the_same_names_do_not_meet() {
    let mut unit = Unit::new();
    unit.push(Statement::new("CREATE a CONTENT $row RETURN NONE;").bind("row", 1));
    let mut other = Unit::new();
    other.push(Statement::new("CREATE b CONTENT $row RETURN NONE;").bind("row", 2));
    unit.append(other);
    let (sql, vars) = unit.render().expect("renders");
    assert_eq!(
        sql,
        "CREATE a CONTENT $p0_row RETURN NONE;\nCREATE b CONTENT $p1_p0_row RETURN NONE;\n"
    );
    assert_eq!(
        (&vars["p0_row"], &vars["p1_p0_row"]),
        (&json!(1), &json!(2))
    );
}

#[test]
fn rows_of_one_kind_from_many_writers_are_added_in_one_statement() {
    let mut unit = Unit::new();
    unit.insert("INSERT INTO event", json!({ "n": 1 }));
    let mut other = Unit::new();
    other.insert("INSERT INTO event", json!({ "n": 2 }));
    unit.append(other);
    let (sql, vars) = unit.render().expect("renders");
    assert_eq!(sql, "INSERT INTO event $unit_rows0 RETURN NONE;\n");
    assert_eq!(vars["unit_rows0"], json!([{ "n": 1 }, { "n": 2 }]));
}

#[test]
fn list_rows_written_through_the_unit_come_with_a_new_generation_for_their_audiences() {
    let mut unit = Unit::new();
    unit.list(
        ["unit:jwc".to_owned()],
        Statement::new("DELETE type::record('listing', $key) RETURN NONE;").bind("key", 1),
    );
    let mut other = Unit::new();
    other.list(
        ["all".to_owned(), "unit:jwc".to_owned()],
        Statement::new("UPSERT type::record('listing', $key) CONTENT {} RETURN NONE;")
            .bind("key", 2),
    );
    unit.append(other);
    let (sql, vars) = unit.render().expect("the rule is kept");
    assert!(sql.ends_with(
        "UPSERT type::record('listgen', $unit_audience0), type::record('listgen', $unit_audience1) \
         SET g = $unit_generation RETURN NONE;\n"
    ));
    assert_eq!(
        (&vars["unit_audience0"], &vars["unit_audience1"]),
        (&json!("all"), &json!("unit:jwc")),
        "each audience once, however many writes moved it"
    );
    assert!(vars["unit_generation"].is_string());
}

#[test]
fn a_write_to_list_rows_that_names_no_audience_is_refused() {
    for sql in [
        "UPSERT type::record('listing', $key) CONTENT $row RETURN NONE;",
        "DELETE listing WHERE mid = $mid;",
        "INSERT INTO listing $rows RETURN NONE;",
        "UPDATE `listing` SET light = 'red';",
    ] {
        let mut unit = Unit::new();
        unit.push(Statement::new(sql));
        assert!(
            matches!(unit.render(), Err(DbError::Unchecked(_))),
            "{sql} was let through"
        );
    }
    // Other tables, and variables or text that only mention it, are not list rows.
    for sql in [
        "UPDATE matter SET listed_at = $listing RETURN NONE;",
        "CREATE note SET text = 'the listing page' RETURN NONE;",
        "UPSERT type::record('listgen', $a) SET g = 1;",
    ] {
        let mut unit = Unit::new();
        unit.push(Statement::new(sql));
        assert!(unit.render().is_ok(), "{sql} was refused");
    }
}

/// Every writer of list rows in the server goes through `Unit::list`: a matter's whole history,
/// projected action by action, never renders a list-row statement without its generation.
#[test]
fn every_action_on_a_matter_moves_its_lists_with_their_generation() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    let calendar = shared::Calendar::default();
    let s = crate::seed::generator::scenario(today, &["jwc", "kyc"], 20, 3, &calendar);
    let lit = |m: &shared::Matter| shared::light::light(m, today, &calendar, 3);
    let mut writes = 0;
    for h in &s.histories {
        let states: Vec<shared::Matter> = (1..=h.len())
            .filter_map(|n| shared::engine::replay(&h[..n]))
            .collect();
        let mut listed: Option<super::super::listing::Listed> = None;
        for (i, after) in states.iter().enumerate() {
            let before = i.checked_sub(1).map(|p| &states[p]).zip(listed.as_ref());
            let mut unit = Unit::new();
            super::super::matters::project(&mut unit, before, after, lit(after)).expect("a write");
            let moved = unit.moved.clone();
            let (sql, _) = unit.render().expect("the rule is kept");
            if sql.contains("'listing'") {
                writes += 1;
                assert!(!moved.is_empty() && sql.contains("'listgen'"), "{sql}");
            }
            listed = Some(super::super::listing::Listed {
                light: lit(after),
                at: "2026-12-01T09:00:00+00:00".into(),
                version: after.version,
            });
        }
    }
    assert!(writes > 20, "{writes} list writes checked");
}

#[test]
fn a_lost_race_is_told_apart_from_other_failures() {
    use surrealdb::types::QueryError;
    let conflict = surrealdb::Error::query(
        "Transaction write conflict".into(),
        QueryError::TransactionConflict,
    );
    assert_eq!(classify(conflict).clash(), Some(&Clash::Concurrent));
    let thrown = surrealdb::Error::thrown("An error occurred: number_race".into());
    assert!(classify(thrown).is_guard("number_race"));
    let index = surrealdb::Error::internal(
        "Database index `unit_code` already contains 'jwc', with record `unit:x`".into(),
    );
    assert_eq!(
        classify(index).clash(),
        Some(&Clash::Index("unit_code".into()))
    );
    let other = surrealdb::Error::internal("Found NONE for field `title`".into());
    assert!(matches!(classify(other), DbError::Query(_)));
}

#[tokio::test]
async fn the_database_reports_the_statement_that_failed_not_the_ones_it_cancelled() {
    let db = Database::connect(&crate::config::Settings::for_tests().database)
        .await
        .expect("an in-memory database");
    let create = "CREATE type::record('probe', 1) RETURN NONE;";
    Unit::from(Statement::new(create))
        .commit(&db)
        .await
        .expect("the first");
    let mut unit = Unit::new();
    unit.push(Statement::new(
        "CREATE type::record('probe', 2) RETURN NONE;",
    ));
    unit.push(Statement::new(create));
    let second = unit.commit(&db).await;
    assert!(
        matches!(&second, Err(e) if e.clash() == Some(&Clash::Record)),
        "{second:?}"
    );
    let guard = Unit::from(Statement::new("THROW 'attachment_quota';"))
        .commit(&db)
        .await;
    assert!(
        matches!(&guard, Err(e) if e.is_guard("attachment_quota")),
        "{guard:?}"
    );
}

/// A write of list rows sent with `Database::run` would pass by the unit and its check: every
/// place in the server's source that writes them must hand them to `Unit::list`.
#[test]
fn no_list_row_is_written_outside_a_unit() {
    const WRITES: [&str; 5] = [
        "type::record('listing'",
        "INTO listing",
        "UPSERT listing",
        "UPDATE listing",
        "DELETE listing",
    ];
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    let mut dirs = vec![src];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("the source folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.ends_with(".rs") || name.ends_with("_tests.rs") || name == "unit.rs" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a source file");
            let code: Vec<&str> = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect();
            if code.iter().any(|l| WRITES.iter().any(|w| l.contains(w))) {
                checked += 1;
                assert!(
                    code.iter().any(|l| l.contains(".list(")),
                    "{} writes list rows without Unit::list",
                    path.display()
                );
            }
        }
    }
    assert!(checked >= 3, "only {checked} writers of list rows found");
}
