//! The office's chase lists beside the escalation queue: reminders the unit has not answered,
//! and completion reports sent back and not yet submitted again. Pure rules on one matter; the
//! server keeps a list row for each so the queue reads them without walking open matters.

use crate::engine::ActionKind;
use crate::matter::Matter;
use serde::{Deserialize, Serialize};

/// Which chase list (`?watch=` on the matter list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Watch {
    /// 催办未回复: the last reminder is newer than anything the unit reported.
    UnansweredReminder,
    /// 退回未重报: the office returned the completion report and it has not come back.
    ReturnedReport,
}

impl Watch {
    pub const ALL: [Watch; 2] = [Watch::UnansweredReminder, Watch::ReturnedReport];

    /// Only ever of an open matter: the server reads a chase list's rows as open without asking.
    pub fn holds(self, m: &Matter) -> bool {
        match self {
            Watch::UnansweredReminder => reminder_unanswered(m),
            Watch::ReturnedReport => report_returned(m),
        }
    }
}

/// An open matter whose last reminder (催办, first or second) came after the unit's last word:
/// no reply, progress report or completion report on or after the day it was sent.
pub fn reminder_unanswered(m: &Matter) -> bool {
    let Some(last) = m.reminders.last() else {
        return false;
    };
    let since = |d: Option<chrono::NaiveDate>| d.is_some_and(|d| d >= last.on);
    m.is_open()
        && !since(m.replied_on)
        && !since(m.completion_reported_on)
        && !m.progress_reports.iter().any(|p| p.on >= last.on)
}

/// An open matter whose last review returned the report (退回重办) and that waits for the unit to
/// submit it again: its stage takes a completion report, not a review.
pub fn report_returned(m: &Matter) -> bool {
    let t = crate::procedure::template(m.procedure);
    m.is_open()
        && m.reviews.last().is_some_and(|r| !r.passed)
        && t.rule(m.stage, ActionKind::ReviewReport).is_none()
        && t.rule(m.stage, ActionKind::SubmitCompletionReport)
            .is_some()
}
