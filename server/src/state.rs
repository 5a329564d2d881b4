//! The context every handler shares: database, settings, login limiter and the audit log.

use crate::auth::rate_limit::LoginLimiter;
use crate::config::Settings;
use crate::store::audit::AuditLog;
use crate::store::db::Database;
use shared::Calendar;
use std::sync::Arc;

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
    /// The working-day calendar: the shipped official years, overlaid with the years an admin
    /// loaded, checked against the database before use (`db::calendar::Shared`).
    pub calendar: Arc<crate::store::db::calendar::Shared>,
    /// The admin's settings, checked against the database before use (`db::admin_settings::Shared`).
    pub admin_settings: Arc<crate::store::db::admin_settings::Shared>,
    /// Generated reports, kept until the record changes (`store::report_cache`).
    pub reports: Arc<crate::store::report_cache::ReportCache>,
    /// List pages kept under their audience's generation (`pages`).
    pub pages: Arc<crate::store::pages::PageCache>,
    /// Registrations take the year's next number one at a time within this process, so they never
    /// race each other for it (another process's race is retried, see `workflow::act`).
    pub numbering: Arc<tokio::sync::Mutex<()>>,
}

impl AppState {
    /// The calendar as stored now, for one request's rules: an admin's save in any process on
    /// the database is in it.
    pub async fn calendar(&self) -> Result<Calendar, crate::store::db::DbError> {
        self.calendar.current(&self.db).await
    }

    /// The admin's settings as stored now, for one request's rules: a save in any process on the
    /// database is in them.
    pub async fn admin_settings(
        &self,
    ) -> Result<shared::settings::Settings, crate::store::db::DbError> {
        self.admin_settings.current(&self.db).await
    }

    /// Commits `unit` with its audit entry, together or not at all (`AuditLog::append_with`);
    /// the results of the unit's statements.
    pub async fn audited(
        &self,
        entry: crate::store::audit::Entry,
        unit: crate::store::db::unit::Unit,
    ) -> Result<Vec<serde_json::Value>, crate::store::db::DbError> {
        self.audit.append_with(&self.db, entry, unit).await
    }

    /// The calendar as loaded at startup, without a read: for startup work only (demo data, seeding).
    pub fn loaded_calendar(&self) -> Calendar {
        self.calendar.as_loaded()
    }
}
