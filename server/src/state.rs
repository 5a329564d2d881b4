//! The context every handler shares: database, settings, login limiter and the audit log.

use crate::audit::AuditLog;
use crate::auth::rate_limit::LoginLimiter;
use crate::config::Settings;
use crate::db::Database;
use shared::Calendar;
use std::sync::{Arc, RwLock};

#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub settings: Arc<Settings>,
    pub limiter: Arc<LoginLimiter>,
    /// The users behind sessions, as read a moment ago (`auth::checked`).
    pub sessions: Arc<crate::auth::checked::CheckedUsers>,
    /// Refused sign-ins and requests waiting to be entered in the audit trail (`auth::refusals`).
    pub refusals: Arc<crate::auth::refusals::Refusals>,
    pub audit: Arc<AuditLog>,
    /// The working-day calendar: the shipped official years, overlaid with the years an admin loaded.
    pub calendar: Arc<RwLock<Calendar>>,
    /// Generated reports, kept until the next audited change (see `reports::ReportCache`).
    pub reports: Arc<crate::reports::ReportCache>,
    /// List pages kept under their audience's generation (`pages`).
    pub pages: Arc<crate::pages::PageCache>,
    /// Registrations take the year's next number one at a time within this process, so they never
    /// race each other for it (another process's race is retried, see `workflow::act`).
    pub numbering: Arc<tokio::sync::Mutex<()>>,
}

impl AppState {
    /// A snapshot of the calendar for one request's rules.
    pub fn calendar(&self) -> Calendar {
        // Readers never leave the calendar half-written, so a poisoned lock still holds a whole one.
        self.calendar
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}
