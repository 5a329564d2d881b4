//! What differs between universities and an admin sets (系统设置): the number format, the yellow-light
//! lead time, how many reminders make 多次催办, the bulletin's thresholds and which procedures may
//! start new matters. The defaults are the rules as shipped; every change is range-checked here.

use crate::engine::{Action, DEFAULT_REMINDERS_BEFORE_ESCALATION, DEFAULT_YELLOW_DAYS};
use crate::error::RuleError;
use crate::escalation::EscalationConfig;
use crate::number::NumberFormat;
use crate::procedure::ProcedureId;
use crate::stats::BulletinRules;
use serde::{Deserialize, Serialize};

/// The most working days of warning a yellow light may give: the reminder sweep looks 31 calendar
/// days ahead, which ten working days never pass, even across the National Day week.
pub const MAX_YELLOW_DAYS: u32 = 10;
/// The most reminders 多次催办 may ask for before a matter is proposed for key supervision.
pub const MAX_ESCALATION_REMINDERS: u32 = 10;
/// The longest number format, in characters.
pub const MAX_NUMBER_FORMAT: usize = 40;

/// The admin's settings, applied by every rule that reads them in every server process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// 编号格式: `{year}` and `{seq}` (or `{seq:3}`, padded) are replaced (`number::NumberFormat`).
    pub number_format: String,
    /// 黄灯提前天数: a matter's light turns yellow this many working days before it is due.
    pub yellow_days: u32,
    /// 多次催办: this many reminders without a result propose a routine item for key supervision.
    pub escalation_reminders: u32,
    /// 通报表扬: at least this many matters completed in the period …
    pub commend_min_completed: u32,
    /// … and at least this on-time rate, in percent.
    pub commend_rate_percent: u32,
    /// 通报批评: an on-time rate below this, in percent …
    pub criticize_rate_percent: u32,
    /// … or at least this many returns (退回).
    pub criticize_returns: u32,
    /// The procedures new matters may be started under; matters already started continue.
    pub procedures: EnabledProcedures,
}

/// Which ways of starting a matter the office is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EnabledProcedures {
    /// GDUFS 常规提醒事项 (第九条).
    pub gdufs_routine: bool,
    /// GDUFS 重点督办事项 (第十条).
    pub gdufs_key: bool,
    /// GDUFS 紧急事项先行启动 (第十条(一)): started first, its 督办单 written afterwards.
    pub gdufs_emergency: bool,
    /// HBUT 督办工作程序 (第四条).
    pub hbut: bool,
}

impl Default for EnabledProcedures {
    fn default() -> Self {
        EnabledProcedures {
            gdufs_routine: true,
            gdufs_key: true,
            gdufs_emergency: true,
            hbut: true,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        let bulletin = BulletinRules::default();
        Settings {
            number_format: NumberFormat::DEFAULT.to_owned(),
            yellow_days: DEFAULT_YELLOW_DAYS,
            escalation_reminders: DEFAULT_REMINDERS_BEFORE_ESCALATION,
            commend_min_completed: bulletin.min_completed,
            commend_rate_percent: percent(bulletin.commend_rate),
            criticize_rate_percent: percent(bulletin.criticize_rate),
            criticize_returns: bulletin.criticize_returns,
            procedures: EnabledProcedures::default(),
        }
    }
}

fn percent(rate: f64) -> u32 {
    (rate * 100.0).round() as u32
}

fn out_of_range(field: &'static str, zh: &str, en: &str, lo: u32, hi: u32) -> RuleError {
    RuleError::invalid(
        field,
        format!("{zh}须在 {lo} 到 {hi} 之间"),
        format!("{en} must be between {lo} and {hi}"),
    )
}

fn within(
    value: u32,
    (lo, hi): (u32, u32),
    field: &'static str,
    zh: &str,
    en: &str,
) -> Result<(), RuleError> {
    if (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(out_of_range(field, zh, en, lo, hi))
    }
}

impl Settings {
    /// The settings if every field is within its range; otherwise the first field that is not,
    /// named in the error, so that nothing is saved.
    pub fn check(self) -> Result<Settings, RuleError> {
        self.parsed_format()?;
        within(
            self.yellow_days,
            (1, MAX_YELLOW_DAYS),
            "yellow_days",
            "黄灯提前工作日数",
            "The yellow-light lead time in working days",
        )?;
        within(
            self.escalation_reminders,
            (1, MAX_ESCALATION_REMINDERS),
            "escalation_reminders",
            "“多次催办”的催办次数",
            "The number of reminders that make 多次催办",
        )?;
        within(
            self.commend_min_completed,
            (1, 1000),
            "commend_min_completed",
            "表扬所需办结件数",
            "The matters completed for commendation",
        )?;
        within(
            self.commend_rate_percent,
            (1, 100),
            "commend_rate_percent",
            "表扬所需按时办结率（%）",
            "The on-time rate for commendation (%)",
        )?;
        within(
            self.criticize_rate_percent,
            (0, self.commend_rate_percent.saturating_sub(1)),
            "criticize_rate_percent",
            "批评线按时办结率（%，须低于表扬线）",
            "The on-time rate for criticism (%, below the commendation rate)",
        )?;
        within(
            self.criticize_returns,
            (1, 100),
            "criticize_returns",
            "批评所需退回次数",
            "The returns for criticism",
        )?;
        let p = self.procedures;
        if !(p.gdufs_routine || p.gdufs_key || p.gdufs_emergency || p.hbut) {
            return Err(RuleError::invalid(
                "procedures",
                "至少须启用一种督办程序，否则无法新建事项",
                "at least one procedure must be enabled, or no matter can be started",
            ));
        }
        Ok(self)
    }

    fn parsed_format(&self) -> Result<NumberFormat, RuleError> {
        let given = self.number_format.chars().count();
        if given > MAX_NUMBER_FORMAT {
            return Err(RuleError::TooLong {
                field: "number_format",
                max: MAX_NUMBER_FORMAT,
                given,
            });
        }
        // The sequence starts again each year, so a number without the year would repeat.
        if !self.number_format.contains("{year}") {
            return Err(RuleError::invalid(
                "number_format",
                "编号格式必须包含 {year}（序号每年重新起算）",
                "the number format must contain {year} (the sequence restarts each year)",
            ));
        }
        NumberFormat::parse(&self.number_format)
    }

    /// The number format; the shipped one for settings that never passed `check`.
    pub fn number_format(&self) -> NumberFormat {
        self.parsed_format().unwrap_or_default()
    }

    pub fn escalation(&self) -> EscalationConfig {
        EscalationConfig {
            reminders_without_result: self.escalation_reminders,
        }
    }

    pub fn bulletin(&self) -> BulletinRules {
        BulletinRules {
            min_completed: self.commend_min_completed,
            commend_rate: f64::from(self.commend_rate_percent) / 100.0,
            criticize_rate: f64::from(self.criticize_rate_percent) / 100.0,
            criticize_returns: self.criticize_returns,
        }
    }

    /// Whether this action may start its new matter: only proposing and starting an emergency
    /// start one; every other action belongs to a matter already started and is not asked.
    pub fn may_create(&self, action: &Action) -> Result<(), RuleError> {
        match action {
            Action::Propose { procedure, .. } => self.may_start(*procedure, false),
            Action::StartEmergency { .. } => self.may_start(ProcedureId::GdufsKey, true),
            _ => Ok(()),
        }
    }

    /// Whether a new matter may be started under `procedure` (an emergency started first when
    /// `emergency`); refused by name otherwise. Matters already started are not asked.
    pub fn may_start(&self, procedure: ProcedureId, emergency: bool) -> Result<(), RuleError> {
        let p = self.procedures;
        let (on, zh, en) = match (procedure, emergency) {
            (ProcedureId::GdufsRoutine, _) => (p.gdufs_routine, "常规提醒事项", "routine items"),
            (ProcedureId::GdufsKey, true) => (
                p.gdufs_emergency,
                "紧急事项先行启动",
                "emergencies started first",
            ),
            (ProcedureId::GdufsKey, false) => {
                (p.gdufs_key, "重点督办事项", "key supervision items")
            }
            (ProcedureId::Hbut, _) => (p.hbut, "湖北工业大学督办程序", "the HBUT procedure"),
        };
        if on {
            return Ok(());
        }
        Err(RuleError::invalid(
            "procedure",
            format!("管理员已停用“{zh}”，不能新建此类事项（已有事项照常办理）"),
            format!(
                "the administrator has disabled {en}: no new matter may be started under it (existing matters continue)"
            ),
        ))
    }
}

/// `GET/PUT /api/settings`: the settings in force, and who saved them last (none while the shipped
/// defaults apply).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettingsView {
    pub settings: Settings,
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
}
