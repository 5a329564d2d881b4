//! What an actor may add beside the steps themselves: progress reports per day, and attachments.

use super::{ActionKind, Context, guard, precondition};
use crate::error::RuleError;
use crate::limits::MAX_PROGRESS_REPORTS_PER_DAY;
use crate::matter::Matter;
use crate::role::{Actor, Role};

/// A unit reports progress at most `MAX_PROGRESS_REPORTS_PER_DAY` times a day on one matter:
/// enough to correct itself, not enough to bury the record.
pub(crate) fn check(
    matter: &Matter,
    kind: ActionKind,
    actor: &Actor,
    ctx: &Context,
) -> Result<(), RuleError> {
    if kind != ActionKind::ReportProgress {
        return Ok(());
    }
    let unit = actor.unit.as_deref().unwrap_or_default();
    let today = ctx.today();
    let made = matter
        .progress_reports
        .iter()
        .filter(|p| p.unit == unit && p.on == today)
        .count();
    if made >= MAX_PROGRESS_REPORTS_PER_DAY {
        return Err(RuleError::DailyLimit {
            max: MAX_PROGRESS_REPORTS_PER_DAY,
        });
    }
    Ok(())
}

/// Whether this actor may attach a file to this matter now. The office files material at any
/// time (a leader's 批示 scan, the minutes); the discipline office and the administrator read
/// only; a leader or a unit attaches only while the matter waits for one of its steps, so the
/// material goes with the work and a unit done with a matter cannot keep filling it.
pub fn may_attach(matter: &Matter, actor: &Actor, ctx: &Context) -> Result<(), RuleError> {
    match actor.role {
        Role::Office => Ok(()),
        Role::Discipline | Role::Admin => Err(RuleError::MayNotAttach {
            role: actor.role.code(),
            role_zh: actor.role.name_zh(),
        }),
        Role::Leader | Role::UnitHead | Role::Liaison | Role::Handler => {
            if actor.role.is_unit_role() {
                // Not on the matter at all says so, rather than "nothing to do".
                let unit = actor.unit.as_deref().ok_or(RuleError::NoUnit)?;
                matter.unit_part(unit).ok_or(RuleError::NotYourUnit)?;
            }
            if has_a_step(matter, actor, ctx) {
                Ok(())
            } else {
                Err(RuleError::NothingToAttachFor)
            }
        }
    }
}

/// Some step of the current stage is this actor's to take now (whatever the day's counts say).
fn has_a_step(matter: &Matter, actor: &Actor, ctx: &Context) -> bool {
    let template = crate::procedure::template(matter.procedure);
    template.stage(matter.stage).is_some_and(|stage| {
        stage.actions.iter().any(|r| {
            guard::check(matter, r.action, actor).is_ok()
                && precondition::check(matter, r.action, ctx).is_ok()
        })
    })
}
