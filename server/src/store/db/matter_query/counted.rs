//! Which counter holds a list's total, when one does: a count over the rows is then not needed.

use crate::store::counters;
use serde_json::{Map, Value, json};
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

/// Whose counters a list's rows are counted by.
pub(super) enum Holder<'a> {
    /// The university's: the office's and leaders' `all` rows.
    Overall,
    /// A unit's: its own rows, led or assisted.
    Unit(&'a str),
}

impl Holder<'_> {
    /// The statement reading the counters, with its variable put in `vars`.
    pub(super) fn statement(&self, vars: &mut Map<String, Value>) -> &'static str {
        match self {
            Holder::Overall => counters::OVERALL,
            Holder::Unit(unit) => {
                vars.insert("counter_unit".into(), json!(unit));
                counters::UNIT
            }
        }
    }
}

impl Counted {
    /// Whether `holder`'s counters hold this total: only a unit's rows have a `lead` flag, and a
    /// unit's lights and kinds count only the matters it leads, so those lists are counted.
    pub(super) fn held_by(self, holder: &Holder) -> bool {
        match self {
            Counted::Led | Counted::LedOpen | Counted::LedClosed => {
                matches!(holder, Holder::Unit(_))
            }
            Counted::Light(_) | Counted::Kind(_) => matches!(holder, Holder::Overall),
            Counted::Total | Counted::Open | Counted::Closed => true,
        }
    }

    /// The total, from the counters' row `holder.statement()` read.
    pub(super) fn total(self, holder: &Holder, row: &Value) -> u64 {
        use shared::matter::MatterKind;
        let n = match holder {
            Holder::Overall => {
                let c = counters::overall_of(row);
                match self {
                    Counted::Total => c.total,
                    Counted::Open => c.open,
                    Counted::Closed => c.total - c.open,
                    Counted::Light(Light::Green) => c.green,
                    Counted::Light(Light::Yellow) => c.yellow,
                    Counted::Light(Light::Red) => c.red,
                    Counted::Light(Light::Done) => c.done,
                    Counted::Kind(MatterKind::Routine) => c.routine,
                    Counted::Kind(MatterKind::Key) => c.key,
                    Counted::Led | Counted::LedOpen | Counted::LedClosed => 0,
                }
            }
            Holder::Unit(unit) => {
                let c = counters::unit_of(row, unit);
                let total = c.lead_total + c.assisting_total;
                let open = c.lead_open + c.assisting_open;
                match self {
                    Counted::Total => total,
                    Counted::Open => open,
                    Counted::Closed => total - open,
                    Counted::Led => c.lead_total,
                    Counted::LedOpen => c.lead_open,
                    Counted::LedClosed => c.lead_total - c.lead_open,
                    Counted::Light(_) | Counted::Kind(_) => 0,
                }
            }
        };
        n.max(0) as u64
    }
}
