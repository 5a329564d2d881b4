//! `apply` and `replay`: the matter is the fold of its events, with no clock or calendar needed.

use super::{Action, Event};
use crate::matter::{Matter, SourceCategory};
use crate::procedure::Stage;
use crate::record::*;
use chrono::Datelike;

/// Rebuilds a matter from all its events, oldest first. `None` when the list is empty or does not
/// start with the event that created the matter.
pub fn replay(events: &[Event]) -> Option<Matter> {
    let (first, rest) = events.split_first()?;
    let created = created(first)?;
    Some(rest.iter().fold(created, |m, e| apply(&m, e)))
}

/// The matter a creation event (propose, emergency start, escalation) brings into existence.
pub fn created(e: &Event) -> Option<Matter> {
    let started = e.stage_after != Stage::Filing && e.stage_after != Stage::Proposal;
    let (procedure, mut m) = match &e.action {
        Action::Propose {
            procedure,
            matter: d,
        } => (
            *procedure,
            blank(
                e,
                &d.title,
                &d.content,
                &d.lead_unit,
                &d.assisting_units,
                d.source_category,
            ),
        ),
        Action::StartEmergency {
            title,
            content,
            lead_unit,
            assisting_units,
            how_started,
        } => {
            let mut m = blank(
                e,
                title,
                content,
                lead_unit,
                assisting_units,
                SourceCategory::Emergency,
            );
            m.source_reference = how_started.clone();
            m.emergency = true;
            (crate::procedure::ProcedureId::GdufsKey, m)
        }
        _ => return None,
    };
    if let Action::Propose { matter: d, .. } = &e.action {
        m.source_reference = d.source_reference.clone();
        m.lead_leader = d.lead_leader.clone();
        m.leader_in_charge = d.leader_in_charge.clone();
        m.requirements = d.requirements.clone();
        m.deadline = d.deadline;
        m.original_deadline = d.deadline;
        m.emergency = d.emergency;
        m.long_term = d.long_term;
        m.major = d.major;
        m.consultation = d.consultation.clone();
        m.needs_policy = d.needs_policy;
    }
    m.procedure = procedure;
    m.kind = procedure.kind();
    // Started at once (emergency): the units are already told, the written sheet follows.
    if started {
        m.issued_on = Some(e.on);
        m.emergency_form_pending = true;
    }
    m.escalated_from = e.facts.escalated_from.clone();
    Some(m)
}

fn blank(
    e: &Event,
    title: &str,
    content: &str,
    lead: &str,
    assisting: &[String],
    source_category: SourceCategory,
) -> Matter {
    Matter {
        id: e.matter_id.clone(),
        number: None,
        procedure: crate::procedure::ProcedureId::GdufsRoutine,
        kind: crate::matter::MatterKind::Routine,
        stage: e.stage_after,
        title: title.trim().to_owned(),
        content: content.to_owned(),
        source_category,
        source_reference: String::new(),
        lead_unit: lead.to_owned(),
        assisting_units: assisting.to_vec(),
        lead_leader: None,
        leader_in_charge: None,
        requirements: String::new(),
        deadline: None,
        original_deadline: None,
        emergency: false,
        emergency_form_pending: false,
        long_term: false,
        major: false,
        consultation: None,
        needs_policy: false,
        year: e.on.year(),
        proposed_on: e.on,
        approval: None,
        registered_on: None,
        issue_due: None,
        issued_on: None,
        copied_leaders: Vec::new(),
        reply_due: None,
        work_plan_due: None,
        signed_for: None,
        commitment: None,
        replied_on: None,
        work_plan: None,
        progress_reports: Vec::new(),
        follow_ups: Vec::new(),
        reminders: Vec::new(),
        extension_requests: Vec::new(),
        obstacles: Vec::new(),
        completion_report: None,
        completion_reported_on: None,
        report_standing_since: None,
        reviews: Vec::new(),
        verifications: Vec::new(),
        rectification_items: Vec::new(),
        closure_approval: None,
        closed_on: None,
        archive_due: None,
        result_reported_on: None,
        archived_on: None,
        archive_materials: Vec::new(),
        escalated_from: None,
        escalated_to: None,
        version: 1,
    }
}

/// The matter after one more event. Pure: everything computed at the time is in `event.facts`.
pub fn apply(matter: &Matter, e: &Event) -> Matter {
    let mut m = matter.clone();
    let on = e.on;
    let who = e.actor.user_id.clone();
    let f = &e.facts;
    match &e.action {
        Action::Propose { .. } | Action::StartEmergency { .. } => {}
        Action::ApproveProposal { opinion } | Action::RejectProposal { opinion } => {
            m.approval = Some(Decision {
                by: who,
                on,
                approved: matches!(e.action, Action::ApproveProposal { .. }),
                opinion: opinion.clone(),
            });
        }
        Action::UpdateRequirements {
            requirements,
            lead_leader,
            ..
        } => {
            if let Some(r) = requirements {
                m.requirements = r.clone();
            }
            if let Some(l) = lead_leader {
                m.lead_leader = Some(l.clone());
            }
            if m.stage == Stage::Coordination {
                m.obstacles.iter_mut().for_each(|o| o.resolved = true);
            } else {
                // A changed draft must be approved again before it goes out.
                m.approval = None;
            }
        }
        Action::Register {} => m.registered_on = Some(on),
        Action::Issue { copied_leaders } => {
            m.issued_on = Some(on);
            m.copied_leaders = copied_leaders.clone();
        }
        Action::SignFor { signer } => {
            let sig = Signature {
                signer: signer.clone(),
                user_id: who,
                on,
            };
            match m.reminders.iter_mut().find(|r| r.signed.is_none()) {
                Some(r) => r.signed = Some(sig),
                None => m.signed_for = Some(sig),
            }
        }
        Action::Reply(c) => {
            m.commitment = Some(c.clone());
            m.replied_on = Some(on);
        }
        Action::SubmitWorkPlan { plan } => {
            m.work_plan = Some(WorkPlan {
                plan: plan.clone(),
                on,
            })
        }
        Action::ReportProgress {
            text,
            next_schedule,
        } => m.progress_reports.push(ProgressReport {
            unit: e.actor.unit.clone().unwrap_or_default(),
            text: text.clone(),
            next_schedule: *next_schedule,
            on,
        }),
        Action::RecordFollowUp {
            method,
            note,
            outcome,
            new_issue,
            uncooperative_unit,
        } => m.follow_ups.push(FollowUp {
            method: *method,
            note: note.clone(),
            outcome: outcome.clone(),
            new_issue: new_issue.clone(),
            uncooperative_unit: uncooperative_unit.clone(),
            by: who,
            on,
        }),
        Action::SendReminder { content, due } | Action::SendSecondReminder { content, due } => {
            m.reminders.push(Reminder {
                content: content.clone(),
                due: *due,
                second: matches!(e.action, Action::SendSecondReminder { .. }),
                on,
                signed: None,
            })
        }
        Action::RequestExtension {
            reason,
            measures,
            new_deadline,
        } => m.extension_requests.push(ExtensionRequest {
            reason: reason.clone(),
            measures: measures.clone(),
            previous_deadline: m.deadline,
            new_deadline: *new_deadline,
            signed_by: who,
            on,
            decision: None,
        }),
        Action::DecideExtension { approve, opinion } => {
            if let Some(r) = m.extension_requests.last_mut() {
                r.decision = Some(Decision {
                    by: who,
                    on,
                    approved: *approve,
                    opinion: opinion.clone(),
                });
            }
        }
        Action::ReportObstacle { reason, proposal } => m.obstacles.push(Obstacle {
            reason: reason.clone(),
            proposal: proposal.clone(),
            on,
            resolved: false,
        }),
        Action::SubmitCompletionReport(r) => {
            m.completion_report = Some(r.clone());
            m.completion_reported_on = Some(on);
            m.report_standing_since = Some(on);
        }
        Action::ReviewReport {
            passed,
            mode,
            reasons,
            misreported,
            note,
        } => {
            if !passed {
                // Returned for 补办 / 重办: the unit owes a report again and its clock runs.
                m.report_standing_since = None;
            }
            m.reviews.push(Review {
                passed: *passed,
                mode: *mode,
                reasons: reasons.clone(),
                misreported: *misreported,
                note: note.clone(),
                on,
            });
        }
        Action::Verify {
            measures_done,
            problem_solved,
            effect_clear,
            lawful,
            note,
        } => m.verifications.push(Verification {
            measures_done: *measures_done,
            problem_solved: *problem_solved,
            effect_clear: *effect_clear,
            lawful: *lawful,
            note: note.clone(),
            on,
        }),
        Action::OrderRectification { items } => {
            let round = m.verifications.len() as u32;
            m.rectification_items
                .extend(items.iter().map(|i| RectificationItem {
                    description: i.description.clone(),
                    owner: i.owner.clone(),
                    deadline: i.deadline,
                    round,
                    ordered_on: on,
                    reports: Vec::new(),
                }));
        }
        Action::ReportRectification { item, text, done } => {
            if let Some(it) = m.rectification_items.get_mut(*item) {
                it.reports.push(RectificationReport {
                    text: text.clone(),
                    done: *done,
                    on,
                });
            }
        }
        Action::ApproveClosure { opinion } => {
            m.closure_approval = Some(Decision {
                by: who,
                on,
                approved: true,
                opinion: opinion.clone(),
            })
        }
        Action::ReportResult { .. } => m.result_reported_on = Some(on),
        Action::Archive { materials, .. } => {
            m.archived_on = Some(on);
            m.archive_materials = materials.clone();
        }
        Action::Escalate { .. } => {}
        Action::CompleteEmergencyForm {
            lead_leader,
            requirements,
            leader_in_charge,
            ..
        } => {
            m.lead_leader = Some(lead_leader.clone());
            m.requirements = requirements.clone();
            if leader_in_charge.is_some() {
                m.leader_in_charge = leader_in_charge.clone();
            }
            m.emergency_form_pending = false;
            if m.registered_on.is_none() {
                m.registered_on = Some(on);
            }
        }
        Action::RollOverYear { .. } => m.year += 1,
    }
    if let Some(n) = &f.number {
        m.number = Some(n.clone());
    }
    if let Some(d) = f.deadline {
        m.deadline = Some(d);
        m.original_deadline.get_or_insert(d);
    }
    m.issue_due = f.issue_due.or(m.issue_due);
    m.reply_due = f.reply_due.or(m.reply_due);
    m.work_plan_due = f.work_plan_due.or(m.work_plan_due);
    m.archive_due = f.archive_due.or(m.archive_due);
    if f.closed {
        m.closed_on = Some(on);
    }
    if f.escalated_to.is_some() {
        m.escalated_to = f.escalated_to.clone();
    }
    m.stage = e.stage_after;
    m.version = e.seq;
    m
}
