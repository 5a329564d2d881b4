//! Who may act: role, unit (lead or assisting), leader in charge, and whether the stage allows the action.

use super::ActionKind;
use crate::error::RuleError;
use crate::matter::{Matter, UnitPart};
use crate::procedure::{ActionRule, Template, template};
use crate::role::{Actor, Role};

/// Checks, in order: the matter is not finished, the procedure has the action, the role may do it,
/// the unit is on the matter (lead if lead-only), the current stage allows it, the leader is in charge.
pub(crate) fn check<'t>(
    matter: &Matter,
    kind: ActionKind,
    actor: &Actor,
) -> Result<&'t ActionRule, RuleError> {
    let t: &'t Template = template(matter.procedure);
    if matter.is_finished() {
        return Err(RuleError::order(
            "matter_finished",
            "该事项已结束（已归档、不予立项或已转重点督办）",
            "this matter is finished (archived, rejected or escalated)",
        ));
    }
    let any = t.any_rule(kind).ok_or(RuleError::NotInProcedure {
        action: kind.code(),
        action_zh: kind.name_zh(),
    })?;
    check_actor(matter, any, actor)?;
    let rule = t.rule(matter.stage, kind).ok_or(RuleError::NotInStage {
        action: kind.code(),
        action_zh: kind.name_zh(),
        stage: matter.stage.code(),
        stage_zh: t.stage_name_zh(matter.stage),
    })?;
    // 经报分管校领导审定 (GDUFS 第九条(一), 第十条(一)(五)): when a leader in charge is named, only they decide.
    if matches!(
        kind,
        ActionKind::ApproveProposal | ActionKind::RejectProposal | ActionKind::ApproveClosure
    ) && matter
        .leader_in_charge
        .as_deref()
        .is_some_and(|l| l != actor.user_id)
    {
        return Err(RuleError::NotLeaderInCharge);
    }
    Ok(rule)
}

/// Role and unit checks for a rule; the same for every stage.
pub(crate) fn check_actor(
    matter: &Matter,
    rule: &ActionRule,
    actor: &Actor,
) -> Result<(), RuleError> {
    check_role(rule, actor.role)?;
    if !actor.role.is_unit_role() {
        return Ok(());
    }
    let unit = actor.unit.as_deref().ok_or(RuleError::NoUnit)?;
    match matter.unit_part(unit) {
        None => Err(RuleError::NotYourUnit),
        Some(UnitPart::Assisting) if rule.lead_only => Err(RuleError::LeadUnitOnly {
            action: rule.action.code(),
            action_zh: rule.action.name_zh(),
        }),
        Some(_) => Ok(()),
    }
}

pub(crate) fn check_role(rule: &ActionRule, role: Role) -> Result<(), RuleError> {
    if rule.roles.contains(&role) {
        Ok(())
    } else {
        Err(RuleError::RoleNotAllowed {
            role: role.code(),
            role_zh: role.name_zh(),
            action: rule.action.code(),
            action_zh: rule.action.name_zh(),
        })
    }
}
