//! The discipline office's accountability list (问责清单): HBUT 第六条's grounds only, per period.
//!
//! 第六条 names four grounds. (一) late with no reasonable explanation, (二) 弄虚作假、反映情况失实
//! and (三) a lead unit that does not coordinate or an assisting unit that does not cooperate are
//! in the record and computed here; (四) 造成重大损失或严重后果 is a human judgement and is not. A
//! second reminder or a return for 重办 is not a ground: it is shown beside a line as context.

use crate::matter::Matter;
use crate::procedure::Stage;
use crate::record::ReturnMode;
use crate::stats::Period;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A ground of HBUT 第六条 for holding a unit to account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountabilityReason {
    /// (一) 不能按时完成督办事项并不能做出合理解释: the unit's completion report was due and did
    /// not arrive (or arrived late), with no extension request, obstacle report or progress report
    /// with a new schedule to explain it.
    UnexplainedOverdue,
    /// (二) 弄虚作假、反映情况失实, as the office found on review.
    Misreported,
    /// (三) 牵头单位不主动组织协调，或协办单位不积极配合, as the office recorded.
    Uncooperative,
}

/// What a reader should know beside a line, that is not a ground by itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountabilityContext {
    /// 二次催办 sent by the period's end (HBUT 第四条(五), copied to the discipline office).
    pub second_reminders: u32,
    /// Results returned for 重办 by the period's end.
    pub redo_returns: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountabilityEntry {
    pub matter_id: String,
    pub unit: String,
    pub reasons: Vec<AccountabilityReason>,
    pub context: AccountabilityContext,
}

/// The grounds that arose during `period`, as of `today` (nothing after today has happened yet).
/// A period with no ground gives an empty list.
pub fn accountability_list(
    matters: &[Matter],
    period: Period,
    today: NaiveDate,
) -> Vec<AccountabilityEntry> {
    let p = Period {
        from: period.from,
        to: period.to.min(today),
    };
    let mut out = Vec::new();
    if p.from > p.to {
        return out;
    }
    for m in matters {
        // A rejected proposal owed nothing; an escalated routine item goes on as its key item.
        if matches!(m.stage, Stage::Rejected | Stage::Escalated) {
            continue;
        }
        let mut lead = Vec::new();
        if late_during(m, &p, today) && !explained(m) {
            lead.push(AccountabilityReason::UnexplainedOverdue);
        }
        if m.reviews.iter().any(|r| r.misreported && p.contains(r.on)) {
            lead.push(AccountabilityReason::Misreported);
        }
        let mut units: BTreeMap<&str, Vec<AccountabilityReason>> = BTreeMap::new();
        if !lead.is_empty() {
            units.insert(&m.lead_unit, lead);
        }
        for f in m.follow_ups.iter().filter(|f| p.contains(f.on)) {
            if let Some(u) = f.uncooperative_unit.as_deref() {
                let reasons = units.entry(u).or_default();
                if !reasons.contains(&AccountabilityReason::Uncooperative) {
                    reasons.push(AccountabilityReason::Uncooperative);
                }
            }
        }
        let context = AccountabilityContext {
            second_reminders: m
                .reminders
                .iter()
                .filter(|r| r.second && r.on <= p.to)
                .count() as u32,
            redo_returns: m
                .reviews
                .iter()
                .filter(|r| !r.passed && r.mode == Some(ReturnMode::Redo) && r.on <= p.to)
                .count() as u32,
        };
        out.extend(
            units
                .into_iter()
                .map(|(unit, reasons)| AccountabilityEntry {
                    matter_id: m.id.clone(),
                    unit: unit.to_owned(),
                    reasons,
                    context,
                }),
        );
    }
    out
}

/// Was the unit late during `p`: some day of the period lies after the deadline and before the
/// unit's completion report (or the closure, or today while it still owes one).
fn late_during(m: &Matter, p: &Period, today: NaiveDate) -> bool {
    let Some(deadline) = m.deadline else {
        return false;
    };
    let stopped = m.unit_clock_at(today);
    stopped > deadline && deadline < p.to && stopped >= p.from
}

/// Did the lead unit explain being late: an extension asked for, an obstacle reported, or a
/// progress report with a reason and new schedule on or after the deadline.
fn explained(m: &Matter) -> bool {
    let Some(deadline) = m.deadline else {
        return true;
    };
    m.pending_extension().is_some()
        || m.obstacles.iter().any(|o| !o.resolved)
        || m.progress_reports
            .iter()
            .any(|p| p.unit == m.lead_unit && p.on >= deadline && p.next_schedule.is_some())
}

/// A ground the office recorded, whatever the date (a misreport or an uncooperative unit): the
/// server marks such matters so the list finds them without reading every matter.
pub fn recorded_ground(m: &Matter) -> bool {
    m.reviews.iter().any(|r| r.misreported)
        || m.follow_ups.iter().any(|f| f.uncooperative_unit.is_some())
}

/// Does the discipline office see `m` on `today`: a second reminder was copied to it (HBUT
/// 第四条(五)), or the matter has stood on its accountability list on some day up to today, so
/// every matter the list names can be opened.
pub fn discipline_sees(m: &Matter, today: NaiveDate) -> bool {
    let ever = Period {
        from: NaiveDate::MIN,
        to: today,
    };
    m.second_reminder() || !accountability_list(std::slice::from_ref(m), ever, today).is_empty()
}
