//! Before any write: every unit and user an action names must exist, and a leader's field must name
//! an active leader. Refused with 422 naming the field; nothing is written.

use crate::error::ApiError;
use crate::store::db::{Database, users};
use shared::Role;
use shared::engine::{Action, Named, Reference};

/// Checks the names in `action` one by one (an action names a handful at most).
pub async fn check(db: &Database, action: &Action) -> Result<(), ApiError> {
    for r in action.references() {
        match r.named {
            Named::Unit => {
                if users::find_unit(db, r.name).await?.is_none() {
                    return Err(unknown(&r, "unknown_unit", "单位", "unit"));
                }
            }
            Named::Leader => match users::find_user(db, r.name).await? {
                None => return Err(unknown(&r, "unknown_user", "用户", "user")),
                Some(u) if u.role != Role::Leader.code() || !u.active => {
                    return Err(ApiError::invalid(
                        "not_a_leader",
                        format!("{}：“{}”不是在任的校领导，请从校领导中选择", r.zh, r.name),
                        format!(
                            "{}: “{}” is not an active university leader; choose one of the leaders",
                            r.en, r.name
                        ),
                    ));
                }
                Some(_) => {}
            },
        }
    }
    Ok(())
}

fn unknown(r: &Reference<'_>, code: &'static str, zh: &str, en: &str) -> ApiError {
    ApiError::invalid(
        code,
        format!("{}：{zh}“{}”不存在，请从列表中选择", r.zh, r.name),
        format!(
            "{}: there is no {en} “{}”; choose one from the list",
            r.en, r.name
        ),
    )
}
