//! `test`: every check CI runs, in order, stopping at the first failure with the step's name.

use crate::build_app::{Budget, build_app};
use crate::util::{cargo, root, run_step, target_dir};
use anyhow::{Result, bail};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const CHROMIUM: &str = "/usr/bin/chromium";

pub fn test() -> Result<()> {
    let started = Instant::now();
    // Checked first: no point building for ten minutes to learn that the browser is missing.
    preflight()?;
    // Seconds, and no build: a document or comment citing a file that moved fails here.
    eprintln!("\n==> cited paths exist");
    crate::doc_paths::check()?;

    run_step(
        "cargo fmt --check",
        cargo().args(["fmt", "--all", "--check"]),
    )?;
    // The app is wasm-only: the host crates are linted on the host, the app on its real target.
    run_step(
        "clippy (host crates)",
        cargo().args([
            "clippy",
            "--workspace",
            "--exclude",
            "app",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    run_step(
        "rustup target add wasm32-unknown-unknown",
        Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
    )?;
    run_step(
        "clippy (app, wasm32)",
        cargo().args([
            "clippy",
            "-p",
            "app",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    run_step(
        "cargo test (host crates)",
        cargo().args(["test", "--workspace", "--exclude", "app"]),
    )?;
    run_step(
        "shared builds for wasm",
        cargo().args([
            "check",
            "-p",
            "shared",
            "--target",
            "wasm32-unknown-unknown",
        ]),
    )?;

    let end2end = root().join("end2end");
    // Before build-app: it brings the npm `binaryen` wasm-opt that build-app uses when present,
    // so the browser tests exercise the same optimised wasm that `cargo xtask run` serves.
    run_step(
        "npm ci (end2end)",
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&end2end),
    )?;
    build_app(Budget::Enforce)?;
    // The same package set and targets as `cargo test` above, so the same feature unification:
    // the binary is already built and this is a no-op. (`-p server` alone resolved features
    // without `shared`'s and `xtask`'s dev-dependencies and rebuilt ~150 crates, minutes in CI.)
    run_step(
        "cargo build (server binary)",
        cargo().args([
            "build",
            "--workspace",
            "--exclude",
            "app",
            "--bins",
            "--tests",
        ]),
    )?;

    let server = target_dir().join("debug/duban");
    crate::fuzz::fuzz(&server)?;
    run_step(
        "Playwright (system Chromium)",
        Command::new(end2end.join("node_modules/.bin/playwright"))
            .arg("test")
            .current_dir(&end2end)
            .env("DUBAN_BIN", &server)
            .env("DUBAN_DIST", root().join("dist"))
            .env("CHROMIUM", CHROMIUM)
            // After both projects: every step of every procedure was taken in the app.
            .env("DUBAN_COVERAGE", "1"),
    )?;
    eprintln!(
        "\nxtask: all checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn preflight() -> Result<()> {
    if !Path::new(CHROMIUM).exists() {
        bail!("Chromium is missing: run `apt-get update && apt-get install -y chromium` (as root)");
    }
    for (tool, hint) in [
        (
            "node",
            "Node.js 18+ is needed for the browser tests: `apt-get install -y nodejs npm`",
        ),
        (
            "npm",
            "npm is needed for the browser tests: `apt-get install -y npm`",
        ),
        (
            "python3",
            "Python 3 with venv is needed for the API fuzzing (schemathesis): `apt-get install -y python3-venv`",
        ),
        (
            "curl",
            "curl is needed for the API fuzzing's sign-ins: `apt-get install -y curl`",
        ),
    ] {
        let ok = Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|out| out.status.success());
        if !ok {
            bail!("`{tool}` is missing. {hint}");
        }
    }
    Ok(())
}
