//! A list request as the statements that answer it, and running them: kept pages (`crate::store::pages`)
//! are looked up by those statements' text, so they are prepared before anything runs.

use super::counted::{Counted, Holder};
use super::{Count, ListPlan, order_field, run_on_matter};
use crate::store::db::listing::{self, ListingRow, Scope};
use crate::store::db::{Database, DbError};
use serde_json::{Map, Value};
use shared::api::MatterSummary;

/// One page of matters as the list shows them, and the total matching.
pub struct Page {
    pub items: Vec<MatterSummary>,
    pub total: u64,
    /// The generation of the audience whose rows it was read from, read just before them
    /// (`db::generations`): `Some` only for a page of `listing` rows, which may then be kept.
    pub generation: Option<String>,
}

/// How a list request is answered: from one audience's `listing` rows (a query that can be kept
/// and looked up by its text), from `matter` for a text search, or with nothing visible.
pub enum Prepared {
    Listing(ListingQuery),
    Search(ListPlan),
    Nothing,
}

/// A list request on `listing` rows as the statements that answer it: the audience's generation,
/// then the counters or a count, then the page, in one round trip.
pub struct ListingQuery {
    /// The audience's `Scope::key`: the page is current while its generation holds.
    pub scope: String,
    sql: String,
    vars: Map<String, Value>,
    /// The counter holding the total, and whose counters they are (`None` for the
    /// university's, a unit's code for its own), when one does; else the statements count the rows.
    counted: Option<(Counted, Option<String>)>,
    viewer: Option<String>,
}

impl ListingQuery {
    /// What identifies the answer: the same statements with the same variables for a viewer of
    /// the same unit (a row's `my_part` is the viewer unit's) read the same page.
    pub fn key(&self) -> String {
        format!(
            "{}\n{}\n{}",
            self.viewer.as_deref().unwrap_or(""),
            self.sql,
            Value::Object(self.vars.clone())
        )
    }
}

/// The statements for a plan; nothing runs yet.
pub fn prepare(mut plan: ListPlan) -> Prepared {
    if plan.search {
        return Prepared::Search(plan);
    }
    let (Some(filter), Some(scope)) = (
        plan.filter("listing"),
        plan.listing_scope.as_ref().map(Scope::key),
    ) else {
        return Prepared::Nothing;
    };
    let page = plan.page_sql("listing");
    let fields = match order_field(plan.order.0) {
        f if f.ends_with("_desc") => format!("{}, {f}", listing::FIELDS),
        _ => listing::FIELDS.to_owned(),
    };
    let mut vars = std::mem::take(&mut plan.vars);
    crate::store::db::generations::bind(std::slice::from_ref(&scope), &mut vars);
    let owner = match &plan.listing_scope {
        Some(Scope::All) => Some(None),
        Some(Scope::Unit(u)) => Some(Some(u.clone())),
        _ => None,
    };
    let counted = match (plan.counted, owner) {
        (Some(c), Some(owner)) if c.held_by(&holder(&owner)) => Some((c, owner)),
        _ => None,
    };
    // The counters and the page in one round trip: each query costs SurrealDB's fixed ~150 µs
    // before it reads anything (docs/performance.md, "Load").
    let total = match &counted {
        Some((_, owner)) => holder(owner).statement(&mut vars).to_owned(),
        None => format!("SELECT count() AS n FROM listing {filter} GROUP ALL"),
    };
    let sql = format!(
        "{}\n{total};\nSELECT {fields} FROM listing {filter} {page};",
        crate::store::db::generations::read_sql(1)
    );
    Prepared::Listing(ListingQuery {
        scope,
        sql,
        vars,
        counted,
        viewer: plan.viewer_unit.clone(),
    })
}

fn holder(owner: &Option<String>) -> Holder<'_> {
    match owner {
        None => Holder::Overall,
        Some(u) => Holder::Unit(u),
    }
}

/// Runs a prepared list request.
pub async fn run(db: &Database, prepared: Prepared) -> Result<Page, DbError> {
    let q = match prepared {
        Prepared::Nothing => {
            return Ok(Page {
                items: vec![],
                total: 0,
                generation: None,
            });
        }
        Prepared::Search(plan) => {
            let viewer = plan.viewer_unit.clone();
            let (rows, total) = run_on_matter(db, plan).await?;
            let items = rows
                .iter()
                .map(|(m, l)| crate::store::db::matters::summary(m, *l, viewer.as_deref()))
                .collect();
            return Ok(Page {
                items,
                total,
                generation: None,
            });
        }
        Prepared::Listing(q) => q,
    };
    let mut results = db.run(&q.sql, Value::Object(q.vars)).await?.into_iter();
    let generation = crate::store::db::generations::generation_of(results.next());
    let counts = results.next().unwrap_or(Value::Null);
    let total = match &q.counted {
        Some((counted, owner)) => {
            let row = crate::store::db::rows_of::<Value>(counts)?;
            counted.total(&holder(owner), row.first().unwrap_or(&Value::Null))
        }
        None => crate::store::db::rows_of::<Count>(counts)?
            .first()
            .map_or(0, |c| c.n),
    };
    let rows: Vec<ListingRow> = crate::store::db::rows_of(results.next().unwrap_or(Value::Null))?;
    let viewer = q.viewer.as_deref();
    Ok(Page {
        items: rows.into_iter().map(|r| r.summary(viewer)).collect(),
        total,
        generation: Some(generation),
    })
}
