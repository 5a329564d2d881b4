//! The unit's inbox: its open matters grouped by light (overdue first) and, within a light, by
//! stage, lead or assisting marked; then the ones most recently finished.

use crate::components::matter_list::{cards, load_error, skeleton};
use crate::format::light_explained;
use crate::i18n::{I18n, tx};
use crate::offline::{Net, SavedNote};
use leptos::prelude::*;
use shared::api::{MatterPage, MatterQuery, MatterSummary};
use shared::light::Light;

/// How many finished matters the inbox shows: the rest are in the unit's full list.
const DONE_SHOWN: u32 = 20;

#[component]
pub fn Inbox() -> impl IntoView {
    let i18n = I18n::use_();
    // Open matters by deadline, and finished ones newest first: a unit with years of history
    // still sees every open matter, not the oldest 200 of all it ever had.
    let open = page(MatterQuery {
        open: Some(true),
        per_page: Some(200),
        sort: Some("deadline".into()),
        ..MatterQuery::default()
    });
    let done = page(MatterQuery {
        open: Some(false),
        per_page: Some(DONE_SHOWN),
        sort: Some("-updated".into()),
        ..MatterQuery::default()
    });
    view! {
        <section class="screen" aria-labelledby="inbox-title">
            <h1 id="inbox-title">{tx("本单位督办事项", "Our unit's matters")}</h1>
            <SavedNote at=open.1 />
            {move || match open.0.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || open.0.refetch()),
                Some(Ok(page)) => {
                    [Light::Red, Light::Yellow, Light::Green]
                        .into_iter()
                        .map(|light| {
                            let items: Vec<_> = page
                                .items
                                .iter()
                                .filter(|m| m.light == light)
                                .cloned()
                                .collect();
                            group(light, items, i18n)
                        })
                        .collect_view()
                        .into_any()
                }
            }}
            {move || match done.0.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || done.0.refetch()),
                Some(Ok(page)) => group(Light::Done, page.items, i18n),
            }}
        </section>
    }
}

/// A list kept for offline reading; the signal says when, if what is shown is the kept copy.
fn page(
    query: MatterQuery,
) -> (
    LocalResource<Result<MatterPage, crate::api::ApiError>>,
    RwSignal<Option<shared::outbox::Millis>>,
) {
    let net = Net::use_();
    let saved = RwSignal::new(None);
    let url = format!("/api/matters{}", crate::query::to_string(&query));
    let resource = LocalResource::new(move || {
        let url = url.clone();
        async move { crate::offline::decode::<MatterPage>(net.cached(url).await, saved) }
    });
    (resource, saved)
}

/// One light's matters, a sub-list per stage in the order their first deadline comes.
fn group(light: Light, items: Vec<MatterSummary>, i18n: I18n) -> AnyView {
    let count = items.len();
    let mut stages: Vec<(String, Vec<MatterSummary>)> = Vec::new();
    for m in items {
        match stages.iter_mut().find(|(name, _)| *name == m.stage_name) {
            Some((_, list)) => list.push(m),
            None => stages.push((m.stage_name.clone(), vec![m])),
        }
    }
    let body = if stages.is_empty() {
        cards(vec![], ("没有此类事项", "None"))
    } else {
        stages
            .into_iter()
            .map(|(name, list)| {
                let n = list.len();
                view! {
                    <section class="stage-group" data-testid="stage-group">
                        <h3>{name} " (" {n} ")"</h3>
                        {cards(list, ("没有此类事项", "None"))}
                    </section>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section
            class=format!("group group-{}", light.code())
            data-testid=format!("group-{}", light.code())
        >
            <h2>{move || light_explained(light, i18n.get())} " (" {count} ")"</h2>
            {body}
        </section>
    }
    .into_any()
}
