//! The real `duban` binary as users run it: flags, the printed address, SIGTERM, and a file store that survives SIGKILL.

use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

#[path = "support/process.rs"]
mod process;
use process::Server;

fn start(args: &[&str]) -> Server {
    let mut cmd = process::duban();
    cmd.args(args).env("RUST_LOG", "warn");
    Server::start(cmd)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

async fn login(base: &str, c: &reqwest::Client, who: &str) -> StatusCode {
    c.post(format!("{base}/api/session"))
        .json(&json!({"username": who, "password": "duban-demo"}))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn the_binary_prints_its_port_serves_and_stops_on_sigterm() {
    let s = start(&["--db", "mem://", "--bind", "127.0.0.1:0", "--demo"]);
    let c = client();
    let r = c
        .get(format!("{}/api/health", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(login(&s.base, &c, "office").await, StatusCode::OK);

    let mut s = s;
    let code = s.terminate().await;
    assert!(code.success(), "graceful exit, got {code}");
}

/// A request that would never end, here a JSON body that never arrives, cannot keep the server
/// from stopping: past the grace period it is answered 503 and the server exits.
#[tokio::test]
async fn sigterm_stops_the_server_within_its_grace_period_even_with_a_request_in_flight() {
    use std::io::{Read, Write};
    let s = start(&[
        "--db",
        "mem://",
        "--bind",
        "127.0.0.1:0",
        "--demo",
        "--shutdown-grace-secs",
        "1",
        "--request-budget-secs",
        "3600",
    ]);
    let r = reqwest::Client::new()
        .post(format!("{}/api/session", s.base))
        .json(&json!({"username": "office", "password": "duban-demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let host = s.base.strip_prefix("http://").unwrap().to_owned();
    let base = s.base.clone();
    // `Expect: 100-continue`: the server says "continue" only once the handler reads the body,
    // so the request is known to be in flight inside the handler before the signal is sent.
    let mut tcp = tokio::task::spawn_blocking(move || {
        let mut tcp = std::net::TcpStream::connect(&host).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(
            tcp,
            "POST /api/reports/briefings HTTP/1.1\r\nHost: {host}\r\nOrigin: {base}\r\n\
             Cookie: {cookie}\r\nIdempotency-Key: in-flight\r\nContent-Type: application/json\r\n\
             Content-Length: 1000\r\nExpect: 100-continue\r\n\r\n"
        )
        .unwrap();
        let mut seen = [0u8; 25];
        tcp.read_exact(&mut seen).unwrap();
        let seen = String::from_utf8_lossy(&seen).into_owned();
        assert!(seen.starts_with("HTTP/1.1 100 Continue"), "{seen}");
        tcp.write_all(b"{\"period\": ").unwrap();
        tcp
    })
    .await
    .unwrap();

    let mut s = s;
    let code = s.terminate().await;
    assert!(code.success(), "graceful exit, got {code}");
    let answer = tokio::task::spawn_blocking(move || {
        let mut answer = String::new();
        let _ = tcp.read_to_string(&mut answer);
        answer
    })
    .await
    .unwrap();
    assert!(
        answer.contains("503"),
        "the cut-off request was told: {answer}"
    );
}

/// SurrealKV can hold an acknowledged write in memory only (docs/reliability.md, "A transaction
/// lost at a memtable switch"): a stop closes the store, so what it holds is in its tables, not
/// only in the log that a restart would replay.
#[tokio::test]
async fn sigterm_closes_the_file_store_with_everything_in_its_tables() {
    let dir = std::env::temp_dir().join(format!("duban-term-{}", uuid::Uuid::new_v4()));
    let url = format!("surrealkv://{}", dir.display());
    let s = start(&["--db", &url, "--bind", "127.0.0.1:0", "--demo"]);
    let c = client();
    assert_eq!(login(&s.base, &c, "office").await, StatusCode::OK);
    let mut s = s;
    let code = s.terminate().await;
    assert!(code.success(), "graceful exit, got {code}");
    let tables = std::fs::read_dir(dir.join("sstables")).unwrap().count();
    assert!(tables > 0, "the memtable was written out at the stop");
    let logged: u64 = std::fs::read_dir(dir.join("wal"))
        .unwrap()
        .map(|f| f.unwrap().metadata().unwrap().len())
        .sum();
    assert_eq!(logged, 0, "nothing is left only in the write-ahead log");

    // And it opens again with what it had.
    let s = start(&["--db", &url, "--bind", "127.0.0.1:0"]);
    let c = client();
    assert_eq!(login(&s.base, &c, "office").await, StatusCode::OK);
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}

async fn propose(base: &str, c: &reqwest::Client, key: &str, title: &str) -> StatusCode {
    c.post(format!("{base}/api/matters"))
        .header("idempotency-key", key)
        .json(&json!({
            "type": "propose", "procedure": "hbut",
            "matter": {"title": title, "content": "验证持久化", "source_category": "other", "lead_unit": "jwc"}
        }))
        .send()
        .await
        .unwrap()
        .status()
}

async fn found(base: &str, c: &reqwest::Client, q: &str) -> u64 {
    let list: serde_json::Value = c
        .get(format!("{base}/api/matters?q={q}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list["total"].as_u64().unwrap()
}

async fn assert_audit_chain_verifies(base: &str, c: &reqwest::Client) {
    let verify: serde_json::Value = c
        .get(format!("{base}/api/audit/verify"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(verify["ok"], true, "{verify}");
}

/// What a SIGKILL in the middle of a commit leaves at the end of the log: the first fragment of
/// a record split over blocks, filling its block, and nothing after it (seen in CI; the format
/// is SurrealKV's, described in `db::wal_tail`).
fn cut_a_commit_short(store: &std::path::Path) {
    const BLOCK: u64 = 32 * 1024;
    let newest = std::fs::read_dir(store.join("wal"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "wal"))
        .max()
        .expect("the store has a log segment");
    let mut bytes = std::fs::read(&newest).unwrap();
    let left = BLOCK - bytes.len() as u64 % BLOCK;
    if left < 7 {
        bytes.extend(std::iter::repeat_n(0, left as usize));
    }
    let room = (BLOCK - bytes.len() as u64 % BLOCK - 7) as usize;
    let payload = vec![0xab; room];
    let mut crc = crc32fast::Hasher::new();
    crc.update(&[2]);
    crc.update(&payload);
    bytes.extend(crc.finalize().to_be_bytes());
    bytes.extend((room as u16).to_be_bytes());
    bytes.push(2);
    bytes.extend(payload);
    std::fs::write(&newest, bytes).unwrap();
}

/// SurrealKV appends to a log as it finds it, so commits made after a crash that cut one short
/// would sit behind the torn record, and the next restart's replay would stop there
/// (docs/reliability.md, "Commits appended behind a torn log record").
#[tokio::test]
async fn a_commit_cut_short_by_a_crash_does_not_hide_the_commits_after_it() {
    let dir = std::env::temp_dir().join(format!("duban-torn-{}", uuid::Uuid::new_v4()));
    let url = format!("surrealkv://{}", dir.display());
    let args = ["--db", &url, "--bind", "127.0.0.1:0", "--demo"];
    let s = start(&args);
    let c = client();
    assert_eq!(login(&s.base, &c, "office").await, StatusCode::OK);
    let before = propose(&s.base, &c, "torn-test-0001", "撕裂之前的事项").await;
    assert_eq!(before, StatusCode::CREATED);
    s.kill9();
    cut_a_commit_short(&dir);

    let s = start(&args);
    let c = client();
    assert_eq!(login(&s.base, &c, "office").await, StatusCode::OK);
    let after = propose(&s.base, &c, "torn-test-0002", "撕裂之后的事项").await;
    assert_eq!(after, StatusCode::CREATED);
    s.kill9();

    let s = start(&args);
    let c = client();
    assert_eq!(login(&s.base, &c, "office").await, StatusCode::OK);
    assert_eq!(found(&s.base, &c, "撕裂之前").await, 1);
    assert_eq!(
        found(&s.base, &c, "撕裂之后").await,
        1,
        "acknowledged after the torn record"
    );
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_acknowledged_write_survives_sigkill_on_the_file_store() {
    let dir = std::env::temp_dir().join(format!("duban-kill-{}", uuid::Uuid::new_v4()));
    let url = format!("surrealkv://{}", dir.display());
    let s = start(&["--db", &url, "--bind", "127.0.0.1:0", "--demo"]);
    let c = client();
    assert_eq!(login(&s.base, &c, "office").await, StatusCode::OK);
    // Propose a matter: acknowledged means committed to disk (sync=every).
    let proposed = propose(&s.base, &c, "kill-test-0001", "断电后仍在的事项").await;
    assert_eq!(proposed, StatusCode::CREATED);
    s.kill9();

    let s = start(&["--db", &url, "--bind", "127.0.0.1:0", "--demo"]);
    let c = client();
    assert_eq!(login(&s.base, &c, "office").await, StatusCode::OK);
    assert_eq!(found(&s.base, &c, "断电后").await, 1);
    assert_audit_chain_verifies(&s.base, &c).await;
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}
