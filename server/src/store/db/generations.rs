//! A generation per list audience: `listgen:⟨scope⟩` holds a token that every change to that
//! audience's `listing` rows replaces, in the change's own transaction. One read of it tells a
//! process whether a page it built from those rows is still what they say, whoever wrote since:
//! this process, or another one on the same database (docs/deploy.md), which no in-process
//! signal would reach. Used by the page cache (`crate::store::pages`).
//!
//! The rule every writer of `listing` keeps: rows of a scope change only together with a new
//! token for that scope, so a page read under a token is never served under another. It is kept
//! by the unit of work (`unit::Unit::list`), through which every write goes: it gives the
//! audiences a write names a new token, and refuses a statement that writes `listing` unnamed.

use super::{Database, DbError};
use serde_json::{Map, Value, json};

/// The working-day calendar's token, `listgen:calendar`: no list audience is so named (their
/// keys are `all`, `unit:…`, `leader:…`, …), and it is replaced and read the same way, by every
/// save of a calendar year, so that a process checks with one read whether the calendar it holds
/// is still the stored one (`db::calendar::Shared`).
pub const CALENDAR: &str = "calendar";

/// The admin's settings' token, `listgen:settings`, replaced by every save of them and read the
/// same way (`db::admin_settings::Shared`).
pub const SETTINGS: &str = "settings";

/// The table of tokens, one record per audience.
pub const TABLE: &str = "listgen";

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
