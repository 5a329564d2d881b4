//! A generation per list audience: `listgen:⟨scope⟩` holds a token that every change to that
//! audience's `listing` rows replaces, in the change's own transaction. One read of it tells a
//! process whether a page it built from those rows is still what they say, whoever wrote since:
//! this process, or another one on the same database (docs/deploy.md), which no in-process
//! signal would reach. Used by the page cache (`crate::store::pages`).
//!
//! The rule every writer of `listing` keeps: rows of a scope change only together with a new
//! token for that scope. `listing::sync_sql` (every action), the scale seed and the 0015 backfill
//! do; a page read under a token is never served under another.

use super::{Database, DbError};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// The working-day calendar's token, `listgen:calendar`: no list audience is so named (their
/// keys are `all`, `unit:…`, `leader:…`, …), and it is replaced and read the same way, by every
/// save of a calendar year, so that a process checks with one read whether the calendar it holds
/// is still the stored one (`db::calendar::Shared`).
pub const CALENDAR: &str = "calendar";

/// Statements that give each of `scopes` (their `Scope::key`s) a new token; `prefix` keeps the
/// variables of several writes in one transaction apart.
pub fn bump_sql(scopes: &BTreeSet<String>, prefix: &str, vars: &mut Map<String, Value>) -> String {
    if scopes.is_empty() {
        return String::new();
    }
    let token = format!("{prefix}_gen");
    vars.insert(
        token.clone(),
        json!(uuid::Uuid::new_v4().simple().to_string()),
    );
    let mut targets = Vec::with_capacity(scopes.len());
    for (i, scope) in scopes.iter().enumerate() {
        let key = format!("{prefix}_g{i}");
        vars.insert(key.clone(), json!(scope));
        targets.push(format!("type::record('listgen', ${key})"));
    }
    format!(
        "UPSERT {} SET g = ${token} RETURN NONE;\n",
        targets.join(", ")
    )
}

/// The statement reading the tokens of `n` scopes, bound by `bind`, as one array (`null` for a
/// scope no change has touched since the table existed).
pub fn read_sql(n: usize) -> String {
    let each: Vec<String> = (0..n)
        .map(|i| format!("type::record('listgen', $listgen_{i}).g"))
        .collect();
    format!("RETURN [{}];", each.join(", "))
}

/// Binds the scopes `read_sql` reads.
pub fn bind(scopes: &[String], vars: &mut Map<String, Value>) {
    for (i, scope) in scopes.iter().enumerate() {
        vars.insert(format!("listgen_{i}"), json!(scope));
    }
}

/// The generation of the scopes now, as one text: a page read after this call and before the
/// next write to any of them is what their rows say under it.
pub async fn read(db: &Database, scopes: &[String]) -> Result<String, DbError> {
    let mut vars = Map::new();
    bind(scopes, &mut vars);
    let results = db.run(&read_sql(scopes.len()), Value::Object(vars)).await?;
    Ok(generation_of(results.into_iter().next()))
}

/// The generation in `read_sql`'s result: the tokens in order, `-` for none.
pub fn generation_of(result: Option<Value>) -> String {
    let tokens = match result {
        Some(Value::Array(tokens)) => tokens,
        _ => Vec::new(),
    };
    let each: Vec<&str> = tokens.iter().map(|t| t.as_str().unwrap_or("-")).collect();
    each.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_scope_moved_no_statement() {
        let mut vars = Map::new();
        assert_eq!(bump_sql(&BTreeSet::new(), "m0", &mut vars), "");
        assert!(vars.is_empty());
    }

    #[test]
    fn every_scope_moved_gets_the_same_new_token_in_one_statement() {
        let mut vars = Map::new();
        let scopes: BTreeSet<String> = ["all", "unit:jwc"].map(String::from).into();
        let sql = bump_sql(&scopes, "m0", &mut vars);
        assert_eq!(
            sql,
            "UPSERT type::record('listgen', $m0_g0), type::record('listgen', $m0_g1) SET g = $m0_gen RETURN NONE;\n"
        );
        assert_eq!(vars["m0_g0"], "all");
        assert_eq!(vars["m0_g1"], "unit:jwc");
        let first = vars["m0_gen"].clone();
        bump_sql(&scopes, "m0", &mut vars);
        assert_ne!(
            vars["m0_gen"], first,
            "each write brings a token of its own"
        );
    }

    #[test]
    fn a_generation_is_the_tokens_of_its_scopes_in_order() {
        assert_eq!(
            read_sql(2),
            "RETURN [type::record('listgen', $listgen_0).g, type::record('listgen', $listgen_1).g];"
        );
        assert_eq!(
            generation_of(Some(json!(["a1", null]))),
            "a1,-",
            "a scope never written reads as `-`"
        );
        assert_eq!(generation_of(Some(json!([null, "a1"]))), "-,a1");
    }
}
