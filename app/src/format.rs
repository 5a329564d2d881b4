//! Names for codes (lights, kinds, parts, units, actors) in the UI's language, and the units context;
//! the words for lights, kinds, stages and roles themselves live in `shared`.

use crate::i18n::{I18n, Lang};
use leptos::prelude::*;
use shared::admin::Unit;
use shared::light::Light;
use shared::matter::{MatterKind, UnitPart};
use shared::role::Actor;
use std::collections::BTreeMap;

/// The light's name, worded once in `shared` (红灯、黄灯、绿灯), as the Excel downloads and print say it.
pub fn light_name(light: Light, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => light.name_zh(),
        Lang::En => light.name_en(),
    }
}

/// The name with what it means, "红灯 · 已超期", where a heading or a filter has room for both.
pub fn light_explained(light: Light, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => light.explained_zh(),
        Lang::En => light.explained_en(),
    }
}

pub fn kind_name(kind: MatterKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => kind.name_zh(),
        Lang::En => kind.name_en(),
    }
}

pub fn part_name(part: UnitPart, lang: Lang) -> &'static str {
    match (part, lang) {
        (UnitPart::Lead, Lang::Zh) => "主办",
        (UnitPart::Assisting, Lang::Zh) => "协办",
        (UnitPart::Lead, Lang::En) => "Lead",
        (UnitPart::Assisting, Lang::En) => "Assisting",
    }
}

/// A light as a coloured pill; the text carries the meaning, colour only repeats it.
#[component]
pub fn LightBadge(light: Light) -> impl IntoView {
    let i18n = I18n::use_();
    view! {
        <span class=format!("light light-{}", light.code())>
            {move || light_name(light, i18n.get())}
        </span>
    }
}

/// Every unit, loaded once after sign-in, so codes can be shown as names.
#[derive(Clone, Copy)]
pub struct Units(pub RwSignal<Vec<Unit>>);

impl Units {
    pub fn provide() -> Units {
        let units = Units(RwSignal::new(Vec::new()));
        provide_context(units);
        units
    }

    pub fn use_() -> Units {
        expect_context::<Units>()
    }

    pub fn load(self) {
        if !self.0.with_untracked(Vec::is_empty) {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(list) = crate::api::units().await {
                self.0.set(list);
            }
        });
    }

    /// The unit's name, or its code until the list arrives (reactive).
    pub fn name(self, code: &str) -> String {
        self.0.with(|units| {
            units
                .iter()
                .find(|u| u.code == code)
                .map_or_else(|| code.to_owned(), |u| u.name.clone())
        })
    }

    pub fn names(self, codes: &[String]) -> String {
        codes
            .iter()
            .map(|c| self.name(c))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// "校领导 李建国": the role and the person's name as the matter's view gives it (`names`), the
/// username where the view has none (a user since removed).
pub fn actor_name(actor: &Actor, lang: Lang, names: &BTreeMap<String, String>) -> String {
    let role = match lang {
        Lang::Zh => actor.role.name_zh(),
        Lang::En => actor.role.name_en(),
    };
    let who = names.get(&actor.user_id).unwrap_or(&actor.user_id);
    format!("{role} {who}")
}

pub fn opt_date(date: Option<chrono::NaiveDate>) -> String {
    date.map_or_else(|| "—".to_owned(), |d| d.to_string())
}

/// Today in China (UTC+8), as the server counts deadlines: `2026-12-01`.
pub fn today() -> String {
    let ms = js_sys::Date::now() + 8.0 * 3_600_000.0;
    let iso: String = js_sys::Date::new(&ms.into()).to_iso_string().into();
    iso.chars().take(10).collect()
}
