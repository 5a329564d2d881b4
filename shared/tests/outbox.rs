//! Properties of the drafts/outbox machine under random interleavings of typing, submitting, lost
//! requests, lost answers, duplicate deliveries, reloads and other users acting, against a model server
//! that behaves like ours (Idempotency-Key looked up first, then the version check).

use proptest::prelude::*;
use shared::engine::{Action, ActionKind};
use shared::outbox::{Draft, DraftKey, Outbox, Outcome, Refusal, Settled};
use std::collections::HashMap;

const FORMS: [ActionKind; 3] = [
    ActionKind::SubmitWorkPlan,
    ActionKind::ReportProgress,
    ActionKind::SubmitCompletionReport,
];

fn key(form: usize) -> DraftKey {
    DraftKey {
        user: "jwc-head".into(),
        matter: "matter-1".into(),
        form: FORMS[form],
    }
}

fn fields(text: &str) -> Vec<(String, String)> {
    vec![("text".to_owned(), text.to_owned())]
}

fn text_of(draft: &Draft) -> String {
    draft
        .fields
        .iter()
        .find(|(name, _)| name == "text")
        .map(|(_, text)| text.clone())
        .unwrap_or_default()
}

/// What happens to one attempt on the wire.
#[derive(Debug, Clone, Copy)]
enum Fate {
    Delivered,
    /// The request never reached the server.
    LostRequest,
    /// The server applied it, the answer never came back.
    LostAnswer,
}

#[derive(Debug, Clone)]
enum Op {
    Type(usize, u8),
    Submit(usize),
    Send(usize, Fate),
    /// A stale answer arrives again (a retry racing the first, a second tab).
    Duplicate(usize),
    /// Someone else acts on the matter: its version moves on.
    OtherUserActs,
    /// The page reloads the matter and sees its current version.
    Refresh,
    /// The tab is closed (an in-flight request may or may not have reached the server) and reopened.
    Reload(bool),
    Online,
    Tick(u16),
}

fn op() -> impl Strategy<Value = Op> {
    let fate = prop_oneof![
        Just(Fate::Delivered),
        Just(Fate::LostRequest),
        Just(Fate::LostAnswer)
    ];
    prop_oneof![
        4 => (0..3usize, any::<u8>()).prop_map(|(f, t)| Op::Type(f, t % 4)),
        3 => (0..3usize).prop_map(Op::Submit),
        5 => (0..3usize, fate).prop_map(|(f, x)| Op::Send(f, x)),
        2 => (0..8usize).prop_map(Op::Duplicate),
        1 => Just(Op::OtherUserActs),
        1 => Just(Op::Refresh),
        1 => any::<bool>().prop_map(Op::Reload),
        1 => Just(Op::Online),
        2 => (0..400u16).prop_map(Op::Tick),
    ]
}

/// The server as it behaves: a known key replays its first answer, a stale version is refused (and not
/// remembered), anything else is applied once and its answer stored with the key.
#[derive(Default)]
struct Server {
    version: u64,
    answers: HashMap<String, Outcome>,
    /// (form, draft revision, text) of every applied submission.
    applied: Vec<(usize, u64, String)>,
}

impl Server {
    fn receive(&mut self, form: usize, sub: &shared::outbox::Submission) -> Outcome {
        if let Some(answer) = self.answers.get(&sub.idempotency_key) {
            return answer.clone();
        }
        if sub.version != self.version {
            return Outcome::Refused(Refusal {
                code: "stale_version".into(),
                message: "该事项已被他人更新".into(),
                message_en: "The matter changed meanwhile".into(),
            });
        }
        self.version += 1;
        let action: Action = serde_json::from_str(&sub.action).expect("the action as JSON");
        let Action::ReportProgress { text, .. } = &action else {
            unreachable!("the harness only sends progress reports")
        };
        self.applied.push((form, sub.revision, text.clone()));
        self.answers
            .insert(sub.idempotency_key.clone(), Outcome::Applied);
        Outcome::Applied
    }
}

struct World {
    outbox: Outbox,
    server: Server,
    now: i64,
    seen_version: u64,
    next_key: u32,
    edits: u32,
    /// What the user last typed into each form.
    typed: [Option<String>; 3],
    /// Answers that reached the client once, to deliver again.
    answers: Vec<(usize, String, Outcome)>,
}

impl World {
    fn new() -> World {
        World {
            outbox: Outbox::default(),
            server: Server::default(),
            now: 1_000,
            seen_version: 0,
            next_key: 0,
            edits: 0,
            typed: [None, None, None],
            answers: Vec::new(),
        }
    }

    fn send(&mut self, form: usize, fate: Fate) {
        let k = key(form);
        let Some(sub) = self.outbox.start(&k) else {
            return;
        };
        let outcome = match fate {
            Fate::LostRequest => Outcome::Retry,
            Fate::LostAnswer => {
                self.server.receive(form, &sub);
                Outcome::Retry
            }
            Fate::Delivered => {
                let answer = self.server.receive(form, &sub);
                self.answers
                    .push((form, sub.idempotency_key.clone(), answer.clone()));
                answer
            }
        };
        self.outbox
            .settle(&k, &sub.idempotency_key, outcome, self.now);
    }

    fn step(&mut self, op: &Op) {
        match op {
            Op::Type(form, t) => {
                // Every edit is unique, so "applied twice" means the same typed text reached the server twice.
                self.edits += 1;
                let text = format!("进展 {t} #{}", self.edits);
                self.outbox
                    .edit(key(*form), "标题", fields(&text), self.now);
                self.typed[*form] = Some(text);
            }
            Op::Submit(form) => {
                let k = key(*form);
                let Some(draft) = self.outbox.draft(&k) else {
                    return;
                };
                let action = serde_json::to_string(&Action::ReportProgress {
                    text: text_of(draft),
                    next_schedule: None,
                })
                .expect("serialisable");
                self.next_key += 1;
                let idem = format!("key-{:04}", self.next_key);
                let _ = self
                    .outbox
                    .submit(&k, self.seen_version, action, idem, self.now);
            }
            Op::Send(form, fate) => self.send(*form, *fate),
            Op::Duplicate(i) => {
                if let Some((form, idem, answer)) = self.answers.get(*i).cloned() {
                    // The submission with this key may still be waiting: then the answer is its own.
                    let waiting = self
                        .outbox
                        .draft(&key(form))
                        .and_then(|d| d.queued.as_ref())
                        .is_some_and(|s| s.idempotency_key == idem);
                    let settled = self.outbox.settle(&key(form), &idem, answer, self.now);
                    if !waiting {
                        assert_eq!(
                            settled,
                            Settled::Ignored,
                            "a late answer changed the outbox"
                        );
                    }
                }
            }
            Op::OtherUserActs => self.server.version += 1,
            Op::Refresh => self.seen_version = self.server.version,
            Op::Reload(reached_server) => {
                // An in-flight request is cut off: it reached the server or not; its answer is lost.
                let in_flight: Vec<(usize, shared::outbox::Submission)> = (0..3)
                    .filter_map(|f| {
                        let sub = self.outbox.draft(&key(f))?.queued.clone()?;
                        sub.in_flight.then_some((f, sub))
                    })
                    .collect();
                if *reached_server {
                    for (f, sub) in &in_flight {
                        self.server.receive(*f, sub);
                    }
                }
                // What IndexedDB holds: each draft as its record.
                let stored: Vec<String> = self.outbox.drafts().map(Draft::encode).collect();
                self.outbox = Outbox::load(stored.iter().map(|s| Draft::decode(s).unwrap()));
                self.seen_version = self.server.version;
            }
            Op::Online => self.outbox.wake(self.now),
            Op::Tick(secs) => self.now += i64::from(*secs) * 1_000,
        }
    }

    fn check(&self) {
        for form in 0..3 {
            // Never lose a draft: the last text typed is still a draft, or the server applied exactly it.
            if let Some(typed) = &self.typed[form] {
                match self.outbox.draft(&key(form)) {
                    Some(d) => assert_eq!(&text_of(d), typed, "form {form}: draft changed"),
                    None => assert!(
                        self.server
                            .applied
                            .iter()
                            .any(|(f, _, text)| *f == form && text == typed),
                        "form {form}: draft {typed:?} gone but never applied"
                    ),
                }
            }
        }
        // Never apply twice: each edit reaches the server at most once.
        let mut seen = std::collections::HashSet::new();
        for (_, _, text) in &self.server.applied {
            assert!(
                seen.insert(text),
                "{text} applied twice: {:?}",
                self.server.applied
            );
        }
        assert_eq!(
            self.outbox.queued_count(),
            self.outbox.drafts().filter(|d| d.queued.is_some()).count()
        );
    }

    /// The network comes back for good and the user re-applies refused drafts to the current state:
    /// every queue drains and every draft is applied.
    fn drain(&mut self) {
        for _ in 0..40 {
            self.outbox.wake(self.now);
            self.seen_version = self.server.version;
            for form in 0..3 {
                let refused = self
                    .outbox
                    .draft(&key(form))
                    .is_some_and(|d| d.queued.is_none());
                if refused {
                    self.step(&Op::Submit(form));
                }
                self.send(form, Fate::Delivered);
                self.check();
            }
            if self.outbox.drafts().next().is_none() {
                return;
            }
            self.now += 1_000;
        }
        panic!("the outbox did not drain: {:?}", self.outbox);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn no_interleaving_loses_a_draft_or_applies_a_submission_twice(
        ops in prop::collection::vec(op(), 1..120),
    ) {
        let mut world = World::new();
        for op in &ops {
            world.step(op);
            world.check();
        }
        world.drain();
        world.check();
    }
}

#[test]
fn an_answer_lost_after_the_server_applied_it_is_not_applied_again_on_retry() {
    let mut w = World::new();
    w.step(&Op::Type(0, 1));
    w.step(&Op::Submit(0));
    w.step(&Op::Send(0, Fate::LostAnswer));
    assert_eq!(w.server.applied.len(), 1);
    assert!(w.outbox.draft(&key(0)).is_some(), "kept until confirmed");
    // Another user acts meanwhile: the retry still gets the first answer, not a conflict.
    w.step(&Op::OtherUserActs);
    w.step(&Op::Tick(10));
    w.step(&Op::Send(0, Fate::Delivered));
    assert_eq!(w.server.applied.len(), 1);
    assert!(w.outbox.draft(&key(0)).is_none());
}

#[test]
fn a_stale_submission_is_refused_and_the_draft_kept_with_the_reason() {
    let mut w = World::new();
    w.step(&Op::Type(2, 3));
    w.step(&Op::Submit(2));
    w.step(&Op::OtherUserActs);
    w.step(&Op::Send(2, Fate::Delivered));
    let draft = w.outbox.draft(&key(2)).expect("kept");
    assert!(draft.queued.is_none());
    assert!(draft.refusal.as_ref().is_some_and(Refusal::is_conflict));
    assert!(w.server.applied.is_empty());
}

fn any_text() -> impl Strategy<Value = String> {
    // Separators, backslashes and escapes included: whatever is typed must come back as it was.
    prop::string::string_regex("[a-z\\\\\\u{1f}u督办 \\n]{0,12}").unwrap()
}

proptest! {
    #[test]
    fn a_stored_draft_reads_back_exactly(
        texts in prop::collection::vec(any_text(), 12),
        numbers in prop::collection::vec(any::<u32>(), 8),
        queued: bool,
        refused: bool,
    ) {
        let n = |i: usize| u64::from(numbers[i]);
        let draft = Draft {
            key: DraftKey { user: texts[0].clone(), matter: texts[1].clone(), form: FORMS[numbers[0] as usize % 3] },
            title: texts[2].clone(),
            fields: vec![(texts[3].clone(), texts[4].clone()), (texts[5].clone(), texts[6].clone())],
            revision: n(1),
            saved_at: -(n(2) as i64),
            queued: queued.then(|| shared::outbox::Submission {
                idempotency_key: texts[7].clone(),
                version: n(3),
                action: texts[8].clone(),
                revision: n(4),
                attempts: numbers[5],
                next_attempt_at: n(6) as i64,
                in_flight: numbers[7] % 2 == 0,
                queued_at: 7,
            }),
            refusal: refused.then(|| Refusal {
                code: texts[9].clone(),
                message: texts[10].clone(),
                message_en: texts[11].clone(),
            }),
        };
        prop_assert_eq!(Draft::decode(&draft.encode()), Some(draft.clone()));
        // One user's records are one key range, and no other user's key falls into it.
        let prefix = DraftKey::user_prefix(&draft.key.user);
        prop_assert!(draft.key.storage_key().starts_with(&prefix));
        let other = DraftKey { user: format!("{}x", draft.key.user), ..draft.key.clone() };
        prop_assert!(!other.storage_key().starts_with(&prefix));
    }
}
