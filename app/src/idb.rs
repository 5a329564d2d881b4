//! IndexedDB through a few lines of JS: the user's drafts (each with its queued submission) and cached reads.
//!
//! A hand-written snippet instead of web-sys' IndexedDB bindings or a crate keeps the wasm small.
//! Storage failures (a private window, a full disk) are logged and otherwise ignored: the drafts then
//! live in memory for the session, as before.

use shared::outbox::{Draft, DraftKey, Millis};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
let db;
function open() {
  if (!db) db = new Promise((ok, fail) => {
    const r = indexedDB.open('duban', 1);
    r.onupgradeneeded = () => { r.result.createObjectStore('drafts'); r.result.createObjectStore('cache'); };
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
  return db;
}
function run(store, mode, f) {
  return open().then((d) => new Promise((ok, fail) => {
    const tx = d.transaction(store, mode);
    const r = f(tx.objectStore(store));
    tx.oncomplete = () => ok(r && r.result);
    tx.onerror = tx.onabort = () => fail(tx.error);
  }));
}
const range = (p) => IDBKeyRange.bound(p, p + '\uffff');
export function idbPut(store, key, value) { return run(store, 'readwrite', (s) => s.put(value, key)); }
export function idbDelete(store, key) { return run(store, 'readwrite', (s) => s.delete(key)); }
export function idbPrefix(store, prefix) { return run(store, 'readonly', (s) => s.getAll(range(prefix))); }
export function cacheGet(key) {
  return run('cache', 'readonly', (s) => s.get(key)).then((v) => (v ? [v.t, v.v] : null));
}
// Saves an answer with its time and keeps only the `keep` newest under `prefix`.
export function cachePut(key, text, prefix, keep) {
  return run('cache', 'readwrite', (s) => {
    s.put({ t: Date.now(), v: text }, key);
    const seen = [];
    s.openCursor(range(prefix)).onsuccess = (e) => {
      const c = e.target.result;
      if (c) { seen.push([c.key, c.value.t]); c.continue(); return; }
      seen.sort((a, b) => b[1] - a[1]).slice(keep).forEach(([k]) => s.delete(k));
    };
  });
}
export function cacheClear(prefix) { return run('cache', 'readwrite', (s) => s.delete(range(prefix))); }
export function online() { return navigator.onLine; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = idbPut)]
    fn idb_put(store: &str, key: &str, value: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = idbDelete)]
    fn idb_delete(store: &str, key: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = idbPrefix)]
    fn idb_prefix(store: &str, prefix: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = cacheGet)]
    fn cache_get_js(key: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = cachePut)]
    fn cache_put_js(key: &str, text: &str, prefix: &str, keep: u32) -> js_sys::Promise;
    #[wasm_bindgen(js_name = cacheClear)]
    fn cache_clear_js(prefix: &str) -> js_sys::Promise;
    /// `navigator.onLine`.
    pub fn online() -> bool;
}

async fn wait(promise: js_sys::Promise) -> Option<JsValue> {
    match JsFuture::from(promise).await {
        Ok(value) => Some(value),
        Err(err) => {
            web_log(&err);
            None
        }
    }
}

fn web_log(err: &JsValue) {
    // The error object itself, so the console shows its name and message.
    leptos::web_sys::console::warn_2(&JsValue::from_str("IndexedDB:"), err);
}

/// Writes the draft, with its queued submission, as one record.
pub async fn put_draft(draft: &Draft) {
    wait(idb_put("drafts", &draft.key.storage_key(), &draft.encode())).await;
}

pub async fn delete_draft(key: &DraftKey) {
    wait(idb_delete("drafts", &key.storage_key())).await;
}

/// Every stored draft of `user`; records an older app version cannot read are skipped.
pub async fn drafts_of(user: &str) -> Vec<Draft> {
    let Some(values) = wait(idb_prefix("drafts", &DraftKey::user_prefix(user))).await else {
        return Vec::new();
    };
    js_sys::Array::from(&values)
        .iter()
        .filter_map(|v| v.as_string())
        .filter_map(|record| Draft::decode(&record))
        .filter(|d| d.key.user == user)
        .collect()
}

/// The matters kept for offline reading: the most recently opened ones.
const KEEP_MATTERS: u32 = 30;

/// Keeps an answer for offline reading, under the user and the URL.
pub async fn cache_put(user: &str, url: &str, text: &str) {
    // Under the user's "/api/matters/" prefix only the newest matters stay; the inbox has its own key.
    let prefix = format!("{user} /api/matters/");
    wait(cache_put_js(
        &format!("{user} {url}"),
        text,
        &prefix,
        KEEP_MATTERS,
    ))
    .await;
}

/// The answer kept for `url`, with when it was saved.
pub async fn cache_get(user: &str, url: &str) -> Option<(Millis, String)> {
    // `null` when nothing was kept: `Array::from(null)` would throw.
    let value = wait(cache_get_js(&format!("{user} {url}")))
        .await
        .filter(|v| v.is_object())?;
    let pair = js_sys::Array::from(&value);
    let at = pair.get(0).as_f64()? as Millis;
    Some((at, pair.get(1).as_string()?))
}

/// Forgets what was kept for `user` to read offline (drafts stay: they are unsent work).
pub async fn cache_clear(user: &str) {
    wait(cache_clear_js(&format!("{user} "))).await;
}
