//! A unit of work: statements, each with its own bindings, committed together in one transaction.
//!
//! Every write is assembled here. A statement names its variables as it likes (`$row`, `$key`);
//! the unit renames them apart as it takes them in, so any number of statements, or of whole
//! units (group commit puts many writers' units in one transaction), share one query.
//!
//! The unit also keeps the rule the list pages rest on (`generations`): rows of `listing` change
//! only with a new generation for their audience. A list row is written through `list`, which
//! names the audiences it moves; the unit adds one new generation for all of them when it is
//! rendered, and refuses to render a statement that writes `listing` any other way.

use super::{Database, DbError, generations};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// One statement (or a few that share `LET` variables) with its bindings.
#[derive(Debug, Clone)]
pub struct Statement {
    sql: String,
    vars: Map<String, Value>,
}

impl Statement {
    pub fn new(sql: impl Into<String>) -> Statement {
        Statement {
            sql: sql.into(),
            vars: Map::new(),
        }
    }

    /// Binds `$name` in this statement only.
    pub fn bind(mut self, name: &str, value: impl Into<Value>) -> Statement {
        self.vars.insert(name.to_owned(), value.into());
        self
    }

    /// Binds `$name` to a row, serialised.
    pub fn bind_row(self, name: &str, row: &impl serde::Serialize) -> Result<Statement, DbError> {
        Ok(self.bind(name, serde_json::to_value(row)?))
    }
}

impl From<Statement> for Unit {
    fn from(statement: Statement) -> Unit {
        let mut unit = Unit::new();
        unit.push(statement);
        unit
    }
}

/// Statements to commit together, their variables kept apart, the rows they add whole, and the
/// list audiences they move.
#[derive(Debug, Clone, Default)]
pub struct Unit {
    sql: String,
    vars: Map<String, Value>,
    /// How many parts were taken in: each part's variables are renamed with its number.
    parts: usize,
    /// Whole rows to add, under the statement that adds them (`INSERT INTO event`): one statement
    /// per kind however many writers add them, since SurrealDB's cost is mostly per statement.
    rows: BTreeMap<&'static str, Vec<Value>>,
    /// Audiences (`listing::Scope::key`) whose list rows the unit changes or whose generation it
    /// replaces (the calendar's): each gets a new token in the same transaction.
    moved: BTreeSet<String>,
    /// Statements that write `listing` without going through `list` (the rule's breaches).
    unlisted: Vec<String>,
}

impl Unit {
    pub fn new() -> Unit {
        Unit::default()
    }

    pub fn is_empty(&self) -> bool {
        self.sql.is_empty() && self.rows.is_empty() && self.moved.is_empty()
    }

    /// Adds a statement. One that writes list rows must come through `list` instead.
    pub fn push(&mut self, statement: Statement) {
        if writes_listing(&statement.sql) {
            self.unlisted.push(statement.sql.clone());
        }
        self.take(statement.sql, statement.vars);
    }

    /// Adds a statement that changes the list rows of `audiences`, which get a new generation.
    pub fn list(&mut self, audiences: impl IntoIterator<Item = String>, statement: Statement) {
        self.moved.extend(audiences);
        self.take(statement.sql, statement.vars);
    }

    /// Gives `audience` a new generation without a list row (the working-day calendar's).
    pub fn bump(&mut self, audience: impl Into<String>) {
        self.moved.insert(audience.into());
    }

    /// Adds a whole row under `insert` (`INSERT INTO event`, `INSERT IGNORE INTO notification`).
    pub fn insert(&mut self, insert: &'static str, row: Value) {
        self.rows.entry(insert).or_default().push(row);
    }

    /// Takes in all of `other`: its statements, rows and audiences.
    pub fn append(&mut self, other: Unit) {
        for (insert, rows) in other.rows {
            self.rows.entry(insert).or_default().extend(rows);
        }
        self.moved.extend(other.moved);
        self.unlisted.extend(other.unlisted);
        self.take(other.sql, other.vars);
    }

    fn take(&mut self, sql: String, vars: Map<String, Value>) {
        if sql.is_empty() {
            return;
        }
        // A letter, digits, `_`: no two parts' names can meet, nor meet the names `render`
        // binds, which start with `unit_`.
        let prefix = format!("p{}_", self.parts);
        self.parts += 1;
        self.sql.push_str(&prefixed(&sql, &vars, &prefix));
        if !self.sql.ends_with('\n') {
            self.sql.push('\n');
        }
        for (name, value) in vars {
            self.vars.insert(format!("{prefix}{name}"), value);
        }
    }

    /// The statements (without `BEGIN`/`COMMIT`) and their variables: the unit's own, one
    /// `INSERT` per kind of row, and one new generation for every audience moved. Refused when a
    /// statement wrote list rows behind the rule's back.
    pub fn render(self) -> Result<(String, Map<String, Value>), DbError> {
        if let Some(sql) = self.unlisted.first() {
            return Err(DbError::Unchecked(format!(
                "a statement writes list rows without naming their audiences (Unit::list): {sql}"
            )));
        }
        let (mut sql, mut vars) = (self.sql, self.vars);
        for (n, (insert, rows)) in self.rows.into_iter().enumerate() {
            let name = format!("unit_rows{n}");
            vars.insert(name.clone(), Value::Array(rows));
            sql.push_str(&format!("{insert} ${name} RETURN NONE;\n"));
        }
        if !self.moved.is_empty() {
            vars.insert(
                "unit_generation".into(),
                json!(uuid::Uuid::new_v4().simple().to_string()),
            );
            let mut targets = Vec::with_capacity(self.moved.len());
            for (i, audience) in self.moved.into_iter().enumerate() {
                let name = format!("unit_audience{i}");
                targets.push(format!("type::record('{}', ${name})", generations::TABLE));
                vars.insert(name, json!(audience));
            }
            sql.push_str(&format!(
                "UPSERT {} SET g = $unit_generation RETURN NONE;\n",
                targets.join(", ")
            ));
        }
        Ok((sql, vars))
    }

    /// Commits the unit in one transaction; the result of each statement, in order.
    pub async fn commit(self, db: &Database) -> Result<Vec<Value>, DbError> {
        if self.is_empty() {
            return Ok(Vec::new());
        }
        let (sql, vars) = self.render()?;
        db.run(
            &format!("BEGIN TRANSACTION;\n{sql}COMMIT TRANSACTION;"),
            Value::Object(vars),
        )
        .await
    }
}

/// Whether `sql` names the `listing` table: as a word of the statement, or as the whole of a
/// quoted name (`type::record('listing', …)`); not a `$listing` variable or a word inside text.
fn writes_listing(sql: &str) -> bool {
    const TABLE: &str = "listing";
    parts(sql).into_iter().any(|part| match part {
        Part::Quoted(text) => text == TABLE,
        Part::Code(_, code) => code.match_indices(TABLE).any(|(i, _)| {
            let before = code[..i].chars().next_back();
            let after = code[i + TABLE.len()..].chars().next();
            before.is_none_or(|c| !is_ident(c) && c != '$') && after.is_none_or(|c| !is_ident(c))
        }),
    })
}

/// A stretch of SurrealQL: statement text (with its byte offset in the whole), or what is
/// between quotes (`'…'`, `"…"`, `` `…` ``, backslash escapes kept).
enum Part<'a> {
    Code(usize, &'a str),
    Quoted(&'a str),
}

fn parts(sql: &str) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    let (mut start, mut quote) = (0, None::<(char, usize)>);
    let mut chars = sql.char_indices();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some(_) if c == '\\' => {
                chars.next();
            }
            Some((q, from)) if c == q => {
                out.push(Part::Quoted(&sql[from..i]));
                (start, quote) = (i + 1, None);
            }
            Some(_) => {}
            None if matches!(c, '\'' | '"' | '`') => {
                out.push(Part::Code(start, &sql[start..i]));
                quote = Some((c, i + 1));
            }
            None => {}
        }
    }
    match quote {
        Some((_, from)) => out.push(Part::Quoted(&sql[from..])),
        None => out.push(Part::Code(start, &sql[start..])),
    }
    out
}

/// `sql` with each of its own variables (bound in `vars` or declared by `LET`) renamed to
/// `prefix` + name, so several writes' statements can share one query. Parameters SurrealDB
/// defines (`$this`, `$value`, …) and anything inside quotes stay as they are.
pub(crate) fn prefixed(sql: &str, vars: &Map<String, Value>, prefix: &str) -> String {
    let params = params(sql);
    let declared: BTreeSet<&str> = params
        .iter()
        .filter(|(start, _)| {
            // `start - 1` is the `$`, one byte.
            let before = sql[..*start - 1].trim_end();
            let keyword = before.len().checked_sub(3);
            keyword.and_then(|k| before.get(k..)).is_some_and(|word| {
                word.eq_ignore_ascii_case("LET") && !before[..before.len() - 3].ends_with(is_ident)
            })
        })
        .map(|&(start, end)| &sql[start..end])
        .collect();
    let mut out = String::with_capacity(sql.len() + params.len() * prefix.len());
    let mut copied = 0;
    for (start, end) in params {
        let name = &sql[start..end];
        if vars.contains_key(name) || declared.contains(name) {
            out.push_str(&sql[copied..start]);
            out.push_str(prefix);
            out.push_str(name);
            copied = end;
        }
    }
    out.push_str(&sql[copied..]);
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The byte ranges of every `$name`'s name outside quoted text.
fn params(sql: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for part in parts(sql) {
        let Part::Code(offset, code) = part else {
            continue;
        };
        for (i, _) in code.match_indices('$') {
            let name = &code[i + 1..];
            let len = name.find(|c: char| !is_ident(c)).unwrap_or(name.len());
            if len > 0 {
                found.push((offset + i + 1, offset + i + 1 + len));
            }
        }
    }
    found
}

#[cfg(test)]
#[path = "unit_tests.rs"]
mod tests;
