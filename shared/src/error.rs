//! Why a rule said no: `RuleError`, with a stable machine code and a kind the server maps to an HTTP status.

use serde::{Deserialize, Serialize};

/// What sort of "no" a rule error is, so the server can pick a status without knowing every variant:
/// `Forbidden` → 403, `WrongStage` → 409, `Invalid` → 422, `NotFound` → 404, `Internal` → 500.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// This actor may not do this (role or unit).
    Forbidden,
    /// The action is fine in principle but not now (stage, order of steps).
    WrongStage,
    /// The input is wrong or incomplete.
    Invalid,
    /// Something referred to does not exist.
    NotFound,
    /// The caller (server) forgot something only it can provide: a bug, not a user error.
    Internal,
}

/// Every way the domain can refuse. Messages are Chinese first, English after, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("{role_zh}不能执行“{action_zh}” / the {role} role may not {action}")]
    RoleNotAllowed {
        role: &'static str,
        role_zh: &'static str,
        action: &'static str,
        action_zh: &'static str,
    },
    #[error("单位角色必须属于某个单位 / a unit role must belong to a unit")]
    NoUnit,
    #[error(
        "本单位不是该事项的主办或协办单位 / your unit is neither lead nor assisting unit of this matter"
    )]
    NotYourUnit,
    #[error("只有主办单位可以执行“{action_zh}” / only the lead unit may {action}")]
    LeadUnitOnly {
        action: &'static str,
        action_zh: &'static str,
    },
    #[error(
        "只有该事项的分管校领导可以审定 / only the leader in charge of this matter may decide this"
    )]
    NotLeaderInCharge,
    #[error("该程序没有“{action_zh}”这一步 / this procedure has no step {action}")]
    NotInProcedure {
        action: &'static str,
        action_zh: &'static str,
    },
    #[error("当前环节“{stage_zh}”不能执行“{action_zh}” / {action} is not allowed at stage {stage}")]
    NotInStage {
        action: &'static str,
        action_zh: &'static str,
        stage: &'static str,
        stage_zh: &'static str,
    },
    #[error("{zh} / {en}")]
    OutOfOrder {
        code: &'static str,
        zh: &'static str,
        en: &'static str,
    },
    #[error("{field}：{zh} / {field}: {en}")]
    InvalidField {
        field: &'static str,
        zh: String,
        en: String,
    },
    /// A date or year outside the years Duban computes with (`dates::YEARS`).
    #[error(
        "{field}：{value} 不在支持的年份范围（2000–2100 年）内 / {field}: {value} is outside the supported years 2000–2100"
    )]
    YearOutOfRange { field: &'static str, value: String },
    #[error("找不到{what_zh} / {what} not found")]
    NotFound {
        what: &'static str,
        what_zh: &'static str,
    },
    #[error(
        "{field}：不能超过 {max} 个字（现为 {given} 个） / {field}: at most {max} characters ({given} given)"
    )]
    TooLong {
        field: &'static str,
        max: usize,
        given: usize,
    },
    #[error(
        "{field}：最多 {max} 项（现为 {given} 项） / {field}: at most {max} items ({given} given)"
    )]
    TooMany {
        field: &'static str,
        max: usize,
        given: usize,
    },
    #[error(
        "本单位今天已就该事项报告进展 {max} 次，请明天再报 / your unit already reported progress on this matter {max} times today; report again tomorrow"
    )]
    DailyLimit { max: usize },
    #[error("{role_zh}不能上传附件 / the {role} role may not attach files")]
    MayNotAttach {
        role: &'static str,
        role_zh: &'static str,
    },
    #[error(
        "在该事项的当前环节没有您可办理的操作，不能上传附件 / you have nothing to do on this matter at its current stage, so you may not attach files"
    )]
    NothingToAttachFor,
    #[error("附件已达上限：{what_zh}最多 {max} / attachment quota reached: at most {max} {what}")]
    QuotaExceeded {
        which: &'static str,
        what: &'static str,
        what_zh: &'static str,
        max: u64,
    },
    #[error("服务器未提供{what_zh} / the server did not provide {what}")]
    MissingAllocation {
        what: &'static str,
        what_zh: &'static str,
    },
}

impl RuleError {
    /// A stable snake_case code, for the API's `ErrorBody.code` and for tests.
    pub fn code(&self) -> &'static str {
        match self {
            RuleError::RoleNotAllowed { .. } => "role_not_allowed",
            RuleError::NoUnit => "no_unit",
            RuleError::NotYourUnit => "not_your_unit",
            RuleError::LeadUnitOnly { .. } => "lead_unit_only",
            RuleError::NotLeaderInCharge => "not_leader_in_charge",
            RuleError::NotInProcedure { .. } => "not_in_procedure",
            RuleError::NotInStage { .. } => "not_in_stage",
            RuleError::OutOfOrder { code, .. } => code,
            RuleError::InvalidField { .. } => "invalid_field",
            RuleError::YearOutOfRange { .. } => "year_out_of_range",
            RuleError::NotFound { .. } => "not_found",
            RuleError::MissingAllocation { .. } => "missing_allocation",
            RuleError::TooLong { .. } => "too_long",
            RuleError::TooMany { .. } => "too_many_items",
            RuleError::DailyLimit { .. } => "daily_limit",
            RuleError::MayNotAttach { .. } => "role_not_allowed",
            RuleError::NothingToAttachFor => "nothing_to_attach_for",
            RuleError::QuotaExceeded { .. } => "attachment_quota",
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            RuleError::RoleNotAllowed { .. }
            | RuleError::NoUnit
            | RuleError::NotYourUnit
            | RuleError::LeadUnitOnly { .. }
            | RuleError::NotLeaderInCharge
            | RuleError::MayNotAttach { .. } => ErrorKind::Forbidden,
            RuleError::NotInProcedure { .. }
            | RuleError::NotInStage { .. }
            | RuleError::OutOfOrder { .. }
            | RuleError::NothingToAttachFor => ErrorKind::WrongStage,
            RuleError::InvalidField { .. }
            | RuleError::YearOutOfRange { .. }
            | RuleError::TooLong { .. }
            | RuleError::TooMany { .. }
            | RuleError::QuotaExceeded { .. }
            | RuleError::DailyLimit { .. } => ErrorKind::Invalid,
            RuleError::NotFound { .. } => ErrorKind::NotFound,
            RuleError::MissingAllocation { .. } => ErrorKind::Internal,
        }
    }

    /// The Chinese half of the message, for `ErrorBody.message`.
    pub fn message_zh(&self) -> String {
        let full = self.to_string();
        full.split(" / ").next().unwrap_or_default().to_owned()
    }

    /// The English half of the message, for `ErrorBody.message_en`.
    pub fn message_en(&self) -> String {
        let full = self.to_string();
        full.split_once(" / ")
            .map(|(_, en)| en.to_owned())
            .unwrap_or(full)
    }

    pub(crate) fn invalid(
        field: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        RuleError::InvalidField {
            field,
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub(crate) fn order(code: &'static str, zh: &'static str, en: &'static str) -> Self {
        RuleError::OutOfOrder { code, zh, en }
    }
}

/// A text field that must say something: trimmed, not empty.
pub(crate) fn required(field: &'static str, value: &str) -> Result<(), RuleError> {
    if value.trim().is_empty() {
        Err(RuleError::invalid(field, "不能为空", "must not be empty"))
    } else {
        Ok(())
    }
}

impl From<RuleError> for crate::api::ErrorBody {
    fn from(e: RuleError) -> Self {
        crate::api::ErrorBody {
            code: e.code().to_owned(),
            message: e.message_zh(),
            message_en: e.message_en(),
        }
    }
}
