//! Settings, layered the usual way: defaults, then an optional TOML file, then `DUBAN_*` environment variables, then flags.

use clap::Parser;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub use crate::auth::rate_limit::LoginLimitSettings;
pub use crate::store::db::settings::{DatabaseSettings, UserLevel};

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database: DatabaseSettings,
    pub demo: bool,
    /// How many demo matters `--demo` writes (tests want only the people).
    pub demo_matters: usize,
    pub static_dir: Option<PathBuf>,
    pub session: SessionSettings,
    pub login_limit: LoginLimitSettings,
    /// Reverse proxies whose `X-Forwarded-For`/`Forwarded` and `X-Forwarded-Proto` are believed
    /// (`auth::client`); a request from any other peer is taken at its TCP address.
    pub trusted_proxies: Vec<crate::auth::client::Cidr>,
    /// How often the reminder task sweeps; `None` turns it off (tests drive it by hand).
    pub reminder_interval: Option<Duration>,
    /// SMTP for email notices; `None` (no host configured) turns mail off.
    pub mail: Option<crate::services::mail::settings::MailSettings>,
    /// The audit chain's key and anchor (docs/security.md, "Audit trail").
    pub audit: crate::store::audit::AuditSettings,
    /// How much may be attached to one matter and by one unit (`[attachments]` in the file).
    pub attachment_quota: shared::limits::AttachmentQuota,
    /// How long a JSON request may take before it is answered 503 and its work stopped (`budget`).
    pub request_budget: Duration,
    /// After SIGTERM, how long requests in flight may finish before the server stops anyway.
    pub shutdown_grace: Duration,
}

#[derive(Debug, Clone)]
pub struct SessionSettings {
    /// A session unused for this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, however busy.
    pub absolute_timeout: Duration,
    /// The deployment is served over HTTPS: the session cookie is `__Host-` and `Secure`, and
    /// responses carry HSTS. Also true for a request a trusted proxy says came over HTTPS.
    pub secure_cookie: bool,
    /// How long a session checked against the database is trusted before it is read again
    /// (`auth::checked`); zero reads it on every request.
    pub recheck: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: SocketAddr::from(([127, 0, 0, 1], 3000)),
            database: DatabaseSettings {
                url: "surrealkv://./data".into(),
                namespace: "duban".into(),
                name: "duban".into(),
                user: None,
                password: None,
                password_file: None,
                user_level: UserLevel::Root,
            },
            demo: false,
            demo_matters: 60,
            static_dir: None,
            session: SessionSettings {
                idle_timeout: Duration::from_secs(2 * 3600),
                absolute_timeout: Duration::from_secs(12 * 3600),
                recheck: Duration::from_secs(2),
                secure_cookie: false,
            },
            login_limit: LoginLimitSettings {
                window: Duration::from_secs(15 * 60),
                per_account: 5,
                address_window: Duration::from_secs(10),
                per_address: 10,
                argon2_memory: 128 * 1024 * 1024,
                refusal_period: Duration::from_secs(60),
            },
            trusted_proxies: Vec::new(),
            reminder_interval: Some(Duration::from_secs(300)),
            mail: None,
            audit: crate::store::audit::AuditSettings::default(),
            attachment_quota: shared::limits::AttachmentQuota::default(),
            request_budget: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

impl DatabaseSettings {
    /// A later layer's password or password file replaces an earlier layer's either.
    fn set_password(&mut self, password: Option<String>, file: Option<PathBuf>) {
        if file.is_some() {
            self.password_file = file;
            self.password = None;
        } else if password.is_some() {
            self.password = password;
            self.password_file = None;
        }
    }

    /// Reads `password_file` into `password`: its first line, without the line ending.
    fn read_password_file(&mut self) -> Result<(), ConfigError> {
        let Some(path) = &self.password_file else {
            return Ok(());
        };
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::PasswordFile {
            path: path.clone(),
            source,
        })?;
        let password = text.lines().next().unwrap_or_default();
        if password.is_empty() {
            return Err(ConfigError::EmptyPasswordFile { path: path.clone() });
        }
        self.password = Some(password.to_owned());
        Ok(())
    }
}

/// Command-line flags; each also reads its `DUBAN_*` variable, and flags win over variables.
#[derive(Debug, Default, Parser)]
#[command(
    name = "duban",
    version,
    about = "督办 Duban: the university supervision server"
)]
pub struct Cli {
    /// A TOML settings file (optional).
    #[arg(long, env = "DUBAN_CONFIG")]
    pub config: Option<PathBuf>,
    /// Database: surrealkv://./data (default), mem://, or ws://host:port.
    #[arg(long, env = "DUBAN_DB")]
    pub db: Option<String>,
    #[arg(long, env = "DUBAN_DB_NS")]
    pub db_ns: Option<String>,
    #[arg(long, env = "DUBAN_DB_NAME")]
    pub db_name: Option<String>,
    #[arg(long, env = "DUBAN_DB_USER")]
    pub db_user: Option<String>,
    /// The database password; prefer DUBAN_DB_PASS or --db-pass-file, which `ps` does not show.
    #[arg(long, env = "DUBAN_DB_PASS", hide_env_values = true)]
    pub db_pass: Option<String>,
    /// A file whose first line is the database password (readable by the server's user only).
    #[arg(long, env = "DUBAN_DB_PASS_FILE", conflicts_with = "db_pass")]
    pub db_pass_file: Option<PathBuf>,
    /// Where the database user is defined: root (default), namespace or database.
    #[arg(long, env = "DUBAN_DB_USER_LEVEL", value_enum)]
    pub db_user_level: Option<UserLevel>,
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "DUBAN_BIND")]
    pub bind: Option<SocketAddr>,
    /// Load demo units, users and matters when the database is empty.
    #[arg(long, env = "DUBAN_DEMO")]
    pub demo: bool,
    /// How many demo matters to write with `--demo` (default 60).
    #[arg(long, env = "DUBAN_DEMO_MATTERS")]
    pub demo_matters: Option<usize>,
    /// The built app (`dist/`), served with an SPA fallback.
    #[arg(long, env = "DUBAN_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
    /// The server is reached over HTTPS: name the session cookie `__Host-…`, mark it `Secure`,
    /// and send HSTS.
    #[arg(long, visible_alias = "https", env = "DUBAN_SECURE_COOKIE")]
    pub secure_cookie: bool,
    /// A reverse proxy (address or CIDR, repeatable) whose X-Forwarded-For / Forwarded and
    /// X-Forwarded-Proto headers are believed; nobody else's are.
    #[arg(
        long = "trusted-proxy",
        env = "DUBAN_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<crate::auth::client::Cidr>,
    /// Fill an empty database with this many engine-made matters (a university at scale), then exit.
    #[arg(long)]
    pub seed: Option<usize>,
    /// How many units `--seed` creates (default 100).
    #[arg(long, default_value_t = 100)]
    pub seed_units: usize,
    /// Seconds between reminder sweeps (lights, due-soon and overdue notices); 0 turns it off.
    #[arg(long, env = "DUBAN_REMINDER_INTERVAL")]
    pub reminder_interval: Option<u64>,
    #[command(flatten)]
    pub smtp: crate::services::mail::settings::SmtpFlags,
    /// The audit keyring file (hex or base64 keys, the current one first); default beside an
    /// embedded store. `DUBAN_AUDIT_KEY` may give the keys instead.
    #[arg(long, env = "DUBAN_AUDIT_KEY_FILE")]
    pub audit_key_file: Option<PathBuf>,
    /// The file the audit chain's head is appended to after each commit; default beside an embedded store.
    #[arg(long, env = "DUBAN_AUDIT_ANCHOR")]
    pub audit_anchor: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<crate::store::audit::cli::Command>,
    /// Seconds a JSON request may take before it is answered 503 and stopped (default 10).
    #[arg(long, env = "DUBAN_REQUEST_BUDGET_SECS")]
    pub request_budget_secs: Option<u64>,
    /// Seconds requests in flight may finish after SIGTERM before the server stops anyway (default 10).
    #[arg(long, env = "DUBAN_SHUTDOWN_GRACE_SECS")]
    pub shutdown_grace_secs: Option<u64>,
}

/// The TOML file's shape; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub bind: Option<SocketAddr>,
    pub demo: Option<bool>,
    pub static_dir: Option<PathBuf>,
    pub database: Option<FileDatabase>,
    pub session: Option<FileSession>,
    pub login_limit: Option<FileLoginLimit>,
    /// Reverse proxies (addresses or CIDRs) whose forwarding headers are believed.
    pub trusted_proxies: Option<Vec<crate::auth::client::Cidr>>,
    /// Seconds between reminder sweeps; 0 turns the task off.
    pub reminder_interval_secs: Option<u64>,
    pub mail: Option<crate::services::mail::settings::FileMail>,
    pub audit: Option<FileAudit>,
    pub attachments: Option<shared::limits::AttachmentQuota>,
    pub request_budget_secs: Option<u64>,
    pub shutdown_grace_secs: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileAudit {
    pub key_file: Option<PathBuf>,
    pub anchor: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDatabase {
    pub url: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub password_file: Option<PathBuf>,
    pub user_level: Option<UserLevel>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSession {
    pub idle_minutes: Option<u64>,
    pub absolute_hours: Option<u64>,
    pub secure_cookie: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileLoginLimit {
    pub window_minutes: Option<u64>,
    pub per_account: Option<usize>,
    pub address_window_seconds: Option<u64>,
    pub per_address: Option<usize>,
    pub argon2_memory_mib: Option<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read settings file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("settings file {path} is not valid: {source}")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("cannot read the database password file {path}: {source}")]
    PasswordFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the database password file {path} is empty")]
    EmptyPasswordFile { path: PathBuf },
}

impl Settings {
    /// Defaults, then the file named by `--config`/`DUBAN_CONFIG`, then variables and flags.
    pub fn load(cli: Cli) -> Result<Settings, ConfigError> {
        let mut file: FileSettings = match &cli.config {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
                toml::from_str(&text).map_err(|source| ConfigError::Parse {
                    path: path.clone(),
                    source,
                })?
            }
            None => FileSettings::default(),
        };
        let mail = file.mail.take().unwrap_or_default().merge(&cli.smtp);
        let mut settings = Settings::default().with_file(file).with_cli(cli);
        settings.mail = mail;
        settings.database.read_password_file()?;
        // Read here rather than as a flag: a key on the command line is visible to every user.
        if let Ok(text) = std::env::var("DUBAN_AUDIT_KEY")
            && !text.trim().is_empty()
        {
            settings.audit.keys.text = Some(crate::store::audit::keys::KeyText(text));
        }
        Ok(settings)
    }

    fn with_file(mut self, file: FileSettings) -> Settings {
        self.attachment_quota = file.attachments.unwrap_or(self.attachment_quota);
        self.bind = file.bind.unwrap_or(self.bind);
        self.demo = file.demo.unwrap_or(self.demo);
        self.static_dir = file.static_dir.or(self.static_dir);
        if let Some(secs) = file.reminder_interval_secs {
            self.reminder_interval = (secs > 0).then(|| Duration::from_secs(secs));
        }
        self.request_budget = file
            .request_budget_secs
            .map_or(self.request_budget, Duration::from_secs);
        self.shutdown_grace = file
            .shutdown_grace_secs
            .map_or(self.shutdown_grace, Duration::from_secs);
        if let Some(db) = file.database {
            self.database.url = db.url.unwrap_or(self.database.url);
            self.database.namespace = db.namespace.unwrap_or(self.database.namespace);
            self.database.name = db.name.unwrap_or(self.database.name);
            self.database.user = db.user.or(self.database.user);
            self.database.set_password(db.password, db.password_file);
            self.database.user_level = db.user_level.unwrap_or(self.database.user_level);
        }
        if let Some(s) = file.session {
            if let Some(m) = s.idle_minutes {
                self.session.idle_timeout = Duration::from_secs(m * 60);
            }
            if let Some(h) = s.absolute_hours {
                self.session.absolute_timeout = Duration::from_secs(h * 3600);
            }
            self.session.secure_cookie = s.secure_cookie.unwrap_or(self.session.secure_cookie);
        }
        if let Some(a) = file.audit {
            self.audit.keys.file = a.key_file.or(self.audit.keys.file);
            self.audit.anchor = a.anchor.or(self.audit.anchor);
        }
        if let Some(l) = file.login_limit {
            if let Some(m) = l.window_minutes {
                self.login_limit.window = Duration::from_secs(m * 60);
            }
            self.login_limit.per_account = l.per_account.unwrap_or(self.login_limit.per_account);
            self.login_limit.per_address = l.per_address.unwrap_or(self.login_limit.per_address);
            if let Some(s) = l.address_window_seconds {
                self.login_limit.address_window = Duration::from_secs(s);
            }
            if let Some(m) = l.argon2_memory_mib {
                self.login_limit.argon2_memory = m.saturating_mul(1024 * 1024);
            }
        }
        if let Some(proxies) = file.trusted_proxies {
            self.trusted_proxies = proxies;
        }
        self
    }

    fn with_cli(mut self, cli: Cli) -> Settings {
        self.bind = cli.bind.unwrap_or(self.bind);
        self.demo |= cli.demo;
        self.demo_matters = cli.demo_matters.unwrap_or(self.demo_matters);
        self.static_dir = cli.static_dir.or(self.static_dir);
        self.database.url = cli.db.unwrap_or(self.database.url);
        self.database.namespace = cli.db_ns.unwrap_or(self.database.namespace);
        self.database.name = cli.db_name.unwrap_or(self.database.name);
        self.database.user = cli.db_user.or(self.database.user);
        self.database.set_password(cli.db_pass, cli.db_pass_file);
        self.database.user_level = cli.db_user_level.unwrap_or(self.database.user_level);
        self.session.secure_cookie |= cli.secure_cookie;
        self.audit.keys.file = cli.audit_key_file.or(self.audit.keys.file);
        self.audit.anchor = cli.audit_anchor.or(self.audit.anchor);
        if !cli.trusted_proxies.is_empty() {
            self.trusted_proxies = cli.trusted_proxies;
        }
        if let Some(secs) = cli.reminder_interval {
            self.reminder_interval = (secs > 0).then(|| Duration::from_secs(secs));
        }
        self.request_budget = cli
            .request_budget_secs
            .map_or(self.request_budget, Duration::from_secs);
        self.shutdown_grace = cli
            .shutdown_grace_secs
            .map_or(self.shutdown_grace, Duration::from_secs);
        self
    }

    /// Settings for a test: in-memory database, a free port, no static files.
    pub fn for_tests() -> Settings {
        let mut s = Settings {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            ..Settings::default()
        };
        s.database.url = "mem://".into();
        s.reminder_interval = None;
        s.demo_matters = 0;
        s.audit.keys.ephemeral = true;
        s
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
