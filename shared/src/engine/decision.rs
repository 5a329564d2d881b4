//! Which matters wait for a university leader's decision, and which leader: the leaders'
//! "waiting for me" list is read from this, not by asking every open matter.

use super::{ActionKind, Context, allowed_actions};
use crate::calendar::Calendar;
use crate::matter::Matter;
use crate::role::{Actor, Role};

/// The decisions only a leader takes: 审定拟办意见, 审批延期, 审定结项.
pub const LEADER_DECISIONS: [ActionKind; 3] = [
    ActionKind::ApproveProposal,
    ActionKind::DecideExtension,
    ActionKind::ApproveClosure,
];

/// Who may take a pending decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decider {
    /// Any leader (no leader in charge is named, or the decision is not reserved to them).
    AnyLeader,
    /// Only the named leader in charge (经报分管校领导审定, GDUFS 第九条(一)).
    Leader(String),
}

/// Whether a leader's decision is pending on this matter, which one, and whose. The decisions'
/// conditions do not depend on the date, so no clock is read.
pub fn awaits_leader(m: &Matter) -> Option<(Decider, ActionKind)> {
    let calendar = Calendar::default();
    let ctx = Context::new(chrono::DateTime::UNIX_EPOCH, &calendar);
    let pending = |user_id: &str| {
        let actor = Actor {
            user_id: user_id.to_owned(),
            role: Role::Leader,
            unit: None,
        };
        allowed_actions(m, &actor, &ctx)
            .into_iter()
            .find(|k| LEADER_DECISIONS.contains(k))
    };
    // No user has an empty id: a decision open to it is open to every leader.
    if let Some(k) = pending("") {
        return Some((Decider::AnyLeader, k));
    }
    let l = m.leader_in_charge.as_deref()?;
    pending(l).map(|k| (Decider::Leader(l.to_owned()), k))
}
