//! Starting a real server for a test and talking to it like a browser would.

use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use server::config::Settings;
use server::startup::Application;
use std::path::PathBuf;

pub struct TestApp {
    pub base: String,
    pub client: Client,
    /// The server's own database handle, to check what was stored or to tamper with it.
    pub db: server::store::db::Database,
    /// The server's shared state, to drive background work (the reminder sweep) at a chosen time.
    pub state: server::state::AppState,
}

pub const DEMO_PASSWORD: &str = "duban-demo";

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// A fresh server with its own in-memory database and the demo data; with `DUBAN_TEST_DB`
    /// set (e.g. `ws://127.0.0.1:8000`), its own database on that SurrealDB server instead.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
        server::telemetry::init("warn");
        let mut settings = Settings::for_tests();
        settings.demo = true;
        use_remote_db(&mut settings);
        adjust(&mut settings);
        let app = Application::build(settings).await.expect("server starts");
        let base = format!("http://{}", app.addr());
        let db = app.state().db.clone();
        let state = app.state().clone();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            base,
            client: new_client(),
            db,
            state,
        }
    }

    /// A second server on this one's database, with memory of its own (sessions, pages, the
    /// calendar it holds): what another process on the same database is.
    pub async fn spawn_beside(&self) -> TestApp {
        let mut settings = self.state.settings.as_ref().clone();
        settings.demo = false;
        let app = Application::build_on(settings, self.db.clone())
            .await
            .expect("second server starts");
        let base = format!("http://{}", app.addr());
        let state = app.state().clone();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            base,
            client: new_client(),
            db: self.db.clone(),
            state,
        }
    }

    /// Enters the refusals counted so far in the audit trail, as the server does every period.
    pub async fn flush_refusals(&self) -> usize {
        self.state
            .refusals
            .flush(&self.db, &self.state.audit)
            .await
            .expect("refusals entered in the audit trail")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn login(&self, username: &str, password: &str) -> Response {
        self.client
            .post(self.url("/api/session"))
            .json(&json!({ "username": username, "password": password }))
            .send()
            .await
            .expect("request sent")
    }

    /// Signs in and panics unless it worked.
    pub async fn login_ok(&self, username: &str) {
        let r = self.login(username, DEMO_PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK, "login as {username}");
    }

    pub async fn logout(&self) -> Response {
        self.client
            .delete(self.url("/api/session"))
            .send()
            .await
            .expect("request sent")
    }
}

/// `DUBAN_TEST_DB` (opt-in, see README): a remote SurrealDB for every test, each in a database of
/// its own so tests running at once never see each other's rows. Credentials from
/// `DUBAN_TEST_DB_USER` / `DUBAN_TEST_DB_PASS` (default root/root, as `cargo xtask test-remote` starts it).
pub fn use_remote_db(settings: &mut Settings) {
    let Ok(url) = std::env::var("DUBAN_TEST_DB") else {
        return;
    };
    if url.trim().is_empty() {
        return;
    }
    settings.database.url = url;
    settings.database.namespace = "duban_test".into();
    settings.database.name = format!("t{}", uuid::Uuid::new_v4().simple());
    settings.database.user =
        Some(std::env::var("DUBAN_TEST_DB_USER").unwrap_or_else(|_| "root".into()));
    settings.database.password =
        Some(std::env::var("DUBAN_TEST_DB_PASS").unwrap_or_else(|_| "root".into()));
}

pub fn new_client() -> Client {
    Client::builder()
        .cookie_store(true)
        .build()
        .expect("client builds")
}

pub async fn json_of(r: Response) -> Value {
    r.json().await.expect("a JSON body")
}

/// A scratch folder with a fake built app, for the static-file tests.
pub fn fake_dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("duban-dist-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("index.html"), "<!doctype html><title>督办</title>").expect("write");
    std::fs::write(dir.join("app-0123456789abcdef.js"), "console.log(1)").expect("write");
    dir
}
