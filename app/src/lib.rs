//! Duban's browser app: the Leptos root component, the session state and the router.

pub mod api;
pub mod chunks;
pub mod components;
pub mod format;
pub mod i18n;
pub mod idb;
pub mod model;
pub mod offline;
pub mod query;
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

/// Whether the signed-in user's role allows `capability`: the table the server's guards read, so a
/// screen offers only what the server will do.
pub fn allows(capability: shared::Capability) -> bool {
    matches!(use_session().get_untracked(), Session::SignedIn(me) if me.role.allows(capability))
}

/// Asks the server who we are; a 401 simply means "not signed in".
pub fn refresh_session(session: RwSignal<Session>) {
    session.set(Session::Checking);
    leptos::task::spawn_local(async move {
        let next = match api::me().await {
            Ok(me) => Session::SignedIn(me),
            Err(err) if err.status() == Some(401) => Session::SignedOut,
            // Offline: the user last signed in here, so drafts and kept data stay usable.
            Err(api::ApiError::Network(err)) => match offline::remembered_me() {
                Some(me) => Session::SignedIn(me),
                None => Session::Unreachable(api::ApiError::Network(err)),
            },
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
    let units = format::Units::provide();
    offline::Net::provide(session);
    Effect::new(move |_| match session.get() {
        Session::SignedIn(me) => {
            offline::remember_me(Some(&me));
            units.load();
        }
        Session::SignedOut => offline::remember_me(None),
        _ => {}
    });

    view! {
        <Router>
            <a class="skip-link" href="#main">{move || i18n.t(Key::SkipToContent)}</a>
            <components::shell::TopBar />
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=chunks::not_found::screen>
                    <Route path=path!("/login") view=chunks::login::screen />
                    <Route path=path!("/") view=routes::home::Home />
                    <Route path=path!("/matters/:id") view=|| signed_in(chunks::matter::screen) />
                    <Route path=path!("/ledger") view=|| signed_in(chunks::ledger::screen) />
                    <Route path=path!("/ledger/new") view=|| signed_in(chunks::new_matter::screen) />
                    <Route path=path!("/dashboard") view=|| signed_in(chunks::dashboard::screen) />
                    <Route path=path!("/drafts") view=|| signed_in(chunks::drafts::screen) />
                    <Route path=path!("/escalations") view=|| signed_in(chunks::escalations::screen) />
                    <Route path=path!("/briefing") view=|| signed_in(chunks::briefing::screen) />
                    <Route path=path!("/briefings/:no") view=|| signed_in(chunks::issued_briefing::screen) />
                    <Route path=path!("/quarterly") view=|| signed_in(chunks::quarterly::screen) />
                    <Route path=path!("/accountability") view=|| signed_in(chunks::discipline::screen) />
                    <Route path=path!("/password") view=|| signed_in(chunks::password::screen) />
                    <Route path=path!("/settings") view=|| signed_in(chunks::settings::screen) />
                </Routes>
            </main>
        </Router>
    }
}

/// A route's screen, shown once the session is known to be signed in.
fn signed_in<V: IntoView + 'static>(screen: fn() -> V) -> impl IntoView {
    view! { <SignedIn>{move || screen()}</SignedIn> }
}

/// Wraps a screen that needs a session: a spinner while checking, the login page without one.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    move || match session.get() {
        Session::Checking => view! { <Spinner /> }.into_any(),
        Session::SignedIn(_) => children().into_any(),
        _ => view! { <RedirectTo path="/login" /> }.into_any(),
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
    // Panic messages in the console help while developing; the release wasm leaves out the hook
    // and the formatting it pulls in.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
