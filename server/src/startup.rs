//! Building the application from settings, and running it until a shutdown signal.

use crate::auth::rate_limit::LoginLimiter;
use crate::config::Settings;
use crate::http::{routes, static_files};
use crate::seed::demo;
use crate::state::AppState;
use crate::store::db::{Database, DbError, migrations};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::trace::TraceLayer;

/// JSON bodies larger than this are refused (uploads have their own limit).
pub const JSON_BODY_LIMIT: usize = 256 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Audit(#[from] crate::store::audit::AuditError),
    #[error("demo data: {0}")]
    Demo(String),
    #[error("server stopped with an error: {0}")]
    Serve(std::io::Error),
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    addr: SocketAddr,
    state: AppState,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        let db = Database::connect(&settings.database).await?;
        Application::build_on(settings, db).await
    }

    /// On a database handle already open: tests run two servers on one store in one process this
    /// way, each with its own memory as two processes have (`settings.database` is then unused).
    pub async fn build_on(settings: Settings, db: Database) -> Result<Application, StartupError> {
        migrations::migrate(&db).await?;
        let calendar = crate::store::db::calendar::Shared::load(&db).await?;
        let admin_settings = crate::store::db::admin_settings::Shared::load(&db).await?;
        let audit = crate::store::audit::open(&db, &settings.audit, &settings.database.url).await?;
        let state = AppState {
            calendar: Arc::new(calendar),
            admin_settings: Arc::new(admin_settings),
            db,
            limiter: Arc::new(LoginLimiter::new(settings.login_limit.clone())),
            sessions: Arc::default(),
            refusals: Arc::default(),
            audit: Arc::new(audit),
            reports: Arc::default(),
            numbering: Arc::default(),
            pages: Arc::new(crate::store::pages::PageCache::new(
                crate::store::pages::MAX_BYTES,
            )),
            settings: Arc::new(settings),
        };
        if state.settings.demo {
            demo::load_if_empty(&state)
                .await
                .map_err(|e| StartupError::Demo(e.to_string()))?;
        }
        let listener = TcpListener::bind(state.settings.bind)
            .await
            .map_err(|source| StartupError::Bind {
                addr: state.settings.bind,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartupError::Bind {
            addr: state.settings.bind,
            source,
        })?;
        let router = build_router(state.clone());
        Ok(Application {
            listener,
            router,
            addr,
            state,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops without serving (after seeding): the store is closed as after serving.
    pub async fn close(self) {
        let Application { state, router, .. } = self;
        drop(router);
        close(state).await;
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until Ctrl-C or SIGTERM, letting requests in flight finish within the grace period.
    pub async fn run_until_stopped(self) -> Result<(), StartupError> {
        let reminders = self
            .state
            .settings
            .reminder_interval
            .map(|period| crate::services::reminders::spawn(self.state.clone(), period));
        let mail = self
            .state
            .settings
            .mail
            .clone()
            .map(|mail| crate::services::mail::spawn(self.state.clone(), mail));
        let refusals = crate::auth::refusals::spawn(
            self.state.clone(),
            self.state.settings.login_limit.refusal_period,
        );
        let grace = self.state.settings.shutdown_grace;
        crate::shutdown::serve(self.listener, self.router, grace, crate::shutdown::signal())
            .await
            .map_err(StartupError::Serve)?;
        if let Some(task) = reminders {
            task.abort();
        }
        if let Some(task) = mail {
            task.abort();
        }
        refusals.abort();
        // The refusals counted since the last period are evidence too.
        if let Err(e) = self
            .state
            .refusals
            .flush(&self.state.db, &self.state.audit)
            .await
        {
            tracing::error!("could not enter the last refusals in the audit trail: {e}");
        }
        let (writes, transactions) = self.state.audit.group_stats();
        let busy_ms = self.state.audit.writer_busy().as_millis() as u64;
        tracing::info!(writes, transactions, busy_ms, "stopped; group commit wrote");
        close(self.state).await;
        Ok(())
    }
}

/// Drops the server's last database handles and waits for an embedded store to close, so its
/// memtables reach disk before the process exits (see `db::closing`).
async fn close(state: AppState) {
    let dir = crate::store::db::closing::embedded_dir(&state.settings.database.url);
    drop(state);
    if let Some(dir) = dir {
        let limit = std::time::Duration::from_secs(60);
        if crate::store::db::closing::wait_until_closed(&dir, limit).await {
            tracing::info!("store closed: {}", dir.display());
        } else {
            tracing::warn!(
                "the store at {} did not close within {limit:?}",
                dir.display()
            );
        }
    }
}

pub fn build_router(state: AppState) -> Router {
    let csrf = CsrfLayer::new().with_rejection_response(|_| {
        crate::error::ApiError::forbidden(
            "cross_site_request",
            "拒绝跨站请求",
            "Cross-site request refused",
        )
        .into_response()
    });
    let api = routes::api_router()
        .layer(axum::middleware::from_fn_with_state(
            state.settings.request_budget,
            crate::budget::enforce,
        ))
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(csrf)
        .with_state(state.clone());
    // Print views are HTML pages outside `/api`, read-only, so the JSON API's CSRF layer is not needed.
    let print = crate::services::print::router().with_state(state.clone());
    let mut app = Router::new().nest("/api", api).merge(print);
    app = match &state.settings.static_dir {
        Some(dir) => app.merge(static_files::router(dir)),
        None => app.fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                "no app bundle configured (--static-dir)",
            )
        }),
    };
    app.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        crate::auth::client::hsts,
    ))
    .layer(CompressionLayer::new())
    .layer(axum::middleware::from_fn(
        crate::http::security_headers::add,
    ))
    .layer(TraceLayer::new_for_http())
}
