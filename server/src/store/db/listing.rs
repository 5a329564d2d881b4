//! `listing`: the slim rows every matter list reads, one per matter and per audience that sees it.
//!
//! The whole matter stays in `matter` and is read only for a page's own rows. Each row here holds
//! only what a list shows and sorts on, keyed `[scope, mid]`, and every index starts with `scope`,
//! so a page is an index walk over the viewer's own rows in the asked order and a count is a walk
//! over index keys (docs/performance.md). Rows are written in the same transaction as the matter,
//! through the unit of work, which gives their audiences a new generation.

use super::unit::{Statement, Unit};
use super::{Database, DbError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use shared::api::MatterSummary;
use shared::engine::{ActionKind, Decider};
use shared::matter::{MatterKind, SourceCategory, UnitPart};
use shared::procedure::{ProcedureId, Stage};
use shared::visibility::{self, Audience};
use shared::watch::Watch;
use shared::{Light, Matter};

/// Who a row is for: `all`, `unit:` and `discipline` are the audiences of `shared::visibility`
/// (office and leaders, a unit's users, the discipline office). The leader rows answer
/// "the key items I lead", and the decision rows "what waits for me", without walking every open
/// matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Unit(String),
    Leader(String),
    Discipline,
    /// A leader's decision is pending: `None` when any leader may take it, else the one who must.
    Decide(Option<String>),
    /// On one of the office's chase lists.
    Watch(Watch),
}

impl Scope {
    pub fn key(&self) -> String {
        match self {
            Scope::All => "all".into(),
            Scope::Unit(u) => format!("unit:{u}"),
            Scope::Leader(l) => format!("leader:{l}"),
            Scope::Discipline => "discipline".into(),
            Scope::Decide(None) => "decide:*".into(),
            Scope::Decide(Some(l)) => format!("decide:{l}"),
            Scope::Watch(w) => format!("watch:{}", super::matters::code_of(w)),
        }
    }
}

/// A user's own rows: the audience `shared::visibility` puts them in.
impl From<Audience> for Scope {
    fn from(a: Audience) -> Scope {
        match a {
            Audience::Everyone => Scope::All,
            Audience::Unit(u) => Scope::Unit(u),
            Audience::Discipline => Scope::Discipline,
        }
    }
}

/// Every audience that lists this matter.
pub fn scopes_of(m: &Matter) -> Vec<Scope> {
    let pending = shared::engine::awaits_leader(m).map(|(d, _)| d);
    let watched: Vec<Watch> = Watch::ALL.into_iter().filter(|w| w.holds(m)).collect();
    scopes(m, pending, &watched)
}

/// The audiences, given the engine's answers for the matter (worked out once per write).
fn scopes(m: &Matter, pending: Option<Decider>, watched: &[Watch]) -> Vec<Scope> {
    // Who may see the matter is the shared rule; the other rows are lists within what office and
    // leaders already see.
    let mut out: Vec<Scope> = visibility::audiences(m)
        .into_iter()
        .map(Scope::from)
        .collect();
    if let Some(l) = &m.lead_leader {
        out.push(Scope::Leader(l.clone()));
    }
    match pending {
        Some(Decider::AnyLeader) => out.push(Scope::Decide(None)),
        Some(Decider::Leader(l)) => out.push(Scope::Decide(Some(l))),
        None => {}
    }
    out.extend(watched.iter().copied().map(Scope::Watch));
    out
}

/// What a matter's list rows were last written with: the light then, and when and at which version
/// of the matter what they show last changed (`updated_at` and `version` on the rows). Most actions
/// (a progress report, a follow-up) change nothing a list shows, and then the rows are left alone:
/// a row written is an index entry and a table write per audience, a third of an action's records.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Listed {
    pub light: Light,
    pub at: String,
    pub version: u64,
}

impl Listed {
    /// The columns of `matter` a `Listed` is read from. Rows written before the stamp was kept moved
    /// their list rows on every write, so there it is the row's own `updated_at` and `version`.
    pub const SELECT: &str =
        "light, listed_at ?? updated_at AS at, listed_version ?? version AS version";
}

/// One list row. Typed, so it decodes straight into a summary; serde writes the same codes and
/// dates as the `matter` columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListingRow {
    pub scope: String,
    pub mid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub title: String,
    pub procedure: ProcedureId,
    pub kind: MatterKind,
    pub stage: Stage,
    pub source_category: SourceCategory,
    pub lead_unit: String,
    pub assisting_units: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_leader: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<chrono::NaiveDate>,
    pub proposed_on: chrono::NaiveDate,
    /// When what this row shows last changed (`Listed::at`): a list's "recently updated".
    pub updated_at: String,
    /// `proposed_on` and `updated_at` with every digit inverted, so "newest first" is a forward
    /// index walk (SurrealDB 3.3 walks an index backwards about a hundred times slower).
    #[serde(default)]
    pub proposed_desc: String,
    #[serde(default)]
    pub updated_desc: String,
    pub light: Light,
    pub open: bool,
    pub emergency: bool,
    pub long_term: bool,
    pub second_reminder: bool,
    pub unanswered_reminder: bool,
    pub returned_report: bool,
    /// On a unit's row: the unit leads the matter (an office filter on one lead unit reads it).
    #[serde(default)]
    pub lead: bool,
    /// The leader's decision pending on the matter, if any (审定立项, 审批延期, 审定结项).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<ActionKind>,
    /// The matter's version when what this row shows last changed (`Listed::version`): an action
    /// taken from a list names it (`?from_list=true` on the action endpoint).
    pub version: u64,
}

/// The fields a list reads back (not `id`, which SurrealDB would render as a record id).
pub const FIELDS: &str = "scope, mid, number, title, procedure, kind, stage, source_category, \
     lead_unit, assisting_units, lead_leader, deadline, proposed_on, updated_at, light, open, \
     emergency, long_term, second_reminder, unanswered_reminder, returned_report, lead, decision, \
     version";

/// Every list row of this matter, one per audience, stamped `listed`. The engine's answers (the
/// pending decision, the chase lists) are worked out once and shared by all of them.
pub fn rows_of(m: &Matter, listed: &Listed) -> Vec<(Scope, ListingRow)> {
    let pending = shared::engine::awaits_leader(m);
    let watched: Vec<Watch> = Watch::ALL.into_iter().filter(|w| w.holds(m)).collect();
    let mut base = ListingRow {
        scope: String::new(),
        mid: m.id.clone(),
        number: m.number.as_ref().map(|n| n.as_str().to_owned()),
        title: m.title.clone(),
        procedure: m.procedure,
        kind: m.kind,
        stage: m.stage,
        source_category: m.source_category,
        lead_unit: m.lead_unit.clone(),
        assisting_units: m.assisting_units.clone(),
        lead_leader: m.lead_leader.clone(),
        deadline: m.deadline,
        proposed_on: m.proposed_on,
        updated_at: String::new(),
        proposed_desc: inverted(&m.proposed_on.to_string()),
        updated_desc: String::new(),
        light: listed.light,
        open: m.is_open(),
        emergency: m.emergency,
        long_term: m.long_term,
        second_reminder: m.second_reminder(),
        unanswered_reminder: watched.contains(&Watch::UnansweredReminder),
        returned_report: watched.contains(&Watch::ReturnedReport),
        lead: false,
        decision: pending.as_ref().map(|(_, k)| *k),
        version: 0,
    };
    base.stamp(listed);
    let lead = Scope::Unit(m.lead_unit.clone());
    scopes(m, pending.map(|(d, _)| d), &watched)
        .into_iter()
        .map(|s| {
            let row = ListingRow {
                scope: s.key(),
                lead: s == lead,
                ..base.clone()
            };
            (s, row)
        })
        .collect()
}

impl ListingRow {
    /// The fields that come from the stamp rather than the matter.
    fn stamp(&mut self, listed: &Listed) {
        self.light = listed.light;
        self.updated_at.clone_from(&listed.at);
        self.updated_desc = inverted(&listed.at);
        self.version = listed.version;
    }

    /// The summary a list shows; `my_part` is the viewer's unit's part, as on the detail page.
    pub fn summary(self, viewer_unit: Option<&str>) -> MatterSummary {
        let my_part =
            viewer_unit.and_then(|u| UnitPart::of(u, &self.lead_unit, &self.assisting_units));
        MatterSummary {
            stage_name: shared::procedure::template(self.procedure)
                .stage_name_zh(self.stage)
                .to_owned(),
            id: self.mid,
            number: self.number,
            title: self.title,
            procedure: self.procedure,
            kind: self.kind,
            stage: self.stage,
            source_category: self.source_category,
            lead_unit: self.lead_unit,
            assisting_units: self.assisting_units,
            deadline: self.deadline,
            light: self.light,
            emergency: self.emergency,
            long_term: self.long_term,
            second_reminder: self.second_reminder,
            proposed_on: self.proposed_on,
            version: self.version,
            my_part,
        }
    }
}

/// Each digit d as 9 − d: for text of one fixed layout (dates, timestamps), ascending order of
/// the result is descending order of the input.
pub fn inverted(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_digit(9 - d, 10).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// The rows of one matter, each with its record key `[scope, mid]`.
pub fn keyed_rows(m: &Matter, listed: &Listed) -> Result<Vec<(Value, Value)>, DbError> {
    rows_of(m, listed)
        .into_iter()
        .map(|(s, row)| Ok((json!([s.key(), m.id]), serde_json::to_value(row)?)))
        .collect()
}

/// The same rows with the key as their `id`, for a batch `INSERT` (seeding at scale).
pub fn rows_with_ids(m: &Matter, listed: &Listed) -> Result<Vec<Value>, DbError> {
    Ok(keyed_rows(m, listed)?
        .into_iter()
        .map(|(key, mut row)| {
            if let Some(obj) = row.as_object_mut() {
                obj.insert("id".into(), key);
            }
            row
        })
        .collect())
}

/// Adds to `unit` the statements that make the matter's listing rows match `after`, and returns
/// the stamp they then carry. When nothing a list shows has moved (the same audiences, fields and
/// light) there are none, and the stamp stays the stored one. Otherwise the rows of audiences the
/// matter left (a unit taken off it) are deleted, new ones written whole, and the rows it keeps
/// are changed together in one UPDATE that sets only the fields that moved, measured faster than
/// one UPDATE per row (docs/performance.md); merging further, across a batch's matters, was
/// measured and did not pay, since what is left costs per record written. `at` is the time of
/// this write. Every audience whose rows move, left or kept, gets a new generation from the unit.
pub fn sync(
    unit: &mut Unit,
    before: Option<(&Matter, &Listed)>,
    after: &Matter,
    light: Light,
    at: &str,
) -> Result<Listed, DbError> {
    // The stored rows, exactly as they were written, and the new ones under the stored stamp: if
    // they are equal, nothing a list shows has moved.
    let old = before.map(|(b, l)| rows_of(b, l)).unwrap_or_default();
    let mut now = match before {
        Some((_, was)) => {
            let kept = Listed {
                light,
                ..was.clone()
            };
            let now = rows_of(after, &kept);
            if now == old {
                return Ok(kept);
            }
            now
        }
        None => Vec::new(),
    };
    let listed = Listed {
        light,
        at: at.to_owned(),
        version: after.version,
    };
    if before.is_some() {
        // Restamped, not worked out again: the engine's answers for `after` are already in them.
        for (_, row) in &mut now {
            row.stamp(&listed);
        }
    } else {
        now = rows_of(after, &listed);
    }
    let had: Vec<Scope> = old.iter().map(|(s, _)| s.clone()).collect();
    let gone = had.iter().filter(|s| !now.iter().any(|(n, _)| n == *s));
    for s in gone {
        unit.list(
            [s.key()],
            Statement::new("DELETE type::record('listing', $key) RETURN NONE;")
                .bind("key", json!([s.key(), after.id])),
        );
    }
    // A kept row differs from the new one only in what the matter changed, except `lead`, which
    // follows the lead unit: when that moves, every row is written whole.
    let patch = match before {
        Some((b, _)) if b.lead_unit == after.lead_unit => Some(changed_fields(&old, &now)?),
        _ => None,
    };
    // The kept rows' keys, bound as `$k0`, `$k1`, …, and their audiences.
    let (mut kept_keys, mut kept_audiences) = (Vec::new(), Vec::new());
    for (s, row) in now {
        let key = json!([s.key(), after.id]);
        if patch.is_some() && had.contains(&s) {
            kept_keys.push(key);
            kept_audiences.push(s.key());
            continue;
        }
        let verb = if had.contains(&s) { "UPDATE" } else { "UPSERT" };
        let write = Statement::new(format!(
            "{verb} type::record('listing', $key) CONTENT $row RETURN NONE;"
        ))
        .bind("key", key)
        .bind_row("row", &row)?;
        unit.list([s.key()], write);
    }
    if let (Some(patch), false) = (patch, kept_keys.is_empty()) {
        let targets: Vec<String> = (0..kept_keys.len())
            .map(|i| format!("type::record('listing', $k{i})"))
            .collect();
        let mut values = Vec::new();
        let sets: Vec<String> = patch
            .into_iter()
            .map(|(field, value)| match value {
                // `option<…>` columns take NONE, not null.
                None => format!("{field} = NONE"),
                Some(v) => {
                    let set = format!("{field} = $f_{field}");
                    values.push((format!("f_{field}"), v));
                    set
                }
            })
            .collect();
        let mut update = Statement::new(format!(
            "UPDATE {} SET {} RETURN NONE;",
            targets.join(", "),
            sets.join(", ")
        ));
        for (i, key) in kept_keys.into_iter().enumerate() {
            update = update.bind(&format!("k{i}"), key);
        }
        for (name, v) in values {
            update = update.bind(&name, v);
        }
        unit.list(kept_audiences, update);
    }
    Ok(listed)
}

/// The fields of the new rows (all alike but for `scope` and `lead`) that differ from the rows the
/// stored matter was listed with, `None` for one to clear.
fn changed_fields(
    old: &[(Scope, ListingRow)],
    now: &[(Scope, ListingRow)],
) -> Result<Vec<(String, Option<Value>)>, DbError> {
    let Some((_, new)) = now.first() else {
        return Ok(Vec::new());
    };
    let object = |row: &ListingRow| -> Result<Map<String, Value>, DbError> {
        match serde_json::to_value(row)? {
            Value::Object(o) => Ok(o),
            _ => Ok(Map::new()),
        }
    };
    let new = object(new)?;
    let old = match old.first() {
        Some((_, row)) => object(row)?,
        None => Map::new(),
    };
    let mut out = Vec::new();
    for (field, value) in &new {
        if field == "scope" || field == "lead" {
            continue;
        }
        if old.get(field) != Some(value) {
            out.push((field.clone(), Some(value.clone())));
        }
    }
    for field in old.keys().filter(|f| !new.contains_key(*f)) {
        out.push((field.clone(), None));
    }
    Ok(out)
}

/// Most decisions a leader's list shows at once, soonest deadline first: more is a backlog to
/// work through in the ledger, not a list to tap through on a phone.
pub const MAX_DECISIONS: usize = 100;

/// The decisions pending that `leader` may take, read from the list rows alone: those any
/// leader may take and those reserved to them, soonest deadline first, in one round trip with
/// the generation of both audiences read before them (`generations`). The rows say which
/// decision and whose, as the engine computed them when the matter last changed.
pub async fn awaiting(db: &Database, leader: &str) -> Result<(String, Vec<ListingRow>), DbError> {
    let scopes = decision_scopes(leader);
    let mut vars = Map::new();
    super::generations::bind(&scopes, &mut vars);
    let mut sql = super::generations::read_sql(scopes.len());
    for (i, scope) in scopes.iter().enumerate() {
        vars.insert(format!("scope{i}"), json!(scope));
        sql.push_str(&format!(
            "\nSELECT {FIELDS} FROM listing WHERE scope = $scope{i} ORDER BY deadline LIMIT {MAX_DECISIONS};"
        ));
    }
    let mut results = db.run(&sql, Value::Object(vars)).await?.into_iter();
    let generation = super::generations::generation_of(results.next());
    let mut rows: Vec<ListingRow> = Vec::new();
    for result in results {
        rows.extend(super::rows_of::<ListingRow>(result)?);
    }
    rows.sort_by(|a, b| a.deadline.cmp(&b.deadline).then_with(|| a.mid.cmp(&b.mid)));
    rows.truncate(MAX_DECISIONS);
    Ok((generation, rows))
}

/// The audiences of a leader's decisions: any leader's, and their own.
pub fn decision_scopes(leader: &str) -> Vec<String> {
    [Scope::Decide(None), Scope::Decide(Some(leader.to_owned()))]
        .iter()
        .map(Scope::key)
        .collect()
}

#[cfg(test)]
#[path = "listing_tests.rs"]
mod tests;
