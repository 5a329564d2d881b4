//! `/ledger/new`: the office proposes a matter, with a working-day deadline picker.

use crate::i18n::tx;
use leptos::prelude::*;

#[component]
pub fn NewMatter() -> impl IntoView {
    view! { <h1>{tx("新建事项", "New matter")}</h1> }
}
