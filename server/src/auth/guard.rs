//! Capability checks for handlers (`shared::capability`'s table), the audit entry that records who did what from where, and rule errors as 422s.

use crate::auth::refusals::Refused;
use crate::auth::session::CurrentUser;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::audit::Entry;
use serde_json::Value;
use shared::{Capability, RuleError};
use std::net::IpAddr;

/// Passes when the user's role allows `capability`; otherwise a 403 that names the user's role.
pub fn require(user: &CurrentUser, capability: Capability) -> Result<(), ApiError> {
    if user.role.allows(capability) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "forbidden",
            format!("{}无权执行此操作", user.role.name_zh()),
            format!("The {} role may not do this", user.role.name_en()),
        ))
    }
}

/// `require`, with a refusal logged and counted for the audit trail: refused actions are
/// evidence too, entered once per user and period (`auth::refusals`) rather than once each.
pub async fn authorize(
    state: &AppState,
    user: &CurrentUser,
    address: IpAddr,
    capability: Capability,
    action: &str,
) -> Result<(), ApiError> {
    let Err(refused) = require(user, capability) else {
        return Ok(());
    };
    tracing::warn!(username = %user.username, %address, action, "refused: role may not");
    state.refusals.record(Refused {
        action: "refused",
        username: Some(&user.username),
        role: Some(user.role.code()),
        unit: user.unit.as_deref(),
        address,
        what: Some(action),
    });
    Err(refused)
}

/// An audit entry for something `user` did from `address`.
pub fn entry(user: &CurrentUser, address: IpAddr, action: &str, content: Value) -> Entry {
    Entry {
        username: Some(user.username.clone()),
        role: Some(user.role.code().to_owned()),
        unit: user.unit.clone(),
        address: Some(address.to_string()),
        action: action.to_owned(),
        content,
    }
}

/// A domain rule refusing the input: 422 with the rule's code and both messages.
pub fn invalid(e: RuleError) -> ApiError {
    ApiError::refused_input(e)
}
