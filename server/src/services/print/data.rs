//! What a form prints from: the matter, its history, and the names behind the codes they hold.

use super::html::ymd;
use crate::store::db::users::Contact;
use shared::Matter;
use shared::engine::{ActionKind, Event};
use shared::record::Decision;
use std::collections::BTreeMap;

/// Everything a form prints: the matter, its history, and names for the codes they hold.
pub struct Data<'a> {
    pub m: &'a Matter,
    pub events: &'a [Event],
    pub units: &'a BTreeMap<String, String>,
    pub names: &'a BTreeMap<String, String>,
    /// The lead unit's heads and liaisons.
    pub contacts: &'a [Contact],
}

impl Data<'_> {
    pub fn unit(&self, code: &str) -> String {
        self.units
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }

    pub fn lead(&self) -> String {
        self.unit(&self.m.lead_unit)
    }

    pub fn assisting(&self) -> String {
        if self.m.assisting_units.is_empty() {
            return "无".to_owned();
        }
        let names: Vec<String> = self
            .m
            .assisting_units
            .iter()
            .map(|u| self.unit(u))
            .collect();
        names.join("、")
    }

    pub fn units_line(&self) -> String {
        format!("主办：{}\n协办：{}", self.lead(), self.assisting())
    }

    pub fn person(&self, username: &str) -> String {
        self.names
            .get(username)
            .cloned()
            .unwrap_or_else(|| username.to_owned())
    }

    pub fn number(&self) -> String {
        self.m
            .number
            .as_ref()
            .map_or_else(|| "（未立项）".to_owned(), |n| n.as_str().to_owned())
    }

    pub fn contact(&self, role: &str) -> String {
        let names: Vec<&str> = self
            .contacts
            .iter()
            .filter(|c| c.role == role)
            .map(|c| c.display_name.as_str())
            .collect();
        names.join("、")
    }

    /// The phone numbers of the people `contact(role)` names, in the same order.
    pub fn phones(&self, role: &str) -> String {
        let phones: Vec<&str> = self
            .contacts
            .iter()
            .filter(|c| c.role == role)
            .filter_map(|c| c.phone.as_deref())
            .collect();
        phones.join("、")
    }

    /// The latest event of a kind.
    pub fn last(&self, kind: ActionKind) -> Option<&Event> {
        self.events.iter().rev().find(|e| e.action.kind() == kind)
    }

    pub fn decision(&self, d: Option<&Decision>, pending: &str) -> String {
        match d {
            Some(d) => format!(
                "{}\n{}\n\n签字：{}　　{}",
                if d.approved { "同意" } else { "不同意" },
                d.opinion,
                self.person(&d.by),
                ymd(Some(d.on))
            ),
            None => pending.to_owned(),
        }
    }
}
