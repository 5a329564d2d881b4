//! wasm-opt from the npm `binaryen` package, when `end2end/node_modules` has it (Debian's wasm-opt 108
//! silently breaks the module).

use crate::util::{root, run_step};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Oldest wasm-opt we trust; Debian's 108 is the known-broken one.
const MIN_WASM_OPT_VERSION: u32 = 116;

pub struct WasmOpt {
    tool: PathBuf,
    pub version: String,
}

impl WasmOpt {
    /// The tool, or `None` (with a note) when `npm ci` in end2end/ has not installed it.
    pub fn find() -> Result<Option<WasmOpt>> {
        let tool = root().join("end2end/node_modules/binaryen/bin/wasm-opt");
        if !tool.exists() {
            eprintln!(
                "\n==> wasm-opt: skipped (no {}; `npm ci` in end2end/ installs it)",
                tool.display()
            );
            return Ok(None);
        }
        let version = Command::new(&tool)
            .arg("--version")
            .output()
            .with_context(|| format!("running {} --version", tool.display()))?;
        let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
        let number = version
            .split(|c: char| !c.is_ascii_digit())
            .find_map(|part| part.parse::<u32>().ok())
            .unwrap_or(0);
        if number < MIN_WASM_OPT_VERSION {
            bail!(
                "{} reports `{version}`: versions before {MIN_WASM_OPT_VERSION} are known to break the wasm",
                tool.display()
            );
        }
        Ok(Some(WasmOpt { tool, version }))
    }

    /// `-Oz` on one module; `echo` prints the step as the other build steps do.
    pub fn run(&self, wasm: &Path, echo: bool) -> Result<Vec<u8>> {
        let out = wasm.with_extension("opt.wasm");
        let mut cmd = Command::new(&self.tool);
        cmd.arg(wasm).arg("-o").arg(&out).args([
            "-Oz",
            "--converge",
            // Rust puts the stack and then the data from 1 MiB up, so the first KiB is never used:
            // wasm-opt may then fold constant offsets into loads and stores.
            "--low-memory-unused",
            "--strip-debug",
            "--strip-producers",
            // Only tools read it, and every chunk would carry its own copy (about 0.1 KB brotli each).
            "--strip-target-features",
            // The features rustc 1.95 enables by default for wasm32-unknown-unknown.
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ]);
        if echo {
            run_step(&format!("wasm-opt -Oz ({})", self.version), &mut cmd)?;
        } else {
            let output = cmd
                .output()
                .with_context(|| format!("running {}", self.tool.display()))?;
            if !output.status.success() {
                bail!(
                    "wasm-opt failed on {}: {}",
                    wasm.display(),
                    String::from_utf8_lossy(&output.stderr)
                );
            }
        }
        Ok(fs::read(&out)?)
    }
}
