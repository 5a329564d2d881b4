//! The JSON shapes of the admin API: units, users and the working-day calendar.

use crate::calendar::YearSchedule;
use crate::role::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

/// A unit as every picker shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
}

/// Functional departments (处/部/中心) and colleges (学院) are listed apart in the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
}

/// `PATCH /api/units/{code}`: the code stays, since users and matters refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<UnitKind>,
}

/// A user as the admin and office lists show it; the password hash never leaves the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The unit's code, for unit roles.
    pub unit: Option<String>,
    pub active: bool,
}

/// `POST /api/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// `PATCH /api/users/{username}`: only the fields present change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
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
}

/// Tells a field given as `null` (`Some(None)`) from a field left out (`None`, via `default`).
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// Where a year's schedule comes from, which says how far a deadline in it can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct CalendarYear {
    #[serde(flatten)]
    pub schedule: YearSchedule,
    pub status: CalendarStatus,
    /// Who saved an admin-edited year, and when (RFC 3339).
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
}

/// `GET /api/calendar/deadline` answers with this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineAnswer {
    pub date: NaiveDate,
    /// True when a year between `from` and `date` has no published schedule.
    pub estimated: bool,
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
    fn requests_refuse_unknown_fields() {
        assert!(serde_json::from_str::<UserPatch>(r#"{"password_hash": "x"}"#).is_err());
        assert!(
            serde_json::from_str::<NewUnit>(r#"{"code":"a","name":"b","kind":"college","x":1}"#)
                .is_err()
        );
    }
}
