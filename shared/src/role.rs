//! Who acts: the seven roles of docs/domain.md and the actor (user + role + unit) that every rule checks.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A user's role. Unit roles (`UnitHead`, `Liaison`, `Handler`) always belong to a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 督办室 staff in 党办校办 / 学校办公室.
    Office,
    /// 校领导.
    Leader,
    /// 单位党政主要负责人 (第一责任人).
    UnitHead,
    /// 督办联络员.
    Liaison,
    /// 经办人.
    Handler,
    /// 纪委 / 监察专员办公室.
    Discipline,
    /// 系统管理员.
    Admin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Office,
        Role::Leader,
        Role::UnitHead,
        Role::Liaison,
        Role::Handler,
        Role::Discipline,
        Role::Admin,
    ];

    /// The code used in the API and the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::Office => "office",
            Role::Leader => "leader",
            Role::UnitHead => "unit_head",
            Role::Liaison => "liaison",
            Role::Handler => "handler",
            Role::Discipline => "discipline",
            Role::Admin => "admin",
        }
    }

    pub fn parse(code: &str) -> Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .ok_or_else(|| UnknownRole(code.to_owned()))
    }

    /// The users' own word for the role, shown in the Chinese UI.
    pub fn name_zh(self) -> &'static str {
        match self {
            Role::Office => "督办室",
            Role::Leader => "校领导",
            Role::UnitHead => "单位负责人",
            Role::Liaison => "督办联络员",
            Role::Handler => "经办人",
            Role::Discipline => "纪委监察",
            Role::Admin => "系统管理员",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Role::Office => "Supervision office",
            Role::Leader => "University leader",
            Role::UnitHead => "Unit head",
            Role::Liaison => "Unit liaison",
            Role::Handler => "Handler",
            Role::Discipline => "Discipline inspection",
            Role::Admin => "Administrator",
        }
    }

    /// Unit roles see and act only on their own unit's matters, so they must have a unit.
    pub fn is_unit_role(self) -> bool {
        matches!(self, Role::UnitHead | Role::Liaison | Role::Handler)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知角色 / unknown role: {0}")]
pub struct UnknownRole(pub String);

/// The person doing something: every rule of the engine is checked against one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    pub user_id: String,
    pub role: Role,
    /// The unit's code, for unit roles; `None` for university-wide roles.
    pub unit: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_code_parses_back_to_itself() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Ok(role));
        }
        assert!(Role::parse("dean").is_err());
    }

    #[test]
    fn only_the_three_unit_roles_belong_to_a_unit() {
        let unit_roles: Vec<_> = Role::ALL.into_iter().filter(|r| r.is_unit_role()).collect();
        assert_eq!(unit_roles, [Role::UnitHead, Role::Liaison, Role::Handler]);
    }
}
