//! What the descriptions are made of: the field makers, and the lists several actions share.

use super::FieldName::{self as F, *};
use super::{Bound, Choice, Description, Field, Input, Notice, Part, Recipients, Side, When};
use crate::api::NotificationKind as N;
use crate::limits::{MAX_NAME_CHARS, MAX_TEXT_CHARS};
use Input::{Area, Check, Date, Item, Lines, Person, Select};
use Part::{Value, Words};

/// A field the form refuses blank. Its bound follows from the input: a line holds a name, an area
/// free text, a list names (`texts` says otherwise).
pub(super) const fn need(name: F, input: Input, zh: &'static str, en: &'static str) -> Field {
    let bound = match input {
        Input::Text | Person | Input::Leader | Input::Unit => Bound::Chars(MAX_NAME_CHARS),
        Area => Bound::Chars(MAX_TEXT_CHARS),
        Lines => Bound::Lines(MAX_NAME_CHARS),
        Date | Check | Select(_) | Item => Bound::Free,
    };
    Field {
        name,
        input,
        required: true,
        bound,
        zh,
        en,
    }
}

/// A field that may be left blank.
pub(super) const fn may(name: F, input: Input, zh: &'static str, en: &'static str) -> Field {
    Field {
        required: false,
        ..need(name, input, zh, en)
    }
}

/// A list whose lines are free text rather than names.
pub(super) const fn texts(mut field: Field) -> Field {
    field.bound = Bound::Lines(MAX_TEXT_CHARS);
    field
}

pub(super) const fn c(value: &'static str, zh: &'static str, en: &'static str) -> Choice {
    Choice { value, zh, en }
}

pub(super) const fn tell(to: Recipients, kind: N) -> Notice {
    Notice {
        to,
        kind,
        when: When::Always,
    }
}

pub(super) const TEXT: Input = Input::Text;
pub(super) const NONE: &[Field] = &[];
pub(super) const SILENT: &[Notice] = &[];
pub(super) const OPINION: &[Field] = &[need(Opinion, Area, "意见", "Opinion")];
pub(super) const REMINDER: &[Field] = &[
    need(Content, Area, "催办内容", "What is urged"),
    need(Due, Date, "限期办结时间", "Complete by"),
];
pub(super) const REMINDER_LINE: &[Part] =
    &[Value(Content), Words("（限 "), Value(Due), Words("）")];
pub(super) const TO_OFFICE: &[Notice] = &[tell(Recipients::Office, N::NewAssignment)];
pub(super) const TO_LEADERS: &[Notice] = &[tell(Recipients::Leaders, N::ApprovalWaiting)];
pub(super) const METHODS: &[Choice] = &[
    c("phone", "电话", "Phone"),
    c("email", "邮件", "Email"),
    c("visit", "上门督办", "Visit"),
    c("meeting", "协调会议", "Meeting"),
    c("on_site", "现场督查", "On site"),
];
pub(super) const DECISION: &[Choice] = &[
    c("approve", "同意", "Approve"),
    c("reject", "不同意", "Reject"),
];
pub(super) const REVIEW: &[Choice] =
    &[c("pass", "审核通过", "Pass"), c("return", "退回", "Return")];
pub(super) const MODES: &[Choice] = &[
    c("", "—", "—"),
    c("supplement", "补办", "Supplement"),
    c("redo", "重办", "Redo"),
];

pub(super) const fn d(
    fields: &'static [Field],
    line: &'static [Part],
    notices: &'static [Notice],
    zh: &'static str,
    en: &'static str,
) -> Description {
    Description {
        fields,
        line,
        notices,
        records: (zh, en),
        side: None,
    }
}

/// The same, marked on the flowchart as a side path under this name.
pub(super) const fn side(
    mut d: Description,
    zh: &'static str,
    en: &'static str,
    when: When,
) -> Description {
    d.side = Some(Side { zh, en, when });
    d
}
