//! `test`'s API fuzzing step: `scripts/fuzz_api.sh`, short and with a fixed seed, against the built server.

use crate::util::{root, run_step, target_dir};
use anyhow::Result;
use std::path::Path;
use std::process::Command;

/// About two minutes across every role: enough to meet each route in all three phases.
const SECONDS: &str = "120";
/// Fixed, so a failure here is the same failure on the next run (`scripts/fuzz_api.sh` with no
/// `--seed` draws a fresh one for the long runs).
const SEED: &str = "20261206";

/// Starts `server` on a free port with demo data in memory and fails on any 5xx or any answer
/// outside the OpenAPI document. The script keeps schemathesis in a venv under the target folder.
pub fn fuzz(server: &Path) -> Result<()> {
    run_step(
        "schemathesis (API fuzzing, every role)",
        Command::new("bash")
            .arg(root().join("scripts/fuzz_api.sh"))
            .arg("--bin")
            .arg(server)
            .args(["--seconds", SECONDS, "--seed", SEED])
            .env("CARGO_TARGET_DIR", target_dir()),
    )
}
