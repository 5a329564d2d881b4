//! Mail settings: an optional `[mail]` section of the settings file and `DUBAN_SMTP_*` flags; mail is off without a host.

use clap::Args;
use serde::Deserialize;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Tls {
    /// Plain SMTP: only for a relay on the same host or network.
    None,
    /// Upgrade with STARTTLS (usually port 587).
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

/// Where and how to send mail.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub username: Option<String>,
    pub password: Option<String>,
    /// `督办系统 <duban@example.edu.cn>`.
    pub from: String,
    /// The app's address, for links to matters.
    pub base_url: String,
    /// The hour (Beijing time) the daily digest goes out.
    pub digest_hour: u32,
    /// How often the mail task looks for pending mail.
    pub interval: Duration,
}

/// The `[mail]` section; every key optional, but mail needs at least `host` and `from`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileMail {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub tls: Option<Tls>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub from: Option<String>,
    pub base_url: Option<String>,
    pub digest_hour: Option<u32>,
    pub interval_secs: Option<u64>,
}

/// The mail flags, each with its `DUBAN_SMTP_*` variable.
#[derive(Debug, Default, Args)]
pub struct SmtpFlags {
    /// SMTP server; mail is off when no host is set.
    #[arg(long, env = "DUBAN_SMTP_HOST")]
    pub smtp_host: Option<String>,
    #[arg(long, env = "DUBAN_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    /// none, starttls or tls.
    #[arg(long, env = "DUBAN_SMTP_TLS")]
    pub smtp_tls: Option<Tls>,
    #[arg(long, env = "DUBAN_SMTP_USER")]
    pub smtp_user: Option<String>,
    #[arg(long, env = "DUBAN_SMTP_PASS", hide_env_values = true)]
    pub smtp_pass: Option<String>,
    /// Sender, e.g. "督办系统 <duban@example.edu.cn>".
    #[arg(long, env = "DUBAN_SMTP_FROM")]
    pub smtp_from: Option<String>,
    /// The app's public address, for the links in messages.
    #[arg(long, env = "DUBAN_BASE_URL")]
    pub base_url: Option<String>,
}

impl FileMail {
    /// The file's section, then the flags over it.
    pub fn merge(self, flags: &SmtpFlags) -> Option<MailSettings> {
        let host = flags.smtp_host.clone().or(self.host)?;
        let tls = flags.smtp_tls.or(self.tls).unwrap_or(Tls::Starttls);
        let default_port = match tls {
            Tls::None => 25,
            Tls::Starttls => 587,
            Tls::Tls => 465,
        };
        Some(MailSettings {
            host,
            port: flags.smtp_port.or(self.port).unwrap_or(default_port),
            tls,
            username: flags.smtp_user.clone().or(self.username),
            password: flags.smtp_pass.clone().or(self.password),
            from: flags.smtp_from.clone().or(self.from)?,
            base_url: flags
                .base_url
                .clone()
                .or(self.base_url)
                .unwrap_or_else(|| "http://127.0.0.1:3000".into()),
            digest_hour: self.digest_hour.unwrap_or(8).min(23),
            interval: Duration::from_secs(self.interval_secs.unwrap_or(60).max(1)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_is_off_without_a_host_and_flags_win_over_the_file() {
        assert!(FileMail::default().merge(&SmtpFlags::default()).is_none());
        let file: FileMail =
            toml::from_str("host = \"smtp.a\"\nfrom = \"d@a.cn\"\ntls = \"tls\"").expect("toml");
        let flags = SmtpFlags {
            smtp_host: Some("smtp.b".into()),
            ..SmtpFlags::default()
        };
        let s = file.merge(&flags).expect("on");
        assert_eq!((s.host.as_str(), s.port, s.tls), ("smtp.b", 465, Tls::Tls));
    }
}
