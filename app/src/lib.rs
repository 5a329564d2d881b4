//! Duban's browser app: the Leptos root component, the session state and the router.

pub mod api;
pub mod i18n;
pub mod routes;

use i18n::{I18n, Key};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use shared::api::Me;

/// What the app knows about the signed-in user; routes redirect on it.
#[derive(Debug, Clone, PartialEq)]
pub enum Session {
    /// `GET /api/me` has not answered yet.
    Checking,
    SignedOut,
    SignedIn(Me),
    /// The server could not be reached or answered something unexpected.
    Unreachable(api::ApiError),
}

/// The session signal, shared through context by every route.
pub fn use_session() -> RwSignal<Session> {
    expect_context::<RwSignal<Session>>()
}

/// Asks the server who we are; a 401 simply means "not signed in".
pub fn refresh_session(session: RwSignal<Session>) {
    session.set(Session::Checking);
    leptos::task::spawn_local(async move {
        let next = match api::me().await {
            Ok(me) => Session::SignedIn(me),
            Err(err) if err.status() == Some(401) => Session::SignedOut,
            Err(err) => Session::Unreachable(err),
        };
        session.set(next);
    });
}

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    let session = RwSignal::new(Session::Checking);
    provide_context(session);
    refresh_session(session);

    view! {
        <Router>
            <a class="skip-link" href="#main">{move || i18n.t(Key::SkipToContent)}</a>
            <header class="topbar">
                <span class="brand">
                    <span class="brand-mark" aria-hidden="true">"督"</span>
                    <span class="brand-name">{move || i18n.t(Key::AppName)}</span>
                </span>
                <i18n::LanguageSwitch />
            </header>
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=routes::NotFound>
                    <Route path=path!("/login") view=routes::login::Login />
                    <Route path=path!("/") view=routes::home::Home />
                </Routes>
            </main>
        </Router>
    }
}

/// A centred spinner with text for screen readers.
#[component]
pub fn Spinner() -> impl IntoView {
    let i18n = I18n::use_();
    view! {
        <div class="spinner-wrap" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span class="visually-hidden">{move || i18n.t(Key::Loading)}</span>
        </div>
    }
}

/// A redirect that replaces the history entry, so Back does not bounce between login and home.
#[component]
pub fn RedirectTo(path: &'static str) -> impl IntoView {
    let options = NavigateOptions {
        replace: true,
        ..NavigateOptions::default()
    };
    view! { <Redirect path=path options=options /> }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
