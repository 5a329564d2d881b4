//! The JSON shapes of the admin API: units, users and the working-day calendar.

use crate::error::RuleError;
use crate::role::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

/// A unit as every picker shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
}

/// Functional departments (处/部/中心) and colleges (学院) are listed apart in the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Department,
    College,
}

impl UnitKind {
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Department => "department",
            UnitKind::College => "college",
        }
    }

    pub fn parse(code: &str) -> Option<UnitKind> {
        [UnitKind::Department, UnitKind::College]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// `POST /api/units`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
}

/// `PATCH /api/units/{code}`: the code stays, since users and matters refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UnitPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<UnitKind>,
}

/// A user as the admin and office lists show it; the password hash never leaves the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The unit's code, for unit roles.
    pub unit: Option<String>,
    pub active: bool,
    /// The office telephone printed as 联系电话 on the forms (HBUT 附件3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// `POST /api/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Required for unit roles, refused for the others.
    #[serde(default)]
    pub unit: Option<String>,
    /// The initial password, at least ten characters.
    pub password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// `PATCH /api/users/{username}`: only the fields present change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Absent: unchanged; `null`: no unit (for a move to a university-wide role); a code: that unit.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub unit: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// A new password (reset by the admin); the user's sessions end with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Absent: unchanged; `null` or blank: no phone; otherwise the new number.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone: Option<Option<String>>,
}

/// Tells a field given as `null` (`Some(None)`) from a field left out (`None`, via `default`).
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// The shortest initial or reset password: long passphrases beat complexity rules.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Hashing is deliberately slow; an unbounded input would make it slower still.
pub const MAX_PASSWORD_CHARS: usize = 128;

impl NewUnit {
    /// The unit with its text trimmed, or why it cannot be saved.
    pub fn validated(self) -> Result<NewUnit, RuleError> {
        let code = self.code.trim().to_owned();
        check_code("code", &code, 32)?;
        Ok(NewUnit {
            code,
            name: check_name("name", &self.name)?,
            kind: self.kind,
        })
    }
}

impl UnitPatch {
    pub fn validated(self) -> Result<UnitPatch, RuleError> {
        if self.name.is_none() && self.kind.is_none() {
            return Err(nothing_to_change());
        }
        Ok(UnitPatch {
            name: self.name.map(|n| check_name("name", &n)).transpose()?,
            kind: self.kind,
        })
    }
}

impl NewUser {
    /// The user with its text trimmed, or why it cannot be saved (the unit's existence is the server's check).
    pub fn validated(self) -> Result<NewUser, RuleError> {
        let username = self.username.trim().to_owned();
        check_code("username", &username, 64)?;
        let unit = self.unit.map(|u| u.trim().to_owned());
        check_role_unit(self.role, unit.as_deref())?;
        check_password("password", &self.password)?;
        Ok(NewUser {
            username,
            display_name: check_name("display_name", &self.display_name)?,
            role: self.role,
            unit,
            password: self.password,
            phone: check_phone(self.phone)?,
        })
    }
}

impl UserPatch {
    /// The patch with its text trimmed; the role and unit it leads to are checked by `check_role_unit`.
    pub fn validated(self) -> Result<UserPatch, RuleError> {
        if self == UserPatch::default() {
            return Err(nothing_to_change());
        }
        if let Some(p) = &self.password {
            check_password("password", p)?;
        }
        Ok(UserPatch {
            display_name: self
                .display_name
                .map(|n| check_name("display_name", &n))
                .transpose()?,
            unit: self.unit.map(|u| u.map(|u| u.trim().to_owned())),
            phone: self.phone.map(check_phone).transpose()?,
            ..self
        })
    }
}

/// A signed-in user changing their own password (`POST /api/session/password`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

impl PasswordChange {
    /// The change, or why the new password cannot be set: the same length rule as an admin's reset,
    /// and not the current password again (checked as typed; the server checks the current one).
    pub fn validated(self) -> Result<PasswordChange, RuleError> {
        if self.current_password.is_empty()
            || self.current_password.chars().count() > MAX_PASSWORD_CHARS
        {
            return Err(RuleError::invalid(
                "current_password",
                "请输入当前密码",
                "enter your current password",
            ));
        }
        check_password("new_password", &self.new_password)?;
        if self.new_password == self.current_password {
            return Err(RuleError::invalid(
                "new_password",
                "新密码不能与当前密码相同",
                "the new password must differ from the current one",
            ));
        }
        Ok(self)
    }
}

/// Unit roles act for their unit, so they need one; university-wide roles must not have one.
pub fn check_role_unit(role: Role, unit: Option<&str>) -> Result<(), RuleError> {
    match (role.is_unit_role(), unit) {
        (true, None) | (true, Some("")) => Err(RuleError::invalid(
            "unit",
            format!("{}必须属于某个单位", role.name_zh()),
            format!("a {} must belong to a unit", role.name_en()),
        )),
        (false, Some(_)) => Err(RuleError::invalid(
            "unit",
            format!("{}不属于任何单位", role.name_zh()),
            format!("a {} belongs to no unit", role.name_en()),
        )),
        _ => Ok(()),
    }
}

fn nothing_to_change() -> RuleError {
    RuleError::invalid("body", "没有要修改的内容", "nothing to change")
}

/// Codes and usernames go into URLs and logs: plain ASCII letters, digits, `.`, `_` and `-`.
fn check_code(field: &'static str, value: &str, max: usize) -> Result<(), RuleError> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if value.is_empty() || value.len() > max || !value.chars().all(ok_char) {
        return Err(RuleError::invalid(
            field,
            format!("须为 1–{max} 个英文字母、数字或 . _ -"),
            format!("must be 1 to {max} ASCII letters, digits, '.', '_' or '-'"),
        ));
    }
    Ok(())
}

fn check_name(field: &'static str, value: &str) -> Result<String, RuleError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 64 {
        return Err(RuleError::invalid(
            field,
            "须为 1–64 个字符",
            "must be 1 to 64 characters",
        ));
    }
    Ok(value.to_owned())
}

/// A telephone number as people write it: digits with `+ - ( )`, spaces and an extension
/// (`转 8001`), at most 32 characters; blank means none.
pub fn check_phone(phone: Option<String>) -> Result<Option<String>, RuleError> {
    let Some(p) = phone.map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let ok_char = |c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | ' ' | '转');
    if p.chars().count() > 32 || !p.chars().all(ok_char) || !p.chars().any(|c| c.is_ascii_digit()) {
        return Err(RuleError::invalid(
            "phone",
            "电话号码只能包含数字、空格、+ - ( ) 和“转”，最多 32 个字符",
            "a phone number has digits, spaces, + - ( ) and 转 only, at most 32 characters",
        ));
    }
    Ok(Some(p))
}

fn check_password(field: &'static str, password: &str) -> Result<(), RuleError> {
    let n = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&n) {
        return Err(RuleError::invalid(
            field,
            format!("密码须为 {MIN_PASSWORD_CHARS}–{MAX_PASSWORD_CHARS} 个字符"),
            format!("the password must be {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Where a year's schedule comes from, which says how far a deadline in it can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CalendarStatus {
    /// No published notice: weekends only (预估).
    Estimated,
    /// The State Council notice shipped with Duban.
    Official,
    /// Saved by an admin, replacing or adding to the shipped data.
    AdminEdited,
}

/// `GET /api/calendar/{year}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarYear {
    pub year: i32,
    pub source: String,
    pub holidays: Vec<NaiveDate>,
    pub makeup_workdays: Vec<NaiveDate>,
    pub status: CalendarStatus,
    /// Who saved an admin-edited year, and when (RFC 3339).
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_tells_a_null_unit_from_an_absent_one() {
        let p: UserPatch = serde_json::from_str(r#"{"unit": null}"#).unwrap();
        assert_eq!(p.unit, Some(None));
        let p: UserPatch = serde_json::from_str(r#"{"active": false}"#).unwrap();
        assert_eq!(p.unit, None);
        let p: UserPatch = serde_json::from_str(r#"{"unit": "jwc"}"#).unwrap();
        assert_eq!(p.unit, Some(Some("jwc".into())));
    }

    #[test]
    fn a_unit_role_needs_a_unit_and_other_roles_refuse_one() {
        assert!(check_role_unit(Role::Liaison, None).is_err());
        assert!(check_role_unit(Role::Handler, Some("")).is_err());
        assert!(check_role_unit(Role::Office, Some("jwc")).is_err());
        assert!(check_role_unit(Role::UnitHead, Some("jwc")).is_ok());
        assert!(check_role_unit(Role::Admin, None).is_ok());
    }

    #[test]
    fn a_password_shorter_than_ten_characters_is_refused() {
        let user = |password: &str| NewUser {
            username: "new.user".into(),
            display_name: " 新用户 ".into(),
            role: Role::Office,
            unit: None,
            password: password.into(),
            phone: None,
        };
        assert!(user("123456789").validated().is_err());
        let ok = user("1234567890").validated().unwrap();
        assert_eq!(ok.display_name, "新用户");
    }

    #[test]
    fn a_new_password_follows_the_reset_rule_and_differs_from_the_current_one() {
        let change = |current: &str, new: &str| PasswordChange {
            current_password: current.into(),
            new_password: new.into(),
        };
        assert!(change("duban-demo", "short").validated().is_err());
        assert!(change("duban-demo", &"x".repeat(129)).validated().is_err());
        assert!(change("", "a-long-new-passphrase").validated().is_err());
        assert!(
            change("same-passphrase", "same-passphrase")
                .validated()
                .is_err()
        );
        assert!(
            change("duban-demo", "a-long-new-passphrase")
                .validated()
                .is_ok()
        );
    }

    #[test]
    fn a_phone_is_digits_with_the_usual_signs_and_blank_means_none() {
        let phone = |p: &str| check_phone(Some(p.into()));
        assert_eq!(
            phone(" 027-5975 0101 ").unwrap().as_deref(),
            Some("027-5975 0101")
        );
        assert_eq!(
            phone("+86 (27) 59750101 转 8001").unwrap().as_deref(),
            Some("+86 (27) 59750101 转 8001")
        );
        assert_eq!(phone("  ").unwrap(), None);
        assert!(phone("call me").is_err());
        assert!(phone("--").is_err());
        assert!(phone(&"1".repeat(33)).is_err());
        let patch: UserPatch = serde_json::from_str(r#"{"phone": null}"#).unwrap();
        assert_eq!(patch.phone, Some(None));
    }

    #[test]
    fn requests_refuse_unknown_fields() {
        assert!(serde_json::from_str::<UserPatch>(r#"{"password_hash": "x"}"#).is_err());
        assert!(
            serde_json::from_str::<NewUnit>(r#"{"code":"a","name":"b","kind":"college","x":1}"#)
                .is_err()
        );
    }
}
