//! The unit's inbox: its matters grouped by light (overdue first), lead or assisting marked.

use crate::components::matter_list::{cards, load_error, skeleton};
use crate::format::{light_code, light_name};
use crate::i18n::{I18n, tx};
use crate::offline::{Net, SavedNote};
use leptos::prelude::*;
use shared::api::{MatterPage, MatterQuery};
use shared::light::Light;

#[component]
pub fn Inbox() -> impl IntoView {
    let i18n = I18n::use_();
    let net = Net::use_();
    // Kept for offline reading; `saved` is when, if this is the kept copy.
    let saved = RwSignal::new(None);
    let matters = LocalResource::new(move || async move {
        let query = MatterQuery {
            per_page: Some(200),
            sort: Some("deadline".into()),
            ..MatterQuery::default()
        };
        let url = format!("/api/matters{}", crate::query::to_string(&query));
        crate::offline::decode::<MatterPage>(net.cached(url).await, saved)
    });
    view! {
        <section class="screen" aria-labelledby="inbox-title">
            <h1 id="inbox-title">{tx("本单位督办事项", "Our unit's matters")}</h1>
            <SavedNote at=saved />
            {move || match matters.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || matters.refetch()),
                Some(Ok(page)) => {
                    [Light::Red, Light::Yellow, Light::Green, Light::Done]
                        .into_iter()
                        .map(|light| {
                            let items: Vec<_> = page
                                .items
                                .iter()
                                .filter(|m| m.light == light)
                                .cloned()
                                .collect();
                            let count = items.len();
                            view! {
                                <section
                                    class=format!("group group-{}", light_code(light))
                                    data-testid=format!("group-{}", light_code(light))
                                >
                                    <h2>{move || light_name(light, i18n.get())} " (" {count} ")"</h2>
                                    {cards(items, ("没有此类事项", "None"))}
                                </section>
                            }
                        })
                        .collect_view()
                        .into_any()
                }
            }}
        </section>
    }
}
