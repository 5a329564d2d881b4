//! Which counter holds a list's total, when one does: a count over the rows is then not needed.

use crate::db::{Database, DbError};
use shared::Light;
use shared::api::MatterQuery;

/// Which counter holds a list's total (see `ListPlan::counted`).
#[derive(Clone, Copy)]
pub(super) enum Counted {
    Total,
    Open,
    Closed,
    Light(Light),
    Kind(shared::matter::MatterKind),
    /// A unit's rows narrowed to what it leads (`lead = true`), all, open or closed.
    Led,
    LedOpen,
    LedClosed,
}

/// The counter for a list filtered at most by open, one light or one kind (`conditions` other
/// filters in all).
pub(super) fn counted(q: &MatterQuery, conditions: usize, led: bool) -> Option<Counted> {
    if led {
        return match (conditions, q.open) {
            (1, None) => Some(Counted::Led),
            (2, Some(true)) => Some(Counted::LedOpen),
            (2, Some(false)) => Some(Counted::LedClosed),
            _ => None,
        };
    }
    match (conditions, q.open, q.light, q.kind) {
        (0, ..) => Some(Counted::Total),
        (1, Some(true), None, None) => Some(Counted::Open),
        (1, Some(false), None, None) => Some(Counted::Closed),
        (1, None, Some(l), None) => Some(Counted::Light(l)),
        (1, None, None, Some(k)) => Some(Counted::Kind(k)),
        _ => None,
    }
}

impl Counted {
    pub(super) async fn read(self, db: &Database) -> Result<Option<u64>, DbError> {
        use shared::matter::MatterKind;
        let c = crate::counters::overall(db).await?;
        let n = match self {
            Counted::Total => c.total,
            Counted::Open => c.open,
            Counted::Closed => c.total - c.open,
            Counted::Light(Light::Green) => c.green,
            Counted::Light(Light::Yellow) => c.yellow,
            Counted::Light(Light::Red) => c.red,
            Counted::Light(Light::Done) => c.done,
            Counted::Kind(MatterKind::Routine) => c.routine,
            Counted::Kind(MatterKind::Key) => c.key,
            // Only a unit's rows have a `lead` flag.
            Counted::Led | Counted::LedOpen | Counted::LedClosed => return Ok(None),
        };
        Ok(Some(n.max(0) as u64))
    }

    /// A unit's rows (it leads or assists) counted by its counters: all, open or closed. The
    /// counters' lights and kinds count only the matters it leads, so those lists are counted.
    pub(super) async fn read_unit(self, db: &Database, unit: &str) -> Result<Option<u64>, DbError> {
        let c = crate::counters::unit(db, unit).await?;
        let total = c.lead_total + c.assisting_total;
        let open = c.lead_open + c.assisting_open;
        let n = match self {
            Counted::Total => total,
            Counted::Open => open,
            Counted::Closed => total - open,
            Counted::Led => c.lead_total,
            Counted::LedOpen => c.lead_open,
            Counted::LedClosed => c.lead_total - c.lead_open,
            Counted::Light(_) | Counted::Kind(_) => return Ok(None),
        };
        Ok(Some(n.max(0) as u64))
    }
}
