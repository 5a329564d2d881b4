//! Screens compiled into their own wasm chunks, fetched the first time one is shown.
//!
//! The first download is what a phone on a slow link waits for, so it holds the shell, the login and
//! the shared machinery; each screen's own code follows when it is opened (`cargo xtask build-app`
//! splits the module at these functions; the service worker keeps every chunk for offline use).
//! A chunk that cannot be fetched shows an error with a retry instead of stopping the app.

use crate::Spinner;
use crate::i18n::{I18n, Key};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Waker};

/// A chunk could not be fetched or instantiated (the browser console has the cause).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// One split point per screen: `chunks::inbox::screen` shows the inbox once its chunk is here. Outside
/// wasm the split function is called directly, so host builds see plain functions.
macro_rules! chunks {
    ($($name:ident => $screen:path),* $(,)?) => {
        $(
            pub mod $name {
                use super::*;

                static LOADED: AtomicBool = AtomicBool::new(false);

                #[leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
                fn split() -> Result<AnyView, NotLoaded> {
                    Ok(view! { <$screen /> }.into_any())
                }

                fn fetch() -> Fetch {
                    Box::pin(__wasm_split_preload_split())
                }

                fn enter() -> Enter {
                    Box::pin(split())
                }

                pub fn screen() -> impl IntoView {
                    show(&LOADED, fetch, enter)
                }
            }
        )*
    };
}

chunks! {
    login => crate::routes::login::Login,
    not_found => crate::routes::NotFound,
    inbox => crate::routes::inbox::Inbox,
    ledger => crate::routes::ledger::Ledger,
    dashboard => crate::routes::dashboard::Dashboard,
    discipline => crate::routes::discipline::Discipline,
    admin => crate::routes::admin::Admin,
    settings => crate::routes::settings::SettingsScreen,
    matter => crate::routes::matter::MatterPage,
    new_matter => crate::routes::new_matter::NewMatter,
    drafts => crate::routes::drafts::Drafts,
    escalations => crate::routes::escalations::Escalations,
    briefing => crate::routes::briefing::BriefingScreen,
    issued_briefing => crate::routes::briefing::IssuedBriefing,
    quarterly => crate::routes::quarterly::QuarterlyReport,
    password => crate::routes::password::ChangePassword,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Fetching,
    Here,
    Failed,
}

/// Fetches a screen's chunk (and the chunks it needs).
type Fetch = Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>>;
/// Calls into a screen's chunk: ready at once when the chunk is here.
type Enter = Pin<Box<dyn Future<Output = Result<AnyView, NotLoaded>>>>;

/// The screen itself is built synchronously, in the owner of the closure that shows it, as it was before
/// the split: only the fetch is asynchronous, so a screen never renders under an owner that has since
/// been disposed (a session that ends while a chunk arrives, say). Boxed futures keep this one function
/// for every screen instead of a copy per screen in the first download.
fn show(loaded: &'static AtomicBool, fetch_chunk: fn() -> Fetch, enter: fn() -> Enter) -> AnyView {
    let i18n = I18n::use_();
    let initial = if loaded.load(Ordering::Relaxed) {
        State::Here
    } else {
        State::Fetching
    };
    let state = RwSignal::new(initial);
    let fetch = move || {
        state.set(State::Fetching);
        leptos::task::spawn_local(async move {
            let next = match fetch_chunk().await {
                Ok(()) => {
                    loaded.store(true, Ordering::Relaxed);
                    State::Here
                }
                Err(_) => State::Failed,
            };
            // The screen may have been left while its chunk was on the way.
            let _ = state.try_set(next);
        });
    };
    if initial == State::Fetching {
        fetch();
    }
    let retry = Callback::new(move |()| fetch());
    (move || match state.get() {
        State::Fetching => view! { <Spinner /> }.into_any(),
        // Once the chunk is here, calling into it completes at once.
        State::Here => match now(enter()) {
            Some(Ok(screen)) => screen,
            _ => not_loaded(i18n, retry),
        },
        State::Failed => not_loaded(i18n, retry),
    })
    .into_any()
}

fn not_loaded(i18n: I18n, retry: Callback<()>) -> AnyView {
    view! {
        <section class="card">
            <p class="form-error" role="alert">{move || i18n.t(Key::ScreenNotLoaded)}</p>
            <button type="button" class="button" on:click=move |_| retry.run(())>
                {move || i18n.t(Key::Retry)}
            </button>
        </section>
    }
    .into_any()
}

/// Polls a future once: the value when it is ready at once, otherwise nothing.
fn now<T>(mut future: Pin<Box<dyn Future<Output = T>>>) -> Option<T> {
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}
