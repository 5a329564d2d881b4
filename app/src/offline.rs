//! Working with a weak network: the online flag, the drafts and outbox kept in IndexedDB and sent when
//! the network allows (`shared::outbox` decides, this module stores and sends), and reads kept for offline.

use crate::api::{self, ActError, ApiError};
use crate::i18n::{I18n, Lang};
use crate::{Session, idb};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use shared::api::Me;
use shared::outbox::{DraftKey, Millis, Outbox, Outcome, Refusal, Settled};
use std::time::Duration;

/// Typing is written to IndexedDB once it pauses this long.
const SAVE_AFTER_MS: u64 = 400;
/// The signed-in user, kept so the app still knows who it is when it opens offline.
const ME_KEY: &str = "duban.me";

pub fn now() -> Millis {
    js_sys::Date::now() as Millis
}

/// The offline state shared through context: read by the shell, the matter page and the drafts list.
#[derive(Clone, Copy)]
pub struct Net {
    pub online: RwSignal<bool>,
    pub outbox: RwSignal<Outbox>,
    /// The signed-in user's drafts have been read from IndexedDB.
    pub loaded: RwSignal<bool>,
    /// The server ended the session while the outbox held a submission: the sign-in form says
    /// that what waits is kept and goes out after signing in again.
    pub expired: RwSignal<bool>,
    session: RwSignal<Session>,
    /// Whose drafts are in `outbox`.
    loaded_user: RwSignal<String>,
    /// Counts edits: only the last of a burst of keystrokes writes to IndexedDB.
    edits: StoredValue<u32>,
}

impl Net {
    pub fn provide(session: RwSignal<Session>) -> Net {
        let net = Net {
            online: RwSignal::new(idb::online()),
            outbox: RwSignal::new(Outbox::default()),
            loaded: RwSignal::new(false),
            expired: RwSignal::new(false),
            session,
            loaded_user: RwSignal::new(String::new()),
            edits: StoredValue::new(0),
        };
        provide_context(net);
        let back = window_event_listener(leptos::ev::online, move |_| {
            net.online.set(true);
            net.outbox.update(|o| o.wake(now()));
            net.pump();
        });
        let gone = window_event_listener(leptos::ev::offline, move |_| net.online.set(false));
        // The app lives as long as the page: the listeners too.
        std::mem::forget((back, gone));
        Effect::new(move |_| {
            // Checking or unreachable says nothing about who is signed in: keep the drafts loaded.
            let user = match session.get() {
                Session::SignedIn(me) => me.username,
                Session::SignedOut => String::new(),
                _ => return,
            };
            if user != net.loaded_user.get_untracked() {
                net.switch_user(user);
            }
        });
        net
    }

    pub fn use_() -> Net {
        expect_context::<Net>()
    }

    /// The signed-in user's name; empty when signed out.
    fn user(self) -> String {
        self.session.with_untracked(|s| match s {
            Session::SignedIn(me) => me.username.clone(),
            _ => String::new(),
        })
    }

    pub fn key(self, matter: &str, form: shared::engine::ActionKind) -> DraftKey {
        DraftKey {
            user: self.user(),
            matter: matter.to_owned(),
            form,
        }
    }

    fn switch_user(self, user: String) {
        let previous = self.loaded_user.get_untracked();
        if !previous.is_empty() {
            // Signed out (or someone else signed in): matters kept for offline reading are not left behind.
            spawn_local(async move { idb::cache_clear(&previous).await });
        }
        self.loaded_user.set(user.clone());
        self.loaded.set(false);
        self.outbox.set(Outbox::default());
        if user.is_empty() {
            return;
        }
        spawn_local(async move {
            let drafts = idb::drafts_of(&user).await;
            if self.loaded_user.get_untracked() == user {
                // Opening the app or signing in again is a fresh start: nothing waits out an old backoff.
                let mut outbox = Outbox::load(drafts);
                outbox.wake(now());
                self.outbox.set(outbox);
                self.expired.set(false);
                self.loaded.set(true);
                self.pump();
            }
        });
    }

    /// Keeps what was typed: in memory at once, in IndexedDB when typing pauses.
    pub fn edit(self, key: DraftKey, title: &str, fields: Vec<(String, String)>) {
        self.outbox.update(|o| {
            o.edit(key, title, fields, now());
        });
        self.edits.update_value(|n| *n += 1);
        let edit = self.edits.get_value();
        set_timeout(
            move || {
                if self.edits.get_value() == edit {
                    // Every draft, so a quick switch between two forms loses neither; each one read
                    // just before its write, so a draft settled meanwhile is not written back.
                    let keys: Vec<_> = self
                        .outbox
                        .with_untracked(|o| o.drafts().map(|d| d.key.clone()).collect());
                    spawn_local(async move {
                        for key in keys {
                            let draft = self.outbox.with_untracked(|o| o.draft(&key).cloned());
                            if let Some(draft) = draft {
                                idb::put_draft(&draft).await;
                            }
                        }
                    });
                }
            },
            Duration::from_millis(SAVE_AFTER_MS),
        );
    }

    /// Queues the draft's current text as `action` (JSON) on `version`, stores it, and sends it if it can.
    pub fn submit(self, key: &DraftKey, version: u64, action: String) -> bool {
        let queued = self
            .outbox
            .try_update(|o| {
                o.submit(key, version, action, api::idempotency_key(), now())
                    .is_ok()
            })
            .unwrap_or(false);
        if queued {
            self.persist(key);
            self.pump();
        }
        queued
    }

    pub fn discard(self, key: &DraftKey) {
        if self.outbox.try_update(|o| o.discard(key)) == Some(true) {
            self.persist(key);
        }
    }

    /// Sends every submission that is due; answers settle it, failures come back after a backoff.
    pub fn pump(self) {
        if !self.online.get_untracked() {
            return;
        }
        let due = self.outbox.with_untracked(|o| o.due(now()));
        for key in due {
            let Some(sub) = self.outbox.try_update(|o| o.start(&key)).flatten() else {
                continue;
            };
            spawn_local(async move {
                let result =
                    api::act_once(&key.matter, sub.version, &sub.action, &sub.idempotency_key)
                        .await;
                let signed_out = matches!(
                    &result,
                    Err(ActError::Api(ApiError::Server { status: 401, .. }))
                );
                let settled = self
                    .outbox
                    .try_update(|o| o.settle(&key, &sub.idempotency_key, outcome(result), now()))
                    .unwrap_or(Settled::Ignored);
                if settled != Settled::Ignored {
                    self.persist(&key);
                }
                if signed_out {
                    // The submission is kept (written just above); sending resumes once the same
                    // user signs in again and the drafts are read back.
                    self.expired.set(true);
                    self.session.set(Session::SignedOut);
                    return;
                }
                if let Settled::WillRetry { at } = settled {
                    let wait = (at - now()).max(0) as u64;
                    set_timeout(move || self.pump(), Duration::from_millis(wait));
                }
            });
        }
    }

    /// Writes the form's draft (with its queued submission) as it is now, or deletes it if it is gone.
    fn persist(self, key: &DraftKey) {
        let draft = self.outbox.with_untracked(|o| o.draft(key).cloned());
        let key = key.clone();
        spawn_local(async move {
            match draft {
                Some(draft) => idb::put_draft(&draft).await,
                None => idb::delete_draft(&key).await,
            }
        });
    }

    /// `GET url` as text, kept for offline reading. Without a network: the kept answer and when it
    /// was saved. Not generic, so the wasm holds one copy of it; `decode` reads the text.
    pub async fn cached(self, url: String) -> Result<(String, Option<Millis>), ApiError> {
        let user = self.user();
        match api::get_text(&url).await {
            Ok(text) => {
                let kept = text.clone();
                spawn_local(async move { idb::cache_put(&user, &url, &kept).await });
                Ok((text, None))
            }
            Err(ApiError::Network(err)) => match idb::cache_get(&user, &url).await {
                Some((at, text)) => Ok((text, Some(at))),
                None => Err(ApiError::Network(err)),
            },
            Err(err) => Err(err),
        }
    }
}

/// A kept or fresh answer decoded; `saved` learns when it was kept (`None`: fresh from the server).
pub fn decode<T: DeserializeOwned>(
    answer: Result<(String, Option<Millis>), ApiError>,
    saved: RwSignal<Option<Millis>>,
) -> Result<T, ApiError> {
    let (text, at) = answer?;
    saved.set(at);
    serde_json::from_str(&text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// What an answer means for the outbox: only a definite "no" from the server ends a submission.
fn outcome(result: Result<(), ActError>) -> Outcome {
    let refused = |code: String, message: String, message_en: String| {
        Outcome::Refused(Refusal {
            code,
            message,
            message_en,
        })
    };
    match result {
        Ok(()) => Outcome::Applied,
        Err(ActError::Conflict(c)) => refused("stale_version".into(), c.message, c.message_en),
        // Expired session, timeouts, rate limits, proxies and restarts: the same key later.
        Err(ActError::Api(ApiError::Server {
            status: 401 | 408 | 429 | 502 | 503 | 504,
            ..
        })) => Outcome::Retry,
        Err(ActError::Api(ApiError::Server { body, .. })) => {
            refused(body.code, body.message, body.message_en)
        }
        Err(_) => Outcome::Retry,
    }
}

/// The user as last signed in, for opening offline; `None` after signing out.
pub fn remember_me(me: Option<&Me>) {
    use gloo_storage::{LocalStorage, Storage};
    match me {
        Some(me) => {
            let _ = LocalStorage::set(ME_KEY, me);
        }
        None => LocalStorage::delete(ME_KEY),
    }
}

pub fn remembered_me() -> Option<Me> {
    use gloo_storage::{LocalStorage, Storage};
    LocalStorage::get(ME_KEY).ok()
}

/// "5 分钟前" and the like, for drafts and data kept offline.
pub fn age(at: Millis, lang: Lang) -> String {
    let minutes = (now() - at).max(0) / 60_000;
    let (n, zh, en) = match minutes {
        0 => {
            return if lang == Lang::Zh {
                "刚刚".into()
            } else {
                "just now".into()
            };
        }
        1..60 => (minutes, "分钟", "min"),
        60..1440 => (minutes / 60, "小时", "h"),
        _ => (minutes / 1440, "天", "d"),
    };
    match lang {
        Lang::Zh => format!("{n} {zh}前"),
        Lang::En => format!("{n} {en} ago"),
    }
}

/// The note on a screen shown from data kept offline, with its age.
#[component]
pub fn SavedNote(at: RwSignal<Option<Millis>>) -> impl IntoView {
    let i18n = I18n::use_();
    move || {
        at.get().map(|at| {
            view! {
                <p class="offline-note" role="status" data-testid="offline-data">
                    {move || match i18n.get() {
                        Lang::Zh => format!("离线查看：{}保存的数据", age(at, Lang::Zh)),
                        Lang::En => format!("Offline: data saved {}", age(at, Lang::En)),
                    }}
                </p>
            }
        })
    }
}
