//! `transition`: checks an action against the matter, the actor and the rules, and returns the events.

use super::{Action, Context, Event, Facts, guard, precondition};
use crate::deadline;
use crate::draft::{MatterDraft, not_in_past};
use crate::error::{RuleError, required};
use crate::escalation::EscalationReason;
use crate::matter::Matter;
use crate::procedure::{ProcedureId, Stage};
use crate::role::Actor;
use chrono::{Datelike, NaiveDate};

/// What happens if `actor` does `action` on `matter` now: the events to append, or why not.
/// Escalation returns two events: the routine matter's, then the first event of the new key matter.
pub fn transition(
    matter: &Matter,
    action: &Action,
    actor: &Actor,
    ctx: &Context,
) -> Result<Vec<Event>, RuleError> {
    action.check_limits()?;
    let kind = action.kind();
    let rule = guard::check(matter, kind, actor)?;
    precondition::check(matter, kind, ctx)?;
    super::allowance::check(matter, kind, actor, ctx)?;
    let today = ctx.today();
    let cal = ctx.calendar;
    let mut facts = Facts::default();
    let mut success = true;
    let mut created = None;
    match action {
        // Creation actions never reach here: the template has no stage for them.
        Action::Propose { .. } | Action::StartEmergency { .. } => {
            unreachable!("not a template step")
        }
        Action::ApproveProposal { .. } | Action::ApproveClosure { .. } => {
            if kind == super::ActionKind::ApproveClosure {
                facts.closed = true;
            }
        }
        Action::RejectProposal { opinion } => required("opinion", opinion)?,
        Action::UpdateRequirements {
            requirements,
            deadline,
            lead_leader,
            note,
        } => {
            if requirements.is_none() && deadline.is_none() && lead_leader.is_none() {
                return Err(RuleError::invalid(
                    "requirements",
                    "请至少更新办理要求、办结时限或牵头领导之一",
                    "change at least the requirements, the deadline or the lead leader",
                ));
            }
            if let Some(r) = requirements {
                required("requirements", r)?;
            }
            if let Some(l) = lead_leader {
                required("lead_leader", l)?;
            }
            if let Some(d) = deadline {
                not_in_past(*d, today)?;
                facts.deadline = Some(*d);
            }
            if matter.stage == Stage::Coordination {
                // 由党办校办沟通协调后更新事项办理要求: say what was agreed.
                required("note", note)?;
            }
        }
        Action::Register {} => {
            let number = ctx.number.clone().ok_or(RuleError::MissingAllocation {
                what: "number",
                what_zh: "事项编号",
            })?;
            facts.number = Some(number);
            if matter.procedure == ProcedureId::Hbut {
                facts.issue_due = Some(deadline::hbut_issue_due(today, cal).date);
            }
        }
        Action::Issue { copied_leaders } => {
            if copied_leaders.iter().any(|l| l.trim().is_empty()) {
                return Err(RuleError::invalid(
                    "copied_leaders",
                    "抄送领导不能为空",
                    "a copied leader must not be empty",
                ));
            }
            match matter.procedure {
                ProcedureId::GdufsRoutine => {
                    facts.reply_due = Some(deadline::gdufs_reply_due(today, cal).date);
                }
                ProcedureId::Hbut if matter.needs_policy => {
                    facts.work_plan_due = Some(deadline::hbut_work_plan_due(today, cal).date);
                }
                ProcedureId::Hbut if matter.deadline.is_none() => {
                    facts.deadline = Some(deadline::hbut_default_deadline(today, cal).date);
                }
                _ => {}
            }
        }
        Action::SignFor { signer } => required("signer", signer)?,
        Action::Reply(c) => {
            c.validate()?;
            not_in_past(c.promised_date, today)?;
            match matter.deadline {
                // A unit cannot move a deadline by promising a later date; it asks for new requirements.
                Some(d) if c.promised_date > d => {
                    return Err(RuleError::invalid(
                        "promised_date",
                        format!("承诺办结时间不能晚于办结时限 {d}"),
                        format!("the promised date cannot be after the deadline {d}"),
                    ));
                }
                Some(_) => {}
                // 主办单位应于承诺办结时间主动反馈: with no deadline set, the promise becomes it.
                None => facts.deadline = Some(c.promised_date),
            }
        }
        Action::SubmitWorkPlan { plan } => required("plan", plan)?,
        Action::ReportProgress {
            text,
            next_schedule,
        } => {
            required("text", text)?;
            if let Some(d) = next_schedule {
                not_in_past(*d, today)?;
            }
        }
        Action::RecordFollowUp {
            note,
            outcome,
            uncooperative_unit,
            ..
        } => {
            required("note", note)?;
            required("outcome", outcome)?;
            if let Some(u) = uncooperative_unit
                && matter.unit_part(u).is_none()
            {
                return Err(RuleError::invalid(
                    "uncooperative_unit",
                    format!("“{u}”不是该事项的承办单位"),
                    format!("{u} is not a unit of this matter"),
                ));
            }
        }
        Action::SendReminder { content, due } | Action::SendSecondReminder { content, due } => {
            required("content", content)?;
            not_in_past(*due, today)?;
        }
        Action::RequestExtension {
            reason,
            measures,
            new_deadline,
        } => {
            required("reason", reason)?;
            required("measures", measures)?;
            crate::dates::check_date("new_deadline", *new_deadline)?;
            if matter.deadline.is_some_and(|d| *new_deadline <= d) {
                return Err(RuleError::invalid(
                    "new_deadline",
                    "计划办结时间必须晚于原办结时间",
                    "the new date must be after the current deadline",
                ));
            }
        }
        Action::DecideExtension { approve, opinion } => {
            if *approve {
                // 延期只在校领导批准后生效 (HBUT 第四条(五), 附件4 校领导审批意见).
                facts.deadline = matter.pending_extension().map(|r| r.new_deadline);
            } else {
                required("opinion", opinion)?;
            }
        }
        Action::ReportObstacle { reason, proposal } => {
            required("reason", reason)?;
            required("proposal", proposal)?;
        }
        Action::SubmitCompletionReport(report) => report.validate()?,
        Action::ReviewReport {
            passed,
            mode,
            reasons,
            ..
        } => {
            success = *passed;
            if !passed {
                if mode.is_none() {
                    return Err(RuleError::invalid(
                        "mode",
                        "请选择补办或重办",
                        "choose supplement or redo",
                    ));
                }
                if reasons.iter().all(|r| r.trim().is_empty()) {
                    return Err(RuleError::invalid(
                        "reasons",
                        "退回须说明原因",
                        "a return must give reasons",
                    ));
                }
            } else if matter.stage == Stage::Verification {
                return Err(RuleError::order(
                    "verify_to_pass",
                    "核查阶段以“核查”通过，审核在办结归档环节进行",
                    "at verification a matter passes by verify; the review comes at closing",
                ));
            } else if matter.procedure != ProcedureId::GdufsKey {
                // GDUFS routine 审核通过予以结项; HBUT 办结. Key items close on the leader's approval.
                facts.closed = true;
                if matter.procedure == ProcedureId::Hbut {
                    facts.archive_due = Some(deadline::hbut_archive_due(today, cal).date);
                }
            }
        }
        Action::Verify {
            measures_done,
            problem_solved,
            effect_clear,
            lawful,
            ..
        } => success = *measures_done && *problem_solved && *effect_clear && *lawful,
        Action::OrderRectification { items } => {
            if items.is_empty() {
                return Err(RuleError::invalid(
                    "items",
                    "整改清单不能为空",
                    "the list of items must not be empty",
                ));
            }
            for i in items {
                required("description", &i.description)?;
                required("owner", &i.owner)?;
                not_in_past(i.deadline, today)?;
            }
        }
        Action::ReportRectification { item, text, .. } => {
            let it = matter
                .rectification_items
                .get(*item)
                .ok_or(RuleError::NotFound {
                    what: "rectification item",
                    what_zh: "整改事项",
                })?;
            if it.done() {
                return Err(RuleError::order(
                    "item_done",
                    "该整改事项已完成",
                    "this item is already done",
                ));
            }
            required("text", text)?;
        }
        Action::ReportResult { summary } => required("summary", summary)?,
        Action::Archive {
            materials,
            archivist,
        } => {
            required("archivist", archivist)?;
            if materials.is_empty() || materials.iter().any(|m| m.trim().is_empty()) {
                return Err(RuleError::invalid(
                    "materials",
                    "请列出归档材料",
                    "list the archived materials",
                ));
            }
        }
        Action::Escalate {
            reasons,
            note,
            lead_leader,
            requirements,
            deadline,
        } => {
            let event = escalated_matter(
                matter,
                reasons,
                note,
                lead_leader,
                requirements,
                *deadline,
                actor,
                ctx,
            )?;
            facts.escalated_to = Some(event.matter_id.clone());
            created = Some(event);
        }
        Action::CompleteEmergencyForm {
            lead_leader,
            requirements,
            deadline,
            ..
        } => {
            required("lead_leader", lead_leader)?;
            required("requirements", requirements)?;
            not_in_past(*deadline, today)?;
            facts.deadline = Some(*deadline);
            // The sheet is the first written record, so the matter is numbered now if it was not.
            if matter.number.is_none() {
                facts.number = Some(ctx.number.clone().ok_or(RuleError::MissingAllocation {
                    what: "number",
                    what_zh: "事项编号",
                })?);
            }
        }
        Action::RollOverYear { plan, deadline } => {
            required("plan", plan)?;
            if deadline.year() != matter.year + 1 {
                return Err(RuleError::invalid(
                    "deadline",
                    format!("新的时限须在 {} 年内", matter.year + 1),
                    format!("the new deadline must fall in {}", matter.year + 1),
                ));
            }
            facts.deadline = Some(*deadline);
        }
    }
    let stage_after = if success { rule.next } else { rule.otherwise }.unwrap_or(matter.stage);
    let event = Event {
        matter_id: matter.id.clone(),
        seq: matter.version + 1,
        at: ctx.now,
        on: today,
        actor: actor.clone(),
        action: action.clone(),
        stage_before: Some(matter.stage),
        stage_after,
        facts,
    };
    Ok(std::iter::once(event).chain(created).collect())
}

/// The key item that continues a routine one (GDUFS 第十条(一)): same units and content, linked both
/// ways. An emergency goes straight to work and its 督办单 follows; otherwise the sheet is approved first.
#[allow(clippy::too_many_arguments)]
fn escalated_matter(
    m: &Matter,
    reasons: &[EscalationReason],
    note: &str,
    lead_leader: &Option<String>,
    requirements: &Option<String>,
    deadline: Option<NaiveDate>,
    actor: &Actor,
    ctx: &Context,
) -> Result<Event, RuleError> {
    if reasons.is_empty() {
        return Err(RuleError::invalid(
            "reasons",
            "请说明转重点督办的原因",
            "give the reasons for escalation",
        ));
    }
    required("note", note)?;
    if let Some(d) = deadline {
        not_in_past(d, ctx.today())?;
    }
    let emergency = reasons.contains(&EscalationReason::Emergency);
    let draft = MatterDraft {
        title: m.title.clone(),
        content: m.content.clone(),
        source_category: m.source_category,
        source_reference: m.source_reference.clone(),
        lead_unit: m.lead_unit.clone(),
        assisting_units: m.assisting_units.clone(),
        lead_leader: lead_leader.clone().or_else(|| m.lead_leader.clone()),
        leader_in_charge: m.leader_in_charge.clone(),
        requirements: requirements
            .clone()
            .unwrap_or_else(|| m.requirements.clone()),
        deadline,
        emergency: m.emergency || emergency,
        long_term: m.long_term,
        major: m.major,
        consultation: m.consultation.clone(),
        needs_policy: m.needs_policy,
    };
    let stage = if emergency {
        Stage::Urging
    } else {
        Stage::Filing
    };
    let action = Action::Propose {
        procedure: ProcedureId::GdufsKey,
        matter: draft,
    };
    let facts = Facts {
        escalated_from: Some(m.id.clone()),
        ..Facts::default()
    };
    super::create::first_event(action, stage, facts, actor, ctx)
}
