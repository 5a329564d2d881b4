//! Crash safety: write load, SIGKILL at random moments, restart, and check that nothing acknowledged is lost,
//! nothing is half-written, the counters match a recount and the audit chain verifies.
//! `DUBAN_CRASH_CYCLES` sets the number of cycles (50 by default; 500 on demand).

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[path = "support/process.rs"]
mod process;
use process::Server;

/// The server on the store at `url`, with the demo's users and no matters. After a SIGKILL it may
/// say, before it is ready, that it cut a torn last record (a write that was never acknowledged)
/// off the log (`before_ready`); the checks after the restart are what say whether anything
/// acknowledged was lost.
fn start(url: &str) -> Server {
    let mut cmd = process::duban();
    cmd.args(["--db", url, "--bind", "127.0.0.1:0"])
        .args(["--demo", "--demo-matters", "0", "--reminder-interval", "0"])
        // The log cut's warning is counted, so a run says how often it was needed.
        .env("RUST_LOG", "error,server::store::db=warn");
    Server::start(cmd)
}

/// The server cut a record a crash left half-written off the store's log (`db::wal_tail`).
fn cut_back(server: &Server) -> bool {
    server.before_ready.iter().any(|l| l.contains("cut back"))
}

/// Signs in and answers the session's cookie. The session lives in the database and outlasts every
/// kill, so the run signs in once: a sign-in that a kill cuts off stays counted against the
/// account's limit (nobody saw its outcome), and one per restart would lock the account.
async fn session_cookie(base: &str, who: &str) -> String {
    let r = Client::new()
        .post(format!("{base}/api/session"))
        .json(&json!({"username": who, "password": "duban-demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let set = r.headers()[reqwest::header::SET_COOKIE].to_str().unwrap();
    set.split(';').next().unwrap().to_owned()
}

/// A client that sends the session's cookie to whichever port the server now listens on.
fn signed_in(cookie: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    Client::builder().default_headers(headers).build().unwrap()
}

/// A tiny deterministic generator, so a failing cycle can be replayed from its seed.
fn next(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Writers: propose matters and record follow-ups on them, remembering every acknowledged version.
async fn writer(base: String, c: Client, acked: Arc<Mutex<HashMap<String, u64>>>, worker: usize) {
    for n in 0.. {
        let key = format!("crash-{worker}-{n}-{}", uuid::Uuid::new_v4());
        let r = c
            .post(format!("{base}/api/matters"))
            .header("idempotency-key", key)
            .json(&json!({"type": "propose", "procedure": "hbut", "matter": {
                "title": format!("压力写入 {worker}-{n}"), "content": "崩溃测试", "source_category": "other", "lead_unit": "jwc"}}))
            .send()
            .await;
        let Ok(r) = r else { return };
        if r.status() != StatusCode::CREATED {
            return;
        }
        let Ok(body) = r.json::<Value>().await else {
            return;
        };
        let id = body["matter"]["id"].as_str().unwrap_or_default().to_owned();
        acked.lock().unwrap().insert(id.clone(), 1);
        for version in 1..4u64 {
            let r = c
                .post(format!("{base}/api/matters/{id}/actions"))
                .header("idempotency-key", uuid::Uuid::new_v4().to_string())
                .json(&json!({"version": version, "action": {"type": "update_requirements", "requirements": format!("第 {version} 次更新"), "note": "崩溃测试"}}))
                .send()
                .await;
            match r {
                Ok(r) if r.status() == StatusCode::OK => {
                    acked.lock().unwrap().insert(id.clone(), version + 1);
                }
                _ => return,
            }
        }
    }
}

#[tokio::test]
async fn acknowledged_writes_survive_sigkill_at_random_moments() {
    let cycles: usize = std::env::var("DUBAN_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let dir = std::env::temp_dir().join(format!("duban-crash-{}", uuid::Uuid::new_v4()));
    let url = format!("surrealkv://{}", dir.display());
    let acked: Arc<Mutex<HashMap<String, u64>>> = Arc::default();
    let mut seed = 0x5eed_u64;
    let mut checked = std::collections::HashSet::new();
    let started = std::time::Instant::now();
    let mut torn = 0;
    let mut session: Option<String> = None;
    for cycle in 0..cycles {
        let server = start(&url);
        torn += usize::from(cut_back(&server));
        let cookie = match &session {
            Some(cookie) => cookie.clone(),
            None => session
                .insert(session_cookie(&server.base, "office").await)
                .clone(),
        };
        let writers: Vec<_> = (0..4)
            .map(|w| {
                tokio::spawn(writer(
                    server.base.clone(),
                    signed_in(&cookie),
                    acked.clone(),
                    w,
                ))
            })
            .collect();
        let wait = 300 + next(&mut seed) % 1200;
        tokio::time::sleep(Duration::from_millis(wait)).await;
        drop(server); // SIGKILL, mid-write
        for w in writers {
            let _ = w.await;
        }
        // Restart and check everything that was acknowledged.
        let server = start(&url);
        torn += usize::from(cut_back(&server));
        let c = signed_in(&cookie);
        // Each cycle checks what it wrote; the last one checks everything ever acknowledged.
        let snapshot: Vec<(String, u64)> = acked
            .lock()
            .unwrap()
            .iter()
            .filter(|(id, _)| cycle + 1 == cycles || !checked.contains(*id))
            .map(|(id, v)| (id.clone(), *v))
            .collect();
        for (id, version) in &snapshot {
            checked.insert(id.clone());
            let r = c
                .get(format!("{}/api/matters/{id}", server.base))
                .send()
                .await
                .unwrap();
            assert_eq!(
                r.status(),
                StatusCode::OK,
                "cycle {cycle}: acknowledged matter {id} lost"
            );
            let detail: Value = r.json().await.unwrap();
            let stored = detail["matter"]["version"].as_u64().unwrap();
            assert!(
                stored >= *version,
                "cycle {cycle}: {id} at v{stored}, acknowledged v{version}"
            );
            assert_eq!(
                detail["events"].as_array().unwrap().len() as u64,
                stored,
                "cycle {cycle}: {id} half-written"
            );
        }
        let check: Value = c
            .get(format!("{}/api/admin/counters/check", server.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(check["ok"], true, "cycle {cycle}: {check}");
        let verify: Value = c
            .get(format!("{}/api/audit/verify", server.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(verify["ok"], true, "cycle {cycle}: {verify}");
        drop(server);
        // A long run on demand (500 cycles) says how far it got.
        if (cycle + 1) % 50 == 0 && cycle + 1 < cycles {
            let acked = acked.lock().unwrap();
            eprintln!(
                "crash test: {} cycles, {} matters, {} acknowledged writes so far, none lost",
                cycle + 1,
                acked.len(),
                acked.values().sum::<u64>()
            );
        }
    }
    let total: u64 = acked.lock().unwrap().values().sum();
    eprintln!("crash test: {:.0} s", started.elapsed().as_secs_f64());
    eprintln!(
        "crash test: {torn} restarts found a commit cut short at the log's end and cut it off"
    );
    eprintln!(
        "crash test: {cycles} SIGKILL cycles, {} matters, {total} acknowledged writes, none lost",
        acked.lock().unwrap().len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
