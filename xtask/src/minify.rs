//! The app's two JS modules through terser, from the npm package `end2end/` installs (like wasm-opt).
//!
//! wasm-bindgen's glue and the splitter's link module are written for reading, and both are on every
//! first screen (their sizes: docs/performance.md, "App size"). Only local names are shortened
//! (`--module` keeps the exports the two modules import from each other; properties are never
//! renamed, so the wasm's imports, looked up by name, still resolve).

use crate::util::root;
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Terser {
    tool: PathBuf,
}

impl Terser {
    /// The tool, or `None` (with a note) when `npm ci` in end2end/ has not installed it.
    pub fn find() -> Option<Terser> {
        let tool = root().join("end2end/node_modules/terser/bin/terser");
        if tool.exists() {
            Some(Terser { tool })
        } else {
            eprintln!(
                "\n==> terser: skipped (no {}; `npm ci` in end2end/ installs it)",
                tool.display()
            );
            None
        }
    }

    /// The module `js`, minified; `scratch` is a directory for the tool's input and output.
    pub fn run(&self, js: &str, scratch: &Path, name: &str) -> Result<String> {
        let input = scratch.join(format!("{name}.js"));
        let output = scratch.join(format!("{name}.min.js"));
        fs::write(&input, js)?;
        let out = Command::new("node")
            .arg(&self.tool)
            .arg(&input)
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(&output)
            .output()
            .with_context(|| format!("running node {}", self.tool.display()))?;
        if !out.status.success() {
            bail!(
                "terser failed on {}: {}",
                input.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        fs::read_to_string(&output).with_context(|| format!("reading {}", output.display()))
    }
}
