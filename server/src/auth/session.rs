//! Server-side sessions: a random token in an HttpOnly cookie, its SHA-256 in the database, idle and absolute timeouts.

use crate::auth::checked::Checked;
use crate::db::{sessions, users};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, HeaderValue};
use axum::http::request::Parts;
use sha2::{Digest, Sha256};
use shared::Role;

pub const COOKIE_NAME: &str = "duban_session";

/// A new session token: 256 random bits from the OS-seeded CSPRNG, hex-encoded.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    hex::encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The `Set-Cookie` value for a new session.
pub fn set_cookie(token: &str, max_age_secs: u64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    set_cookie("", 0, secure)
}

/// The session token the request carries, if any.
pub fn token_from(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v: &HeaderValue| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == COOKIE_NAME && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

/// The signed-in user of a request; handlers that take it answer 401 without a valid session.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<String>,
    pub token_hash: String,
}

impl CurrentUser {
    pub fn actor(&self) -> shared::Actor {
        shared::Actor {
            user_id: self.username.clone(),
            role: self.role,
            unit: self.unit.clone(),
        }
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = token_from(parts).ok_or(ApiError::Unauthenticated)?;
        let hash = token_hash(&token);
        let limits = &state.settings.session;
        let checked = match state.sessions.get(&hash, limits.recheck) {
            Some(checked) => checked,
            None => {
                let checked = check(state, &hash).await?;
                state.sessions.put(&hash, checked.clone(), limits.recheck);
                checked
            }
        };
        let now = now_secs();
        let idle = now - checked.last_seen > limits.idle_timeout.as_secs() as i64;
        let too_old = now - checked.created_at > limits.absolute_timeout.as_secs() as i64;
        if idle || too_old {
            state.sessions.forget(&hash);
            sessions::delete(&state.db, &hash).await?;
            return Err(ApiError::Unauthenticated);
        }
        // Writing on every request would double the load; a minute's precision is enough for idle expiry.
        if now - checked.last_seen >= 60 {
            match sessions::touch(&state.db, &hash, now).await {
                Ok(()) => state.sessions.seen(&hash, now),
                // Several requests of one session were due for the stamp at once and another
                // one's stamp won: the session is stamped, which is all this was for.
                Err(e) if e.is_write_conflict() => {
                    tracing::debug!("session stamp clashed with another of the same session");
                    state.sessions.seen(&hash, now);
                }
                Err(e) => return Err(e.into()),
            }
        }
        let Checked {
            username,
            display_name,
            role,
            unit,
            ..
        } = checked;
        Ok(CurrentUser {
            username,
            display_name,
            role,
            unit,
            token_hash: hash,
        })
    }
}

/// The session and its user as the database has them; `Unauthenticated` when either is gone or
/// the user is inactive.
async fn check(state: &AppState, hash: &str) -> Result<Checked, ApiError> {
    let session = sessions::find(&state.db, hash)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let user = users::find_user(&state.db, &session.username)
        .await?
        .filter(|u| u.active)
        .ok_or(ApiError::Unauthenticated)?;
    let role = Role::parse(&user.role).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Checked {
        username: user.username,
        display_name: user.display_name,
        role,
        unit: user.unit,
        created_at: session.created_at,
        last_seen: session.last_seen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_distinct() {
        let a = new_token();
        let b = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn the_cookie_is_http_only_and_same_site() {
        let c = set_cookie("abc", 3600, false);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && !c.contains("Secure"));
        assert!(set_cookie("abc", 3600, true).ends_with("; Secure"));
    }
}
