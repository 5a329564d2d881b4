//! `Recorded`: an event's action as the history reads it from the JSON, and the line it shows.
//!
//! Decoding every `Action` variant costs the wasm app ~80 KB, so the app reads only the action's
//! `type` and the values under known field names; the description says which make the line.

use super::{FieldName, Part, When, describe};
use crate::engine::ActionKind;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The kind of an event's action and what it recorded under each known field name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    pub kind: Option<ActionKind>,
    values: Vec<(FieldName, Value)>,
}

/// A recorded value, as much of it as a line can show.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    /// A text, a date or a number; for an object (a proposal's matter), its title.
    Text(String),
    Flag(bool),
    /// A list: its text entries, and how many entries it has.
    List(Vec<String>, usize),
    Nothing,
}

impl Recorded {
    fn value(&self, name: FieldName) -> Option<&Value> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// A yes/no the action recorded (no when it recorded none).
    pub fn flag(&self, name: FieldName) -> bool {
        matches!(self.value(name), Some(Value::Flag(true)))
    }

    /// The side path this action took, if its description has one and the action took it.
    pub fn side(&self) -> Option<(&'static str, &'static str)> {
        let side = describe(self.kind?).side?;
        let taken = match side.when {
            When::Always => true,
            When::No(name) => matches!(self.value(name), Some(Value::Flag(false))),
        };
        taken.then_some((side.zh, side.en))
    }

    /// The one or two facts of the action worth a line in the history ("" for an unknown kind).
    pub fn line(&self) -> String {
        let mut line = String::new();
        if let Some(kind) = self.kind {
            self.write(describe(kind).line, &mut line);
        }
        line
    }

    fn write(&self, parts: &[Part], out: &mut String) {
        for part in parts {
            match *part {
                Part::Words(words) => out.push_str(words),
                Part::Value(name) => {
                    if let Some(Value::Text(t)) = self.value(name) {
                        out.push_str(t);
                    }
                }
                Part::Either(name, yes, no) => {
                    self.write(if self.flag(name) { yes } else { no }, out);
                }
                Part::Joined(name) => {
                    if let Some(Value::List(texts, _)) = self.value(name) {
                        out.push_str(&texts.join("；"));
                    }
                }
                Part::Count(name) => {
                    let n = match self.value(name) {
                        Some(Value::List(_, n)) => *n,
                        _ => 0,
                    };
                    out.push_str(&n.to_string());
                }
            }
        }
    }
}

impl<'de> Deserialize<'de> for Recorded {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(RecordedVisitor)
    }
}

struct RecordedVisitor;

impl<'de> Visitor<'de> for RecordedVisitor {
    type Value = Recorded;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an action")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Recorded, A::Error> {
        let mut recorded = Recorded::default();
        while let Some(key) = map.next_key::<String>()? {
            if key == "type" {
                recorded.kind = Some(map.next_value()?);
            } else if let Some(name) = FieldName::from_code(&key) {
                let value = map.next_value::<Value>()?;
                recorded.values.push((name, value));
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(recorded)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a recorded value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Text(v.to_owned()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Flag(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Text(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Nothing)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Nothing)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Nothing)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let (mut texts, mut len) = (Vec::new(), 0);
        while let Some(entry) = seq.next_element::<Value>()? {
            len += 1;
            if let Value::Text(t) = entry {
                texts.push(t);
            }
        }
        Ok(Value::List(texts, len))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut title = Value::Nothing;
        while let Some(key) = map.next_key::<String>()? {
            if key == "title" {
                title = Value::Text(map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(title)
    }
}
