//! Reading the trail back for people: a page of entries after a position, optionally of one kind.

use super::Row;
use super::verify::COLUMNS;
use crate::store::db::{Database, DbError};
use serde_json::json;

/// Up to `limit` entries after `after` (a `seq`), oldest first, whose action starts with `prefix`
/// (`matter.` for every step on a matter). Keyset paging: each page asks for what follows the last
/// `seq` it showed, so reading the thousandth page costs what reading the first does.
pub async fn page(
    db: &Database,
    after: i64,
    limit: u32,
    prefix: &str,
) -> Result<Vec<Row>, DbError> {
    db.rows(
        &format!(
            "SELECT {COLUMNS} FROM audit WHERE seq > $after AND string::starts_with(action, $prefix) \
             ORDER BY seq ASC LIMIT $limit"
        ),
        json!({ "after": after, "prefix": prefix, "limit": limit }),
    )
    .await
}

/// One entry as people read it: its content as JSON, not as the text the hash covers.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = AuditEntry)]
pub struct Shown {
    pub seq: i64,
    pub at: String,
    pub username: Option<String>,
    pub role: Option<String>,
    pub unit: Option<String>,
    pub action: String,
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
}

impl From<Row> for Shown {
    fn from(row: Row) -> Shown {
        // Written by the server as JSON; text that is not (none is) is shown as it was written.
        let content =
            serde_json::from_str(&row.content).unwrap_or(serde_json::Value::String(row.content));
        Shown {
            seq: row.seq,
            at: row.at,
            username: row.username,
            role: row.role,
            unit: row.unit,
            action: row.action,
            content,
        }
    }
}
