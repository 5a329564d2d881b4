//! The matter's procedure as a vertical SVG flowchart: done, current and future stages, side paths.

use crate::format::{actor_name, light_name};
use crate::i18n::{I18n, Lang};
use crate::model::{Detail, Event};
use leptos::prelude::*;
use shared::engine::{StageState, Step, stages_reached};
use shared::procedure::{Stage, template};

#[derive(Clone, Copy, PartialEq)]
enum State {
    Done,
    Current,
    Future,
}

struct Node {
    name_zh: &'static str,
    name_en: &'static str,
    state: State,
    /// Done: when and by whom the stage was left. Current: the deadline.
    line1: String,
    line2: String,
    /// Side paths taken in this stage: (Chinese, English, times).
    sides: Vec<(&'static str, &'static str, usize)>,
}

fn nodes(d: &Detail, lang: Lang) -> Vec<Node> {
    let m = &d.matter;
    let tpl = template(m.procedure);
    let steps: Vec<Step> = d
        .events
        .iter()
        .map(|e| Step {
            before: e.stage_before,
            after: e.stage_after,
            kind: e.kind(),
        })
        .collect();
    // Which stages were reached, passed through included, is the engine's reading (shared).
    let reached = stages_reached(m.procedure, m.stage, &steps);
    let mut out: Vec<Node> = tpl
        .stages
        .iter()
        .zip(reached)
        .map(|(s, r)| {
            let here = |e: &&Event| e.stage_before == Some(s.stage);
            let state = match r.state {
                StageState::Done => State::Done,
                StageState::Current => State::Current,
                StageState::Future => State::Future,
            };
            let left = r.by.and_then(|i| d.events.get(i));
            let mut sides: Vec<(&'static str, &'static str, usize)> = Vec::new();
            for (zh, en) in d.events.iter().filter(here).filter_map(|e| e.action.side()) {
                match sides.iter_mut().find(|(z, _, _)| *z == zh) {
                    Some(side) => side.2 += 1,
                    None => sides.push((zh, en, 1)),
                }
            }
            let (line1, line2) = match (state, left) {
                (State::Done, Some(e)) => (e.on.to_string(), actor_name(&e.actor, lang, &d.names)),
                (State::Current, _) => (
                    match (m.deadline, lang) {
                        (Some(day), Lang::Zh) => format!("时限 {day}"),
                        (Some(day), Lang::En) => format!("due {day}"),
                        (None, _) => String::new(),
                    },
                    light_name(d.light, lang).to_owned(),
                ),
                _ => (String::new(), String::new()),
            };
            Node {
                name_zh: s.name_zh,
                name_en: s.name_en,
                state,
                line1,
                line2,
                sides,
            }
        })
        .collect();
    // The end the matter reached (archived, rejected, escalated) closes the chart.
    if m.stage.is_terminal() {
        let last = d.events.last();
        out.push(Node {
            name_zh: m.stage.name_zh(),
            name_en: m.stage.name_en(),
            state: State::Done,
            line1: last.map(|e| e.on.to_string()).unwrap_or_default(),
            line2: last
                .map(|e| actor_name(&e.actor, lang, &d.names))
                .unwrap_or_default(),
            sides: Vec::new(),
        });
    } else {
        out.push(Node {
            name_zh: Stage::Archived.name_zh(),
            name_en: Stage::Archived.name_en(),
            state: State::Future,
            line1: String::new(),
            line2: String::new(),
            sides: Vec::new(),
        });
    }
    out
}

const W: i32 = 340;
const NODE_W: i32 = 196;
const NODE_H: i32 = 64;
const GAP: i32 = 26;
const SIDE_X: i32 = 222;

#[component]
pub fn Flowchart(detail: Detail) -> impl IntoView {
    let i18n = I18n::use_();
    move || {
        let lang = i18n.get();
        let nodes = nodes(&detail, lang);
        let height = nodes.len() as i32 * (NODE_H + GAP);
        let pick = |zh: &'static str, en: &'static str| if lang == Lang::Zh { zh } else { en };
        let current_class = format!("fc-node current light-{}", detail.light.code());
        let label = pick("办理流程图", "Procedure flowchart");
        let items = nodes
            .into_iter()
            .enumerate()
            .map(|(i, node)| {
                let y = i as i32 * (NODE_H + GAP);
                let class = match node.state {
                    State::Done => "fc-node done".to_owned(),
                    State::Current => current_class.clone(),
                    State::Future => "fc-node future".to_owned(),
                };
                let name = pick(node.name_zh, node.name_en);
                let arrow = (i > 0).then(|| {
                    let x = NODE_W / 2;
                    view! {
                        <path class="fc-arrow" d=format!("M{x} {} V{} l-4 -6 M{x} {} l4 -6", y - GAP + 2, y - 1, y - 1) />
                    }
                });
                let sides = node
                    .sides
                    .iter()
                    .enumerate()
                    .map(|(j, (zh, en, n))| {
                        let sy = y + 4 + j as i32 * 22;
                        let text = if *n > 1 { format!("{} ×{n}", pick(zh, en)) } else { pick(zh, en).to_owned() };
                        view! {
                            <g class="fc-side">
                                <path d=format!("M{} {} H{SIDE_X}", NODE_W, sy + 9) />
                                <rect x=SIDE_X y=sy width=W - SIDE_X - 2 height="18" rx="9" />
                                <text x=SIDE_X + 8 y=sy + 13>{text}</text>
                            </g>
                        }
                    })
                    .collect_view();
                view! {
                    <g class=class data-testid="fc-node" data-state=match node.state {
                        State::Done => "done",
                        State::Current => "current",
                        State::Future => "future",
                    }>
                        {arrow}
                        <rect x="1" y=y width=NODE_W height=NODE_H rx="8" />
                        <text class="fc-name" x="12" y=y + 22>{name}</text>
                        <text class="fc-sub" x="12" y=y + 40>{node.line1}</text>
                        <text class="fc-sub" x="12" y=y + 56>{node.line2}</text>
                        {sides}
                    </g>
                }
            })
            .collect_view();
        view! {
            <svg
                class="flowchart"
                viewBox=format!("0 0 {W} {height}")
                role="img"
                aria-label=label
                data-testid="flowchart"
            >
                <title>{label}</title>
                {items}
            </svg>
        }
    }
}
