//! The `duban` binary: read settings, start the server, serve until stopped.

use clap::Parser;
use server::config::{Cli, Settings};
use server::startup::Application;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    server::telemetry::init("info");
    let settings = match Settings::load(Cli::parse()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("duban: {e}");
            return ExitCode::from(2);
        }
    };
    let app = match Application::build(settings).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("duban: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Scripts and tests read this line to find the port when `--bind` used port 0.
    println!("listening on http://{}", app.addr());
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("duban: {e}");
            ExitCode::FAILURE
        }
    }
}
