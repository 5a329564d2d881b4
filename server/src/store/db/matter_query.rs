//! The matter list: filters, sort and pages turned into one scoped SurrealQL query over the
//! slim `listing` rows (db/listing.rs), or over `matter` for a text search, which needs the text.

mod counted;
mod prepared;
use counted::{Counted, counted};
pub use prepared::{ListingQuery, Page, Prepared, prepare, run};

use super::listing::Scope;
use super::matters::{code_of, scope};
use super::{Database, DbError};
use crate::error::ApiError;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use shared::api::MatterQuery;
use shared::paging::Paging;
use shared::visibility::Audience;
use shared::visibility::Viewer;
use shared::{Light, Matter};

/// A validated list request: the audience's rows, the other conditions and their variables, the
/// ORDER BY and the page. The conditions name columns that `listing` and `matter` both have.
pub struct ListPlan {
    /// Whose `listing` rows are read; `None` when this user may see no matter.
    pub listing_scope: Option<Scope>,
    /// The same visibility as a condition on `matter` ("true" for all).
    pub matter_scope: &'static str,
    pub conditions: Vec<String>,
    /// A text search: only `matter` has the text.
    pub search: bool,
    pub vars: Map<String, Value>,
    /// ORDER BY on `listing` and on `matter`.
    pub order: (&'static str, &'static str),
    /// The counter that holds the total, when every matter is visible (or a unit's rows are read)
    /// and at most open, a light or a kind is asked: a key-only count of 207k index entries takes
    /// 110 ms, of one unit's 4,675 rows 3 ms, a counter read well under 1 ms.
    counted: Option<Counted>,
    pub page: u32,
    pub per_page: u32,
    viewer_unit: Option<String>,
}

/// The rows a user's audience lists (`shared::visibility`); with every matter visible, a filter on
/// one unit, one leading leader or one chase list reads those rows instead of all of them (the
/// filter still applies).
fn listing_scope(user: &impl Viewer, q: &MatterQuery) -> Option<Scope> {
    match user.audience()? {
        Audience::Everyone => Some(
            match (&q.lead_unit, &q.assisting_unit, &q.lead_leader, q.watch) {
                (Some(u), ..) | (None, Some(u), ..) => Scope::Unit(u.clone()),
                (None, None, Some(l), _) => Scope::Leader(l.clone()),
                (None, None, None, Some(w)) => Scope::Watch(w),
                (None, None, None, None) => Scope::All,
            },
        ),
        own => Some(Scope::from(own)),
    }
}

/// A blank unit or leader (a form's empty choice, `?lead_unit=`) filters nothing, as if absent;
/// taken as a name it would be an empty record id, which SurrealDB refuses.
fn without_blank_names(q: &MatterQuery) -> MatterQuery {
    let named = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    MatterQuery {
        lead_unit: named(&q.lead_unit),
        assisting_unit: named(&q.assisting_unit),
        lead_leader: named(&q.lead_leader),
        ..q.clone()
    }
}

pub fn plan(user: &impl Viewer, q: &MatterQuery) -> Result<ListPlan, ApiError> {
    let q = &without_blank_names(q);
    let Paging { page, per_page } = q
        .paging()
        .map_err(|e| ApiError::invalid("invalid_page", e.message_zh(), e.message_en()))?;
    shared::dates::check_dates([
        ("deadline_from", q.deadline_from),
        ("deadline_to", q.deadline_to),
        ("created_from", q.created_from),
        ("created_to", q.created_to),
    ])
    .map_err(ApiError::refused_input)?;
    let mut vars = Map::new();
    let mut conds = Vec::new();
    let matter_scope = scope(user, &mut vars);
    let listed = listing_scope(user, q);
    // A chase list's own rows are there only while its watch holds, and every watch is of open
    // matters (`shared::watch`): on them both conditions hold by construction, and without them
    // SurrealDB counts from the index keys and stops the ordered scan at the page.
    let on_watch_rows = matches!((&listed, q.watch), (Some(Scope::Watch(s)), Some(w)) if *s == w);
    // Codes, dates and plain names go into the query as literals; anything else stays a
    // parameter (see `literal`).
    let mut eq = |field: &str, value: &str, vars: &mut Map<String, Value>| match literal(value) {
        Some(lit) => conds.push(format!("{field} = {lit}")),
        None => {
            vars.insert(format!("f_{field}"), json!(value));
            conds.push(format!("{field} = $f_{field}"));
        }
    };
    if let Some(v) = q.stage {
        eq("stage", &code_of(&v), &mut vars);
    }
    if let Some(v) = q.light {
        eq("light", &code_of(&v), &mut vars);
    }
    if let Some(v) = q.kind {
        eq("kind", &code_of(&v), &mut vars);
    }
    if let Some(v) = q.source_category {
        eq("source_category", &code_of(&v), &mut vars);
    }
    if let Some(v) = &q.lead_leader {
        eq("lead_leader", v, &mut vars);
    }
    // On its own unit's rows, "led by this unit" is the row's `lead` flag, which an index holds
    // (a text search reads `matter`, which has no such flag).
    let searching = q.q.as_deref().is_some_and(|t| !t.trim().is_empty());
    let mut led = false;
    match (&q.lead_unit, &listed) {
        (Some(v), Some(Scope::Unit(u))) if v == u && !searching => {
            conds.push("lead = true".into());
            led = true;
        }
        (Some(v), _) => eq("lead_unit", v, &mut vars),
        (None, _) => {}
    }
    match q.open {
        Some(true) if on_watch_rows => {}
        Some(v) => conds.push(format!("open = {v}")),
        None => {}
    }
    if let Some(v) = &q.assisting_unit {
        vars.insert("f_assisting".into(), json!(v));
        conds.push("assisting_units CONTAINS $f_assisting".into());
    }
    let mut range = |field: &str, op: &str, d: Option<chrono::NaiveDate>| {
        if let Some(d) = d {
            conds.push(format!("{field} {op} '{d}'"));
        }
    };
    range("deadline", ">=", q.deadline_from);
    range("deadline", "<=", q.deadline_to);
    range("proposed_on", ">=", q.created_from);
    range("proposed_on", "<=", q.created_to);
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        if text.chars().count() > 100 {
            return Err(ApiError::invalid(
                "query_too_long",
                "搜索词不能超过 100 个字",
                "The search text may have at most 100 characters",
            ));
        }
        vars.insert("f_q".into(), json!(text.to_lowercase()));
        conds.push("string::contains(search, $f_q)".into());
    }
    let search = vars.contains_key("f_q");
    if let Some(w) = q.watch {
        // Only the list rows carry it: `matter`, which a text search reads, does not.
        if search {
            return Err(ApiError::invalid(
                "watch_with_search",
                "催办未回复、退回未重报不能与搜索同时使用",
                "A chase list cannot be combined with a text search",
            ));
        }
        if !on_watch_rows {
            conds.push(format!("{} = true", code_of(&w)));
        }
    }
    // (listing, matter): SurrealDB 3.3 walks an index backwards about a hundred times slower than
    // forwards (ORDER BY proposed_on DESC over 207k rows: 321 ms against 1.9 ms), so the list rows
    // keep inverted copies of the columns usually read newest first.
    let order = match q.sort.as_deref().unwrap_or("deadline") {
        "deadline" => ("deadline ASC", "deadline ASC"),
        "-deadline" => ("deadline DESC", "deadline DESC"),
        "proposed_on" => ("proposed_desc DESC", "proposed_on ASC"),
        "-proposed_on" => ("proposed_desc ASC", "proposed_on DESC"),
        "number" => ("number ASC", "number ASC"),
        "-number" => ("number DESC", "number DESC"),
        "updated" => ("updated_desc DESC", "updated_at ASC"),
        "-updated" => ("updated_desc ASC", "updated_at DESC"),
        other => {
            return Err(ApiError::invalid(
                "invalid_sort",
                format!("不支持的排序方式：{other}"),
                format!("Unsupported sort: {other}"),
            ));
        }
    };
    let counted = counted(q, conds.len(), led);
    Ok(ListPlan {
        listing_scope: listed,
        counted,
        matter_scope,
        conditions: conds,
        search,
        vars,
        order,
        page,
        per_page,
        viewer_unit: user.unit().map(str::to_owned),
    })
}

#[derive(Deserialize)]
struct Count {
    n: u64,
}

#[derive(Deserialize)]
struct LightedDoc {
    doc: String,
    light: Light,
}

impl ListPlan {
    /// `WHERE …` on `table` (`listing` or `matter`) with this user's visibility, or `None`
    /// when nothing is visible.
    fn filter(&mut self, table: &str) -> Option<String> {
        let mut all = Vec::new();
        if table == "listing" {
            let key = self.listing_scope.as_ref()?.key();
            match literal(&key) {
                Some(lit) => all.push(format!("scope = {lit}")),
                None => {
                    self.vars.insert("scope".into(), json!(key));
                    all.push("scope = $scope".to_owned());
                }
            }
        } else {
            match self.matter_scope {
                "false" => return None,
                // Left out: a bare count or an index-ordered scan is then possible.
                "true" => {}
                s => all.push(format!("({s})")),
            }
        }
        all.extend(self.conditions.iter().cloned());
        Some(if all.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", all.join(" AND "))
        })
    }

    /// The page bounds are validated numbers, written into the query: with `LIMIT $lim`
    /// SurrealDB 3.3 cannot stop an index-ordered scan after the page, and reads every matching row.
    fn page_sql(&self, table: &str) -> String {
        let start = Paging {
            page: self.page,
            per_page: self.per_page,
        }
        .start();
        format!(
            "ORDER BY {} LIMIT {} START {start}",
            self.order_on(table),
            self.per_page
        )
    }

    fn order_on(&self, table: &str) -> &'static str {
        if table == "listing" {
            self.order.0
        } else {
            self.order.1
        }
    }
}

/// The whole matters of one page (the ledger export): their ids from `listing`, then the
/// matters by id, in the page's order.
pub async fn run_full(db: &Database, mut plan: ListPlan) -> Result<Vec<(Matter, Light)>, DbError> {
    if plan.search {
        return Ok(run_on_matter(db, plan).await?.0);
    }
    let Some(filter) = plan.filter("listing") else {
        return Ok(vec![]);
    };
    #[derive(Deserialize)]
    struct Mid {
        mid: String,
    }
    let sql = format!(
        "SELECT mid, {o} FROM listing {filter} {page};",
        o = order_field(plan.order.0),
        page = plan.page_sql("listing")
    );
    let ids: Vec<Mid> = db.rows(&sql, Value::Object(plan.vars)).await?;
    let ids: Vec<String> = ids.into_iter().map(|m| m.mid).collect();
    super::matters::load_many(db, &ids).await
}

/// The column an ORDER BY names, which SurrealDB wants among the selected fields.
fn order_field(order: &str) -> &str {
    order.split_whitespace().next().unwrap_or("deadline")
}

/// A page and its total read from `matter`: for a text search, which needs each matter's text.
async fn run_on_matter(
    db: &Database,
    mut plan: ListPlan,
) -> Result<(Vec<(Matter, Light)>, u64), DbError> {
    let Some(filter) = plan.filter("matter") else {
        return Ok((vec![], 0));
    };
    let fields = format!("doc, light, {}", order_field(plan.order.1));
    let page = plan.page_sql("matter");
    let (rows, total) =
        count_and_page::<LightedDoc>(db, "matter", &fields, &filter, &page, plan.vars).await?;
    let items = rows
        .into_iter()
        .map(|r| Ok((serde_json::from_str::<Matter>(&r.doc)?, r.light)))
        .collect::<Result<Vec<_>, DbError>>()?;
    Ok((items, total))
}

/// A value written into the query as a literal, when it plainly can be: SurrealDB 3.3 counts
/// from index keys alone only when the WHERE holds literals, not parameters (a unit's 4,675 rows
/// in 3 ms against 57 ms), so codes and plain names go in as text and anything else stays a
/// parameter.
fn literal(v: &str) -> Option<String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_.:*@".contains(c);
    (!v.is_empty() && v.len() <= 100 && v.chars().all(plain)).then(|| format!("'{v}'"))
}

/// The total matching `filter` on `table` and one page of its rows, in one round trip.
async fn count_and_page<T: serde::de::DeserializeOwned>(
    db: &Database,
    table: &str,
    fields: &str,
    filter: &str,
    page: &str,
    vars: Map<String, Value>,
) -> Result<(Vec<T>, u64), DbError> {
    let sql = format!(
        "SELECT count() AS n FROM {table} {filter} GROUP ALL;
         SELECT {fields} FROM {table} {filter} {page};"
    );
    let mut results = db.run(&sql, Value::Object(vars)).await?.into_iter();
    let total = super::rows_of::<Count>(results.next().unwrap_or(Value::Null))?
        .first()
        .map_or(0, |c| c.n);
    let rows = super::rows_of(results.next().unwrap_or(Value::Null))?;
    Ok((rows, total))
}
