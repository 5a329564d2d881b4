//! One message over SMTP with lettre: the transport from settings, the message with a Chinese subject.

use super::settings::{MailSettings, Tls};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

pub type Transport = AsyncSmtpTransport<Tokio1Executor>;

/// A send that did not happen, in words for the log and the outbox row.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SendError(pub String);

pub fn transport(s: &MailSettings) -> Result<Transport, SendError> {
    let err = |e: lettre::transport::smtp::Error| SendError(format!("smtp {}: {e}", s.host));
    let builder = match s.tls {
        // Plain SMTP is what the settings ask for (a local relay); lettre calls it dangerous.
        Tls::None => Transport::builder_dangerous(&s.host),
        Tls::Starttls => Transport::starttls_relay(&s.host).map_err(err)?,
        Tls::Tls => Transport::relay(&s.host).map_err(err)?,
    };
    let mut builder = builder.port(s.port).timeout(Some(Duration::from_secs(20)));
    if let (Some(user), Some(pass)) = (&s.username, &s.password) {
        builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
    }
    Ok(builder.build())
}

/// Sends one plain-text message; lettre encodes the Chinese subject as RFC 2047 words.
pub async fn send(
    transport: &Transport,
    from: &str,
    to_name: &str,
    to_address: &str,
    subject: &str,
    body: String,
) -> Result<(), SendError> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| SendError(format!("sender {from}: {e}")))?;
    let address = to_address
        .parse()
        .map_err(|e| SendError(format!("address {to_address}: {e}")))?;
    let message = Message::builder()
        .from(from)
        .to(Mailbox::new(Some(to_name.to_owned()), address))
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| SendError(format!("message: {e}")))?;
    transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| SendError(format!("send to {to_address}: {e}")))
}
