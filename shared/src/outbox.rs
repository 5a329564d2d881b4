//! Drafts of action forms and the outbox of their submissions: the pure state machine behind offline work.
//!
//! The promise to a handler on a weak network: nothing typed is lost, nothing is sent twice. So a draft
//! lives until the server has confirmed the very revision that was submitted, a submission keeps one
//! Idempotency-Key for all its retries (the server answers a repeat with its first answer), and a draft
//! holds at most one submission at a time. The app stores each `Draft` (with its queued submission) as
//! one IndexedDB record, so a draft and its submission are always written together.

use crate::engine::ActionKind;

mod codec;

/// Milliseconds since the Unix epoch (the browser's `Date.now()`).
pub type Millis = i64;

/// First retry after two seconds, doubling up to five minutes.
const FIRST_RETRY_MS: Millis = 2_000;
const MAX_RETRY_MS: Millis = 5 * 60_000;

/// One form: a user's draft of one action on one matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftKey {
    pub user: String,
    pub matter: String,
    pub form: ActionKind,
}

/// Why the server did not apply a submission, in both languages, as it said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The server's error code: `stale_version` when the matter moved on meanwhile.
    pub code: String,
    pub message: String,
    pub message_en: String,
}

impl Refusal {
    /// The matter changed since the draft was based on it: the user may re-apply it to the new state.
    pub fn is_conflict(&self) -> bool {
        self.code == "stale_version"
    }
}

/// A submission waiting for (or in the middle of) being sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// Sent on every attempt: the server applies it once and replays its answer to repeats.
    pub idempotency_key: String,
    /// The matter version the action was based on.
    pub version: u64,
    /// The action as JSON, exactly as it is sent (kept as text: the app never needs to read it back).
    pub action: String,
    /// The draft revision it was made from: confirming it removes only that revision.
    pub revision: u64,
    pub attempts: u32,
    pub next_attempt_at: Millis,
    /// Sent and not answered yet; reset on page load, so an interrupted send is retried with the same key.
    pub in_flight: bool,
    pub queued_at: Millis,
}

/// What a user typed into one form, and its submission when one is on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub key: DraftKey,
    /// The matter's title, so the drafts list reads well offline.
    pub title: String,
    /// (field name, text) in the form's order.
    pub fields: Vec<(String, String)>,
    /// Bumped on every edit.
    pub revision: u64,
    pub saved_at: Millis,
    pub queued: Option<Submission>,
    /// The server's last refusal, shown next to the kept draft until it is submitted again.
    pub refusal: Option<Refusal>,
}

/// How one attempt to send ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server applied it (or had applied it before and replayed its answer).
    Applied,
    /// The server answered and did not apply it: stale version, action no longer allowed, invalid.
    Refused(Refusal),
    /// No usable answer (offline, timeout, proxy error, session expired): try again later, same key.
    Retry,
}

/// What `settle` did, so the app knows whom to tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// Confirmed; `draft_removed` is false when the user edited the draft after submitting it.
    Applied {
        draft_removed: bool,
    },
    Refused,
    WillRetry {
        at: Millis,
    },
    /// An answer for a submission no longer waiting (a duplicate delivery): nothing changed.
    Ignored,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitError {
    /// Nothing was typed for this form.
    NoDraft,
    /// The draft already has a submission on its way: a second one could apply it twice.
    AlreadyQueued,
}

/// All drafts of the signed-in user, one per form. A handful at most, so a plain list (no map code in the wasm).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outbox {
    drafts: Vec<Draft>,
}

/// The wait before attempt `attempts + 1`.
pub fn backoff(attempts: u32) -> Millis {
    let doublings = attempts.saturating_sub(1).min(20);
    (FIRST_RETRY_MS << doublings).min(MAX_RETRY_MS)
}

impl Outbox {
    /// Builds the outbox from stored drafts; sends interrupted by a closed page become due again.
    pub fn load(drafts: impl IntoIterator<Item = Draft>) -> Outbox {
        let mut outbox = Outbox::default();
        for mut draft in drafts {
            if let Some(sub) = draft.queued.as_mut() {
                sub.in_flight = false;
            }
            outbox.drafts.retain(|d| d.key != draft.key);
            outbox.drafts.push(draft);
        }
        outbox
    }

    pub fn draft(&self, key: &DraftKey) -> Option<&Draft> {
        self.drafts.iter().find(|d| &d.key == key)
    }

    fn draft_mut(&mut self, key: &DraftKey) -> Option<&mut Draft> {
        self.drafts.iter_mut().find(|d| &d.key == key)
    }

    pub fn drafts(&self) -> impl DoubleEndedIterator<Item = &Draft> {
        self.drafts.iter()
    }

    /// How many submissions wait to be sent (shown in the shell as 待发送).
    pub fn queued_count(&self) -> usize {
        self.drafts.iter().filter(|d| d.queued.is_some()).count()
    }

    /// Saves what the user typed. A queued submission keeps its own copy of the action.
    pub fn edit(
        &mut self,
        key: DraftKey,
        title: &str,
        fields: Vec<(String, String)>,
        now: Millis,
    ) -> &Draft {
        let at = match self.drafts.iter().position(|d| d.key == key) {
            Some(at) => at,
            None => {
                self.drafts.push(Draft {
                    key,
                    title: String::new(),
                    fields: Vec::new(),
                    revision: 0,
                    saved_at: now,
                    queued: None,
                    refusal: None,
                });
                self.drafts.len() - 1
            }
        };
        let draft = &mut self.drafts[at];
        if draft.fields != fields || draft.revision == 0 {
            draft.revision += 1;
            draft.fields = fields;
        }
        if !title.is_empty() {
            draft.title = title.to_owned();
        }
        draft.saved_at = now;
        draft
    }

    /// Puts the draft's current revision in the outbox, due at once.
    pub fn submit(
        &mut self,
        key: &DraftKey,
        version: u64,
        action: String,
        idempotency_key: String,
        now: Millis,
    ) -> Result<&Submission, SubmitError> {
        let draft = self.draft_mut(key).ok_or(SubmitError::NoDraft)?;
        if draft.queued.is_some() {
            return Err(SubmitError::AlreadyQueued);
        }
        draft.refusal = None;
        Ok(draft.queued.insert(Submission {
            idempotency_key,
            version,
            action,
            revision: draft.revision,
            attempts: 0,
            next_attempt_at: now,
            in_flight: false,
            queued_at: now,
        }))
    }

    /// The forms whose submission should be sent now.
    pub fn due(&self, now: Millis) -> Vec<DraftKey> {
        self.drafts
            .iter()
            .filter(|d| {
                d.queued
                    .as_ref()
                    .is_some_and(|s| !s.in_flight && s.next_attempt_at <= now)
            })
            .map(|d| d.key.clone())
            .collect()
    }

    /// When the next retry falls due, to set a timer.
    pub fn next_due(&self) -> Option<Millis> {
        self.drafts
            .iter()
            .filter_map(|d| d.queued.as_ref().filter(|s| !s.in_flight))
            .map(|s| s.next_attempt_at)
            .min()
    }

    /// Marks the submission as being sent and returns what to send; `None` if it is not waiting.
    pub fn start(&mut self, key: &DraftKey) -> Option<Submission> {
        let sub = self.draft_mut(key)?.queued.as_mut()?;
        if sub.in_flight {
            return None;
        }
        sub.in_flight = true;
        sub.attempts += 1;
        Some(sub.clone())
    }

    /// Records the answer to the submission sent with `idempotency_key`.
    pub fn settle(
        &mut self,
        key: &DraftKey,
        idempotency_key: &str,
        outcome: Outcome,
        now: Millis,
    ) -> Settled {
        let Some(draft) = self.draft_mut(key) else {
            return Settled::Ignored;
        };
        let Some(sub) = draft
            .queued
            .as_mut()
            .filter(|s| s.idempotency_key == idempotency_key)
        else {
            return Settled::Ignored;
        };
        match outcome {
            Outcome::Retry => {
                sub.in_flight = false;
                sub.next_attempt_at = now + backoff(sub.attempts);
                Settled::WillRetry {
                    at: sub.next_attempt_at,
                }
            }
            Outcome::Refused(refusal) => {
                draft.queued = None;
                draft.refusal = Some(refusal);
                Settled::Refused
            }
            Outcome::Applied => {
                let unchanged = draft.revision == sub.revision;
                draft.queued = None;
                if unchanged {
                    self.drafts.retain(|d| &d.key != key);
                }
                Settled::Applied {
                    draft_removed: unchanged,
                }
            }
        }
    }

    /// The network is back: every waiting submission is due now.
    pub fn wake(&mut self, now: Millis) {
        for sub in self.drafts.iter_mut().filter_map(|d| d.queued.as_mut()) {
            sub.next_attempt_at = sub.next_attempt_at.min(now);
        }
    }

    /// Throws a draft away on the user's request; refused while its submission is on its way,
    /// since it may already be applied.
    pub fn discard(&mut self, key: &DraftKey) -> bool {
        let free = self.draft(key).is_some_and(|d| d.queued.is_none());
        if free {
            self.drafts.retain(|d| &d.key != key);
        }
        free
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DraftKey {
        DraftKey {
            user: "jwc-head".into(),
            matter: "m1".into(),
            form: ActionKind::SubmitWorkPlan,
        }
    }

    fn plan(text: &str) -> Vec<(String, String)> {
        vec![("plan".to_owned(), text.to_owned())]
    }

    fn action() -> String {
        r#"{"type":"submit_work_plan","plan":"p"}"#.into()
    }

    #[test]
    fn retries_back_off_from_two_seconds_to_five_minutes() {
        assert_eq!(backoff(1), 2_000);
        assert_eq!(backoff(2), 4_000);
        assert_eq!(backoff(4), 16_000);
        assert_eq!(backoff(30), 300_000);
    }

    #[test]
    fn a_draft_edited_after_submitting_survives_the_confirmation() {
        let mut o = Outbox::default();
        o.edit(key(), "t", plan("a"), 0);
        o.submit(&key(), 3, action(), "k1".into(), 0).unwrap();
        o.edit(key(), "t", plan("ab"), 1);
        o.start(&key()).unwrap();
        let settled = o.settle(&key(), "k1", Outcome::Applied, 2);
        assert_eq!(
            settled,
            Settled::Applied {
                draft_removed: false
            }
        );
        assert_eq!(o.draft(&key()).unwrap().fields, plan("ab"));
    }

    #[test]
    fn a_second_submission_waits_for_the_first() {
        let mut o = Outbox::default();
        o.edit(key(), "t", plan("a"), 0);
        o.submit(&key(), 3, action(), "k1".into(), 0).unwrap();
        assert_eq!(
            o.submit(&key(), 3, action(), "k2".into(), 0),
            Err(SubmitError::AlreadyQueued)
        );
        assert!(!o.discard(&key()));
    }

    #[test]
    fn a_send_cut_off_by_closing_the_page_is_due_again_on_load() {
        let mut o = Outbox::default();
        o.edit(key(), "t", plan("a"), 0);
        o.submit(&key(), 3, action(), "k1".into(), 0).unwrap();
        o.start(&key()).unwrap();
        assert!(o.due(10).is_empty());
        let reloaded = Outbox::load(o.drafts().cloned());
        assert_eq!(reloaded.due(10), vec![key()]);
        assert_eq!(
            reloaded
                .draft(&key())
                .unwrap()
                .queued
                .as_ref()
                .unwrap()
                .idempotency_key,
            "k1"
        );
    }
}
