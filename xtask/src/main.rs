//! Duban's build helper: `cargo xtask build-app | run | test`, so a fresh machine needs only the Rust toolchain.

mod app_size;
mod build_app;
mod doc_paths;
mod fuzz;
mod minify;
mod remote;
mod run;
mod service_worker;
mod split;
mod test;
mod util;
mod wasm_opt;

use anyhow::{Result, bail};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  build-app            build the wasm app into dist/ (wasm-bindgen as a library, hashed names, .br/.gz)
  run [--release] [--no-demo] [SERVER ARGS...]
                       build-app, build the server (debug unless --release) and start it on
                       http://127.0.0.1:3000 with ./data and demo data; SERVER ARGS override the defaults
  test                 fmt, clippy, cargo test, wasm check of shared, build-app + size budget,
                       server build, Playwright in the system Chromium
  doc-paths            check that every repository path the docs and comments cite exists (also the
                       first step of `test`)
  test-remote [FILTER...]
                       build tools/surreal-server, start it on loopback and run the server's API
                       tests and the two-process test against it (DUBAN_TEST_DB=ws://...)
";

fn main() {
    if let Err(err) = real_main() {
        eprintln!("\nxtask: error: {err:#}");
        std::process::exit(1);
    }
}

fn real_main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    match command.as_str() {
        "build-app" => {
            if let Some(extra) = rest.first() {
                bail!("build-app takes no arguments, got `{extra}`\n\n{USAGE}");
            }
            build_app::build_app(build_app::Budget::Enforce)
        }
        "run" => run::run(rest),
        "test" => {
            if let Some(extra) = rest.first() {
                bail!("test takes no arguments, got `{extra}`\n\n{USAGE}");
            }
            test::test()
        }
        "doc-paths" => doc_paths::check(),
        "test-remote" => remote::test_remote(&rest),
        "" | "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}
