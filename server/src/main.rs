//! The `duban` binary: read settings, start the server, serve until stopped.

use clap::Parser;
use server::config::{Cli, Settings};
use server::startup::Application;
use std::process::ExitCode;

/// glibc's malloc took a quarter of the server's time under write load (`_int_malloc`,
/// `malloc_consolidate`, `unlink_chunk` in a profile) and grew its heap to several GB;
/// see docs/performance.md, "Durable action writes".
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    server::telemetry::init("info");
    let mut cli = Cli::parse();
    let command = cli.command.take();
    let seed = cli.seed.map(|n| (n, cli.seed_units));
    let settings = match Settings::load(cli) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("duban: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(command) = command {
        return server::store::audit::cli::run(command, settings.database, settings.audit).await;
    }
    let app = match Application::build(settings).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("duban: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some((matters, units)) = seed {
        let seeded = server::seed::scale::seed(app.state(), matters, units).await;
        // Closed before the answer: a seed is only whole once its store is.
        app.close().await;
        return match seeded {
            Ok(r) => {
                println!(
                    "seeded {} matters ({} events), {} units, {} users in {:.1} s",
                    r.matters, r.events, r.units, r.users, r.seconds
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("duban: seeding failed: {e}");
                ExitCode::FAILURE
            }
        };
    }
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
