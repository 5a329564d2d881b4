//! How a draft is written to IndexedDB: one flat text record, read back exactly.
//!
//! Not serde: a derived `Deserialize` for these structs costs the wasm about 15 KB (serde_json's struct
//! visitors), where this is a few hundred bytes. Fields are separated by U+001F; a backslash and U+001F
//! inside a value are escaped, so any text typed into a form survives the round trip.

use super::{Draft, DraftKey, Refusal, Submission};
use crate::engine::ActionKind;

const SEP: char = '\u{1f}';
/// Bumped when the layout changes; records of another version are skipped, not misread.
const VERSION: &str = "d1";

fn escape(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            SEP => out.push_str("\\u"),
            c => out.push(c),
        }
    }
}

fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
        } else if let Some(next) = chars.next() {
            out.push(if next == 'u' { SEP } else { next });
        }
    }
    out
}

/// Appends fields, each escaped and followed by the separator.
struct Writer(String);

impl Writer {
    fn text(&mut self, value: &str) -> &mut Self {
        escape(&mut self.0, value);
        self.0.push(SEP);
        self
    }

    fn num(&mut self, value: impl ToString) -> &mut Self {
        self.text(&value.to_string())
    }
}

struct Reader<'a>(std::str::Split<'a, char>);

impl Reader<'_> {
    fn text(&mut self) -> Option<String> {
        self.0.next().map(unescape)
    }

    fn num<T: std::str::FromStr>(&mut self) -> Option<T> {
        self.0.next()?.parse().ok()
    }
}

impl DraftKey {
    /// The IndexedDB key: the user first, so one user's drafts are one key range (`user_prefix`).
    pub fn storage_key(&self) -> String {
        let mut w = Writer(String::new());
        w.text(&self.user).text(&self.matter).text(self.form.code());
        w.0
    }

    pub fn user_prefix(user: &str) -> String {
        let mut w = Writer(String::new());
        w.text(user);
        w.0
    }
}

impl Draft {
    pub fn encode(&self) -> String {
        let mut w = Writer(String::new());
        w.text(VERSION)
            .text(&self.key.user)
            .text(&self.key.matter)
            .text(self.key.form.code())
            .text(&self.title)
            .num(self.revision)
            .num(self.saved_at)
            .num(self.fields.len());
        for (name, value) in &self.fields {
            w.text(name).text(value);
        }
        match &self.queued {
            None => w.text("-"),
            Some(s) => w
                .text("q")
                .text(&s.idempotency_key)
                .num(s.version)
                .text(&s.action)
                .num(s.revision)
                .num(s.attempts)
                .num(s.next_attempt_at)
                .num(u8::from(s.in_flight))
                .num(s.queued_at),
        };
        match &self.refusal {
            None => w.text("-"),
            Some(r) => w
                .text("r")
                .text(&r.code)
                .text(&r.message)
                .text(&r.message_en),
        };
        w.0
    }

    /// The draft `encode` wrote, or `None` for anything else (another version, a damaged record).
    pub fn decode(record: &str) -> Option<Draft> {
        let mut r = Reader(record.split(SEP));
        if r.text()? != VERSION {
            return None;
        }
        let user = r.text()?;
        let matter = r.text()?;
        let code = r.text()?;
        let form = *ActionKind::ALL.iter().find(|k| k.code() == code)?;
        let title = r.text()?;
        let revision = r.num()?;
        let saved_at = r.num()?;
        let count: usize = r.num()?;
        let mut fields = Vec::new();
        for _ in 0..count {
            fields.push((r.text()?, r.text()?));
        }
        let queued = match r.text()?.as_str() {
            "q" => Some(Submission {
                idempotency_key: r.text()?,
                version: r.num()?,
                action: r.text()?,
                revision: r.num()?,
                attempts: r.num()?,
                next_attempt_at: r.num()?,
                in_flight: r.num::<u8>()? == 1,
                queued_at: r.num()?,
            }),
            _ => None,
        };
        let refusal = match r.text()?.as_str() {
            "r" => Some(Refusal {
                code: r.text()?,
                message: r.text()?,
                message_en: r.text()?,
            }),
            _ => None,
        };
        Some(Draft {
            key: DraftKey { user, matter, form },
            title,
            fields,
            revision,
            saved_at,
            queued,
            refusal,
        })
    }
}
