//! How far a matter went through its procedure's stages: what the flowchart draws.

use crate::engine::ActionKind;
use crate::procedure::{ProcedureId, Stage, template};

/// Where a stage of the procedure stands for one matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageState {
    /// Left, or passed through on the way by a step that is also its work (`ActionRule::passes`).
    Done,
    Current,
    Future,
}

/// One event as the flowchart reads it: the stages before and after, and what was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub before: Option<Stage>,
    pub after: Stage,
    pub kind: Option<ActionKind>,
}

/// One stage of the procedure, in template order, with the index (into the steps given) of the
/// last step that left it or passed through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reached {
    pub stage: Stage,
    pub state: StageState,
    pub by: Option<usize>,
}

/// The stage a step passed through between `before` and `after`, if its rule says so.
pub fn passed_through(
    procedure: ProcedureId,
    before: Stage,
    after: Stage,
    kind: ActionKind,
) -> Option<Stage> {
    template(procedure)
        .rule(before, kind)
        .filter(|r| r.next == Some(after))
        .and_then(|r| r.passes)
}

/// Every stage of the matter's procedure with how far the matter got, from its history.
pub fn stages_reached(procedure: ProcedureId, current: Stage, steps: &[Step]) -> Vec<Reached> {
    template(procedure)
        .stages
        .iter()
        .map(|s| {
            let by = steps.iter().rposition(|e| {
                let left = e.before == Some(s.stage) && e.after != s.stage;
                let through = match (e.before, e.kind) {
                    (Some(b), Some(k)) => passed_through(procedure, b, e.after, k) == Some(s.stage),
                    _ => false,
                };
                left || through
            });
            let state = if current == s.stage {
                StageState::Current
            } else if by.is_some() {
                StageState::Done
            } else {
                StageState::Future
            };
            Reached {
                stage: s.stage,
                state,
                by,
            }
        })
        .collect()
}
