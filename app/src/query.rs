//! `MatterQuery` to and from URL query strings, through its own serde names so codes never drift.

use serde_json::{Map, Value};
use shared::api::MatterQuery;

/// `?stage=handling&light=red…`, or an empty string when no filter is set.
pub fn to_string(query: &MatterQuery) -> String {
    let Ok(Value::Object(map)) = serde_json::to_value(query) else {
        return String::new();
    };
    let pairs: Vec<String> = map
        .iter()
        .filter_map(|(key, value)| {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some(format!("{key}={}", crate::api::enc(&text)))
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// Reads the filters from URL pairs; unknown keys and unreadable values are dropped, not fatal.
pub fn from_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> MatterQuery {
    let mut query = MatterQuery::default();
    for (key, raw) in pairs {
        if raw.is_empty() {
            continue;
        }
        let value = match key {
            "page" | "per_page" => raw.parse::<u32>().map(Value::from).ok(),
            "open" => raw.parse::<bool>().map(Value::from).ok(),
            _ => Some(Value::String(raw.to_owned())),
        };
        let Some(value) = value else { continue };
        let mut one = Map::new();
        one.insert(key.to_owned(), value);
        // One field at a time, so a bad value loses only itself.
        if let Ok(part) = serde_json::from_value::<MatterQuery>(Value::Object(one)) {
            merge(&mut query, part);
        }
    }
    query
}

fn merge(into: &mut MatterQuery, part: MatterQuery) {
    macro_rules! take {
        ($($field:ident),*) => { $( if part.$field.is_some() { into.$field = part.$field; } )* };
    }
    take!(
        stage,
        light,
        kind,
        source_category,
        lead_unit,
        assisting_unit,
        open,
        deadline_from,
        deadline_to,
        created_from,
        created_to,
        q,
        sort,
        page,
        per_page
    );
}
