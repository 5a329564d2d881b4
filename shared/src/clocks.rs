//! Every clock of both regulations on one matter: whose it is, when it is due, when it stopped.
//!
//! A clock belongs to the party that must act before it runs out: the unit (its reply, work plan,
//! completion report, each rectification item) or the office (the notice within 2 working days,
//! the archive within 5). Lights, notices and statistics read a clock for its own party, so the
//! office's latency is never charged to a unit, nor a unit's to the office.

use crate::calendar::Calendar;
use crate::light::{Light, lit};
use crate::matter::Matter;
use crate::stats::Period;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which time rule a clock is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// HBUT 第四条(三): 学校办公室应在两个工作日内下发《督办事项通知单》.
    Issue,
    /// GDUFS 第九条(二): 主办单位……应于 7 天内回复.
    Reply,
    /// HBUT 第四条(四): 需要制定具体政策的，应当在五个工作日制定工作计划.
    WorkPlan,
    /// The deadline in force (办结时限): the unit's completion report is due.
    Completion,
    /// GDUFS 第十条(四): 挂账整改, each item by its own deadline.
    Rectification,
    /// HBUT 第四条(八): 办结后五个工作日内……整理归档.
    Archive,
}

/// Whose clock it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Unit,
    Office,
}

impl ClockKind {
    pub const ALL: [ClockKind; 6] = [
        ClockKind::Issue,
        ClockKind::Reply,
        ClockKind::WorkPlan,
        ClockKind::Completion,
        ClockKind::Rectification,
        ClockKind::Archive,
    ];

    pub fn party(self) -> Party {
        match self {
            ClockKind::Issue | ClockKind::Archive => Party::Office,
            _ => Party::Unit,
        }
    }

    pub fn code(self) -> &'static str {
        self.names().0
    }

    /// What is due, in the regulations' words.
    pub fn name_zh(self) -> &'static str {
        self.names().1
    }

    pub fn name_en(self) -> &'static str {
        self.names().2
    }

    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            ClockKind::Issue => ("issue", "下发通知单", "Notice issued"),
            ClockKind::Reply => ("reply", "单位回复", "Unit's reply"),
            ClockKind::WorkPlan => ("work_plan", "工作计划", "Work plan"),
            ClockKind::Completion => ("completion", "办结报告", "Completion report"),
            ClockKind::Rectification => ("rectification", "整改事项", "Rectification item"),
            ClockKind::Archive => ("archive", "整理归档", "Archived"),
        }
    }
}

/// One clock: due on `due`, stopped on `stopped_on` by the act it waits for (`None` while it runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Clock {
    pub kind: ClockKind,
    /// The rectification item's index on the matter; `None` for the other kinds.
    pub item: Option<usize>,
    pub party: Party,
    pub due: NaiveDate,
    pub stopped_on: Option<NaiveDate>,
}

impl Clock {
    fn new(kind: ClockKind, due: NaiveDate, stopped_on: Option<NaiveDate>) -> Clock {
        Clock {
            kind,
            item: None,
            party: kind.party(),
            due,
            stopped_on,
        }
    }

    pub fn running(&self) -> bool {
        self.stopped_on.is_none()
    }

    /// Past its due date on `today`: stopped after it, or still running after it.
    pub fn late(&self, today: NaiveDate) -> bool {
        self.stopped_on.unwrap_or(today) > self.due
    }

    /// Done once stopped (on time or not: `late` says which); a running clock is red from the day
    /// after its due date and yellow within `yellow_days` working days of it.
    pub fn light(&self, today: NaiveDate, calendar: &Calendar, yellow_days: u32) -> Light {
        match self.stopped_on {
            Some(_) => Light::Done,
            None => lit(Some(self.due), today, calendar, yellow_days),
        }
    }

    /// A key for notices: one per clock and item.
    pub fn code(&self) -> String {
        match self.item {
            Some(i) => format!("{}-{}", self.kind.code(), i + 1),
            None => self.kind.code().to_owned(),
        }
    }
}

/// Every clock of `m`. A clock nobody owes any more is left out: one still running on a matter
/// rejected or escalated, or a unit's still running once the matter is closed (the archive clock
/// runs after closure by design).
pub fn clocks(m: &Matter) -> Vec<Clock> {
    let mut out = Vec::new();
    if let Some(due) = m.issue_due {
        out.push(Clock::new(ClockKind::Issue, due, m.issued_on));
    }
    if let Some(due) = m.reply_due {
        out.push(Clock::new(ClockKind::Reply, due, m.replied_on));
    }
    if let Some(due) = m.work_plan_due {
        let on = m.work_plan.as_ref().map(|p| p.on);
        out.push(Clock::new(ClockKind::WorkPlan, due, on));
    }
    if let Some(due) = m.deadline {
        let on = m.unit_reported_on().or(m.closed_on);
        out.push(Clock::new(ClockKind::Completion, due, on));
    }
    for (i, it) in m.rectification_items.iter().enumerate() {
        let on = it.reports.iter().find(|r| r.done).map(|r| r.on);
        out.push(Clock {
            item: Some(i),
            ..Clock::new(ClockKind::Rectification, it.deadline, on)
        });
    }
    if let Some(due) = m.archive_due {
        out.push(Clock::new(ClockKind::Archive, due, m.archived_on));
    }
    let owed = |c: &Clock| !m.is_finished() && (m.closed_on.is_none() || c.party == Party::Office);
    out.retain(|c| !c.running() || owed(c));
    out
}

/// A clock as the matter page shows it: its due date, its light on the day asked, and whether it
/// ran (or runs) past its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockLine {
    pub clock: Clock,
    pub light: Light,
    pub late: bool,
}

/// Every clock of `m` with its light on `today`.
pub fn lines(
    m: &Matter,
    today: NaiveDate,
    calendar: &Calendar,
    yellow_days: u32,
) -> Vec<ClockLine> {
    clocks(m)
        .into_iter()
        .map(|clock| ClockLine {
            clock,
            light: clock.light(today, calendar, yellow_days),
            late: clock.late(today),
        })
        .collect()
}

/// The earliest due date among the clocks still running: the day the reminder sweep must first
/// look at the matter again. `None` when nothing runs.
pub fn next_due(m: &Matter) -> Option<NaiveDate> {
    clocks(m)
        .iter()
        .filter(|c| c.running())
        .map(|c| c.due)
        .min()
}

/// One kind of clock's figures in a period, for the party whose clock it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockFigures {
    pub kind: ClockKind,
    pub party: Party,
    /// Stopped during the period.
    pub met: u32,
    /// Of those, on or before the due date.
    pub on_time: u32,
    /// Still running at the period's end and past the due date.
    pub overdue_open: u32,
}

/// Per kind of clock, what was met on time, late, and is overdue at the period's end; for the
/// unit's clocks and the office's alike (the party is the kind's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockStats {
    pub kinds: Vec<ClockFigures>,
    /// The office's own review time: working days from the unit's standing completion report to
    /// the closure, averaged over the matters closed in the period (the unit is not charged them).
    pub office_review_working_days: Option<f64>,
    /// Matters closed in the period after a report the unit sent on time, but whose closure fell
    /// after the deadline: the office's lateness, not the unit's.
    pub closed_after_deadline_by_review: u32,
}

/// The clocks of every matter, counted for `period` (already cut at today by the caller).
pub fn clock_stats(matters: &[Matter], period: Period, calendar: &Calendar) -> ClockStats {
    let mut by_kind: Vec<ClockFigures> = ClockKind::ALL
        .iter()
        .map(|k| ClockFigures {
            kind: *k,
            party: k.party(),
            met: 0,
            on_time: 0,
            overdue_open: 0,
        })
        .collect();
    let mut review_days = Vec::new();
    let mut by_review = 0;
    for m in matters {
        for c in clocks(m) {
            let Some(f) = by_kind.iter_mut().find(|f| f.kind == c.kind) else {
                continue;
            };
            match c.stopped_on {
                Some(on) if period.contains(on) => {
                    f.met += 1;
                    if on <= c.due {
                        f.on_time += 1;
                    }
                }
                None if period.to > c.due => f.overdue_open += 1,
                _ => {}
            }
        }
        if let (Some(closed), Some(reported)) = (m.closed_on, m.unit_reported_on())
            && period.contains(closed)
        {
            review_days.push(calendar.working_days_between(reported, closed));
            if m.deadline.is_some_and(|d| reported <= d && closed > d) {
                by_review += 1;
            }
        }
    }
    ClockStats {
        kinds: by_kind,
        office_review_working_days: (!review_days.is_empty())
            .then(|| review_days.iter().sum::<i64>() as f64 / review_days.len() as f64),
        closed_after_deadline_by_review: by_review,
    }
}
