//! Which routine items should become key items and why (GDUFS 第十条(一) 1–4).

use crate::calendar::Calendar;
use crate::engine::FieldName;
use crate::matter::Matter;
use crate::procedure::ProcedureId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The four grounds for key supervision of GDUFS 第十条(一).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EscalationReason {
    /// 1. 未能在规定时限内完成.
    Overdue,
    /// 2. 办理过程中或办理结果未达到相关要求 (a review returned the result).
    ReviewFailed,
    /// 3. 经多次催办仍不能按要求完成.
    RemindersWithoutResult,
    /// 4. 重大突发事件或紧急事项等需立即落实.
    Emergency,
}

impl EscalationReason {
    /// The ground as the office writes it (GDUFS 第十条(一)).
    pub fn name_zh(self) -> &'static str {
        match self {
            EscalationReason::Overdue => "未能在规定时限内完成",
            EscalationReason::ReviewFailed => "办理结果未达到要求",
            EscalationReason::RemindersWithoutResult => "经多次催办仍未完成",
            EscalationReason::Emergency => "紧急事项需立即落实",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            EscalationReason::Overdue => "Not done in time",
            EscalationReason::ReviewFailed => "Result fell short",
            EscalationReason::RemindersWithoutResult => "Reminders without result",
            EscalationReason::Emergency => "Urgent",
        }
    }
}

/// The note an escalation form starts with: the grounds in words, which the office then edits.
pub fn note_for(reasons: &[EscalationReason], english: bool) -> String {
    if english {
        let names: Vec<_> = reasons.iter().map(|r| r.name_en()).collect();
        format!("Escalated to key supervision: {}.", names.join("; "))
    } else {
        let names: Vec<_> = reasons.iter().map(|r| r.name_zh()).collect();
        format!("因{}，转为重点督办。", names.join("、"))
    }
}

/// What the escalation form starts with in `field`, from the matter's grounds: each ground ticked
/// ("true"), the note saying them in words; blank for anything else or when there are no grounds.
pub fn prefill(field: FieldName, grounds: &[EscalationReason], english: bool) -> String {
    use EscalationReason as R;
    let ground = match field {
        FieldName::Overdue => R::Overdue,
        FieldName::ReviewFailed => R::ReviewFailed,
        FieldName::Reminders => R::RemindersWithoutResult,
        FieldName::Emergency => R::Emergency,
        FieldName::Note if !grounds.is_empty() => return note_for(grounds, english),
        _ => return String::new(),
    };
    match grounds.contains(&ground) {
        true => "true".into(),
        false => String::new(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EscalationConfig {
    /// How many reminders without a result count as "多次催办"; 2 unless the office says otherwise.
    pub reminders_without_result: u32,
}

impl Default for EscalationConfig {
    fn default() -> Self {
        EscalationConfig {
            reminders_without_result: crate::engine::DEFAULT_REMINDERS_BEFORE_ESCALATION,
        }
    }
}

/// The reasons one matter should be escalated; empty when it should not (or cannot) be.
pub fn reasons(m: &Matter, today: NaiveDate, cfg: &EscalationConfig) -> Vec<EscalationReason> {
    let mut out = Vec::new();
    // Only issued, open routine items can become key items.
    if m.procedure != ProcedureId::GdufsRoutine || !m.is_open() || m.issued_on.is_none() {
        return out;
    }
    if m.is_overdue(today) {
        out.push(EscalationReason::Overdue);
    }
    if m.returns() > 0 {
        out.push(EscalationReason::ReviewFailed);
    }
    // A reminder counts as without result while no result has been reported since it was sent.
    let unanswered = m
        .reminders
        .iter()
        .filter(|r| m.completion_reported_on.is_none_or(|c| c < r.on))
        .count();
    if unanswered as u32 >= cfg.reminders_without_result.max(1) {
        out.push(EscalationReason::RemindersWithoutResult);
    }
    if m.emergency {
        out.push(EscalationReason::Emergency);
    }
    out
}

/// The office's escalation queue: every open routine matter with a reason to become a key item.
/// The calendar is taken so a later rule on working days needs no new signature.
pub fn candidates<'a>(
    matters: impl IntoIterator<Item = &'a Matter>,
    today: NaiveDate,
    _calendar: &Calendar,
    cfg: &EscalationConfig,
) -> Vec<(String, Vec<EscalationReason>)> {
    matters
        .into_iter()
        .filter_map(|m| {
            let r = reasons(m, today, cfg);
            (!r.is_empty()).then(|| (m.id.clone(), r))
        })
        .collect()
}
