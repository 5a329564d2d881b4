//! `Idempotency-Key` handling: a retried write returns the first answer and writes nothing twice.

use crate::auth::CurrentUser;
use crate::db::Database;
use crate::error::ApiError;
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stored {
    pub request_hash: String,
    pub status: u16,
    pub body: String,
}

/// The key a write must carry: 8 to 100 visible ASCII characters (a UUID fits).
pub fn key_from(headers: &HeaderMap) -> Result<String, ApiError> {
    let missing = || {
        ApiError::bad_request(
            "missing_idempotency_key",
            "写操作须带 Idempotency-Key 请求头（8–100 个字符）",
            "Writes need an Idempotency-Key header (8 to 100 characters)",
        )
    };
    let key = headers
        .get("idempotency-key")
        .ok_or_else(missing)?
        .to_str()
        .map_err(|_| missing())?
        .trim();
    if !(8..=100).contains(&key.len()) || !key.chars().all(|c| c.is_ascii_graphic()) {
        return Err(missing());
    }
    Ok(key.to_owned())
}

pub fn request_hash(method: &str, path: &str, body: &Value) -> String {
    hex::encode(Sha256::digest(format!("{method} {path} {body}").as_bytes()))
}

/// The answer already given for this user and key, if any; an error if the key was used for another request.
pub async fn lookup(
    db: &Database,
    user: &CurrentUser,
    key: &str,
    hash: &str,
) -> Result<Option<Stored>, ApiError> {
    let stored: Option<Stored> = db
        .first(
            "SELECT request_hash, status, body FROM type::record('idempotency', [$u, $k])",
            json!({ "u": user.username, "k": key }),
        )
        .await?;
    match stored {
        Some(s) if s.request_hash != hash => Err(ApiError::invalid(
            "idempotency_key_reused",
            "该 Idempotency-Key 已用于另一个请求",
            "This Idempotency-Key was already used for a different request",
        )),
        other => Ok(other),
    }
}

/// The statement that records the answer, to run in the same transaction as the write.
/// Keyed [user, key] (migration 0012): a concurrent duplicate is refused, and then finds the first answer.
pub fn record(user: &CurrentUser, key: &str, hash: &str, status: u16, body: &Value) -> Record {
    let mut vars = Map::new();
    vars.insert(
        "idem".into(),
        json!({
            "user": user.username,
            "key": key,
            "request_hash": hash,
            "status": status,
            "body": body.to_string(),
            "created_at": chrono::Utc::now().to_rfc3339(),
        }),
    );
    Record {
        sql: "CREATE type::record('idempotency', [$idem.user, $idem.key]) CONTENT $idem RETURN NONE;\n"
            .into(),
        vars,
    }
}

/// A statement and its variables, to join a write's transaction.
pub struct Record {
    pub sql: String,
    pub vars: Map<String, Value>,
}

impl Stored {
    /// The first answer, sent again exactly as it was.
    pub fn into_response(self) -> axum::response::Response {
        use axum::response::IntoResponse;
        let status =
            axum::http::StatusCode::from_u16(self.status).unwrap_or(axum::http::StatusCode::OK);
        (
            status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            self.body,
        )
            .into_response()
    }
}
