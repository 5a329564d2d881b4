//! `build-app`: compiles the Leptos app to wasm, binds it with the wasm-bindgen library and writes `dist/`.
//!
//! No tool is downloaded: wasm-bindgen runs in-process through `wasm-bindgen-cli-support`, pinned in the
//! workspace to the exact `wasm-bindgen` version the app links against. wasm-opt is optional and only ever
//! the npm `binaryen` build (Debian's wasm-opt 108 silently breaks the module).

use crate::minify::Terser;
use crate::util::{cargo, root, run_step, target_dir};
use crate::wasm_opt::WasmOpt;
use crate::{app_size, split};
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// `erase_components`: views are type-erased per component instead of one deeply nested type per screen,
/// which cuts the monomorphised render code (about 30 KB brotli). `panic=immediate-abort` (with std
/// rebuilt) drops the panic message formatting: 28 KB brotli; a panic in the browser was already fatal
/// (`panic = "abort"`). `fmt-debug=none`: `{:?}` prints nothing, so the app never shows Debug output to
/// a user (it logs JS errors as objects instead). `--emit-relocs` keeps the relocations the splitter needs to move code into chunks.
const APP_RUSTFLAGS: &str = "--cfg erase_components -Zunstable-options -Cpanic=immediate-abort \
     -Zlocation-detail=none -Zfmt-debug=none -Clink-arg=--emit-relocs";

/// Whether a first screen over the size budget fails the build (`build-app`, `test`) or is only
/// reported (`run`, which must start on a machine without npm's wasm-opt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    Enforce,
    Report,
}

pub fn build_app(budget: Budget) -> Result<()> {
    let started = Instant::now();
    let root = root();

    run_step(
        "rustup target add wasm32-unknown-unknown",
        Command::new("rustup")
            .args(["target", "add", "wasm32-unknown-unknown"])
            .current_dir(&root),
    )?;
    // The standard library is rebuilt for the app (below), from the toolchain's own sources.
    run_step(
        "rustup component add rust-src",
        Command::new("rustup")
            .args(["component", "add", "rust-src"])
            .current_dir(&root),
    )?;
    run_step(
        "cargo build (app, wasm32, wasm-release profile, std rebuilt to abort on panic)",
        cargo()
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                APP_RUSTFLAGS,
            )
            // `build-std` and `panic=immediate-abort` are unstable: this lets the pinned stable
            // toolchain accept them for this one build, instead of fetching a nightly.
            .env("RUSTC_BOOTSTRAP", "1")
            .args([
                "build",
                "-Zbuild-std=std,panic_abort",
                "-p",
                "app",
                "--lib",
                "--target",
                "wasm32-unknown-unknown",
                "--profile",
                "wasm-release",
            ]),
    )?;

    let input = target_dir().join("wasm32-unknown-unknown/wasm-release/app.wasm");
    eprintln!("\n==> wasm-split (library) {}", input.display());
    let split = split::split(&input, &target_dir().join("xtask/split"))?;
    let bindgen_dir = target_dir().join("xtask/bindgen");
    if bindgen_dir.exists() {
        fs::remove_dir_all(&bindgen_dir)?;
    }
    eprintln!("\n==> wasm-bindgen (library) {}", split.main.display());
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&split.main)
        .out_name("app")
        .web(true)?
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        // The chunks import the main module's function table, which wasm-bindgen drops otherwise.
        .keep_lld_exports(true)
        .generate(&bindgen_dir)
        .context("wasm-bindgen failed")?;

    let mut wasm = fs::read(bindgen_dir.join("app_bg.wasm"))?;
    let js = fs::read_to_string(bindgen_dir.join("app.js"))?;
    let wasm_opt = WasmOpt::find()?;
    if let Some(tool) = &wasm_opt {
        wasm = tool.run(&bindgen_dir.join("app_bg.wasm"), true)?;
    }

    let css = concat_css(&root.join("style"))?;

    let dist = root.join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist).with_context(|| format!("removing {}", dist.display()))?;
    }
    fs::create_dir_all(&dist)?;

    let wasm_name = format!("app-{}.wasm", short_hash(&wasm));
    // Each chunk optimised like the main module and named by its content; two at a time (two cores).
    let chunk_names = optimise_chunks(wasm_opt.as_ref(), &split.chunks, &dist)?;
    // The main JS imports the link module, and the link module imports the main JS; see `split.rs`.
    let link_import = format!("from \"{}\"", split::LINK_MODULE);
    if !js.contains(&link_import) {
        bail!(
            "wasm-bindgen's JS does not import {}: update xtask/src/build_app.rs",
            split::LINK_MODULE
        );
    }
    const LINK_NAME: &str = "__duban_link_name__";
    // The boot call lives in the module itself rather than an inline <script>, so a strict
    // `script-src 'self'` Content-Security-Policy needs no exception.
    let js = format!(
        "{js}\n// Added by `cargo xtask build-app`: start the app with its content-hashed wasm.\n\
         __wbg_init({{ module_or_path: new URL('./{wasm_name}', import.meta.url) }}).catch((err) => {{\n  \
           console.error(err);\n  \
           document.body.textContent = '督办系统加载失败，请刷新页面。 Duban failed to load; please reload the page.';\n\
         }});\n\
         // The service worker keeps the app shell, so the app opens with no network (sw.js).\n\
         if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(console.error);\n"
    )
    .replace(&link_import, &format!("from \"./{LINK_NAME}\""));
    if !js.contains("async function __wbg_init(") {
        bail!(
            "wasm-bindgen's JS no longer defines `__wbg_init`: update the boot line in xtask/src/build_app.rs"
        );
    }
    let chunk_file = |stem: &str| {
        chunk_names
            .iter()
            .find(|(s, _)| s == stem)
            .map(|(_, name)| name.clone())
            .unwrap_or_default()
    };
    let link_template = split.link_js("__duban_main_name__", chunk_file)?;
    let link_name = format!(
        "split-{}.js",
        short_hash(format!("{js}{link_template}").as_bytes())
    );
    let js = js.replace(LINK_NAME, &link_name);
    let js_name = format!("app-{}.js", short_hash(js.as_bytes()));
    let link_js = split.link_js(&js_name, chunk_file)?;
    let css_name = format!("style-{}.css", short_hash(css.as_bytes()));
    // Minified last, after every name is in place; the names stay those of the readable modules.
    let (js, link_js) = match Terser::find() {
        Some(terser) => {
            eprintln!("\n==> terser (npm) on {js_name} and {link_name}");
            (
                terser.run(&js, &bindgen_dir, "app")?,
                terser.run(&link_js, &bindgen_dir, "split")?,
            )
        }
        None => (js, link_js),
    };

    fs::write(dist.join(&wasm_name), &wasm)?;
    fs::write(dist.join(&js_name), &js)?;
    fs::write(dist.join(&link_name), &link_js)?;
    fs::write(dist.join(&css_name), &css)?;
    fs::write(
        dist.join("index.html"),
        index_html(&js_name, &wasm_name, &css_name),
    )?;
    // wasm-bindgen puts `inline_js` / local JS modules under snippets/, imported relatively by the JS.
    let snippets = bindgen_dir.join("snippets");
    if snippets.exists() {
        copy_dir(&snippets, &dist.join("snippets"))?;
    }
    // The manifest and icons; then the service worker, which caches everything written so far.
    copy_dir(&root.join("app/public"), &dist)?;
    crate::service_worker::write(&dist)?;

    compress_all(&dist)?;

    eprintln!("\n==> dist/ ({:.1} s)", started.elapsed().as_secs_f64());
    app_size::report(
        &dist,
        &[&wasm_name, &js_name, &link_name, &css_name],
        &chunk_names,
        &split.needs,
        budget,
    )
}

/// wasm-opt on every chunk, on two threads; returns each chunk's stem and hashed file name in `dist`.
fn optimise_chunks(
    wasm_opt: Option<&WasmOpt>,
    chunks: &[(String, PathBuf)],
    dist: &Path,
) -> Result<Vec<(String, String)>> {
    let (first, second) = chunks.split_at(chunks.len() / 2);
    let one = |part: &[(String, PathBuf)]| -> Result<Vec<(String, String)>> {
        let mut names = Vec::new();
        for (stem, path) in part {
            let bytes = match wasm_opt {
                Some(tool) => tool.run(path, false)?,
                None => fs::read(path)?,
            };
            let name = format!("{stem}-{}.wasm", short_hash(&bytes));
            fs::write(dist.join(&name), &bytes)?;
            names.push((stem.clone(), name));
        }
        Ok(names)
    };
    if let Some(tool) = wasm_opt {
        eprintln!(
            "\n==> wasm-opt -Oz ({}) on {} chunks",
            tool.version,
            chunks.len()
        );
    }
    let (a, b) = std::thread::scope(|scope| {
        let other = scope.spawn(|| one(second));
        (one(first), other.join())
    });
    let mut names = a?;
    names.extend(b.map_err(|_| anyhow::anyhow!("a wasm-opt thread panicked"))??);
    Ok(names)
}

/// All `style/*.css` in name order, so one request carries the whole stylesheet, without the comments
/// and indentation (they are for the people editing it: 0.5 KB after brotli).
fn concat_css(dir: &Path) -> Result<String> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "css"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no .css file in {}", dir.display());
    }
    let mut css = String::new();
    for file in files {
        let text = fs::read_to_string(&file)?;
        let text = strip_comments(&text)
            .with_context(|| format!("{}: a comment is not closed", file.display()))?;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            css.push_str(line);
            css.push('\n');
        }
    }
    Ok(css)
}

/// CSS without its `/* … */` comments; `None` when one is left open. The stylesheets hold no string
/// with `/*` in it, so no string needs skipping.
fn strip_comments(css: &str) -> Option<String> {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start + 2..].find("*/")?;
        rest = &rest[start + 2 + end + 2..];
    }
    out.push_str(rest);
    Some(out)
}

fn index_html(js: &str, wasm: &str, css: &str) -> String {
    // Absolute URLs: the server answers every non-API path with this page (SPA fallback).
    format!(
        r##"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>督办 · Duban</title>
<meta name="theme-color" content="#a61b29">
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<link rel="apple-touch-icon" href="/icon-192.png">
<link rel="manifest" href="/manifest.webmanifest">
<link rel="stylesheet" href="/{css}">
<link rel="modulepreload" href="/{js}">
<link rel="preload" href="/{wasm}" as="fetch" type="application/wasm" crossorigin>
<script type="module" src="/{js}"></script>
</head>
<body>
<noscript>督办系统需要启用 JavaScript。Duban needs JavaScript.</noscript>
</body>
</html>
"##
    )
}

/// Writes `.br` and `.gz` next to every file, for the server's precompressed ServeDir.
fn compress_all(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            compress_all(&path)?;
            continue;
        }
        let data = fs::read(&path)?;
        let mut br = Vec::new();
        {
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin: 22,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut data.as_slice(), &mut br, &params)?;
        }
        fs::write(append_ext(&path, "br"), br)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&data)?;
        fs::write(append_ext(&path, "gz"), gz.finish()?)?;
    }
    Ok(())
}

fn append_ext(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            fs::copy(entry.path(), dest)?;
        }
    }
    Ok(())
}

fn short_hash(bytes: &[u8]) -> String {
    hex::encode(&Sha256::digest(bytes)[..8])
}
