//! `dist/sw.js`: the service worker that keeps the app shell, so the installed app opens with no network.
//!
//! Its cache is named after a hash of every shell file, so each build gets a fresh cache and the old one is
//! deleted when the new worker activates: a phone never runs an index.html with another build's wasm. The
//! index is fetched network-first (a new release shows at once when online) and falls back to the copy
//! cached with its own assets; the content-hashed files are cache-first; `/api` is never touched.

use anyhow::Result;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

pub fn write(dist: &Path) -> Result<()> {
    let mut files = Vec::new();
    list(dist, dist, &mut files)?;
    files.sort();
    let mut hasher = Sha256::new();
    for name in &files {
        hasher.update(name.as_bytes());
        hasher.update(fs::read(dist.join(name.trim_start_matches('/')))?);
    }
    let version = hex::encode(&hasher.finalize()[..8]);
    let shell = files
        .iter()
        .map(|f| format!("  '{f}',"))
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(dist.join("sw.js"), script(&version, &shell))?;
    Ok(())
}

/// Every file under `dir` as an absolute URL path (`/app-….wasm`, `/snippets/…/inline0.js`).
fn list(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel != "sw.js" {
                out.push(format!("/{rel}"));
            }
        }
    }
    Ok(())
}

fn script(version: &str, shell: &str) -> String {
    format!(
        r#"// Duban's service worker, written by `cargo xtask build-app` (xtask/src/service_worker.rs).
const CACHE = 'duban-{version}';
const SHELL = [
{shell}
];

self.addEventListener('install', (event) => {{
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
}});

// Only this build's cache stays: no stale wasm after an update.
self.addEventListener('activate', (event) => {{
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((k) => k.startsWith('duban-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
}});

self.addEventListener('fetch', (event) => {{
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {{
    return;
  }}
  if (req.mode === 'navigate') {{
    // Network first; offline, the index cached together with its own assets.
    event.respondWith(fetch(req).catch(() => caches.open(CACHE).then((c) => c.match('/index.html'))));
    return;
  }}
  event.respondWith(caches.open(CACHE).then((c) => c.match(req)).then((hit) => hit || fetch(req)));
}});
"#
    )
}
