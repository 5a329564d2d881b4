//! Times SurrealQL statements against a database (stopped server; embedded stores lock their files):
//! `cargo run --release -p server --example sql -- surrealkv://DIR '{"id":"demo-0005"}' "SELECT …" …`
//! prints each statement's first result and its mean over 300 runs (docs/performance.md).

use server::config::DatabaseSettings;
use server::store::db::Database;
use std::process::ExitCode;

/// Runs per statement; `SQL_RUNS` overrides it (a slow statement needs fewer).
const RUNS: u32 = 300;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sql: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: sql URL VARS_JSON STATEMENT...";
    let url = args.next().ok_or(usage)?;
    let vars: serde_json::Value = serde_json::from_str(&args.next().ok_or(usage)?)?;
    let settings = DatabaseSettings {
        url,
        namespace: "duban".into(),
        name: "duban".into(),
        user: None,
        password: None,
        password_file: None,
        user_level: server::config::UserLevel::Root,
    };
    let db = Database::connect(&settings).await?;
    let runs: u32 = std::env::var("SQL_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(RUNS);
    for sql in args {
        println!("{sql}");
        match db.run(&sql, vars.clone()).await {
            Ok(result) => {
                let text = serde_json::to_string(&result)?;
                println!("  -> {}", text.chars().take(150).collect::<String>());
            }
            Err(e) => {
                println!("  error: {e}");
                continue;
            }
        }
        let started = std::time::Instant::now();
        for _ in 0..runs {
            db.run(&sql, vars.clone()).await?;
        }
        println!("  mean of {runs}: {:?}", started.elapsed() / runs.max(1));
    }
    Ok(())
}
