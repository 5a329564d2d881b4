//! The office's work between a request and the store: the matter workflow, reminders, reports,
//! notices, mail, printing and Excel exports.

pub mod idempotency;
pub mod mail;
pub mod notify;
pub mod print;
pub mod references;
pub mod reminders;
pub mod reports;
pub mod workflow;
pub mod xlsx;
