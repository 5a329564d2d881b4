//! `/ledger/new`: the office proposes a matter, or starts an emergency at once and writes its 督办单
//! afterwards (GDUFS 第十条(一)); the deadline picker counts working days on the server, the leaders are
//! picked by name from the server's list.

use crate::api::{self, ApiError};
use crate::components::leaders::{LeaderSelect, leaders};
use crate::format::Units;
use crate::i18n::{I18n, Lang, tx};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::draft::MatterDraft;
use shared::engine::Action;
use shared::matter::{MatterKind, SourceCategory};
use shared::procedure::ProcedureId;

#[component]
pub fn NewMatter() -> impl IntoView {
    let i18n = I18n::use_();
    let units = Units::use_();
    let navigate = use_navigate();
    let procedure = RwSignal::new("gdufs_routine".to_owned());
    let title = RwSignal::new(String::new());
    let content = RwSignal::new(String::new());
    let source = RwSignal::new("leader_instruction".to_owned());
    let lead = RwSignal::new(String::new());
    let assisting = RwSignal::new(Vec::<String>::new());
    let leader = RwSignal::new(String::new());
    let lead_leader = RwSignal::new(String::new());
    let leaders = leaders(|| true);
    // 先直接启动督办: only what is needed to act now; the 督办单 follows on the matter's page.
    let emergency_start = RwSignal::new(false);
    let how_started = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let consultation = RwSignal::new(String::new());
    let [emergency, long_term, major, needs_policy] = [(); 4].map(|_| RwSignal::new(false));
    let requirements = RwSignal::new(String::new());
    let deadline = RwSignal::new(String::new());
    let estimated = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);

    let pick = move |n: u32| {
        leptos::task::spawn_local(async move {
            match api::deadline(&crate::format::today(), n).await {
                Ok(d) => {
                    deadline.set(d.date.to_string());
                    estimated.set(d.estimated);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let proc = match procedure.get_untracked().as_str() {
            "gdufs_key" => ProcedureId::GdufsKey,
            "hbut" => ProcedureId::Hbut,
            _ => ProcedureId::GdufsRoutine,
        };
        let category = crate::query::parse_code::<SourceCategory>(&source.get_untracked())
            .unwrap_or(SourceCategory::Other);
        let opt = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
        };
        let draft = MatterDraft {
            title: title.get_untracked(),
            content: content.get_untracked(),
            source_category: category,
            source_reference: reference.get_untracked(),
            lead_unit: lead.get_untracked(),
            assisting_units: assisting.get_untracked(),
            lead_leader: opt(lead_leader),
            leader_in_charge: opt(leader),
            requirements: requirements.get_untracked(),
            deadline: deadline.get_untracked().parse().ok(),
            emergency: emergency.get_untracked(),
            long_term: long_term.get_untracked(),
            major: major.get_untracked(),
            consultation: if major.get_untracked() {
                opt(consultation)
            } else {
                None
            },
            // HBUT's rule (第四条(四)): the box is shown for HBUT only, and a hidden tick is not sent.
            needs_policy: proc == ProcedureId::Hbut && needs_policy.get_untracked(),
        };
        let action = if emergency_start.get_untracked() {
            Action::StartEmergency {
                title: draft.title,
                content: draft.content,
                lead_unit: draft.lead_unit,
                assisting_units: draft.assisting_units,
                how_started: how_started.get_untracked(),
            }
        } else {
            Action::Propose {
                procedure: proc,
                matter: draft,
            }
        };
        let navigate = navigate.clone();
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = api::create(&action).await;
            pending.set(false);
            match result {
                Ok(acted) => navigate(&format!("/matters/{}", acted.matter.id), Default::default()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let unit_options = move || {
        units
            .0
            .get()
            .into_iter()
            .map(|u| view! { <option value=u.code>{u.name}</option> })
            .collect_view()
    };
    view! {
        <section class="card wide" aria-labelledby="new-title">
            <h1 id="new-title">{move || if emergency_start.get() { i18n.tr("紧急启动督办", "Start an emergency") } else { i18n.tr("新建督办事项（拟办）", "Propose a matter") }}</h1>
            <div class="picker" role="group" aria-label=move || i18n.tr("方式", "Mode")>
                <button type="button" class="button small" aria-pressed=move || (!emergency_start.get()).to_string() on:click=move |_| emergency_start.set(false)>{tx("拟办", "Propose")}</button>
                <button type="button" class="button small" aria-pressed=move || emergency_start.get().to_string() on:click=move |_| emergency_start.set(true)>{tx("紧急启动（先启动、后补督办单）", "Emergency (act now, sheet later)")}</button>
            </div>
            <p class="muted" hidden=move || !emergency_start.get()>
                {tx("重大突发事件或紧急事项：先直接启动督办，随后在事项页面补填《督办单》并获得编号（第十条(一)）。", "An emergency is started at once; its supervision sheet is written afterwards on the matter's page, which numbers it (GDUFS art. 10(1)).")}
            </p>
            <form class="form" on:submit=submit novalidate>
                <div class="field" hidden=move || emergency_start.get()><label for="nm-procedure">{tx("程序", "Procedure")}</label>
                    <select id="nm-procedure" prop:value=procedure on:change=move |ev| procedure.set(event_target_value(&ev))>
                        // GDUFS's two by their kind's name (`shared`, as on every screen and in Excel), HBUT's
                        // single procedure by its own; not from the templates, whose code this screen need not load.
                        {[MatterKind::Routine, MatterKind::Key].map(|k| {
                            let (code, zh, en) = match k {
                                MatterKind::Routine => ("gdufs_routine", "GDUFS 第九条", "GDUFS art. 9"),
                                MatterKind::Key => ("gdufs_key", "GDUFS 第十条", "GDUFS art. 10"),
                            };
                            view! { <option value=code>{move || if i18n.get() == Lang::Zh { format!("{}（{zh}）", k.name_zh()) } else { format!("{} ({en})", k.name_en()) }}</option> }
                        }).collect_view()}
                        <option value="hbut">{tx("督办事项（HBUT 第四条）", "Supervised item (HBUT art. 4)")}</option>
                    </select></div>
                <div class="field"><label for="nm-title">{tx("事项标题 *", "Title *")}</label>
                    <input id="nm-title" type="text" bind:value=title /></div>
                <div class="field"><label for="nm-content">{tx("事项内容 *", "Content *")}</label>
                    <textarea id="nm-content" rows="3" prop:value=content on:input=move |ev| content.set(event_target_value(&ev))></textarea></div>
                <div class="field" hidden=move || !emergency_start.get()><label for="nm-how">{tx("启动方式 *", "How it was started *")}</label>
                    <input id="nm-how" type="text" placeholder=move || i18n.tr("如：校领导电话部署", "e.g. by phone from the president") bind:value=how_started /></div>
                <div class="field" hidden=move || emergency_start.get()><label for="nm-source">{tx("来源类别", "Source")}</label>
                    <select id="nm-source" prop:value=source on:change=move |ev| source.set(event_target_value(&ev))>
                        {SourceCategory::ALL.into_iter().map(|c| {
                            let code = crate::query::serde_code(&c);
                            view! { <option value=code>{c.name_zh()}</option> }
                        }).collect_view()}
                    </select></div>
                <div class="field" hidden=move || emergency_start.get()><label for="nm-reference">{tx("来源文号（会议纪要、文件或批示）", "Source reference (minutes, document or instruction no.)")}</label>
                    <input id="nm-reference" type="text" bind:value=reference /></div>
                <div class="field"><label for="nm-lead">{tx("主办单位 *", "Lead unit *")}</label>
                    <select id="nm-lead" prop:value=lead on:change=move |ev| lead.set(event_target_value(&ev))>
                        <option value="">"—"</option>{unit_options}
                    </select></div>
                <div class="field"><label for="nm-assisting">{tx("协办单位（可多选）", "Assisting units (several)")}</label>
                    <select id="nm-assisting" multiple size="4" on:change=move |ev| {
                        use leptos::wasm_bindgen::JsCast;
                        let select: leptos::web_sys::HtmlSelectElement = event_target(&ev);
                        let options = select.selected_options();
                        assisting.set((0..options.length()).filter_map(|i| options.item(i)).filter_map(|o| o.dyn_into::<leptos::web_sys::HtmlOptionElement>().ok()).map(|o| o.value()).collect());
                    }>{unit_options}</select></div>
                <div hidden=move || emergency_start.get()>
                <div class="field"><label for="nm-leader">{tx("分管校领导", "Leader in charge")}</label>
                    <LeaderSelect id="nm-leader" value=leader leaders=leaders /></div>
                <div class="field"><label for="nm-lead-leader">{tx("牵头领导（重点督办必填）", "Lead leader (key items)")}</label>
                    <LeaderSelect id="nm-lead-leader" value=lead_leader leaders=leaders /></div>
                {check("nm-emergency", emergency, "紧急事项，需立即落实（第十条(一)）", "Urgent, to be acted on at once (GDUFS art. 10(1))")}
                {check("nm-long-term", long_term, "长期推进，按年度滚动跟踪", "Long-term, tracked year by year")}
                <div hidden=move || procedure.get() != "hbut">
                    {check("nm-needs-policy", needs_policy, "需充分调研、制定政策（5 个工作日内报送工作计划）", "Needs research and new policy (work plan within 5 working days)")}
                </div>
                {check("nm-major", major, "重大或复杂事项（须先征求意见）", "Major or complex (consult first)")}
                <div class="field" hidden=move || !major.get()><label for="nm-consultation">{tx("征求意见情况 *", "Consultation *")}</label>
                    <textarea id="nm-consultation" rows="2" prop:value=consultation on:input=move |ev| consultation.set(event_target_value(&ev))></textarea></div>
                <div class="field"><label for="nm-req">{tx("办理要求", "Requirements")}</label>
                    <textarea id="nm-req" rows="3" prop:value=requirements on:input=move |ev| requirements.set(event_target_value(&ev))></textarea></div>
                <div class="field"><label for="nm-deadline">{tx("办结时限", "Deadline")}</label>
                    <div class="picker">
                        <input id="nm-deadline" type="date" bind:value=deadline />
                        {[5u32, 10, 15].into_iter().map(|n| view! {
                            <button type="button" class="button small" on:click=move |_| pick(n)>
                                {move || if i18n.get() == Lang::Zh { format!("+{n} 个工作日") } else { format!("+{n} working days") }}
                            </button>
                        }).collect_view()}
                    </div>
                    <p class="warn" hidden=move || !estimated.get()>
                        {tx("该年度节假日尚未公布，日期为预估。", "This year's holidays are not published yet: the date is an estimate.")}
                    </p>
                </div>
                </div>
                <p class="form-error" role="alert" data-testid="new-error">{move || error.get().map(|e| e.message(i18n.get()))}</p>
                <button type="submit" class="button primary" disabled=move || pending.get()>
                    {move || if emergency_start.get() { i18n.tr("立即启动督办", "Start now") } else { i18n.tr("提交拟办", "Propose") }}
                </button>
            </form>
        </section>
    }
}

/// A tick box with its label beside it.
fn check(
    id: &'static str,
    value: RwSignal<bool>,
    zh: &'static str,
    en: &'static str,
) -> impl IntoView {
    view! {
        <label class="check">
            <input id=id type="checkbox" prop:checked=move || value.get() on:change=move |ev| value.set(event_target_checked(&ev)) />
            {tx(zh, en)}
        </label>
    }
}
