//! The mail task: drains `mail_outbox` (filled by a database event with every notice), urgent or chosen-immediate
//! notices one by one, the rest as one daily digest per person; failures are logged and retried with backoff.

pub mod send;
pub mod settings;

use crate::state::AppState;
use crate::store::db::{Database, DbError, matters};
use chrono::{DateTime, Duration as Span, Timelike, Utc};
use serde::Deserialize;
use serde_json::json;
use settings::MailSettings;
use shared::api::NotificationKind;
use shared::mail::{self as rules, EmailMode, Notice};
use std::collections::BTreeMap;

/// Tries before a message is given up (about two days with the backoff below).
pub const MAX_ATTEMPTS: i64 = 12;
/// A notice older than this when mail is first turned on is not sent: it would only be noise.
pub const STALE_DAYS: i64 = 7;

/// What one pass did, for logs and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub messages_sent: usize,
    pub notices_sent: usize,
    pub failures: usize,
    pub skipped: usize,
}

/// Runs `deliver` every `interval`; a failure is logged and never stops the task.
pub fn spawn(state: AppState, settings: MailSettings) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(settings.interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match deliver(&state, Utc::now()).await {
                Ok(d) if d != Delivery::default() => tracing::info!(?d, "mail delivery"),
                Ok(_) => {}
                Err(e) => tracing::error!("mail delivery failed: {e}"),
            }
        }
    })
}

#[derive(Debug, Deserialize)]
struct Pending {
    notification: String,
    user: String,
    mid: String,
    kind: NotificationKind,
    created_at: String,
    attempts: i64,
}

#[derive(Debug, Deserialize)]
struct Recipient {
    username: String,
    display_name: String,
    email: Option<String>,
    #[serde(default)]
    email_mode: Option<EmailMode>,
}

/// Seconds to wait after the n-th failure: one minute, doubling, at most six hours.
pub fn backoff_secs(attempts: i64) -> i64 {
    (60_i64 << attempts.clamp(0, 9)).min(6 * 3600)
}

/// One pass as of `now`: what is due is sent, what fails waits for its next try.
pub async fn deliver(state: &AppState, now: DateTime<Utc>) -> Result<Delivery, DbError> {
    let mut report = Delivery::default();
    let Some(settings) = state.settings.mail.as_ref() else {
        return Ok(report);
    };
    let db = &state.db;
    let pending: Vec<Pending> = db
        .rows(
            "SELECT notification, user, mid, kind, created_at, attempts FROM mail_outbox
             WHERE state = 'pending' AND next_try <= $now ORDER BY created_at",
            json!({ "now": now.timestamp() }),
        )
        .await?;
    if pending.is_empty() {
        return Ok(report);
    }
    let names: Vec<&str> = pending.iter().map(|p| p.user.as_str()).collect();
    let people: Vec<Recipient> = db
        .rows(
            "SELECT username, display_name, email, email_mode FROM user WHERE username IN $names",
            json!({ "names": names }),
        )
        .await?;
    let people: BTreeMap<&str, &Recipient> =
        people.iter().map(|p| (p.username.as_str(), p)).collect();
    let stale = now - Span::days(STALE_DAYS);
    // Each message: who, and the notices it carries.
    let mut messages: Vec<(&Recipient, &str, Vec<&Pending>, bool)> = Vec::new();
    let mut digests: BTreeMap<&str, Vec<&Pending>> = BTreeMap::new();
    let mut skip = Vec::new();
    for p in &pending {
        let created = DateTime::parse_from_rfc3339(&p.created_at).map(|t| t.with_timezone(&Utc));
        let person = people.get(p.user.as_str()).copied();
        let address = person
            .and_then(|r| r.email.as_deref())
            .filter(|a| !a.is_empty());
        match (person, address) {
            (Some(r), Some(a)) if created.is_ok_and(|c| c >= stale) => {
                if rules::goes_now(p.kind, r.email_mode.unwrap_or_default()) {
                    messages.push((r, a, vec![p], false));
                } else {
                    digests.entry(r.username.as_str()).or_default().push(p);
                }
            }
            _ => skip.push(p.notification.as_str()),
        }
    }
    if !skip.is_empty() {
        report.skipped = skip.len();
        db.run(
            "UPDATE mail_outbox SET state = 'skipped' WHERE notification IN $ids RETURN NONE",
            json!({ "ids": skip }),
        )
        .await?;
    }
    for (user, notices) in digests {
        if digest_due(db, user, now, settings.digest_hour).await?
            && let Some(r) = people.get(user).copied()
            && let Some(a) = r.email.as_deref()
        {
            messages.push((r, a, notices, true));
        }
    }
    if messages.is_empty() {
        return Ok(report);
    }
    let transport = match send::transport(settings) {
        Ok(t) => t,
        Err(e) => {
            tracing::error!("mail transport: {e}");
            return Ok(report);
        }
    };
    for (r, address, notices, digest) in messages {
        let mut texts = Vec::new();
        for p in &notices {
            texts.push(notice_of(db, p).await?);
        }
        let subject = match (digest, texts.first()) {
            (false, Some(n)) => rules::subject(n),
            _ => rules::digest_subject(texts.len()),
        };
        let body = rules::body(&r.display_name, &texts, &settings.base_url);
        let ids: Vec<&str> = notices.iter().map(|p| p.notification.as_str()).collect();
        let result = send::send(
            &transport,
            &settings.from,
            &r.display_name,
            address,
            &subject,
            body,
        )
        .await;
        match result {
            Ok(()) => {
                report.messages_sent += 1;
                report.notices_sent += ids.len();
                mark_sent(db, &ids, now, digest.then_some(r.username.as_str())).await?;
            }
            Err(e) => {
                report.failures += 1;
                let attempts = notices.iter().map(|p| p.attempts).max().unwrap_or(0) + 1;
                tracing::warn!(user = %crate::telemetry::Escaped(&r.username), attempts, "mail not sent: {e}");
                mark_failed(db, &ids, attempts, now, &e.to_string()).await?;
            }
        }
    }
    Ok(report)
}

/// The digest goes once a day, from `hour` Beijing time.
async fn digest_due(
    db: &Database,
    user: &str,
    now: DateTime<Utc>,
    hour: u32,
) -> Result<bool, DbError> {
    let local = now + Span::hours(8);
    if local.hour() < hour {
        return Ok(false);
    }
    let last: Option<serde_json::Value> = db
        .first(
            "SELECT VALUE last_sent FROM type::record('mail_digest', $u)",
            json!({ "u": user }),
        )
        .await?;
    let today = local.date_naive().to_string();
    Ok(last.and_then(|v| v.as_str().map(str::to_owned)) != Some(today))
}

async fn notice_of(db: &Database, p: &Pending) -> Result<Notice, DbError> {
    let m = matters::load(db, &p.mid).await?;
    Ok(Notice {
        kind: p.kind,
        matter_id: p.mid.clone(),
        number: m
            .as_ref()
            .and_then(|m| m.number.as_ref().map(|n| n.as_str().to_owned())),
        title: m.as_ref().map_or_else(String::new, |m| m.title.clone()),
        deadline: m.and_then(|m| m.deadline),
    })
}

async fn mark_sent(
    db: &Database,
    ids: &[&str],
    now: DateTime<Utc>,
    digest_of: Option<&str>,
) -> Result<(), DbError> {
    db.run(
        "UPDATE mail_outbox SET state = 'sent', sent_at = $at WHERE notification IN $ids RETURN NONE;
         IF $user != NONE { UPSERT type::record('mail_digest', $user) SET last_sent = $day RETURN NONE; };",
        json!({
            "ids": ids,
            "at": now.to_rfc3339(),
            "user": digest_of,
            "day": (now + Span::hours(8)).date_naive().to_string(),
        }),
    )
    .await?;
    Ok(())
}

async fn mark_failed(
    db: &Database,
    ids: &[&str],
    attempts: i64,
    now: DateTime<Utc>,
    error: &str,
) -> Result<(), DbError> {
    let state = if attempts >= MAX_ATTEMPTS {
        "failed"
    } else {
        "pending"
    };
    if state == "failed" {
        tracing::error!(?ids, "mail given up after {attempts} tries: {error}");
    }
    db.run(
        "UPDATE mail_outbox SET attempts = $n, next_try = $next, last_error = $err, state = $state
         WHERE notification IN $ids RETURN NONE",
        json!({
            "ids": ids,
            "n": attempts,
            "next": now.timestamp() + backoff_secs(attempts),
            "err": error,
            "state": state,
        }),
    )
    .await?;
    Ok(())
}

/// A user's address and choice.
pub async fn preferences(
    db: &Database,
    user: &str,
) -> Result<shared::mail::EmailPreferences, DbError> {
    let r: Option<Recipient> = db
        .first(
            "SELECT username, display_name, email, email_mode FROM user WHERE username = $u LIMIT 1",
            json!({ "u": user }),
        )
        .await?;
    Ok(shared::mail::EmailPreferences {
        address: r.as_ref().and_then(|r| r.email.clone()),
        mode: r.and_then(|r| r.email_mode).unwrap_or_default(),
    })
}
