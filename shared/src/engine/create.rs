//! How a matter comes into existence: only through its first event (拟办 or an emergency start).

use super::{Action, Context, Event, Facts};
use crate::draft::{NewMatter, Title, UnitCode, check_units};
use crate::error::{RuleError, required};
use crate::procedure::{ProcedureId, Stage, template};
use crate::role::Actor;

/// The office proposes a matter (拟办 / 编制提醒单、督办单). The id comes from `ctx.new_matter_id`.
pub fn propose(
    new: NewMatter,
    procedure: ProcedureId,
    actor: &Actor,
    ctx: &Context,
) -> Result<Event, RuleError> {
    create(
        &Action::Propose {
            procedure,
            matter: new.into_draft(),
        },
        actor,
        ctx,
    )
}

/// Creates a matter from `propose` or `start_emergency` (GDUFS 第十条(一): 先直接启动督办).
pub fn create(action: &Action, actor: &Actor, ctx: &Context) -> Result<Event, RuleError> {
    action.check_limits()?;
    let today = ctx.today();
    // A proposal is kept as `NewMatter::parse` left it (trimmed, blank names dropped).
    let mut kept = action.clone();
    let procedure = match action {
        Action::Propose { procedure, matter } => {
            let parsed = NewMatter::parse(matter.clone(), today)?.into_draft();
            // The 5-working-day work plan is HBUT's (第四条(四)); elsewhere the tick would do nothing.
            if matter.needs_policy && *procedure != ProcedureId::Hbut {
                return Err(RuleError::invalid(
                    "needs_policy",
                    "“需制定政策（5 个工作日内报送工作方案）”只适用于湖北工业大学的督办程序",
                    "“needs policy (a work plan within 5 working days)” applies only to HBUT's procedure",
                ));
            }
            kept = Action::Propose {
                procedure: *procedure,
                matter: parsed,
            };
            *procedure
        }
        Action::StartEmergency {
            title,
            content,
            lead_unit,
            assisting_units,
            how_started,
        } => {
            Title::parse(title)?;
            required("content", content)?;
            UnitCode::parse(lead_unit)?;
            check_units(lead_unit, assisting_units)?;
            required("how_started", how_started)?;
            ProcedureId::GdufsKey
        }
        _ => {
            return Err(RuleError::order(
                "not_a_creation",
                "该操作针对已有事项",
                "this action applies to an existing matter",
            ));
        }
    };
    let kind = action.kind();
    let creation = template(procedure)
        .creation(kind)
        .ok_or(RuleError::NotInProcedure {
            action: kind.code(),
            action_zh: kind.name_zh(),
        })?;
    // Every procedure lets only the office open a matter (GDUFS 第五条, HBUT 第二条(三)).
    if actor.role != crate::role::Role::Office {
        return Err(RuleError::RoleNotAllowed {
            role: actor.role.code(),
            role_zh: actor.role.name_zh(),
            action: kind.code(),
            action_zh: kind.name_zh(),
        });
    }
    first_event(kept, creation.stage, Facts::default(), actor, ctx)
}

/// The event that brings a matter into existence, with the id the server allocated.
pub(super) fn first_event(
    action: Action,
    stage: Stage,
    facts: Facts,
    actor: &Actor,
    ctx: &Context,
) -> Result<Event, RuleError> {
    let id = ctx
        .new_matter_id
        .clone()
        .ok_or(RuleError::MissingAllocation {
            what: "new_matter_id",
            what_zh: "新事项编号（id）",
        })?;
    Ok(Event {
        matter_id: id,
        seq: 1,
        at: ctx.now,
        on: ctx.today(),
        actor: actor.clone(),
        action,
        stage_before: None,
        stage_after: stage,
        facts,
    })
}
