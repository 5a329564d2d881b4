//! Where the database is and how to sign in to it (`config` fills them from flags, variables and the file).

use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    /// `surrealkv://./data`, `mem://`, or `ws://host:port` for a remote SurrealDB.
    pub url: String,
    pub namespace: String,
    pub name: String,
    /// Credentials for a remote server; the embedded stores need none.
    pub user: Option<String>,
    pub password: Option<String>,
    /// Where `password` is read from at start (its first line), so that it never has to appear
    /// on a command line (`ps`) or in a settings file.
    pub password_file: Option<PathBuf>,
    /// Where `user` is defined in SurrealDB.
    pub user_level: UserLevel,
}

/// The level a SurrealDB user is defined on (`DEFINE USER … ON ROOT | NAMESPACE | DATABASE`): a
/// database user (docs/deploy.md) can reach nothing but this server's database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum UserLevel {
    #[default]
    Root,
    Namespace,
    Database,
}
