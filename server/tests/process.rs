//! The real `duban` binary as users run it: flags, the printed address, SIGTERM, and a file store that survives SIGKILL.

use reqwest::StatusCode;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("stdout piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("reads the first line");
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        Server { child, base }
    }

    /// SIGTERM, then the exit status once it stops (at most a minute: a stop writes the store out).
    async fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        for _ in 0..600 {
            if let Some(code) = self.child.try_wait().unwrap() {
                return code;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not stop on SIGTERM");
    }

    fn kill9(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
    let s = Server::start(&["--db", "mem://", "--bind", "127.0.0.1:0", "--demo"]);
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

/// SurrealKV can hold an acknowledged write in memory only (docs/reliability.md, "A transaction
/// lost at a memtable switch"): a stop closes the store, so what it holds is in its tables, not
/// only in the log that a restart would replay.
#[tokio::test]
async fn sigterm_closes_the_file_store_with_everything_in_its_tables() {
    let dir = std::env::temp_dir().join(format!("duban-term-{}", uuid::Uuid::new_v4()));
    let url = format!("surrealkv://{}", dir.display());
    let s = Server::start(&["--db", &url, "--bind", "127.0.0.1:0", "--demo"]);
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
    let s = Server::start(&["--db", &url, "--bind", "127.0.0.1:0"]);
    let c = client();
    assert_eq!(login(&s.base, &c, "office").await, StatusCode::OK);
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_acknowledged_write_survives_sigkill_on_the_file_store() {
    let dir = std::env::temp_dir().join(format!("duban-kill-{}", uuid::Uuid::new_v4()));
    let url = format!("surrealkv://{}", dir.display());
    let s = Server::start(&["--db", &url, "--bind", "127.0.0.1:0", "--demo"]);
    let c = client();
    assert_eq!(login(&s.base, &c, "office").await, StatusCode::OK);
    // Propose a matter: acknowledged means committed to disk (sync=every).
    let r = c
        .post(format!("{}/api/matters", s.base))
        .header("idempotency-key", "kill-test-0001")
        .json(&json!({
            "type": "propose", "procedure": "hbut",
            "matter": {"title": "断电后仍在的事项", "content": "验证持久化", "source_category": "other", "lead_unit": "jwc"}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    s.kill9();

    let s = Server::start(&["--db", &url, "--bind", "127.0.0.1:0", "--demo"]);
    let c = client();
    assert_eq!(login(&s.base, &c, "office").await, StatusCode::OK);
    let list: serde_json::Value = c
        .get(format!("{}/api/matters?q=断电后", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    let verify: serde_json::Value = c
        .get(format!("{}/api/audit/verify", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(verify["ok"], true, "{verify}");
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}
