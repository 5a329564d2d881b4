//! The context every handler shares: database, settings, login limiter and the audit log.

use crate::audit::AuditLog;
use crate::auth::rate_limit::LoginLimiter;
use crate::config::Settings;
use crate::db::Database;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub settings: Arc<Settings>,
    pub limiter: Arc<LoginLimiter>,
    pub audit: Arc<AuditLog>,
}
