//! Server-side sessions: a random token in an HttpOnly cookie, its SHA-256 in the database, idle and absolute timeouts.

use crate::auth::checked::Checked;
use crate::auth::client::ClientInfo;
use crate::auth::refusals::Refused;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::db::{sessions, users};
use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, HeaderValue};
use axum::http::request::Parts;
use sha2::{Digest, Sha256};
use shared::Role;

/// The session cookie's name over plain HTTP (development, or a deployment without TLS).
pub const COOKIE_NAME: &str = "duban_session";
/// Its name over HTTPS: browsers take a `__Host-` cookie only from a secure origin, for the
/// whole host and path `/`, so a sibling subdomain or a plain-HTTP page cannot plant or shadow it.
pub const SECURE_COOKIE_NAME: &str = "__Host-duban_session";

/// The cookie's name for a deployment reached over HTTPS or not (`auth::client::ClientInfo`).
pub fn cookie_name(https: bool) -> &'static str {
    if https {
        SECURE_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}

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
pub fn set_cookie(token: &str, max_age_secs: u64, https: bool) -> String {
    let name = cookie_name(https);
    let secure = if https { "; Secure" } else { "" };
    format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    set_cookie("", 0, secure)
}

/// The session token the request carries under this deployment's cookie name, if any.
pub fn token_from(parts: &Parts, https: bool) -> Option<String> {
    let wanted = cookie_name(https);
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v: &HeaderValue| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == wanted && !value.is_empty())
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

impl shared::visibility::Viewer for CurrentUser {
    fn role(&self) -> shared::Role {
        self.role
    }
    fn unit(&self) -> Option<&str> {
        self.unit.as_deref()
    }
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
        let client = ClientInfo::of(
            parts,
            &state.settings.trusted_proxies,
            state.settings.session.secure_cookie,
        );
        let token = token_from(parts, client.https).ok_or(ApiError::Unauthenticated)?;
        let hash = token_hash(&token);
        let limits = &state.settings.session;
        // Read on every request: a revoked session must be refused on the very next one.
        let Some(session) = sessions::find(&state.db, &hash).await? else {
            tracing::info!(address = %client.address, "request with an unknown or ended session");
            state.refusals.record(Refused {
                action: "session_refused",
                username: None,
                role: None,
                unit: None,
                address: client.address,
                what: None,
            });
            return Err(ApiError::Unauthenticated);
        };
        let now = now_secs();
        let idle = now - session.last_seen > limits.idle_timeout.as_secs() as i64;
        let too_old = now - session.created_at > limits.absolute_timeout.as_secs() as i64;
        if idle || too_old {
            sessions::delete(&state.db, &hash).await?;
            return Err(ApiError::Unauthenticated);
        }
        let checked = match state.sessions.get(&session.username, limits.recheck) {
            Some(checked) => checked,
            None => {
                let read_under = state.sessions.generation();
                let checked = check_user(state, &session.username).await?;
                state
                    .sessions
                    .put(checked.clone(), read_under, limits.recheck);
                checked
            }
        };
        // Writing on every request would double the load; a minute's precision is enough for idle expiry.
        if now - session.last_seen >= 60 {
            match sessions::touch(&state.db, &hash, now).await {
                Ok(()) => {}
                // Several requests of one session were due for the stamp at once and another
                // one's stamp won: the session is stamped, which is all this was for.
                Err(e) if e.is_write_conflict() => {
                    tracing::debug!("session stamp clashed with another of the same session");
                }
                Err(e) => return Err(e.into()),
            }
        }
        let Checked {
            username,
            display_name,
            role,
            unit,
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

/// The user as the database has them; `Unauthenticated` when they are gone or inactive.
async fn check_user(state: &AppState, username: &str) -> Result<Checked, ApiError> {
    let user = users::find_user(&state.db, username)
        .await?
        .filter(|u| u.active)
        .ok_or(ApiError::Unauthenticated)?;
    let role = Role::parse(&user.role).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Checked {
        username: user.username,
        display_name: user.display_name,
        role,
        unit: user.unit,
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
    }

    #[test]
    fn over_https_the_cookie_is_host_prefixed_and_secure() {
        let c = set_cookie("abc", 3600, true);
        assert!(c.starts_with("__Host-duban_session=abc; Path=/;"));
        assert!(c.ends_with("; Secure") && !c.contains("Domain="));
        assert!(set_cookie("abc", 3600, false).starts_with("duban_session=abc;"));
    }

    #[test]
    fn the_token_is_read_only_under_the_deployments_cookie_name() {
        let (parts, ()) = axum::http::Request::builder()
            .header("cookie", "duban_session=plain; __Host-duban_session=secure")
            .body(())
            .expect("request")
            .into_parts();
        assert_eq!(token_from(&parts, false).as_deref(), Some("plain"));
        assert_eq!(token_from(&parts, true).as_deref(), Some("secure"));
    }
}
