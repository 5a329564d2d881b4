//! Two `duban` processes on one remote SurrealDB behave as one server: a session made on
//! one works on the other, an action on one is seen by the other, and the reminder task runs in one
//! process at a time, moving to the other when its holder dies.
//!
//! Opt-in: it needs a SurrealDB server, given as `DUBAN_TEST_DB=ws://127.0.0.1:8000`
//! (`cargo xtask test-remote` starts one and sets it). Without it the test says so and passes.

use reqwest::StatusCode;
use serde_json::{Value, json};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// The test chain's key: any 32 bytes, as hex.
const AUDIT_KEY: &str = "5d1e0c7a9b3f42e68a0d17c4f2b95e3a6c8d0f1e2a3b4c5d6e7f8091a2b3c4d5";

#[path = "support/process.rs"]
mod process;
use process::Server;

fn start(url: &str, db_name: &str, demo: bool) -> Server {
    let mut cmd = process::duban();
    cmd.args(["--db", url, "--db-ns", "duban_test", "--db-name", db_name])
        .args(["--db-user", &user(), "--db-pass", &pass()])
        .args(["--bind", "127.0.0.1:0", "--reminder-interval", "1"])
        // The sweep logs at info.
        .env("RUST_LOG", "warn,server::services::reminders=debug")
        // Both processes sign one chain, so both hold its key (a remote store has no default).
        .env("DUBAN_AUDIT_KEY", AUDIT_KEY)
        .stderr(Stdio::piped());
    if demo {
        cmd.arg("--demo");
    }
    Server::start(cmd)
}

/// How many reminder sweeps this process has run so far.
fn sweeps(s: &Server) -> usize {
    s.lines_with("reminder sweep").len()
}

fn user() -> String {
    std::env::var("DUBAN_TEST_DB_USER").unwrap_or_else(|_| "root".into())
}

fn pass() -> String {
    std::env::var("DUBAN_TEST_DB_PASS").unwrap_or_else(|_| "root".into())
}

async fn json_of(r: reqwest::Response) -> Value {
    r.json().await.expect("a JSON body")
}

async fn get_json(c: &reqwest::Client, url: String) -> Value {
    json_of(c.get(url).send().await.expect("sent")).await
}

/// Waits until `f` holds, up to `secs`.
async fn eventually(secs: u64, mut f: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < until {
        if f() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    f()
}

#[tokio::test]
async fn two_processes_on_one_database_share_sessions_and_matters_and_sweep_once() {
    let Ok(url) = std::env::var("DUBAN_TEST_DB") else {
        eprintln!("skipped: set DUBAN_TEST_DB=ws://host:port (cargo xtask test-remote does)");
        return;
    };
    let db_name = format!("c{}", uuid::Uuid::new_v4().simple());
    // The first loads the demo data; the second finds the database filled and leaves it.
    let a = start(&url, &db_name, true);
    let b = start(&url, &db_name, true);

    // A session made on A is a session on B: both read it from the database.
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let r = c
        .post(format!("{}/api/session", a.base))
        .json(&json!({"username": "office", "password": "duban-demo"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::OK);
    // Cookies are per host, not per port: the same jar carries the session to B.
    let me = get_json(&c, format!("{}/api/me", b.base)).await;
    assert_eq!(me["username"], "office", "{me}");

    // B's ledger, asked twice, so B keeps the page (`server::store::pages`).
    let ledger = format!("{}/api/matters?per_page=5&sort=-proposed_on", b.base);
    let kept = get_json(&c, ledger.clone()).await;
    assert_eq!(get_json(&c, ledger.clone()).await, kept);

    // A matter proposed on A is there on B, at the same version.
    let r = c
        .post(format!("{}/api/matters", a.base))
        .header("idempotency-key", uuid::Uuid::new_v4().to_string())
        .json(&json!({"type": "propose", "procedure": "hbut", "matter": {
            "title": "两台服务器同一数据库", "content": "集群测试",
            "source_category": "other", "lead_unit": "jwc"}}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::CREATED);
    let made = json_of(r).await;
    let id = made["matter"]["id"].as_str().expect("an id").to_owned();
    let seen = get_json(&c, format!("{}/api/matters/{id}", b.base)).await;
    assert_eq!(seen["matter"]["version"], made["matter"]["version"]);
    // And in B's ledger: A's write replaced the generation B kept its page under.
    let listed = get_json(&c, ledger).await;
    assert_eq!(listed["items"][0]["id"], json!(id), "{listed}");
    assert_eq!(
        listed["total"].as_u64(),
        kept["total"].as_u64().map(|n| n + 1),
        "{listed}"
    );
    // And the counters both read agree.
    let da = get_json(&c, format!("{}/api/dashboard", a.base)).await;
    let db = get_json(&c, format!("{}/api/dashboard", b.base)).await;
    assert_eq!(da["overall"], db["overall"]);

    // A session used on A and ended on B: A refuses it on the very next request, since every
    // request reads its session (`auth::session`).
    let plain = reqwest::Client::new();
    let r = plain
        .post(format!("{}/api/session", a.base))
        .json(&json!({"username": "jwc-liaison", "password": "duban-demo"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let me_on = |base: String| {
        let (plain, cookie) = (plain.clone(), cookie.clone());
        async move {
            let r = plain
                .get(format!("{base}/api/me"))
                .header("cookie", cookie)
                .send();
            r.await.expect("sent").status()
        }
    };
    assert_eq!(me_on(a.base.clone()).await, StatusCode::OK);
    let r = plain
        .delete(format!("{}/api/session", b.base))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("sent");
    assert!(r.status().is_success(), "sign-out on B: {}", r.status());
    assert_eq!(me_on(b.base.clone()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        me_on(a.base.clone()).await,
        StatusCode::UNAUTHORIZED,
        "A still takes a session B ended"
    );

    // Both tick every second; the lease lets exactly one of them sweep.
    assert!(
        eventually(20, || sweeps(&a) + sweeps(&b) >= 4).await,
        "no sweeps logged: A {:?}",
        a.log.lock().map(|l| l.clone())
    );
    let (sa, sb) = (sweeps(&a), sweeps(&b));
    assert!(
        sa == 0 || sb == 0,
        "both processes swept: A {sa}, B {sb}\nA: {:#?}\nB: {:#?}",
        a.lines_with("reminder"),
        b.lines_with("reminder")
    );
    // The holder dies; after its lease runs out (3 intervals) the other takes over.
    let (holder, other) = if sa > 0 { (a, b) } else { (b, a) };
    holder.kill9();
    let before = sweeps(&other);
    assert!(
        eventually(20, || sweeps(&other) > before).await,
        "the surviving process never took the lease"
    );

    // Notices of the day were written once each, however many sweeps ran.
    let notes = get_json(&c, format!("{}/api/notifications", other.base)).await;
    let notes = notes.as_array().cloned().unwrap_or_default();
    let mut keys: Vec<(String, String)> = notes
        .iter()
        .filter(|n| n["kind"] == "overdue" || n["kind"] == "due_soon")
        .map(|n| (n["matter_id"].to_string(), n["kind"].to_string()))
        .collect();
    let all = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), all, "a notice was doubled: {notes:?}");
}

/// Processes starting together all find no lease and race for it, each on its own connection (one
/// connection would queue their queries one after another): exactly one may win each round.
#[tokio::test]
async fn processes_racing_for_the_lease_on_their_own_connections_get_one_winner() {
    let Ok(url) = std::env::var("DUBAN_TEST_DB") else {
        eprintln!("skipped: set DUBAN_TEST_DB=ws://host:port (cargo xtask test-remote does)");
        return;
    };
    let settings = server::config::DatabaseSettings {
        url,
        namespace: "duban_test".into(),
        name: format!("l{}", uuid::Uuid::new_v4().simple()),
        user: Some(user()),
        password: Some(pass()),
        password_file: None,
        user_level: server::config::UserLevel::Root,
    };
    let mut dbs = Vec::new();
    for _ in 0..8 {
        dbs.push(
            server::store::db::Database::connect(&settings)
                .await
                .expect("connects"),
        );
    }
    server::store::db::migrations::migrate(&dbs[0])
        .await
        .expect("migrates");
    for round in 0..10 {
        dbs[0]
            .run("DELETE lease:reminders", json!({}))
            .await
            .expect("clears the lease");
        let tries: Vec<_> = dbs
            .iter()
            .enumerate()
            .map(|(i, db)| {
                let db = db.clone();
                tokio::spawn(async move {
                    server::services::reminders::take_lease(&db, &format!("p{round}-{i}"), 60).await
                })
            })
            .collect();
        let mut winners = Vec::new();
        for (i, t) in tries.into_iter().enumerate() {
            if matches!(t.await.expect("joins"), Ok(true)) {
                winners.push(i);
            }
        }
        assert_eq!(winners.len(), 1, "round {round}: winners {winners:?}");
    }
}
