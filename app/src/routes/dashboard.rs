//! The leader's dashboard (phone first): counts, unit ranking, matters waiting for this leader.

use crate::api::{self, ActError};
use crate::components::matter_list::{cards, load_error, skeleton};
use crate::format::Units;
use crate::i18n::{I18n, Lang, tx};
use leptos::prelude::*;
use serde::Deserialize;
use shared::Capability;
use shared::api::{MatterQuery, MatterSummary};
use shared::engine::{Action, ActionKind};
use shared::light::Light;
use shared::matter::MatterKind;

/// A decoding view of `shared::api::UnitYearStats` (the wire type, declared there once): only the
/// fields the ranking shows; serde skips the rest.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UnitRate {
    pub unit: String,
    pub completed: u32,
    pub on_time: u32,
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let i18n = I18n::use_();
    let units = Units::use_();
    let counts = LocalResource::new(api::dashboard);
    let rates = LocalResource::new(api::unit_rates);
    view! {
        <section class="screen" aria-labelledby="dash-title">
            <h1 id="dash-title">{tx("督办看板", "Dashboard")}</h1>
            <Waiting />
            <Leading />
            <h2>{tx("事项总览", "Matters")}</h2>
            {move || match counts.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || counts.refetch()),
                Some(Ok(d)) => {
                    let c = d.overall;
                    // Lights and kinds by their one name (`shared`), lights with what they mean.
                    let (r, y, g, d) = (Light::Red, Light::Yellow, Light::Green, Light::Done);
                    let (key, routine) = (MatterKind::Key, MatterKind::Routine);
                    let cells: [(&'static str, &'static str, i64, &'static str); 8] = [
                        ("在办", "Open", c.open, "/ledger?open=true"),
                        (r.explained_zh(), r.explained_en(), c.red, "/ledger?light=red"),
                        (y.explained_zh(), y.explained_en(), c.yellow, "/ledger?light=yellow"),
                        (g.explained_zh(), g.explained_en(), c.green, "/ledger?light=green"),
                        (d.explained_zh(), d.explained_en(), c.done, "/ledger?light=done"),
                        (key.name_zh(), key.name_en(), c.key, "/ledger?kind=key"),
                        (routine.name_zh(), routine.name_en(), c.routine, "/ledger?kind=routine"),
                        ("合计", "Total", c.total, "/ledger"),
                    ];
                    view! {
                        <dl class="counts" data-testid="counts">
                            {cells.into_iter().map(|(zh, en, n, href)| view! {
                                <div><dt>{tx(zh, en)}</dt><dd><a href=href>{n}</a></dd></div>
                            }).collect_view()}
                        </dl>
                    }.into_any()
                }
            }}
            <h2>{tx("各单位按期办结率", "On-time rate by unit")}</h2>
            {move || match rates.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || rates.refetch()),
                Some(Ok(b)) => {
                    let mut list: Vec<UnitRate> = b.into_iter().filter(|u| u.completed > 0).collect();
                    // Integer per-mille keeps float formatting code out of the wasm.
                    list.sort_by_key(|u| std::cmp::Reverse(per_mille(u)));
                    view! {
                        <ol class="rank" data-testid="ranking">
                            {list.into_iter().map(|u| {
                                let pm = per_mille(&u);
                                let code = u.unit.clone();
                                view! {
                                    <li><a href=format!("/ledger?lead_unit={}", u.unit)>
                                        <span>{move || units.name(&code)}</span>
                                        <span>{format!("{}.{}% ({}/{})", pm / 10, pm % 10, u.on_time, u.completed)}</span>
                                        <span class="bar"><span style:width=format!("{}%", pm / 10)></span></span>
                                    </a></li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}
            <p class="muted">{move || i18n.tr("点按单位可查看其台账。", "Tap a unit to see its matters.")}</p>
        </section>
    }
}

fn per_mille(u: &UnitRate) -> u32 {
    (u.on_time * 1000).checked_div(u.completed).unwrap_or(0)
}

/// The open key items this leader leads (牵头领导), which a leader follows closely (GDUFS 第十条).
#[component]
fn Leading() -> impl IntoView {
    let session = crate::use_session();
    // The office reads this dashboard too and leads no item; the leaders who decide lead them.
    if !crate::allows(Capability::Decide) {
        return ().into_any();
    }
    let items = LocalResource::new(move || {
        let me = match session.get() {
            crate::Session::SignedIn(me) => Some(me.username),
            _ => None,
        };
        async move {
            let query = MatterQuery {
                kind: Some(MatterKind::Key),
                lead_leader: Some(me.unwrap_or_default()),
                open: Some(true),
                per_page: Some(50),
                ..MatterQuery::default()
            };
            api::matters(&query).await
        }
    });
    view! {
        <h2>{tx("我牵头的重点事项", "Key items I lead")}</h2>
        <div data-testid="leading">
            {move || match items.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || items.refetch()),
                Some(Ok(page)) => cards(
                    page.items,
                    ("暂无由您牵头的在办重点事项", "No open key items led by you"),
                ),
            }}
        </div>
    }
    .into_any()
}

/// Matters where this leader has a decision to make: proposals, extensions, closures. The
/// server finds them (one request), each checked against this leader's allowed actions.
#[component]
fn Waiting() -> impl IntoView {
    // The office reads this dashboard too and decides none of these.
    if !crate::allows(Capability::Decide) {
        return ().into_any();
    }
    let found = LocalResource::new(api::decisions);
    view! {
        <h2>{tx("待我审批", "Waiting for my decision")}</h2>
        {move || match found.get() {
            None => skeleton(),
            Some(Err(err)) => load_error(err, move || found.refetch()),
            Some(Ok(list)) if list.is_empty() => view! { <p class="muted" data-testid="no-waiting">{tx("暂无待审批事项", "Nothing to decide")}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="matter-cards" data-testid="waiting">
                    {list.into_iter().map(|d| view! { <Decide m=d.matter kind=d.action /> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
    .into_any()
}

/// One tap to approve or reject, with a reason; rejecting needs one.
#[component]
fn Decide(m: MatterSummary, kind: ActionKind) -> impl IntoView {
    let i18n = I18n::use_();
    let opinion = RwSignal::new(String::new());
    let state = RwSignal::new(None::<Result<bool, (String, String)>>);
    let (id, version, title) = (m.id.clone(), m.version, m.title.clone());
    let decide = move |approve: bool| {
        let text = opinion.get_untracked().trim().to_owned();
        if !approve && text.is_empty() {
            state.set(Some(Err((
                "不同意时请填写理由".into(),
                "Give a reason to reject".into(),
            ))));
            return;
        }
        let text = if text.is_empty() {
            "同意".to_owned()
        } else {
            text
        };
        let action = match (kind, approve) {
            (ActionKind::DecideExtension, _) => Action::DecideExtension {
                approve,
                opinion: text,
            },
            (ActionKind::ApproveClosure, _) => Action::ApproveClosure { opinion: text },
            (_, true) => Action::ApproveProposal { opinion: text },
            (_, false) => Action::RejectProposal { opinion: text },
        };
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let result = api::act(&id, version, action, true).await;
            state.set(Some(match result {
                Ok(_) => Ok(approve),
                Err(ActError::Conflict(c)) => Err((c.message, c.message_en)),
                Err(ActError::Api(e)) => Err((e.message(Lang::Zh), e.message(Lang::En))),
            }));
        });
    };
    let decide2 = decide.clone();
    let can_reject = kind != ActionKind::ApproveClosure;
    view! {
        <li class="approve" data-testid="decide">
            <a href=format!("/matters/{}", m.id)><strong>{title}</strong></a>
            <span class="muted-inline">{move || i18n.tr(kind.name_zh(), kind.name_en())} " · " {m.stage_name.clone()}</span>
            {move || match state.get() {
                Some(Ok(approved)) => view! {
                    <p class="form-ok" role="status">{if approved { tx("已同意", "Approved") } else { tx("已不同意", "Rejected") }}</p>
                }.into_any(),
                other => {
                    let (decide, decide2) = (decide.clone(), decide2.clone());
                    let error = other.and_then(Result::err);
                    view! {
                        <label class="field">
                            <span>{tx("意见或理由", "Opinion or reason")}</span>
                            <input type="text" bind:value=opinion />
                        </label>
                        <p class="form-error" role="alert">{move || error.clone().map(|(zh, en)| if i18n.get() == Lang::Zh { zh } else { en })}</p>
                        <div class="buttons">
                            <button type="button" class="button primary" on:click=move |_| decide(true)>{tx("同意", "Approve")}</button>
                            <Show when=move || can_reject>
                                <button type="button" class="button" on:click={let d = decide2.clone(); move |_| d(false)}>{tx("不同意", "Reject")}</button>
                            </Show>
                        </div>
                    }.into_any()
                }
            }}
        </li>
    }
}
