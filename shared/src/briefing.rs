//! The report engine: briefings, the quarterly comparison, the monthly trend and the accountability list, from matters.

use crate::calendar::Calendar;
use crate::cancel::{Cancel, Cancelled};
use crate::deadline::Quarter;
use crate::light::light;
use crate::matter::{Matter, MatterKind};
use crate::procedure::{Stage, template};
use crate::report::*;
use crate::stats::{self, AccountabilityReason, BulletinRules, Period, UnitStats};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::BTreeMap;

/// What every report needs besides the matters: the day, the calendar and the office's settings.
#[derive(Debug, Clone, Copy)]
pub struct ReportContext<'a> {
    pub today: NaiveDate,
    pub calendar: &'a Calendar,
    pub rules: BulletinRules,
    /// Working days before a deadline that turn a light yellow.
    pub yellow_days: u32,
    /// Checked between the report's steps: a report nobody waits for stops.
    pub cancel: Cancel<'a>,
}

/// Counted in a period, as `stats::unit_stats` counts: issued by its end, not closed before its
/// start, and not an escalated routine item (its key item is counted instead).
fn active(m: &Matter, p: &Period) -> bool {
    m.stage != Stage::Escalated
        && m.issued_on.is_some_and(|i| i <= p.to)
        && m.closed_on.is_none_or(|c| c >= p.from)
}

fn label(m: &Matter) -> Option<String> {
    m.number.as_ref().map(|n| n.as_str().to_owned())
}

/// The headline figures; `p` already stops at the day the report is made.
pub fn totals(matters: &[Matter], p: Period) -> Totals {
    let mut t = Totals::default();
    for m in matters {
        // An escalation is counted by the key item it created, whenever that was proposed.
        if m.escalated_from.is_some() && p.contains(m.proposed_on) {
            t.escalated += 1;
        }
        if !active(m, &p) {
            continue;
        }
        if m.issued_on.is_some_and(|i| p.contains(i)) {
            t.new += 1;
        }
        match m.closed_on {
            Some(c) if p.contains(c) => {
                t.completed += 1;
                if m.delivered_late() {
                    t.overdue += 1;
                } else {
                    t.on_time += 1;
                }
            }
            Some(_) => {}
            None => {
                t.in_progress += 1;
                if stats::overdue_at(m, p.to) {
                    t.overdue += 1;
                }
            }
        }
    }
    t
}

/// The period cut at `today`: nothing after today has happened yet, so nothing is late yet either.
pub fn as_of(period: Period, today: NaiveDate) -> Period {
    Period {
        from: period.from,
        to: period.to.min(today).max(period.from),
    }
}

/// 督办简报 for `period`.
pub fn briefing(
    matters: &[Matter],
    period: Period,
    ctx: &ReportContext,
) -> Result<Briefing, Cancelled> {
    let p = as_of(period, ctx.today);
    ctx.cancel.check()?;
    let totals = totals(matters, p);
    ctx.cancel.check()?;
    let units = stats::unit_stats(matters, p, ctx.calendar);
    ctx.cancel.check()?;
    let bulletin = stats::commendation_and_criticism(&units, &ctx.rules);
    let mut key_items: Vec<KeyItemLine> = matters
        .iter()
        .filter(|m| m.kind == MatterKind::Key && active(m, &p))
        .map(|m| KeyItemLine {
            matter_id: m.id.clone(),
            number: label(m),
            title: m.title.clone(),
            lead_unit: m.lead_unit.clone(),
            stage: m.stage,
            stage_name: template(m.procedure).stage_name_zh(m.stage).to_owned(),
            light: light(m, ctx.today, ctx.calendar, ctx.yellow_days),
            deadline: m.deadline,
        })
        .collect();
    // Numbers sort in issue order within a year; unnumbered (emergency) items come last.
    key_items.sort_by(|a, b| {
        (a.number.is_none(), &a.number, &a.matter_id).cmp(&(
            b.number.is_none(),
            &b.number,
            &b.matter_id,
        ))
    });
    ctx.cancel.check()?;
    let notable = matters
        .iter()
        .filter(|m| active(m, &p))
        .filter_map(|m| {
            let mut reasons = Vec::new();
            if m.emergency {
                reasons.push(NotableReason::Emergency);
            }
            if m.reminders.iter().any(|r| r.second && p.contains(r.on)) {
                reasons.push(NotableReason::SecondReminder);
            }
            (!reasons.is_empty()).then(|| NotableMatter {
                matter_id: m.id.clone(),
                number: label(m),
                title: m.title.clone(),
                lead_unit: m.lead_unit.clone(),
                reasons,
            })
        })
        .collect();
    let trend = monthly_trend(matters, p, ctx.cancel)?;
    ctx.cancel.check()?;
    let clocks = crate::clocks::clock_stats(matters, p, ctx.calendar);
    Ok(Briefing {
        period,
        as_of: p.to,
        on_time_rate: totals.on_time_rate(),
        totals,
        key_items,
        units,
        commended: bulletin.commended,
        criticized: bulletin
            .criticized
            .into_iter()
            .map(|(unit, reasons)| CriticizedUnit { unit, reasons })
            .collect(),
        notable,
        trend,
        clocks,
    })
}

/// The most months a trend has: those a report period can touch (`MAX_PERIOD_DAYS`, both ends
/// partial), so even a period no route would accept cannot make the loop long.
pub const MAX_TREND_MONTHS: usize = (MAX_PERIOD_DAYS as usize) / 28 + 2;

/// Per month of the period: matters issued, closed, and closed on time (each month cut to the
/// period). Months are counted from the period's first, so the loop advances by construction.
pub fn monthly_trend(
    matters: &[Matter],
    period: Period,
    cancel: Cancel,
) -> Result<Vec<MonthPoint>, Cancelled> {
    let month_index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    let months = (month_index(period.to) - month_index(period.from) + 1).max(0);
    let months = usize::try_from(months).map_or(MAX_TREND_MONTHS, |m| m.min(MAX_TREND_MONTHS));
    let mut out = Vec::with_capacity(months);
    for i in 0..months {
        cancel.check()?;
        let Some(month) = period
            .from
            .with_day(1)
            .and_then(|first| first.checked_add_months(Months::new(i as u32)))
            .and_then(|first| period_of(PeriodKind::Month, first))
        else {
            break;
        };
        let p = Period {
            from: month.from.max(period.from),
            to: month.to.min(period.to),
        };
        let t = totals(matters, p);
        out.push(MonthPoint {
            year: month.from.year(),
            month: month.from.month(),
            new: t.new,
            completed: t.completed,
            on_time: t.on_time,
            on_time_rate: t.on_time_rate(),
        });
    }
    Ok(out)
}

/// The quarter's briefing and the comparison with the quarter before it.
pub fn quarterly(
    matters: &[Matter],
    quarter: Quarter,
    ctx: &ReportContext,
) -> Result<QuarterlyReport, Cancelled> {
    let previous_quarter = previous(quarter);
    let briefing = briefing(matters, quarter.period(), ctx)?;
    let prev_period = as_of(previous_quarter.period(), ctx.today);
    let previous = totals(matters, prev_period);
    ctx.cancel.check()?;
    let prev_units = stats::unit_stats(matters, prev_period, ctx.calendar);
    let d = |now: u32, before: u32| i64::from(now) - i64::from(before);
    let t = briefing.totals;
    let delta = TotalsDelta {
        new: d(t.new, previous.new),
        in_progress: d(t.in_progress, previous.in_progress),
        completed: d(t.completed, previous.completed),
        on_time: d(t.on_time, previous.on_time),
        overdue: d(t.overdue, previous.overdue),
        escalated: d(t.escalated, previous.escalated),
    };
    Ok(QuarterlyReport {
        quarter,
        previous_quarter,
        previous_on_time_rate: previous.on_time_rate(),
        previous,
        delta,
        units: compare(&briefing.units, &prev_units),
        briefing,
    })
}

pub fn previous(q: Quarter) -> Quarter {
    if q.quarter <= 1 {
        Quarter {
            year: q.year.saturating_sub(1),
            quarter: 4,
        }
    } else {
        Quarter {
            year: q.year,
            quarter: (q.quarter - 1).min(4),
        }
    }
}

/// Every unit of either quarter, sorted by code.
fn compare(now: &[UnitStats], before: &[UnitStats]) -> Vec<UnitComparison> {
    let mut by_unit: BTreeMap<&str, (Option<&UnitStats>, Option<&UnitStats>)> = BTreeMap::new();
    for s in now {
        by_unit.entry(&s.unit).or_default().0 = Some(s);
    }
    for s in before {
        by_unit.entry(&s.unit).or_default().1 = Some(s);
    }
    by_unit
        .into_iter()
        .map(|(unit, (n, b))| UnitComparison {
            unit: unit.to_owned(),
            completed: n.map_or(0, |s| s.completed),
            previous_completed: b.map_or(0, |s| s.completed),
            on_time_rate: n.and_then(|s| s.on_time_rate),
            previous_on_time_rate: b.and_then(|s| s.on_time_rate),
            overdue: n.map_or(0, |s| s.overdue),
            previous_overdue: b.map_or(0, |s| s.overdue),
        })
        .collect()
}

/// The discipline office's list (HBUT 第六条) for `period`, with what a reader needs to find each
/// matter; empty when nothing in the period is a ground.
pub fn accountability(
    matters: &[Matter],
    period: Period,
    today: NaiveDate,
) -> AccountabilityReport {
    let by_id: BTreeMap<&str, &Matter> = matters.iter().map(|m| (m.id.as_str(), m)).collect();
    let mut units: BTreeMap<String, AccountabilityUnit> = BTreeMap::new();
    let lines: Vec<AccountabilityLine> = stats::accountability_list(matters, period, today)
        .into_iter()
        .filter_map(|e| {
            let m = by_id.get(e.matter_id.as_str())?;
            let u = units
                .entry(e.unit.clone())
                .or_insert_with(|| AccountabilityUnit {
                    unit: e.unit.clone(),
                    ..AccountabilityUnit::default()
                });
            u.matters += 1;
            for r in &e.reasons {
                match r {
                    AccountabilityReason::UnexplainedOverdue => u.unexplained_overdue += 1,
                    AccountabilityReason::Misreported => u.misreported += 1,
                    AccountabilityReason::Uncooperative => u.uncooperative += 1,
                }
            }
            Some(AccountabilityLine {
                matter_id: e.matter_id,
                number: label(m),
                title: m.title.clone(),
                unit: e.unit,
                deadline: m.deadline,
                reasons: e.reasons,
                context: e.context,
            })
        })
        .collect();
    AccountabilityReport {
        period,
        as_of: today.min(period.to),
        lines,
        units: units.into_values().collect(),
    }
}
