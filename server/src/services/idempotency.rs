//! `Idempotency-Key` handling: a retried write returns the first answer and writes nothing twice.
//!
//! What is kept per key is the status and what the answer was about (the matter and its version,
//! or the briefing's number), not the answer itself: an answer holds the whole matter, so keeping
//! it made a matter's storage grow with the square of its events. A retry rebuilds the answer
//! from the events, which never change.

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::db::matters::Doc;
use crate::store::db::unit::Statement;
use crate::store::db::{Database, briefings};
use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use shared::api::ActionResult;
use shared::engine::{self, Event};

/// One key's record. Entries written before answers were rebuilt hold the whole answer in `body`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stored {
    pub request_hash: String,
    pub status: u16,
    #[serde(default)]
    pub body: Option<String>,
    /// The matter the action answered with, at `version`.
    #[serde(default)]
    pub matter: Option<String>,
    #[serde(default)]
    pub version: Option<u64>,
    /// The matter an escalation created.
    #[serde(default)]
    pub created: Option<String>,
    /// The number of the briefing an issue answered with.
    #[serde(default)]
    pub briefing: Option<String>,
}

/// What a write answered with, as far as a retry needs to rebuild it.
pub enum Answer<'a> {
    /// `ActionResult`: the matter after the action, and the matter an escalation created.
    Action {
        matter: &'a str,
        version: u64,
        created: Option<&'a str>,
    },
    /// `IssuedBriefing`, which is kept whole under its number anyway.
    Briefing { number: &'a str },
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
            "SELECT request_hash, status, body, matter, version, created, briefing
             FROM type::record('idempotency', [$u, $k])",
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

/// The request's `Idempotency-Key` and request hash, and the status its answer has: the answer is
/// recorded with the write (`record`), in its transaction.
#[derive(Debug, Clone)]
pub struct Idem {
    pub key: String,
    pub hash: String,
    pub status: u16,
}

impl Idem {
    /// The statement that records the answer, to run in the same transaction as the write.
    /// Keyed [user, key] (migration 0012): a concurrent duplicate is refused, and then finds the
    /// first answer.
    pub fn record(&self, user: &CurrentUser, answer: Answer) -> Statement {
        let mut row = json!({
            "user": user.username,
            "key": self.key,
            "request_hash": self.hash,
            "status": self.status,
            "created_at": chrono::Utc::now().to_rfc3339(),
        });
        let about = match answer {
            Answer::Action {
                matter,
                version,
                created,
            } => json!({ "matter": matter, "version": version, "created": created }),
            Answer::Briefing { number } => json!({ "briefing": number }),
        };
        if let (Some(row), Value::Object(about)) = (row.as_object_mut(), about) {
            row.extend(about.into_iter().filter(|(_, v)| !v.is_null()));
        }
        Statement::new(
            "CREATE type::record('idempotency', [$idem.user, $idem.key]) CONTENT $idem RETURN NONE;",
        )
        .bind("idem", row)
    }
}

/// Runs a write once per Idempotency-Key: a retry, or a duplicate racing the first, gets the first
/// answer. `write` gets the key and hash to record its answer with (`Idem::record`); `path` is
/// what a retry must repeat with the body, the query included.
pub async fn once<T, F, Fut>(
    state: &AppState,
    user: &CurrentUser,
    headers: &HeaderMap,
    path: &str,
    body: &Value,
    status: StatusCode,
    write: F,
) -> Result<Response, ApiError>
where
    T: Serialize,
    F: FnOnce(Idem) -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let key = key_from(headers)?;
    let hash = request_hash("POST", path, body);
    if let Some(stored) = lookup(&state.db, user, &key, &hash).await? {
        return stored.replay(state, user).await;
    }
    let idem = Idem {
        key: key.clone(),
        hash: hash.clone(),
        status: status.as_u16(),
    };
    match write(idem).await {
        Ok(answer) => Ok((status, Json(answer)).into_response()),
        // A duplicate racing the first one lost (its record refused, the matter moved): its
        // answer is the first one's.
        Err(e @ (ApiError::Stale(_) | ApiError::Internal(_))) => {
            match lookup(&state.db, user, &key, &hash).await? {
                Some(stored) => stored.replay(state, user).await,
                None => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

impl Stored {
    /// The first answer again: rebuilt from what it was about, or sent as kept by older entries.
    pub async fn replay(self, state: &AppState, user: &CurrentUser) -> Result<Response, ApiError> {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let body = match (self.body, self.matter, self.version, self.briefing) {
            (Some(body), ..) => body,
            (None, Some(matter), Some(version), _) => serde_json::to_string(
                &action_result(state, user, &matter, version, self.created.as_deref()).await?,
            )?,
            (None, _, _, Some(number)) => {
                let issued = briefings::find(&state.db, &number)
                    .await?
                    .ok_or_else(|| ApiError::Internal(format!("briefing {number} is gone")))?;
                serde_json::to_string(&issued)?
            }
            _ => {
                return Err(ApiError::Internal(
                    "an idempotency record says nothing of its answer".into(),
                ));
            }
        };
        Ok((
            status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response())
    }
}

/// The `ActionResult` of the action that brought `matter` to `version`: the matter replayed up to
/// it, the event that got it there, and an escalation's new matter's first event. The light and
/// the allowed actions are as they are now, as a fresh look at the matter would show them.
async fn action_result(
    state: &AppState,
    user: &CurrentUser,
    matter: &str,
    version: u64,
    created: Option<&str>,
) -> Result<ActionResult, ApiError> {
    let history = events_until(&state.db, matter, version).await?;
    let after = engine::replay(&history)
        .filter(|m| m.version == version)
        .ok_or_else(|| ApiError::Internal(format!("matter {matter} has no version {version}")))?;
    let mut events: Vec<Event> = history.into_iter().filter(|e| e.seq == version).collect();
    if let Some(new) = created {
        events.extend(events_until(&state.db, new, 1).await?);
    }
    let calendar = state.calendar().await?;
    let settings = state.admin_settings().await?;
    let ctx = engine::Context::new(chrono::Utc::now(), &calendar).with_settings(&settings);
    Ok(ActionResult {
        light: shared::light::light(&after, ctx.today(), ctx.calendar, ctx.yellow_days),
        allowed_actions: engine::allowed_actions(&after, &user.actor(), &ctx),
        matter: after,
        events,
        created_matter: created.map(str::to_owned),
    })
}

/// A matter's events 1 to `version`, read by key range.
async fn events_until(db: &Database, id: &str, version: u64) -> Result<Vec<Event>, ApiError> {
    let rows: Vec<Doc> = db
        .rows(
            "SELECT doc FROM event:[$id, 0]..=[$id, $v]",
            json!({ "id": id, "v": version }),
        )
        .await?;
    rows.iter()
        .map(|r| serde_json::from_str(&r.doc).map_err(ApiError::from))
        .collect()
}
