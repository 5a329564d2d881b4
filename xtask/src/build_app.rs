//! `build-app`: compiles the Leptos app to wasm, binds it with the wasm-bindgen library and writes `dist/`.
//!
//! No tool is downloaded: wasm-bindgen runs in-process through `wasm-bindgen-cli-support`, pinned in the
//! workspace to the exact `wasm-bindgen` version the app links against. wasm-opt is optional and only ever
//! the npm `binaryen` build (Debian's wasm-opt 108 silently breaks the module, see shared/docs/toolchain.md).

use crate::util::{cargo, kb, root, run_step, target_dir};
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// wasm + js + css after brotli must stay under this: a phone on a slow link still starts quickly.
/// Issue 8 aims for 250 KB (200 KB ideally) and that target is still open: the app measured 296.9 KB
/// before the offline work, print views, calendar editor, saved views and report screens, and 350.8 KB
/// with them (docs/performance.md has each step). The gate is that measurement + 10 KB, so any growth
/// beyond it fails the build while the way to 250 KB (one wasm chunk per route) is built.
pub const BUDGET_BROTLI_BYTES: usize = 361 * 1024;

/// Oldest wasm-opt we trust; Debian's 108 is the known-broken one.
const MIN_WASM_OPT_VERSION: u32 = 116;

pub fn build_app() -> Result<()> {
    let started = Instant::now();
    let root = root();

    run_step(
        "rustup target add wasm32-unknown-unknown",
        Command::new("rustup")
            .args(["target", "add", "wasm32-unknown-unknown"])
            .current_dir(&root),
    )?;
    run_step(
        "cargo build (app, wasm32, wasm-release profile)",
        cargo()
            // Leptos' `erase_components`: views are type-erased per component instead of one deeply
            // nested type per screen, which cuts the monomorphised render code (about 30 KB brotli).
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                "--cfg erase_components",
            )
            .args([
                "build",
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
    let bindgen_dir = target_dir().join("xtask/bindgen");
    if bindgen_dir.exists() {
        fs::remove_dir_all(&bindgen_dir)?;
    }
    eprintln!("\n==> wasm-bindgen (library) {}", input.display());
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&input)
        .out_name("app")
        .web(true)?
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&bindgen_dir)
        .context("wasm-bindgen failed")?;

    let mut wasm = fs::read(bindgen_dir.join("app_bg.wasm"))?;
    let js = fs::read_to_string(bindgen_dir.join("app.js"))?;
    if let Some(optimised) = wasm_opt(&bindgen_dir.join("app_bg.wasm"))? {
        wasm = optimised;
    }

    let css = concat_css(&root.join("style"))?;

    let dist = root.join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist).with_context(|| format!("removing {}", dist.display()))?;
    }
    fs::create_dir_all(&dist)?;

    let wasm_name = format!("app-{}.wasm", short_hash(&wasm));
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
    );
    if !js.contains("async function __wbg_init(") {
        bail!(
            "wasm-bindgen's JS no longer defines `__wbg_init`: update the boot line in xtask/src/build_app.rs"
        );
    }
    let js_name = format!("app-{}.js", short_hash(js.as_bytes()));
    let css_name = format!("style-{}.css", short_hash(css.as_bytes()));

    fs::write(dist.join(&wasm_name), &wasm)?;
    fs::write(dist.join(&js_name), &js)?;
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

    let mut raw = 0;
    let mut brotli = 0;
    eprintln!("\n==> dist/ ({:.1} s)", started.elapsed().as_secs_f64());
    eprintln!(
        "    {:<32} {:>10} {:>10} {:>10}",
        "file", "raw", "brotli", "gzip"
    );
    for name in [&wasm_name, &js_name, &css_name] {
        let r = file_len(&dist.join(name))?;
        let b = file_len(&dist.join(format!("{name}.br")))?;
        let g = file_len(&dist.join(format!("{name}.gz")))?;
        raw += r;
        brotli += b;
        eprintln!("    {:<32} {:>10} {:>10} {:>10}", name, kb(r), kb(b), kb(g));
    }
    eprintln!(
        "    {:<32} {:>10} {:>10}   (budget {} brotli)",
        "wasm + js + css",
        kb(raw),
        kb(brotli),
        kb(BUDGET_BROTLI_BYTES)
    );
    if brotli > BUDGET_BROTLI_BYTES {
        bail!(
            "size budget exceeded: wasm + js + css is {} after brotli, the budget is {}",
            kb(brotli),
            kb(BUDGET_BROTLI_BYTES)
        );
    }
    Ok(())
}

/// Runs wasm-opt from the npm `binaryen` package when `end2end/node_modules` has it; otherwise skips.
fn wasm_opt(wasm: &Path) -> Result<Option<Vec<u8>>> {
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
    let version = String::from_utf8_lossy(&version.stdout).into_owned();
    let number = version
        .split(|c: char| !c.is_ascii_digit())
        .find_map(|part| part.parse::<u32>().ok())
        .unwrap_or(0);
    if number < MIN_WASM_OPT_VERSION {
        bail!(
            "{} reports `{}`: versions before {MIN_WASM_OPT_VERSION} are known to break the wasm",
            tool.display(),
            version.trim()
        );
    }
    let out = wasm.with_extension("opt.wasm");
    run_step(
        &format!("wasm-opt -Oz ({})", version.trim()),
        Command::new(&tool).arg(wasm).arg("-o").arg(&out).args([
            "-Oz",
            "--converge",
            "--strip-debug",
            "--strip-producers",
            // The features rustc 1.95 enables by default for wasm32-unknown-unknown.
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ]),
    )?;
    Ok(Some(fs::read(&out)?))
}

/// All `style/*.css` in name order, so one request carries the whole stylesheet.
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
        css.push_str(&format!(
            "/* {} */\n",
            file.file_name().unwrap_or_default().to_string_lossy()
        ));
        css.push_str(&fs::read_to_string(&file)?);
        css.push('\n');
    }
    Ok(css)
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

fn file_len(path: &Path) -> Result<usize> {
    Ok(fs::metadata(path)
        .with_context(|| format!("reading {}", path.display()))?
        .len() as usize)
}
