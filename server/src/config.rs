//! Settings, layered the usual way: defaults, then an optional TOML file, then `DUBAN_*` environment variables, then flags.

use clap::Parser;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

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
    /// How often the reminder task sweeps; `None` turns it off (tests drive it by hand).
    pub reminder_interval: Option<Duration>,
    /// SMTP for email notices; `None` (no host configured) turns mail off.
    pub mail: Option<crate::mail::settings::MailSettings>,
    /// How long a JSON request may take before it is answered 503 and its work stopped (`budget`).
    pub request_budget: Duration,
    /// After SIGTERM, how long requests in flight may finish before the server stops anyway.
    pub shutdown_grace: Duration,
}

#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    /// `surrealkv://./data`, `mem://`, or `ws://host:port` for a remote SurrealDB.
    pub url: String,
    pub namespace: String,
    pub name: String,
    /// Credentials for a remote server; the embedded stores need none.
    pub user: Option<String>,
    pub password: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SessionSettings {
    /// A session unused for this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, however busy.
    pub absolute_timeout: Duration,
    /// Force the cookie's `Secure` flag (it is also set when the request came over HTTPS).
    pub secure_cookie: bool,
    /// How long a session checked against the database is trusted before it is read again
    /// (`auth::checked`); zero reads it on every request.
    pub recheck: Duration,
}

#[derive(Debug, Clone)]
pub struct LoginLimitSettings {
    pub window: Duration,
    pub per_account: usize,
    pub per_address: usize,
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
                per_address: 20,
            },
            reminder_interval: Some(Duration::from_secs(300)),
            mail: None,
            request_budget: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(10),
        }
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
    #[arg(long, env = "DUBAN_DB_PASS", hide_env_values = true)]
    pub db_pass: Option<String>,
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
    /// Always mark the session cookie `Secure` (use behind an HTTPS proxy).
    #[arg(long, env = "DUBAN_SECURE_COOKIE")]
    pub secure_cookie: bool,
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
    pub smtp: crate::mail::settings::SmtpFlags,
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
    /// Seconds between reminder sweeps; 0 turns the task off.
    pub reminder_interval_secs: Option<u64>,
    pub mail: Option<crate::mail::settings::FileMail>,
    pub request_budget_secs: Option<u64>,
    pub shutdown_grace_secs: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDatabase {
    pub url: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
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
    pub per_address: Option<usize>,
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
        Ok(settings)
    }

    fn with_file(mut self, file: FileSettings) -> Settings {
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
            self.database.password = db.password.or(self.database.password);
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
        if let Some(l) = file.login_limit {
            if let Some(m) = l.window_minutes {
                self.login_limit.window = Duration::from_secs(m * 60);
            }
            self.login_limit.per_account = l.per_account.unwrap_or(self.login_limit.per_account);
            self.login_limit.per_address = l.per_address.unwrap_or(self.login_limit.per_address);
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
        self.database.password = cli.db_pass.or(self.database.password);
        self.session.secure_cookie |= cli.secure_cookie;
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
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_the_file_and_the_file_over_defaults() {
        let file: FileSettings = toml::from_str(
            "bind = \"127.0.0.1:4000\"\n[database]\nurl = \"mem://\"\nnamespace = \"filens\"\n",
        )
        .expect("valid toml");
        let cli = Cli {
            db_ns: Some("flagns".into()),
            ..Cli::default()
        };
        let s = Settings::default().with_file(file).with_cli(cli);
        assert_eq!(s.bind.port(), 4000);
        assert_eq!(s.database.url, "mem://");
        assert_eq!(s.database.namespace, "flagns");
        assert_eq!(s.database.name, "duban");
    }

    #[test]
    fn an_unknown_key_in_the_file_is_refused() {
        assert!(toml::from_str::<FileSettings>("bnid = \"x\"").is_err());
    }
}
