//! The ledger (台账): a dense table with filters, sort and paging kept in the URL, and the Excel link.

use crate::api;
use crate::components::matter_list::{load_error, skeleton};
use crate::format::{LightBadge, Units, kind_name, opt_date};
use crate::i18n::{I18n, tx};
use crate::query;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use shared::Capability;
use shared::api::MatterQuery;
use shared::light::Light;
use shared::matter::MatterKind;
use shared::procedure::Stage;

const PER_PAGE: u32 = 20;

const STAGES: [Stage; 17] = [
    Stage::Proposal,
    Stage::Filing,
    Stage::Registration,
    Stage::Assignment,
    Stage::Response,
    Stage::Handling,
    Stage::FollowUp,
    Stage::Urging,
    Stage::Coordination,
    Stage::Completion,
    Stage::Verification,
    Stage::Closing,
    Stage::Feedback,
    Stage::Archiving,
    Stage::Archived,
    Stage::Rejected,
    Stage::Escalated,
];

/// The filters as a saved view keeps them: no `?`, no page.
fn view_query(q: &MatterQuery) -> String {
    let mut q = q.clone();
    q.page = None;
    q.per_page = None;
    query::to_string(&q).trim_start_matches('?').to_owned()
}

#[component]
pub fn Ledger() -> impl IntoView {
    let i18n = I18n::use_();
    let units = Units::use_();
    // Leaders read the ledger too, but only the office proposes (the capability table).
    let proposes = crate::allows(Capability::ProposeMatter);
    let params = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let current = Memo::new(move |_| {
        let pairs: Vec<(String, String)> = params.with(|p| {
            p.clone()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect()
        });
        query::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    });
    let page = LocalResource::new(move || {
        let mut q = current.get();
        q.per_page = Some(PER_PAGE);
        async move { api::matters(&q).await }
    });
    // Every change of filter goes through the URL, so Back and a shared link show the same table.
    let go = move |change: &dyn Fn(&mut MatterQuery)| {
        let mut q = current.get_untracked();
        change(&mut q);
        let path = location.pathname.get_untracked();
        navigate(
            &format!("{path}{}", query::to_string(&q)),
            Default::default(),
        );
    };
    let go = StoredValue::new_local(go);
    let set = move |key: &'static str, value: String| {
        go.with_value(|go| {
            go(&|q: &mut MatterQuery| {
                let one = query::from_pairs([(key, value.as_str())].into_iter());
                q.page = None;
                match key {
                    "stage" => q.stage = one.stage,
                    "light" => q.light = one.light,
                    "kind" => q.kind = one.kind,
                    "lead_unit" => q.lead_unit = one.lead_unit,
                    "q" => q.q = one.q,
                    "sort" => q.sort = one.sort,
                    _ => q.page = one.page,
                }
            })
        })
    };
    let search = RwSignal::new(current.get_untracked().q.unwrap_or_default());
    let excel = move || {
        let mut q = current.get();
        q.page = None;
        q.per_page = None;
        format!("/api/matters.xlsx{}", query::to_string(&q))
    };
    let sort_by = move |field: &'static str| {
        let now = current.get_untracked().sort.unwrap_or_default();
        let next = if now == field {
            format!("-{field}")
        } else {
            field.to_owned()
        };
        set("sort", next);
    };
    let opt = |v: &'static str, zh: &'static str, en: &'static str| view! { <option value=v>{tx(zh, en)}</option> };
    view! {
        <section class="screen" aria-labelledby="ledger-title">
            <div class="toolbar">
                <h1 id="ledger-title">{tx("督办台账", "Ledger")}</h1>
                {proposes.then(|| view! { <a class="button small" href="/ledger/new">{tx("新建事项", "New matter")}</a> })}
                <a class="button small" href=excel data-testid="excel">{tx("导出 Excel", "Download Excel")}</a>
                <a href="/escalations">{tx("转重点督办队列", "Escalation queue")}</a>
            </div>
            <crate::components::saved_views::SavedViews current=Signal::derive(move || view_query(&current.get())) />
            <form class="filters" on:submit=move |ev| { ev.prevent_default(); set("q", search.get_untracked()); }>
                <label>{tx("阶段", "Stage")}
                    <select prop:value=move || current.get().stage.map(|s| s.code()).unwrap_or("") on:change=move |ev| set("stage", event_target_value(&ev))>
                        {opt("", "全部", "All")}
                        {STAGES.iter().map(|s| view! { <option value=s.code()>{move || if i18n.get() == crate::i18n::Lang::Zh { s.name_zh() } else { s.name_en() }}</option> }).collect_view()}
                    </select>
                </label>
                <label>{tx("亮灯", "Light")}
                    <select prop:value=move || current.get().light.map(Light::code).unwrap_or("") on:change=move |ev| set("light", event_target_value(&ev))>
                        {opt("", "全部", "All")}
                        {Light::ALL.map(|l| opt(l.code(), l.explained_zh(), l.explained_en())).collect_view()}
                    </select>
                </label>
                <label>{tx("类别", "Kind")}
                    <select prop:value=move || current.get().kind.map(MatterKind::code).unwrap_or("") on:change=move |ev| set("kind", event_target_value(&ev))>
                        {opt("", "全部", "All")}
                        {[MatterKind::Routine, MatterKind::Key].map(|k| opt(k.code(), k.name_zh(), k.name_en())).collect_view()}
                    </select>
                </label>
                <label>{tx("主办单位", "Lead unit")}
                    <select prop:value=move || current.get().lead_unit.unwrap_or_default() on:change=move |ev| set("lead_unit", event_target_value(&ev))>
                        {opt("", "全部", "All")}
                        {move || units.0.get().into_iter().map(|u| view! { <option value=u.code>{u.name}</option> }).collect_view()}
                    </select>
                </label>
                <label>{tx("搜索", "Search")}
                    <input type="search" bind:value=search />
                </label>
                <button type="submit" class="button small">{tx("查询", "Search")}</button>
            </form>
            {move || match page.get() {
                None => skeleton(),
                Some(Err(err)) => load_error(err, move || page.refetch()),
                Some(Ok(p)) => {
                    // The server pages only so deep (`shared::paging`): the pager stops there, and
                    // the total still says how many a filter would narrow down.
                    let pages = p
                        .total
                        .div_ceil(u64::from(PER_PAGE))
                        .clamp(1, u64::from(shared::paging::Paging::last_page(PER_PAGE)))
                        as u32;
                    let at = p.page;
                    view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="ledger">
                                <thead><tr>
                                    <th scope="col"><button type="button" on:click=move |_| sort_by("number")>{tx("编号", "No.")}</button></th>
                                    <th scope="col">{tx("事项", "Matter")}</th>
                                    <th scope="col">{tx("类别", "Kind")}</th>
                                    <th scope="col">{tx("阶段", "Stage")}</th>
                                    <th scope="col">{tx("亮灯", "Light")}</th>
                                    <th scope="col">{tx("主办单位", "Lead unit")}</th>
                                    <th scope="col"><button type="button" on:click=move |_| sort_by("deadline")>{tx("办结时限", "Deadline")}</button></th>
                                    <th scope="col"><button type="button" on:click=move |_| sort_by("proposed_on")>{tx("拟办日期", "Proposed")}</button></th>
                                </tr></thead>
                                <tbody>
                                    {p.items.into_iter().map(|m| {
                                        let lead = m.lead_unit.clone();
                                        let kind = m.kind;
                                        view! {
                                            <tr data-testid="ledger-row">
                                                <td class="nowrap">{m.number.unwrap_or_default()}</td>
                                                <td><a href=format!("/matters/{}", m.id)>{m.title}</a></td>
                                                <td class="nowrap">{move || kind_name(kind, i18n.get())}</td>
                                                <td class="nowrap">{m.stage_name}</td>
                                                <td class="nowrap"><LightBadge light=m.light /></td>
                                                <td>{move || units.name(&lead)}</td>
                                                <td class="nowrap">{opt_date(m.deadline)}</td>
                                                <td class="nowrap">{m.proposed_on.to_string()}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <nav class="pager" aria-label="pages">
                            <button type="button" class="button small" disabled=at <= 1 on:click=move |_| set("page", (at - 1).to_string())>{tx("上一页", "Previous")}</button>
                            <span>{format!("{at} / {pages} · {}", p.total)}</span>
                            <button type="button" class="button small" disabled=at >= pages on:click=move |_| set("page", (at + 1).to_string())>{tx("下一页", "Next")}</button>
                        </nav>
                    }.into_any()
                }
            }}
        </section>
    }
}
