//! The matter list: filters, sort and pages turned into one scoped SurrealQL query.

use super::matters::{code_of, scope};
use super::{Database, DbError};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use shared::api::MatterQuery;
use shared::{Light, Matter};

pub const MAX_PER_PAGE: u32 = 200;

/// A validated list request: the WHERE clause, its variables, the ORDER BY and the page.
pub struct ListPlan {
    pub condition: String,
    pub vars: Map<String, Value>,
    pub order: &'static str,
    pub page: u32,
    pub per_page: u32,
}

pub fn plan(user: &CurrentUser, q: &MatterQuery) -> Result<ListPlan, ApiError> {
    let mut vars = Map::new();
    let mut conds = Vec::new();
    // "true" (office, leaders) is left out: a bare count or an index-ordered scan is then possible.
    match scope(user, &mut vars) {
        "true" => {}
        s => conds.push(format!("({s})")),
    }
    let mut eq = |field: &str, value: Value, vars: &mut Map<String, Value>| {
        vars.insert(format!("f_{field}"), value);
        conds.push(format!("{field} = $f_{field}"));
    };
    if let Some(v) = q.stage {
        eq("stage", json!(code_of(&v)), &mut vars);
    }
    if let Some(v) = q.light {
        eq("light", json!(code_of(&v)), &mut vars);
    }
    if let Some(v) = q.kind {
        eq("kind", json!(code_of(&v)), &mut vars);
    }
    if let Some(v) = q.source_category {
        eq("source_category", json!(code_of(&v)), &mut vars);
    }
    if let Some(v) = &q.lead_unit {
        eq("lead_unit", json!(v), &mut vars);
    }
    if let Some(v) = &q.lead_leader {
        eq("lead_leader", json!(v), &mut vars);
    }
    if let Some(v) = q.open {
        eq("open", json!(v), &mut vars);
    }
    if let Some(v) = &q.assisting_unit {
        vars.insert("f_assisting".into(), json!(v));
        conds.push("assisting_units CONTAINS $f_assisting".into());
    }
    let mut range = |field: &str, op: &str, name: &str, d: Option<chrono::NaiveDate>| {
        if let Some(d) = d {
            vars.insert(name.into(), json!(d.to_string()));
            conds.push(format!("{field} {op} ${name}"));
        }
    };
    range("deadline", ">=", "f_dl_from", q.deadline_from);
    range("deadline", "<=", "f_dl_to", q.deadline_to);
    range("proposed_on", ">=", "f_cr_from", q.created_from);
    range("proposed_on", "<=", "f_cr_to", q.created_to);
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
    let order = match q.sort.as_deref().unwrap_or("deadline") {
        "deadline" => "deadline ASC",
        "-deadline" => "deadline DESC",
        "proposed_on" => "proposed_on ASC",
        "-proposed_on" => "proposed_on DESC",
        "number" => "number ASC",
        "-number" => "number DESC",
        "updated" => "updated_at ASC",
        "-updated" => "updated_at DESC",
        other => {
            return Err(ApiError::invalid(
                "invalid_sort",
                format!("不支持的排序方式：{other}"),
                format!("Unsupported sort: {other}"),
            ));
        }
    };
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(50);
    if page == 0 || per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(ApiError::invalid(
            "invalid_page",
            format!("页码从 1 开始，每页 1 到 {MAX_PER_PAGE} 条"),
            format!("Pages start at 1, with 1 to {MAX_PER_PAGE} items each"),
        ));
    }
    Ok(ListPlan {
        condition: conds.join(" AND "),
        vars,
        order,
        page,
        per_page,
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

/// One page of matters and the total matching.
pub async fn run(db: &Database, plan: ListPlan) -> Result<(Vec<(Matter, Light)>, u64), DbError> {
    // The page bounds are validated numbers, written into the query: with `LIMIT $lim` SurrealDB 3.3
    // cannot stop an index-ordered scan after the page, and reads every matching row.
    let start = (plan.page as u64 - 1) * plan.per_page as u64;
    let filter = if plan.condition.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", plan.condition)
    };
    let sql = format!(
        "SELECT count() AS n FROM matter {filter} GROUP ALL;
         SELECT doc, light, deadline, proposed_on, number, updated_at FROM matter {filter} ORDER BY {o} LIMIT {lim} START {start};",
        o = plan.order,
        lim = plan.per_page,
    );
    let mut results = db.run(&sql, Value::Object(plan.vars)).await?.into_iter();
    let total = super::rows_of::<Count>(results.next().unwrap_or(Value::Null))?
        .first()
        .map_or(0, |c| c.n);
    let rows: Vec<LightedDoc> = super::rows_of(results.next().unwrap_or(Value::Null))?;
    let items = rows
        .into_iter()
        .map(|r| Ok((serde_json::from_str::<Matter>(&r.doc)?, r.light)))
        .collect::<Result<Vec<_>, DbError>>()?;
    Ok((items, total))
}
