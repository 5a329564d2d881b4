//! `test-remote`: the server's integration tests against a real SurrealDB server on loopback.
//!
//! Builds `tools/surreal-server` (the `surreal` binary, in its own target dir so the workspace's
//! builds are untouched), starts `surreal start memory` on a free port, runs the API tests and the
//! two-process test with `DUBAN_TEST_DB=ws://…`, and stops the server whatever the outcome.

use crate::util::{cargo, root, run_step, target_dir};
use anyhow::{Context, Result, bail};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Stops the surreal server when dropped, also when a step fails.
struct Surreal(Child);

impl Drop for Surreal {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn test_remote(filter: &[String]) -> Result<()> {
    let started = Instant::now();
    let surreal_target = target_dir().join("surreal-server");
    run_step(
        "build the surreal server (tools/surreal-server)",
        cargo()
            .args([
                "build",
                "--manifest-path",
                "tools/surreal-server/Cargo.toml",
            ])
            .env("CARGO_TARGET_DIR", &surreal_target),
    )?;
    run_step(
        "build the server and its tests",
        cargo().args(["build", "-p", "server", "--bins", "--tests"]),
    )?;
    let addr = free_port()?;
    eprintln!("\n==> surreal start memory --bind {addr}");
    let child = Command::new(surreal_target.join("debug/surreal"))
        .args(["start", "memory", "--bind", &addr.to_string()])
        .args(["--user", "root", "--pass", "root", "--log", "warn"])
        .stdout(Stdio::null())
        .spawn()
        .context("could not start the surreal server")?;
    let _server = Surreal(child);
    wait_for(addr)?;
    let url = format!("ws://{addr}");
    let mut api = cargo();
    api.args([
        "test",
        "-p",
        "server",
        "--no-fail-fast",
        "--test",
        "api",
        "--test",
        "cluster",
        "--",
    ])
    .args(filter)
    .env("DUBAN_TEST_DB", &url)
    .env("DUBAN_BIN", target_dir().join("debug/duban"))
    .current_dir(root());
    run_step(&format!("server integration tests against {url}"), &mut api)?;
    eprintln!(
        "\nxtask: tests against a remote SurrealDB passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn free_port() -> Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").context("no free port on loopback")?;
    Ok(listener.local_addr()?)
}

fn wait_for(addr: SocketAddr) -> Result<()> {
    let until = Instant::now() + Duration::from_secs(60);
    while Instant::now() < until {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("the surreal server did not listen on {addr} within 60 s")
}
