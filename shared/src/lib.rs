//! Duban's shared domain: types and rules compiled into both the server and the wasm app.

pub mod admin;
pub mod api;
pub mod briefing;
pub mod calendar;
pub mod cancel;
pub mod dates;
pub mod deadline;
pub mod draft;
pub mod engine;
pub mod error;
pub mod escalation;
pub mod forms;
pub mod html;
pub mod light;
pub mod limits;
pub mod mail;
pub mod matter;
pub mod number;
pub mod outbox;
pub mod paging;
pub mod procedure;
pub mod record;
pub mod report;
pub mod role;
pub mod stats;
mod templates;
pub mod views;
pub mod watch;

pub use calendar::{Calendar, Deadline, YearSchedule};
pub use draft::{MatterDraft, NewMatter};
pub use engine::{Action, ActionKind, Context, Event};
pub use error::{ErrorKind, RuleError};
pub use light::Light;
pub use matter::Matter;
pub use procedure::{ProcedureId, Stage};
pub use role::{Actor, Role};
