//! `Action::check_limits`: every text and list in an action within the bounds of `crate::limits`.

use super::Action;
use crate::error::RuleError;
use crate::limits::{items, name, names, opt_name, opt_text, text};

impl Action {
    /// Checks the size of everything the client sent, and nothing else: cheap, so the server runs
    /// it before any other work, and the engine again before its own checks.
    pub fn check_limits(&self) -> Result<(), RuleError> {
        match self {
            Action::Propose { matter, .. } => matter.check_limits(),
            Action::StartEmergency {
                title,
                content,
                lead_unit,
                assisting_units,
                how_started,
            } => {
                name("title", title)?;
                text("content", content)?;
                name("lead_unit", lead_unit)?;
                names("assisting_units", assisting_units)?;
                text("how_started", how_started)
            }
            Action::ApproveProposal { opinion }
            | Action::RejectProposal { opinion }
            | Action::DecideExtension { opinion, .. }
            | Action::ApproveClosure { opinion } => text("opinion", opinion),
            Action::UpdateRequirements {
                requirements,
                lead_leader,
                note,
                ..
            } => {
                opt_text("requirements", requirements)?;
                opt_name("lead_leader", lead_leader)?;
                text("note", note)
            }
            Action::Register {} => Ok(()),
            Action::Issue { copied_leaders } => names("copied_leaders", copied_leaders),
            Action::SignFor { signer } => name("signer", signer),
            Action::Reply(c) => c.check_limits(),
            Action::SubmitWorkPlan { plan } | Action::RollOverYear { plan, .. } => {
                text("plan", plan)
            }
            Action::ReportProgress { text: t, .. } => text("text", t),
            Action::RecordFollowUp {
                note,
                outcome,
                new_issue,
                uncooperative_unit,
                ..
            } => {
                text("note", note)?;
                text("outcome", outcome)?;
                opt_text("new_issue", new_issue)?;
                opt_name("uncooperative_unit", uncooperative_unit)
            }
            Action::SendReminder { content, .. } | Action::SendSecondReminder { content, .. } => {
                text("content", content)
            }
            Action::RequestExtension {
                reason, measures, ..
            } => {
                text("reason", reason)?;
                text("measures", measures)
            }
            Action::ReportObstacle { reason, proposal } => {
                text("reason", reason)?;
                text("proposal", proposal)
            }
            Action::SubmitCompletionReport(report) => report.check_limits(),
            Action::ReviewReport { reasons, note, .. } => {
                items("reasons", reasons)?;
                reasons.iter().try_for_each(|r| text("reasons", r))?;
                text("note", note)
            }
            Action::Verify { note, .. } => text("note", note),
            Action::OrderRectification { items: list } => {
                items("items", list)?;
                list.iter().try_for_each(|i| i.check_limits())
            }
            Action::ReportRectification { text: t, .. } => text("text", t),
            Action::ReportResult { summary } => text("summary", summary),
            Action::Archive {
                materials,
                archivist,
            } => {
                names("materials", materials)?;
                name("archivist", archivist)
            }
            Action::Escalate {
                reasons,
                note,
                lead_leader,
                requirements,
                ..
            } => {
                items("reasons", reasons)?;
                text("note", note)?;
                opt_name("lead_leader", lead_leader)?;
                opt_text("requirements", requirements)
            }
            Action::CompleteEmergencyForm {
                lead_leader,
                requirements,
                leader_in_charge,
                ..
            } => {
                name("lead_leader", lead_leader)?;
                text("requirements", requirements)?;
                opt_name("leader_in_charge", leader_in_charge)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::{MAX_LIST_ITEMS, MAX_NAME_CHARS, MAX_TEXT_CHARS};
    use crate::record::{CompletionReport, RectificationOrder};
    use chrono::NaiveDate;

    fn long(n: usize) -> String {
        "字".repeat(n)
    }

    #[test]
    fn a_progress_report_longer_than_the_bound_is_refused_and_one_at_the_bound_is_not() {
        let at = Action::ReportProgress {
            text: long(MAX_TEXT_CHARS),
            next_schedule: None,
        };
        assert!(at.check_limits().is_ok());
        let over = Action::ReportProgress {
            text: long(MAX_TEXT_CHARS + 1),
            next_schedule: None,
        };
        assert_eq!(over.check_limits().unwrap_err().code(), "too_long");
    }

    #[test]
    fn every_part_of_a_completion_report_and_a_rectification_list_is_bounded() {
        let ok = || long(10);
        let mut report = CompletionReport {
            content: ok(),
            goal: ok(),
            work_done: ok(),
            results: ok(),
            next_steps: ok(),
        };
        assert!(
            Action::SubmitCompletionReport(report.clone())
                .check_limits()
                .is_ok()
        );
        report.next_steps = long(MAX_TEXT_CHARS + 1);
        assert_eq!(
            Action::SubmitCompletionReport(report).check_limits(),
            Err(RuleError::TooLong {
                field: "next_steps",
                max: MAX_TEXT_CHARS,
                given: MAX_TEXT_CHARS + 1
            })
        );
        let item = RectificationOrder {
            description: ok(),
            owner: long(MAX_NAME_CHARS + 1),
            deadline: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        };
        let one = Action::OrderRectification {
            items: vec![item.clone()],
        };
        assert_eq!(one.check_limits().unwrap_err().code(), "too_long");
        let many = Action::OrderRectification {
            items: vec![
                RectificationOrder {
                    owner: ok(),
                    ..item
                };
                MAX_LIST_ITEMS + 1
            ],
        };
        assert_eq!(many.check_limits().unwrap_err().code(), "too_many_items");
    }

    #[test]
    fn a_proposal_with_too_many_assisting_units_is_refused() {
        let json = serde_json::json!({
            "type": "propose",
            "procedure": "gdufs_routine",
            "matter": {
                "title": "t", "content": "c", "source_category": "meeting_resolution",
                "lead_unit": "jwc",
                "assisting_units": vec!["kyc"; MAX_LIST_ITEMS + 1],
            }
        });
        let action: Action = serde_json::from_value(json).unwrap();
        assert_eq!(action.check_limits().unwrap_err().code(), "too_many_items");
    }
}
