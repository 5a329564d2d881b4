//! Splits the linked app wasm at its `wasm_split` points (app/src/chunks.rs) into the main module and
//! one chunk per screen, with Leptos's splitter as a library (`wasm_split_cli_support`, what cargo-leptos
//! runs), so no tool is downloaded.
//!
//! The splitter writes a small JS "link" module that the main module imports and that in turn imports
//! `initSync` from the main module's JS. Both names carry content hashes, so the link module is written
//! with a placeholder for the main JS and the chunks' plain names, and `finish` fills in the final names.

use anyhow::{Context, Result, anyhow};
use std::fs;
use std::path::{Path, PathBuf};

/// The wasm import module the split points name; the splitter rewrites their placeholder to it.
pub const LINK_MODULE: &str = "./__wasm_split.js";
/// Stands for the main module's JS in the link module until its hashed name is known.
const MAIN_PLACEHOLDER: &str = "./__duban_main__.js";

pub struct Split {
    /// The main module, still to be bound by wasm-bindgen.
    pub main: PathBuf,
    /// Each chunk's file stem (`split_inbox`, `chunk_3`) and path.
    pub chunks: Vec<(String, PathBuf)>,
    /// Each screen's split name (`inbox`) and the chunk stems it loads before it shows.
    pub needs: Vec<(String, Vec<String>)>,
    /// The link module's text, with placeholders.
    link_js: String,
}

pub fn split(input: &Path, out_dir: &Path) -> Result<Split> {
    if out_dir.exists() {
        fs::remove_dir_all(out_dir)?;
    }
    fs::create_dir_all(out_dir)?;
    let wasm = fs::read(input).with_context(|| format!("reading {}", input.display()))?;
    let main = out_dir.join("main.wasm");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = out_dir;
    options.main_out_path = &main;
    options.link_name = LINK_MODULE;
    options.main_module = MAIN_PLACEHOLDER;
    options.emit_dwarf = false;
    let result = wasm_split_cli_support::transform(options)
        .map_err(|err| anyhow!("splitting {}: {err:?}", input.display()))?;
    let mut chunks = Vec::new();
    for path in result.split_modules {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .ok_or_else(|| {
                anyhow!(
                    "the splitter wrote a chunk without a name: {}",
                    path.display()
                )
            })?;
        chunks.push((stem, path));
    }
    chunks.sort();
    let link_path = out_dir.join(LINK_MODULE.trim_start_matches("./"));
    let link_js = fs::read_to_string(&link_path)
        .with_context(|| format!("reading the link module {}", link_path.display()))?;
    if !link_js.contains(MAIN_PLACEHOLDER) {
        anyhow::bail!(
            "the splitter's link module does not import the main module: xtask/src/split.rs needs an update"
        );
    }
    let mut needs: Vec<(String, Vec<String>)> = result.prefetch_map.into_iter().collect();
    needs.sort();
    Ok(Split {
        main,
        chunks,
        needs,
        link_js,
    })
}

impl Split {
    /// The link module with the final names: `main_js` for the main module's JS, and each chunk's
    /// hashed file name from `chunk_name(stem)`.
    pub fn link_js(&self, main_js: &str, chunk_name: impl Fn(&str) -> String) -> Result<String> {
        let mut js = self
            .link_js
            .replace(MAIN_PLACEHOLDER, &format!("./{main_js}"));
        for (stem, _) in &self.chunks {
            let plain = format!("\"./{stem}.wasm\"");
            if !js.contains(&plain) {
                anyhow::bail!(
                    "the link module does not load {stem}.wasm: xtask/src/split.rs needs an update"
                );
            }
            js = js.replace(&plain, &format!("\"./{}\"", chunk_name(stem)));
        }
        Ok(js)
    }
}
