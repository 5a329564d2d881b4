//! Email against a real SMTP server on loopback: a small sink started by the test that records each message.

use crate::flow::*;
use crate::helpers::{TestApp, json_of};
use reqwest::StatusCode;
use serde_json::json;
use server::services::mail::settings::{MailSettings, Tls};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Clone, Default)]
struct Received {
    to: Vec<String>,
    data: String,
}

type Inbox = Arc<Mutex<Vec<Received>>>;

/// Speaks just enough SMTP for lettre: greeting, EHLO, MAIL, RCPT, DATA … ".", QUIT.
async fn sink(listener: TcpListener) -> Inbox {
    let inbox: Inbox = Arc::default();
    let store = inbox.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ready\r\n").await.unwrap();
                let mut msg = Received::default();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 sink\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        msg.to
                            .push(line[8..].trim().trim_matches(['<', '>']).to_owned());
                        b"250 ok\r\n"
                    } else if upper == "DATA" {
                        write.write_all(b"354 go ahead\r\n").await.unwrap();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            msg.data.push_str(&l);
                            msg.data.push('\n');
                        }
                        store.lock().unwrap().push(std::mem::take(&mut msg));
                        b"250 queued\r\n"
                    } else if upper == "QUIT" {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    inbox
}

fn b64(s: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0);
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = alphabet.iter().position(|a| *a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// The Subject header, unfolded, with its RFC 2047 encoded words decoded.
fn subject(data: &str) -> String {
    let mut raw = String::new();
    let mut lines = data
        .lines()
        .skip_while(|l| !l.to_ascii_lowercase().starts_with("subject:"));
    raw.push_str(&lines.next().expect("a subject")["subject:".len()..]);
    for l in lines.take_while(|l| l.starts_with([' ', '\t'])) {
        raw.push_str(l);
    }
    // Whitespace between two encoded words is dropped; next to a plain word it stays.
    let (mut bytes, mut last_encoded) = (Vec::new(), None);
    for word in raw.split_whitespace() {
        let parts: Vec<&str> = word.split('?').collect();
        let (decoded, encoded) = match parts.as_slice() {
            ["=", _, enc, text, "="] if enc.eq_ignore_ascii_case("b") => (b64(text), true),
            _ => (word.as_bytes().to_vec(), false),
        };
        if last_encoded.is_some() && !(encoded && last_encoded == Some(true)) {
            bytes.push(b' ');
        }
        bytes.extend(decoded);
        last_encoded = Some(encoded);
    }
    String::from_utf8(bytes).expect("utf-8")
}

fn mail_to(port: u16) -> MailSettings {
    MailSettings {
        host: "127.0.0.1".into(),
        port,
        tls: Tls::None,
        username: None,
        password: None,
        from: "督办系统 <duban@example.edu.cn>".into(),
        base_url: "http://duban.test".into(),
        // Always past the digest hour, whatever time the test runs.
        digest_hour: 0,
        // The task's own ticks stay out of the way; the test delivers by hand.
        interval: Duration::from_secs(86_400),
    }
}

async fn set_email(app: &TestApp, user: &str, mode: &str) {
    let u = app.as_user(user).await;
    let r = u
        .client
        .put(app.url("/api/me/email-preferences"))
        .json(&json!({ "address": format!("{user}@example.edu.cn"), "mode": mode }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let back = json_of(u.get("/api/me/email-preferences").await).await;
    assert_eq!(back["mode"], mode);
}

#[tokio::test]
async fn a_digest_groups_the_days_notices_and_an_overdue_notice_goes_at_once() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox = sink(listener).await;
    let app = TestApp::spawn_with(|s| s.mail = Some(mail_to(port))).await;
    set_email(&app, "jwc-liaison", "digest").await;

    // Two new assignments for 教务处: one digest with both.
    let first = issued_routine(&app, "jwc", &[]).await;
    issued_routine(&app, "jwc", &[]).await;
    let d = server::services::mail::deliver(&app.state, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!((d.messages_sent, d.notices_sent), (1, 2), "{d:?}");
    {
        let got = inbox.lock().unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].to, ["jwc-liaison@example.edu.cn"]);
        assert_eq!(subject(&got[0].data), "【督办提醒】今日待办通知 2 条");
    }
    // Nothing twice.
    let d = server::services::mail::deliver(&app.state, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(d.messages_sent, 0);

    // Past its deadline the matter is overdue: that mail goes at once, the digest already sent today.
    let liaison = app.as_user("jwc-liaison").await;
    let today = server::services::reports::today();
    let promised = today + chrono::Duration::days(10);
    liaison.act(&first, commitment(&promised.to_string())).await;
    let later = chrono::Utc::now() + chrono::Duration::days(20);
    server::services::reminders::sweep(&app.state, later)
        .await
        .unwrap();
    // Both matters are late by then (the second never replied): one message each, no digest.
    let d = server::services::mail::deliver(&app.state, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(d.messages_sent, 2, "{d:?}");
    let number =
        json_of(liaison.get(&format!("/api/matters/{first}")).await).await["matter"]["number"]
            .as_str()
            .unwrap()
            .to_owned();
    let got = inbox.lock().unwrap();
    let subjects: Vec<String> = got[1..].iter().map(|m| subject(&m.data)).collect();
    let expected = format!("【督办提醒】{number} 推进本科教学审核评估整改 已超期");
    assert!(subjects.contains(&expected), "{subjects:?}");
}

#[tokio::test]
async fn a_closed_smtp_port_does_not_fail_the_action_and_the_mail_is_retried_later() {
    let probe = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = probe.local_addr().unwrap().port();
    drop(probe);
    let app = TestApp::spawn_with(|s| s.mail = Some(mail_to(port))).await;
    set_email(&app, "jwc-liaison", "immediate").await;

    // The action succeeds although no mail server answers.
    issued_routine(&app, "jwc", &[]).await;
    let now = chrono::Utc::now();
    let d = server::services::mail::deliver(&app.state, now)
        .await
        .unwrap();
    assert_eq!((d.messages_sent, d.failures), (0, 1), "{d:?}");
    let rows: Vec<serde_json::Value> = app
        .db
        .rows(
            "SELECT state, attempts, last_error FROM mail_outbox WHERE user = 'jwc-liaison'",
            json!({}),
        )
        .await
        .unwrap();
    assert_eq!(
        (rows[0]["state"].clone(), rows[0]["attempts"].clone()),
        (json!("pending"), json!(1))
    );
    // Not before its backoff.
    let d = server::services::mail::deliver(&app.state, now)
        .await
        .unwrap();
    assert_eq!(d.failures, 0);

    // The server comes up; the next try after the backoff gets through.
    let inbox = sink(TcpListener::bind(("127.0.0.1", port)).await.unwrap()).await;
    let d = server::services::mail::deliver(&app.state, now + chrono::Duration::minutes(2))
        .await
        .unwrap();
    assert_eq!(d.messages_sent, 1, "{d:?}");
    let got = inbox.lock().unwrap();
    assert!(
        subject(&got[0].data).ends_with("新交办事项"),
        "{}",
        subject(&got[0].data)
    );
}

/// Clearing the address (null, or blank) turns mail off instead of failing.
#[tokio::test]
async fn an_address_can_be_cleared() {
    let app = TestApp::spawn().await;
    set_email(&app, "office", "immediate").await;
    let u = app.as_user("office").await;
    for address in [json!(null), json!("  ")] {
        let r = u
            .client
            .put(app.url("/api/me/email-preferences"))
            .json(&json!({ "address": address, "mode": "digest" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{address}");
        let back = json_of(u.get("/api/me/email-preferences").await).await;
        assert!(back["address"].is_null(), "{back}");
        assert_eq!(back["mode"], "digest");
    }
}
