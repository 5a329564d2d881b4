//! How the typed values of an action's form become the `Action` the API receives.

use crate::components::action_fields::{Input, fields};
use chrono::NaiveDate;
use shared::engine::{Action, ActionKind};
use shared::escalation::EscalationReason;
use shared::record::{
    Commitment, CompletionReport, FollowUpMethod, RectificationOrder, ReturnMode,
};

/// A field that is missing or unreadable: its name, and what to say in each language.
pub type Invalid = (&'static str, &'static str, &'static str);

/// Turns the typed values (`get(name)`) into the action, or names the first field to fix.
pub fn build(kind: ActionKind, get: &dyn Fn(&str) -> String) -> Result<Action, Invalid> {
    use ActionKind as K;
    for field in fields(kind) {
        if field.required && field.input != Input::Check && get(field.name).trim().is_empty() {
            return Err((field.name, "请填写此项", "Please fill this in"));
        }
    }
    let s = |name: &str| get(name).trim().to_owned();
    let opt = |name: &str| Some(s(name)).filter(|v| !v.is_empty());
    let check = |name: &str| get(name) == "true";
    let lines = |name: &str| -> Vec<String> {
        get(name)
            .lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let action = match kind {
        K::ApproveProposal => Action::ApproveProposal {
            opinion: s("opinion"),
        },
        K::RejectProposal => Action::RejectProposal {
            opinion: s("opinion"),
        },
        K::ApproveClosure => Action::ApproveClosure {
            opinion: s("opinion"),
        },
        K::UpdateRequirements => Action::UpdateRequirements {
            requirements: opt("requirements"),
            deadline: opt_date(get, "deadline")?,
            lead_leader: opt("lead_leader"),
            note: s("note"),
        },
        K::Register => Action::Register {},
        K::Issue => Action::Issue {
            copied_leaders: lines("copied_leaders"),
        },
        K::SignFor => Action::SignFor {
            signer: s("signer"),
        },
        K::Reply => Action::Reply(Commitment {
            promised_date: date(get, "promised_date")?,
            measures: s("measures"),
            completion_form: s("completion_form"),
            handler_name: s("handler_name"),
            handler_contact: s("handler_contact"),
        }),
        K::SubmitWorkPlan => Action::SubmitWorkPlan { plan: s("plan") },
        K::ReportProgress => Action::ReportProgress {
            text: s("text"),
            next_schedule: opt_date(get, "next_schedule")?,
        },
        K::RecordFollowUp => Action::RecordFollowUp {
            method: match s("method").as_str() {
                "email" => FollowUpMethod::Email,
                "visit" => FollowUpMethod::Visit,
                "meeting" => FollowUpMethod::Meeting,
                "on_site" => FollowUpMethod::OnSite,
                _ => FollowUpMethod::Phone,
            },
            note: s("note"),
            outcome: s("outcome"),
            new_issue: opt("new_issue"),
            uncooperative_unit: opt("uncooperative_unit"),
        },
        K::SendReminder => Action::SendReminder {
            content: s("content"),
            due: date(get, "due")?,
        },
        K::SendSecondReminder => Action::SendSecondReminder {
            content: s("content"),
            due: date(get, "due")?,
        },
        K::RequestExtension => Action::RequestExtension {
            reason: s("reason"),
            measures: s("measures"),
            new_deadline: date(get, "new_deadline")?,
        },
        K::DecideExtension => Action::DecideExtension {
            approve: s("decision") != "reject",
            opinion: s("opinion"),
        },
        K::ReportObstacle => Action::ReportObstacle {
            reason: s("reason"),
            proposal: s("proposal"),
        },
        K::SubmitCompletionReport => Action::SubmitCompletionReport(CompletionReport {
            content: s("content"),
            goal: s("goal"),
            work_done: s("work_done"),
            results: s("results"),
            next_steps: s("next_steps"),
        }),
        K::ReviewReport => {
            let passed = s("result") != "return";
            let reasons = lines("reasons");
            if !passed && reasons.is_empty() {
                return Err((
                    "reasons",
                    "退回须写明原因",
                    "Give the reasons for returning it",
                ));
            }
            Action::ReviewReport {
                passed,
                mode: match s("mode").as_str() {
                    "supplement" if !passed => Some(ReturnMode::Supplement),
                    "redo" if !passed => Some(ReturnMode::Redo),
                    _ => None,
                },
                reasons,
                misreported: check("misreported"),
                note: s("note"),
            }
        }
        K::Verify => Action::Verify {
            measures_done: check("measures_done"),
            problem_solved: check("problem_solved"),
            effect_clear: check("effect_clear"),
            lawful: check("lawful"),
            note: s("note"),
        },
        K::OrderRectification => Action::OrderRectification {
            items: rectification_items(&lines("items"))?,
        },
        K::ReportRectification => Action::ReportRectification {
            item: s("item").parse().unwrap_or(0),
            text: s("text"),
            done: check("done"),
        },
        K::ReportResult => Action::ReportResult {
            summary: s("summary"),
        },
        K::Archive => Action::Archive {
            materials: lines("materials"),
            archivist: s("archivist"),
        },
        K::Escalate => {
            let reasons: Vec<EscalationReason> = [
                ("overdue", EscalationReason::Overdue),
                ("review_failed", EscalationReason::ReviewFailed),
                ("reminders", EscalationReason::RemindersWithoutResult),
                ("emergency", EscalationReason::Emergency),
            ]
            .into_iter()
            .filter(|(name, _)| check(name))
            .map(|(_, reason)| reason)
            .collect();
            if reasons.is_empty() {
                return Err(("overdue", "请至少选择一条理由", "Tick at least one reason"));
            }
            Action::Escalate {
                reasons,
                note: s("note"),
                lead_leader: None,
                requirements: None,
                deadline: None,
            }
        }
        K::CompleteEmergencyForm => Action::CompleteEmergencyForm {
            lead_leader: s("lead_leader"),
            requirements: s("requirements"),
            deadline: date(get, "deadline")?,
            leader_in_charge: opt("leader_in_charge"),
        },
        K::RollOverYear => Action::RollOverYear {
            plan: s("plan"),
            deadline: date(get, "deadline")?,
        },
        K::Propose | K::StartEmergency => {
            return Err(("", "请在台账中新建事项", "Create matters from the ledger"));
        }
    };
    Ok(action)
}

fn date(get: &dyn Fn(&str) -> String, name: &'static str) -> Result<NaiveDate, Invalid> {
    get(name).trim().parse().map_err(|_| {
        (
            name,
            "日期格式应为 YYYY-MM-DD",
            "Use a date like 2026-12-31",
        )
    })
}

fn opt_date(
    get: &dyn Fn(&str) -> String,
    name: &'static str,
) -> Result<Option<NaiveDate>, Invalid> {
    if get(name).trim().is_empty() {
        return Ok(None);
    }
    date(get, name).map(Some)
}

/// "事项｜责任人｜2026-12-31" per line; ASCII `|` works as well.
fn rectification_items(lines: &[String]) -> Result<Vec<RectificationOrder>, Invalid> {
    const BAD: Invalid = (
        "items",
        "每行应为：事项｜责任人｜时限（YYYY-MM-DD）",
        "Each line: what | owner | YYYY-MM-DD",
    );
    lines
        .iter()
        .map(|line| {
            let parts: Vec<&str> = line.split(['|', '｜']).map(str::trim).collect();
            match parts.as_slice() {
                [what, owner, day] if !what.is_empty() && !owner.is_empty() => {
                    Ok(RectificationOrder {
                        description: (*what).to_owned(),
                        owner: (*owner).to_owned(),
                        deadline: day.parse().map_err(|_| BAD)?,
                    })
                }
                _ => Err(BAD),
            }
        })
        .collect()
}
