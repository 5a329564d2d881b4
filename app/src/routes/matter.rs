//! `/matters/:id`: header, requirements, the flowchart, history, attachments and the allowed actions.

use crate::api::{self, ApiError};
use crate::components::action_form::ActionForms;
use crate::components::flowchart::Flowchart;
use crate::components::history::History;
use crate::components::matter_list::skeleton;
use crate::format::{LightBadge, Units, kind_name, opt_date};
use crate::i18n::{I18n, Key, tx};
use crate::model::Detail;
use crate::{Session, use_session};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::matter::UnitPart;

#[component]
pub fn MatterPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    // Keyed by id so the bell can jump from one matter to another and get fresh forms.
    move || {
        let id = id();
        view! { <MatterScreen id=id /> }
    }
}

#[component]
fn MatterScreen(id: String) -> impl IntoView {
    let i18n = I18n::use_();
    let session = use_session();
    let detail = RwSignal::new(None::<Result<Detail, ApiError>>);
    // Kept for offline reading; `saved` is when, if this is the kept copy.
    let (net, saved) = (crate::offline::Net::use_(), RwSignal::new(None));
    let load_id = id.clone();
    let reload = Callback::new(move |_: ()| {
        let url = format!("/api/matters/{}", api::enc(&load_id));
        leptos::task::spawn_local(async move {
            let answer = net.cached(url).await;
            detail.set(Some(crate::offline::decode(answer, saved)));
        });
    });
    reload.run(());
    let my_name = match session.get_untracked() {
        Session::SignedIn(me) => me.display_name,
        _ => String::new(),
    };
    let forms_id = id.clone();
    view! {
        <div class="screen matter-page">
            <crate::offline::SavedNote at=saved />
            {move || match detail.get() {
                None => skeleton(),
                Some(Err(err)) => {
                    let missing = err.status() == Some(404);
                    view! {
                        <section class="card" data-testid=if missing { "not-found" } else { "load-error" }>
                            <p class="form-error" role="alert">
                                {move || {
                                    if missing {
                                        i18n.tr("事项不存在，或您无权查看。", "No such matter, or it is not yours to see.").to_owned()
                                    } else {
                                        err.message(i18n.get())
                                    }
                                }}
                            </p>
                            <a href="/">{move || i18n.t(Key::BackHome)}</a>
                        </section>
                    }
                        .into_any()
                }
                Some(Ok(d)) => view! { <MatterBody d=d id=id.clone() /> }.into_any(),
            }}
            <Show when=move || matches!(detail.get(), Some(Ok(_)))>
                <ActionForms id=forms_id.clone() detail=detail reload=reload my_name=my_name.clone() />
            </Show>
        </div>
    }
}

#[component]
fn MatterBody(d: Detail, id: String) -> impl IntoView {
    let i18n = I18n::use_();
    let units = Units::use_();
    let m = d.matter.clone();
    let kind = m.kind;
    let lead = m.lead_unit.clone();
    let assisting = m.assisting_units.clone();
    let stage_name = shared::procedure::template(m.procedure).stage_name_zh(m.stage);
    let part = d.my_part;
    view! {
        <section class="card wide matter-head" aria-labelledby="matter-title">
            <p class="matter-meta">
                <LightBadge light=d.light />
                <span class="stage" data-testid="stage">{stage_name}</span>
                <span class="kind">{move || kind_name(kind, i18n.get())}</span>
                {part.map(|p| view! {
                    <span class="part">{move || crate::format::part_name(p, i18n.get())}</span>
                })}
            </p>
            <h1 id="matter-title" data-testid="matter-title">{m.title.clone()}</h1>
            <dl class="facts">
                <div>
                    <dt>{tx("编号", "Number")}</dt>
                    <dd data-testid="matter-number">{match (m.number.clone(), m.emergency_form_pending) {
                        (Some(n), _) => n.to_string().into_any(),
                        // GDUFS 第十条(一): numbered when the 督办单 is written, below.
                        (None, true) => tx("待补编督办单后编号", "Numbered once its supervision sheet is written").into_any(),
                        (None, false) => "—".into_any(),
                    }}</dd>
                </div>
                <div>
                    <dt>{tx("办结时限", "Deadline")}</dt>
                    <dd data-testid="deadline">{opt_date(m.deadline)}</dd>
                </div>
                <div>
                    <dt>{tx("主办单位", "Lead unit")}</dt>
                    <dd>{move || units.name(&lead)}</dd>
                </div>
                <div>
                    <dt>{tx("协办单位", "Assisting")}</dt>
                    <dd>{move || units.names(&assisting)}</dd>
                </div>
            </dl>
            <crate::components::print_links::PrintLinks id=id.clone() procedure=m.procedure done=d.events.iter().filter_map(|e| e.kind()).collect() />
            <h2>{tx("事项内容", "Content")}</h2>
            <p class="prose">{m.content.clone()}</p>
            <h2>{tx("办理要求", "Requirements")}</h2>
            <p class="prose">{m.requirements.clone()}</p>
            {(part == Some(UnitPart::Assisting)).then(|| view! {
                <p class="muted">{tx("本单位为协办单位：请配合主办单位，并可报告本单位的进展。", "Your unit assists: support the lead unit and report your part's progress.")}</p>
            })}
        </section>
        <Clocks lines=d.clocks.clone() />
        <section class="card wide" aria-labelledby="flow-title">
            <h2 id="flow-title">{tx("办理流程", "Procedure")}</h2>
            <Flowchart detail=d.clone() />
        </section>
        <section class="card wide" aria-labelledby="history-title">
            <h2 id="history-title">{tx("办理记录", "History")}</h2>
            <History events=d.events.clone() names=d.names.clone() />
        </section>
        <Attachments id=id />
    }
}

/// Every clock of the matter, each a due date with its light and whose it is: the unit's reply,
/// work plan, completion report and rectification items, the office's notice and archive.
#[component]
fn Clocks(lines: Vec<shared::clocks::ClockLine>) -> impl IntoView {
    use shared::clocks::Party;
    let i18n = I18n::use_();
    (!lines.is_empty()).then(|| view! {
        <section class="card wide" aria-labelledby="clocks-title">
            <h2 id="clocks-title">{tx("办理时限", "Time limits")}</h2>
            <ul class="lines" data-testid="clocks">
                {lines.into_iter().map(|l| {
                    let c = l.clock;
                    let n = c.item.map(|i| format!(" {}", i + 1)).unwrap_or_default();
                    let whose = move || match c.party {
                        Party::Unit => i18n.tr("承办单位", "unit"),
                        Party::Office => i18n.tr("督办室", "office"),
                    };
                    view! {
                        <li data-testid=format!("clock-{}", c.code())>
                            <LightBadge light=l.light />
                            " " {move || format!("{}{n}", i18n.tr(c.kind.name_zh(), c.kind.name_en()))}
                            " · " {whose} " · " {tx("到期 ", "due ")} {c.due.to_string()}
                            {c.stopped_on.map(|on| view! { " · " {tx("已于 ", "done ")} {on.to_string()} })}
                            {l.late.then(|| view! { " · " <strong>{tx("逾期", "late")}</strong> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn Attachments(id: String) -> impl IntoView {
    let i18n = I18n::use_();
    let list_id = id.clone();
    let list = LocalResource::new(move || {
        let id = list_id.clone();
        async move { api::attachments(&id).await }
    });
    view! {
        <section class="card wide" aria-labelledby="files-title">
            <h2 id="files-title">{tx("附件", "Attachments")}</h2>
            {move || match list.get() {
                None => skeleton(),
                Some(Err(err)) => view! { <p class="form-error">{move || err.message(i18n.get())}</p> }.into_any(),
                Some(Ok(files)) if files.is_empty() => {
                    view! { <p class="muted">{tx("暂无附件", "No attachments")}</p> }.into_any()
                }
                Some(Ok(files)) => view! {
                    <ul class="files">
                        {files.into_iter().map(|f| {
                            let href = format!("/api/matters/{}/attachments/{}", api::enc(&id), api::enc(&f.id));
                            view! {
                                <li><a href=href download=f.filename.clone()>{f.filename.clone()}</a>
                                " " <span class="muted-inline">{format!("{} KB", f.size.div_ceil(1024))}</span></li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
