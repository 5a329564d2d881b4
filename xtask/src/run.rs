//! `run`: builds the app and the server, then becomes the server on http://127.0.0.1:3000.

use crate::build_app::{Budget, build_app};
use crate::util::{cargo, display, root, run_step, target_dir};
use anyhow::{Context, Result};
use std::process::Command;

pub fn run(args: Vec<String>) -> Result<()> {
    let mut release = false;
    let mut demo = true;
    let mut server_args = Vec::new();
    for arg in args {
        match arg.as_str() {
            // A release build of SurrealDB takes about 16 minutes on 2 cores; debug is the default.
            "--release" => release = true,
            "--no-demo" => demo = false,
            "--" => {}
            _ => server_args.push(arg),
        }
    }

    // wasm-opt and terser come from end2end's npm packages; without npm the app is still built,
    // only bigger, and `run` says so rather than refusing to start.
    let npm = Command::new("npm")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if npm {
        run_step(
            "npm ci (end2end: wasm-opt and terser for the app)",
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(root().join("end2end")),
        )?;
    } else {
        eprintln!("\n==> npm not found: the app is built without wasm-opt and terser (larger)");
    }
    build_app(Budget::Report)?;
    let mut build = cargo();
    build.args(["build", "-p", "server"]);
    if release {
        build.arg("--release");
    }
    run_step("cargo build -p server", &mut build)?;

    let binary = target_dir()
        .join(if release { "release" } else { "debug" })
        .join("duban");
    let mut server = Command::new(&binary);
    server.current_dir(root());
    let given = |flag: &str| {
        server_args
            .iter()
            .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
    };
    // Defaults only for what the caller did not set, so `cargo xtask run --bind 0.0.0.0:8080` works.
    if !given("--db") {
        server.args(["--db", "surrealkv://./data"]);
    }
    if !given("--bind") {
        server.args(["--bind", "127.0.0.1:3000"]);
    }
    if !given("--static-dir") {
        server.arg("--static-dir").arg(root().join("dist"));
    }
    if demo && !given("--demo") {
        server.arg("--demo");
    }
    server.args(&server_args);
    eprintln!("\n==> starting the server\n    $ {}", display(&server));
    exec(server).with_context(|| format!("starting {}", binary.display()))
}

#[cfg(unix)]
fn exec(mut cmd: Command) -> Result<()> {
    use std::os::unix::process::CommandExt;
    // Replace this process, so Ctrl-C and SIGTERM reach the server directly.
    Err(cmd.exec().into())
}

#[cfg(not(unix))]
fn exec(mut cmd: Command) -> Result<()> {
    let status = cmd.status()?;
    if !status.success() {
        anyhow::bail!("the server exited with {status}");
    }
    Ok(())
}
