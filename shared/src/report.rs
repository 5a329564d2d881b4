//! The JSON shapes of reports (督办简报, quarterly report, accountability list) and how a period is named.

use crate::dates;
use crate::deadline::Quarter;
use crate::error::RuleError;
use crate::light::Light;
use crate::procedure::Stage;
use crate::stats::{
    AccountabilityContext, AccountabilityReason, CriticismReason, Period, UnitStats,
};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The usual report periods; `Custom` takes `from` and `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// Monday to Sunday.
    Week,
    Month,
    Quarter,
    Year,
    Custom,
}

/// A period as a request names it: a kind and a date inside it, or `from` and `to`.
/// `kind` is also read as `period`, so a query string says `?period=month&date=2026-03-01`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodQuery {
    #[serde(default, alias = "period", skip_serializing_if = "Option::is_none")]
    pub kind: Option<PeriodKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

/// A period longer than this is refused: reports are about weeks to years, not decades.
pub const MAX_PERIOD_DAYS: i64 = 3 * 366;

impl PeriodQuery {
    /// The period meant; with nothing given, the month of `today`. Every date given must be in
    /// the supported years (`dates::YEARS`) before any period is computed from it.
    pub fn resolve(&self, today: NaiveDate) -> Result<Period, RuleError> {
        dates::check_dates([("date", self.date), ("from", self.from), ("to", self.to)])?;
        let kind = match (self.kind, self.from, self.to) {
            (Some(k), _, _) => k,
            (None, Some(_), _) | (None, _, Some(_)) => PeriodKind::Custom,
            (None, None, None) => PeriodKind::Month,
        };
        let p = match kind {
            PeriodKind::Custom => match (self.from, self.to) {
                (Some(from), Some(to)) => Period { from, to },
                _ => {
                    return Err(RuleError::invalid(
                        "from",
                        "自定义期间须给出起止日期",
                        "a custom period needs from and to",
                    ));
                }
            },
            k => {
                let date = dates::check_date("date", self.date.unwrap_or(today))?;
                // Within the supported years every period exists; `None` is chrono's range end.
                period_of(k, date).ok_or(RuleError::YearOutOfRange {
                    field: "date",
                    value: date.to_string(),
                })?
            }
        };
        if p.to < p.from {
            return Err(RuleError::invalid(
                "to",
                "结束日期不能早于开始日期",
                "the end is before the start",
            ));
        }
        if (p.to - p.from).num_days() > MAX_PERIOD_DAYS {
            return Err(RuleError::invalid(
                "to",
                "统计期间不能超过三年",
                "a period may span at most three years",
            ));
        }
        Ok(p)
    }
}

/// The week, month, quarter or year that contains `date` (a custom period is that one day);
/// `None` when the period reaches past either end of chrono's range.
pub fn period_of(kind: PeriodKind, date: NaiveDate) -> Option<Period> {
    let (from, to) = match kind {
        PeriodKind::Week => {
            let from =
                date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday())))?;
            (from, from.checked_add_days(Days::new(6))?)
        }
        PeriodKind::Month => {
            let to = match date.month() {
                12 => NaiveDate::from_ymd_opt(date.year(), 12, 31)?,
                m => NaiveDate::from_ymd_opt(date.year(), m + 1, 1)?.pred_opt()?,
            };
            (date.with_day(1)?, to)
        }
        PeriodKind::Quarter => {
            let q = Quarter::of(date);
            (q.checked_start()?, q.checked_end()?)
        }
        PeriodKind::Year => (
            NaiveDate::from_ymd_opt(date.year(), 1, 1)?,
            NaiveDate::from_ymd_opt(date.year(), 12, 31)?,
        ),
        PeriodKind::Custom => (date, date),
    };
    Some(Period { from, to })
}

/// The number an issued briefing carries: `督办简报〔2026〕3期`.
pub fn briefing_number(year: i32, seq: u32) -> String {
    format!("督办简报〔{year}〕{seq}期")
}

/// The headline figures of a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    /// Issued (交办) during the period.
    pub new: u32,
    /// Issued and not yet closed at the period's end (or today, if sooner).
    pub in_progress: u32,
    /// Closed (办结) during the period.
    pub completed: u32,
    /// Of those, closed by the deadline in force.
    pub on_time: u32,
    /// Closed late during the period, or open and past the deadline at its end.
    pub overdue: u32,
    /// Routine items turned into key items during the period (GDUFS 第十条(一)).
    pub escalated: u32,
}

impl Totals {
    /// 办结效率: on time over completed; `None` when nothing was completed.
    pub fn on_time_rate(&self) -> Option<f64> {
        (self.completed > 0).then(|| f64::from(self.on_time) / f64::from(self.completed))
    }
}

/// One key item's status in one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyItemLine {
    pub matter_id: String,
    pub number: Option<String>,
    pub title: String,
    pub lead_unit: String,
    pub stage: Stage,
    /// The stage's name in the matter's own procedure.
    pub stage_name: String,
    pub light: Light,
    pub deadline: Option<NaiveDate>,
}

/// Why a matter is singled out in the briefing (GDUFS 第八条(四): 重要紧急情况须即时通报).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotableReason {
    Emergency,
    /// A 二次催办 was sent during the period.
    SecondReminder,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotableMatter {
    pub matter_id: String,
    pub number: Option<String>,
    pub title: String,
    pub lead_unit: String,
    pub reasons: Vec<NotableReason>,
}

/// A unit on the criticism list and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CriticizedUnit {
    pub unit: String,
    pub reasons: Vec<CriticismReason>,
}

/// One month of the trend chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthPoint {
    pub year: i32,
    pub month: u32,
    pub new: u32,
    pub completed: u32,
    pub on_time: u32,
    pub on_time_rate: Option<f64>,
}

/// 督办简报 (GDUFS 第八条(四); HBUT 第五条(三)): generated from the record, never typed by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Briefing {
    pub period: Period,
    /// The figures stop here: the period's end, or the day it was generated if sooner.
    pub as_of: NaiveDate,
    pub totals: Totals,
    pub on_time_rate: Option<f64>,
    pub key_items: Vec<KeyItemLine>,
    /// Per unit, sorted by unit code (the bar chart of on-time rate reads this).
    pub units: Vec<UnitStats>,
    /// 通报表扬.
    pub commended: Vec<String>,
    /// 通报批评.
    pub criticized: Vec<CriticizedUnit>,
    pub notable: Vec<NotableMatter>,
    pub trend: Vec<MonthPoint>,
    /// Every clock of both regulations counted for its own party: the units' reply, work plan,
    /// completion and rectification items, and the office's issue and archive and review time.
    #[serde(default)]
    pub clocks: crate::clocks::ClockStats,
}

/// The change from the previous quarter, as signed differences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotalsDelta {
    pub new: i64,
    pub in_progress: i64,
    pub completed: i64,
    pub on_time: i64,
    pub overdue: i64,
    pub escalated: i64,
}

/// One unit this quarter next to the previous one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitComparison {
    pub unit: String,
    pub completed: u32,
    pub previous_completed: u32,
    pub on_time_rate: Option<f64>,
    pub previous_on_time_rate: Option<f64>,
    pub overdue: u32,
    pub previous_overdue: u32,
}

/// The report to the leadership every three months (HBUT 第四条(七)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarterlyReport {
    pub quarter: Quarter,
    pub briefing: Briefing,
    pub previous_quarter: Quarter,
    pub previous: Totals,
    pub previous_on_time_rate: Option<f64>,
    pub delta: TotalsDelta,
    pub units: Vec<UnitComparison>,
}

/// One matter and unit on the accountability list (HBUT 第六条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountabilityLine {
    pub matter_id: String,
    pub number: Option<String>,
    pub title: String,
    pub unit: String,
    pub deadline: Option<NaiveDate>,
    /// HBUT 第六条's grounds only.
    pub reasons: Vec<AccountabilityReason>,
    /// Second reminders and returns for 重办, shown beside the line, never grounds.
    pub context: AccountabilityContext,
}

/// One unit's count of grounds, for the discipline office's overview.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountabilityUnit {
    pub unit: String,
    pub matters: u32,
    pub unexplained_overdue: u32,
    pub misreported: u32,
    pub uncooperative: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountabilityReport {
    /// The period whose grounds are listed.
    pub period: Period,
    /// The figures stop here: the period's end, or today if sooner.
    pub as_of: NaiveDate,
    pub lines: Vec<AccountabilityLine>,
    pub units: Vec<AccountabilityUnit>,
}

/// `POST /api/reports/briefings`: the period and the office's lead paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IssueBriefing {
    pub period: PeriodQuery,
    #[serde(default)]
    pub lead: String,
}

/// The longest lead paragraph: a short text before the figures, not an essay.
pub const MAX_LEAD_CHARS: usize = 2000;

impl IssueBriefing {
    pub fn validate(&self) -> Result<(), RuleError> {
        if self.lead.chars().count() > MAX_LEAD_CHARS {
            return Err(RuleError::invalid(
                "lead",
                format!("按语不能超过 {MAX_LEAD_CHARS} 个字"),
                format!("the lead paragraph may have at most {MAX_LEAD_CHARS} characters"),
            ));
        }
        Ok(())
    }
}

/// An issued briefing: numbered, kept as generated, never changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedBriefing {
    pub number: String,
    pub year: i32,
    pub seq: u32,
    pub lead: String,
    pub issued_on: NaiveDate,
    pub issued_by: String,
    pub briefing: Briefing,
    /// The audit chain's newest entry when it was issued, printed with it: a copy kept outside the
    /// system then vouches for the chain up to there (docs/security.md, "Audit trail").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<AuditHead>,
}

/// A point of the audit chain: an entry's sequence number and its keyed hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

/// A line of the list of issued briefings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefingSummary {
    pub number: String,
    pub year: i32,
    pub seq: u32,
    pub period: Period,
    pub issued_on: NaiveDate,
    pub issued_by: String,
}

impl IssuedBriefing {
    pub fn summary(&self) -> BriefingSummary {
        BriefingSummary {
            number: self.number.clone(),
            year: self.year,
            seq: self.seq,
            period: self.briefing.period,
            issued_on: self.issued_on,
            issued_by: self.issued_by.clone(),
        }
    }
}
