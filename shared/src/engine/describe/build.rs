//! `build`: the typed values of an action's form become the `Action` the API receives, or the first
//! field to fix. The fields' presence and bounds come from the description; the rest is the record.

use super::{Bound, Field, FieldName as F, Input, describe};
use crate::engine::{Action, ActionKind};
use crate::error::RuleError;
use crate::escalation::EscalationReason;
use crate::limits::{chars, items};
use crate::record::{Commitment, CompletionReport, FollowUpMethod, RectificationOrder, ReturnMode};
use chrono::NaiveDate;

/// A form that cannot become its action: the field to fix (none when the action has no form on a
/// matter's page), and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid {
    pub field: Option<F>,
    pub problem: Problem,
}

/// Why a form's value cannot be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A required field left blank.
    Missing,
    NotADate,
    /// Longer than this many characters (`crate::limits`).
    TooLong(usize),
    /// More than this many lines (`crate::limits::MAX_LIST_ITEMS`).
    TooMany(usize),
    /// A return without its reasons.
    NoReasons,
    /// An escalation with no reason ticked.
    NoneTicked,
    /// A rectification line that is not "what | owner | date".
    BadItem,
    /// Matters are created from the ledger, not on a matter's page.
    NotHere,
}

impl Problem {
    pub fn message_zh(self) -> String {
        match self {
            Problem::Missing => "请填写此项".into(),
            Problem::NotADate => "日期格式应为 YYYY-MM-DD".into(),
            Problem::TooLong(max) => format!("最多 {max} 个字"),
            Problem::TooMany(max) => format!("最多 {max} 行"),
            Problem::NoReasons => "退回须写明原因".into(),
            Problem::NoneTicked => "请至少选择一条理由".into(),
            Problem::BadItem => "每行应为：事项｜责任人｜时限（YYYY-MM-DD）".into(),
            Problem::NotHere => "请在台账中新建事项".into(),
        }
    }

    pub fn message_en(self) -> String {
        match self {
            Problem::Missing => "Please fill this in".into(),
            Problem::NotADate => "Use a date like 2026-12-31".into(),
            Problem::TooLong(max) => format!("At most {max} characters"),
            Problem::TooMany(max) => format!("At most {max} lines"),
            Problem::NoReasons => "Give the reasons for returning it".into(),
            Problem::NoneTicked => "Tick at least one reason".into(),
            Problem::BadItem => "Each line: what | owner | YYYY-MM-DD".into(),
            Problem::NotHere => "Create matters from the ledger".into(),
        }
    }
}

fn invalid(field: F, problem: Problem) -> Invalid {
    Invalid {
        field: Some(field),
        problem,
    }
}

/// Turns the typed values (`get(field)`, as typed) into the action, or names the first field to fix.
pub fn build(kind: ActionKind, get: &dyn Fn(F) -> String) -> Result<Action, Invalid> {
    use ActionKind as K;
    for field in describe(kind).fields {
        check(field, &get(field.name))?;
    }
    let s = |name: F| get(name).trim().to_owned();
    let opt = |name: F| Some(s(name)).filter(|v| !v.is_empty());
    let ticked = |name: F| get(name) == "true";
    let lines = |name: F| entries(&get(name));
    let day = |name: F| date(&get(name), name);
    let opt_day = |name: F| match get(name).trim() {
        "" => Ok(None),
        typed => date(typed, name).map(Some),
    };
    let action = match kind {
        K::ApproveProposal => Action::ApproveProposal {
            opinion: s(F::Opinion),
        },
        K::RejectProposal => Action::RejectProposal {
            opinion: s(F::Opinion),
        },
        K::ApproveClosure => Action::ApproveClosure {
            opinion: s(F::Opinion),
        },
        K::UpdateRequirements => Action::UpdateRequirements {
            requirements: opt(F::Requirements),
            deadline: opt_day(F::Deadline)?,
            lead_leader: opt(F::LeadLeader),
            note: s(F::Note),
        },
        K::Register => Action::Register {},
        K::Issue => Action::Issue {
            copied_leaders: lines(F::CopiedLeaders),
        },
        K::SignFor => Action::SignFor {
            signer: s(F::Signer),
        },
        K::Reply => Action::Reply(Commitment {
            promised_date: day(F::PromisedDate)?,
            measures: s(F::Measures),
            completion_form: s(F::CompletionForm),
            handler_name: s(F::HandlerName),
            handler_contact: s(F::HandlerContact),
        }),
        K::SubmitWorkPlan => Action::SubmitWorkPlan { plan: s(F::Plan) },
        K::ReportProgress => Action::ReportProgress {
            text: s(F::Text),
            next_schedule: opt_day(F::NextSchedule)?,
        },
        K::RecordFollowUp => Action::RecordFollowUp {
            method: match s(F::Method).as_str() {
                "email" => FollowUpMethod::Email,
                "visit" => FollowUpMethod::Visit,
                "meeting" => FollowUpMethod::Meeting,
                "on_site" => FollowUpMethod::OnSite,
                _ => FollowUpMethod::Phone,
            },
            note: s(F::Note),
            outcome: s(F::Outcome),
            new_issue: opt(F::NewIssue),
            uncooperative_unit: opt(F::UncooperativeUnit),
        },
        K::SendReminder => Action::SendReminder {
            content: s(F::Content),
            due: day(F::Due)?,
        },
        K::SendSecondReminder => Action::SendSecondReminder {
            content: s(F::Content),
            due: day(F::Due)?,
        },
        K::RequestExtension => Action::RequestExtension {
            reason: s(F::Reason),
            measures: s(F::Measures),
            new_deadline: day(F::NewDeadline)?,
        },
        K::DecideExtension => Action::DecideExtension {
            approve: s(F::Decision) != "reject",
            opinion: s(F::Opinion),
        },
        K::ReportObstacle => Action::ReportObstacle {
            reason: s(F::Reason),
            proposal: s(F::Proposal),
        },
        K::SubmitCompletionReport => Action::SubmitCompletionReport(CompletionReport {
            content: s(F::Content),
            goal: s(F::Goal),
            work_done: s(F::WorkDone),
            results: s(F::Results),
            next_steps: s(F::NextSteps),
        }),
        K::ReviewReport => {
            let passed = s(F::Result) != "return";
            let reasons = lines(F::Reasons);
            if !passed && reasons.is_empty() {
                return Err(invalid(F::Reasons, Problem::NoReasons));
            }
            Action::ReviewReport {
                passed,
                mode: match s(F::Mode).as_str() {
                    "supplement" if !passed => Some(ReturnMode::Supplement),
                    "redo" if !passed => Some(ReturnMode::Redo),
                    _ => None,
                },
                reasons,
                misreported: ticked(F::Misreported),
                note: s(F::Note),
            }
        }
        K::Verify => Action::Verify {
            measures_done: ticked(F::MeasuresDone),
            problem_solved: ticked(F::ProblemSolved),
            effect_clear: ticked(F::EffectClear),
            lawful: ticked(F::Lawful),
            note: s(F::Note),
        },
        K::OrderRectification => Action::OrderRectification {
            items: rectification_items(&lines(F::Items))?,
        },
        K::ReportRectification => Action::ReportRectification {
            item: s(F::Item).parse().unwrap_or(0),
            text: s(F::Text),
            done: ticked(F::Done),
        },
        K::ReportResult => Action::ReportResult {
            summary: s(F::Summary),
        },
        K::Archive => Action::Archive {
            materials: lines(F::Materials),
            archivist: s(F::Archivist),
        },
        K::Escalate => {
            let reasons: Vec<EscalationReason> = [
                (F::Overdue, EscalationReason::Overdue),
                (F::ReviewFailed, EscalationReason::ReviewFailed),
                (F::Reminders, EscalationReason::RemindersWithoutResult),
                (F::Emergency, EscalationReason::Emergency),
            ]
            .into_iter()
            .filter(|(name, _)| ticked(*name))
            .map(|(_, reason)| reason)
            .collect();
            if reasons.is_empty() {
                return Err(invalid(F::Overdue, Problem::NoneTicked));
            }
            Action::Escalate {
                reasons,
                note: s(F::Note),
                lead_leader: opt(F::LeadLeader),
                requirements: None,
                deadline: None,
            }
        }
        K::CompleteEmergencyForm => Action::CompleteEmergencyForm {
            lead_leader: s(F::LeadLeader),
            requirements: s(F::Requirements),
            deadline: day(F::Deadline)?,
            leader_in_charge: opt(F::LeaderInCharge),
        },
        K::RollOverYear => Action::RollOverYear {
            plan: s(F::Plan),
            deadline: day(F::Deadline)?,
        },
        K::Propose | K::StartEmergency => {
            return Err(Invalid {
                field: None,
                problem: Problem::NotHere,
            });
        }
    };
    Ok(action)
}

/// Present when required, and within its bound, counted as `crate::limits` counts.
fn check(field: &Field, typed: &str) -> Result<(), Invalid> {
    let bad = |problem| invalid(field.name, problem);
    let code = field.name.code();
    if field.required && field.input != Input::Check && typed.trim().is_empty() {
        return Err(bad(Problem::Missing));
    }
    match field.bound {
        Bound::Free => Ok(()),
        Bound::Chars(max) => chars(code, typed.trim(), max).map_err(|_| bad(Problem::TooLong(max))),
        Bound::Lines(max) => {
            let lines = entries(typed);
            items(code, &lines).map_err(|e| bad(too_many(&e)))?;
            lines
                .iter()
                .try_for_each(|l| chars(code, l, max))
                .map_err(|_| bad(Problem::TooLong(max)))
        }
    }
}

fn too_many(e: &RuleError) -> Problem {
    match e {
        RuleError::TooMany { max, .. } => Problem::TooMany(*max),
        _ => Problem::TooMany(crate::limits::MAX_LIST_ITEMS),
    }
}

/// The non-blank lines, trimmed.
fn entries(typed: &str) -> Vec<String> {
    typed
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

fn date(typed: &str, name: F) -> Result<NaiveDate, Invalid> {
    typed
        .trim()
        .parse()
        .map_err(|_| invalid(name, Problem::NotADate))
}

/// "事项｜责任人｜2026-12-31" per line; ASCII `|` works as well.
fn rectification_items(lines: &[String]) -> Result<Vec<RectificationOrder>, Invalid> {
    let bad = |problem| invalid(F::Items, problem);
    lines
        .iter()
        .map(|line| {
            let parts: Vec<&str> = line.split(['|', '｜']).map(str::trim).collect();
            let [what, owner, day] = parts.as_slice() else {
                return Err(bad(Problem::BadItem));
            };
            if what.is_empty() || owner.is_empty() {
                return Err(bad(Problem::BadItem));
            }
            let item = RectificationOrder {
                description: (*what).to_owned(),
                owner: (*owner).to_owned(),
                deadline: day.parse().map_err(|_| bad(Problem::BadItem))?,
            };
            item.check_limits().map_err(|e| match e {
                RuleError::TooLong { max, .. } => bad(Problem::TooLong(max)),
                _ => bad(Problem::BadItem),
            })?;
            Ok(item)
        })
        .collect()
}
