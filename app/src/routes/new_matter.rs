//! `/ledger/new`: the office proposes a matter; the deadline picker counts working days on the server.

use crate::api::{self, ApiError};
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
    let leader = RwSignal::new("leader".to_owned());
    let lead_leader = RwSignal::new(String::new());
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
            source_reference: String::new(),
            lead_unit: lead.get_untracked(),
            assisting_units: assisting.get_untracked(),
            lead_leader: opt(lead_leader),
            leader_in_charge: opt(leader),
            requirements: requirements.get_untracked(),
            deadline: deadline.get_untracked().parse().ok(),
            emergency: false,
            long_term: false,
            major: false,
            consultation: None,
            needs_policy: false,
        };
        let action = Action::Propose {
            procedure: proc,
            matter: draft,
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
            <h1 id="new-title">{tx("新建督办事项（拟办）", "Propose a matter")}</h1>
            <form class="form" on:submit=submit novalidate>
                <div class="field"><label for="nm-procedure">{tx("程序", "Procedure")}</label>
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
                <div class="field"><label for="nm-source">{tx("来源类别", "Source")}</label>
                    <select id="nm-source" prop:value=source on:change=move |ev| source.set(event_target_value(&ev))>
                        {SourceCategory::ALL.into_iter().map(|c| {
                            let code = crate::query::serde_code(&c);
                            view! { <option value=code>{c.name_zh()}</option> }
                        }).collect_view()}
                    </select></div>
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
                <div class="field"><label for="nm-leader">{tx("分管校领导（用户名）", "Leader in charge (username)")}</label>
                    <input id="nm-leader" type="text" bind:value=leader /></div>
                <div class="field"><label for="nm-lead-leader">{tx("牵头领导（用户名，重点督办必填）", "Lead leader (username; key items)")}</label>
                    <input id="nm-lead-leader" type="text" bind:value=lead_leader /></div>
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
                <p class="form-error" role="alert" data-testid="new-error">{move || error.get().map(|e| e.message(i18n.get()))}</p>
                <button type="submit" class="button primary" disabled=move || pending.get()>{tx("提交拟办", "Propose")}</button>
            </form>
        </section>
    }
}
