//! `MatterQuery` to and from URL query strings, through its own serde names so codes never drift.
//!
//! Field by field rather than through `serde_json::Value`: the Value round trip pulled float
//! formatting and a generic map decoder into the wasm.

use serde::de::value::{Error as ValueError, StrDeserializer};
use serde::{Deserialize, Serialize};
use shared::api::MatterQuery;

/// `?stage=handling&light=red…`, or an empty string when no filter is set.
pub fn to_string(query: &MatterQuery) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    let mut code = |key: &'static str, value: Option<String>| {
        if let Some(value) = value {
            pairs.push((key, value));
        }
    };
    code("stage", query.stage.as_ref().map(serde_code));
    code("light", query.light.as_ref().map(serde_code));
    code("kind", query.kind.as_ref().map(serde_code));
    code(
        "source_category",
        query.source_category.as_ref().map(serde_code),
    );
    code("lead_unit", query.lead_unit.clone());
    code("assisting_unit", query.assisting_unit.clone());
    code("lead_leader", query.lead_leader.clone());
    code("open", query.open.map(|b| b.to_string()));
    code("watch", query.watch.as_ref().map(serde_code));
    code("deadline_from", query.deadline_from.map(|d| d.to_string()));
    code("deadline_to", query.deadline_to.map(|d| d.to_string()));
    code("created_from", query.created_from.map(|d| d.to_string()));
    code("created_to", query.created_to.map(|d| d.to_string()));
    code("q", query.q.clone());
    code("sort", query.sort.clone());
    code("page", query.page.map(|n| n.to_string()));
    code("per_page", query.per_page.map(|n| n.to_string()));
    if pairs.is_empty() {
        return String::new();
    }
    let mut out = String::from("?");
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(&crate::api::enc(value));
    }
    out
}

/// A unit enum's serde name (`"handling"` → `handling`).
pub fn serde_code<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .trim_matches('"')
        .to_owned()
}

/// A unit enum from its serde name.
pub fn parse_code<'a, T: Deserialize<'a>>(raw: &'a str) -> Option<T> {
    T::deserialize(StrDeserializer::<ValueError>::new(raw)).ok()
}

/// Reads the filters from URL pairs; unknown keys and unreadable values are dropped, not fatal.
pub fn from_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> MatterQuery {
    let mut q = MatterQuery::default();
    for (key, raw) in pairs {
        if raw.is_empty() {
            continue;
        }
        let text = || Some(raw.to_owned());
        let date = || raw.parse::<chrono::NaiveDate>().ok();
        // One field at a time, so a bad value loses only itself.
        macro_rules! keep {
            ($field:ident, $value:expr) => {
                if let Some(v) = $value {
                    q.$field = Some(v);
                }
            };
        }
        match key {
            "stage" => keep!(stage, parse_code(raw)),
            "light" => keep!(light, parse_code(raw)),
            "kind" => keep!(kind, parse_code(raw)),
            "source_category" => keep!(source_category, parse_code(raw)),
            "lead_unit" => keep!(lead_unit, text()),
            "assisting_unit" => keep!(assisting_unit, text()),
            "lead_leader" => keep!(lead_leader, text()),
            "open" => keep!(open, raw.parse::<bool>().ok()),
            "watch" => keep!(watch, parse_code(raw)),
            "deadline_from" => keep!(deadline_from, date()),
            "deadline_to" => keep!(deadline_to, date()),
            "created_from" => keep!(created_from, date()),
            "created_to" => keep!(created_to, date()),
            "q" => keep!(q, text()),
            "sort" => keep!(sort, text()),
            "page" => keep!(page, raw.parse::<u32>().ok()),
            "per_page" => keep!(per_page, raw.parse::<u32>().ok()),
            _ => {}
        }
    }
    q
}
