//! A flag a long computation checks between its steps, so work nobody waits for any more stops.

use std::sync::atomic::{AtomicBool, Ordering};

/// Whoever started the work sets the flag when its answer is no longer wanted (the server: when a
/// request's time budget ran out and its handler was dropped). Checked between steps that are each
/// bounded by the data, so a cancelled report stops within one step.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cancel<'a>(Option<&'a AtomicBool>);

/// The work was stopped before it finished; its partial result must not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("计算已取消 / the computation was cancelled")]
pub struct Cancelled;

impl<'a> Cancel<'a> {
    /// Work that runs to its end (tests, the demo, a briefing being issued within its request).
    pub const NEVER: Cancel<'static> = Cancel(None);

    pub fn on(flag: &'a AtomicBool) -> Cancel<'a> {
        Cancel(Some(flag))
    }

    pub fn check(self) -> Result<(), Cancelled> {
        match self.0 {
            Some(flag) if flag.load(Ordering::Relaxed) => Err(Cancelled),
            _ => Ok(()),
        }
    }
}
