//! Links to the server's A4 print views of the forms this matter's history has filled in.

use crate::i18n::{I18n, Lang, tx};
use leptos::prelude::*;
use shared::engine::ActionKind;
use shared::forms::filled_forms;
use shared::procedure::ProcedureId;

#[component]
pub fn PrintLinks(id: String, procedure: ProcedureId, done: Vec<ActionKind>) -> impl IntoView {
    let i18n = I18n::use_();
    let forms = filled_forms(procedure, &done);
    // A new tab: the print view is a plain page outside the app, and the matter stays open here.
    (!forms.is_empty()).then(|| {
        view! {
            <p class="print-links">
                <span>{tx("打印：", "Print: ")}</span>
                {forms.into_iter().map(|f| view! {
                    <a href=format!("/print/matters/{}/{}", crate::api::enc(&id), f.slug()) target="_blank" data-testid="print-link">
                        {move || if i18n.get() == Lang::Zh { f.name_zh() } else { f.name_en() }}
                    </a>
                }).collect_view()}
            </p>
        }
    })
}
