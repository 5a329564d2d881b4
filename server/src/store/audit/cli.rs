//! `duban audit verify` and `duban audit rotate-key`: the chain check and the key change, run with the server stopped.

use super::keys::{self, Key};
use crate::store::db::settings::DatabaseSettings;
use crate::store::db::{Database, migrations};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// The audit trail: check it, or move it to a new key.
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Debug, clap::Subcommand)]
pub enum AuditCommand {
    /// Re-walk the chain against the keyring, the stored head and the anchor file; exit 1 if broken.
    Verify,
    /// Append an entry, signed with the current key, that hands the chain to a new key; then
    /// write the keyring (new key first, the old ones kept for verify) over --audit-key-file.
    RotateKey {
        /// The new key (hex or base64); created with a random key if the file does not exist.
        #[arg(long)]
        new_key_file: PathBuf,
    },
}

/// Runs `command` on the database and audit chain the server's settings name.
pub async fn run(
    command: Command,
    database: DatabaseSettings,
    audit: super::AuditSettings,
) -> ExitCode {
    let Command::Audit(command) = command;
    match run_audit(command, database, audit).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("duban: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run_audit(
    command: AuditCommand,
    database: DatabaseSettings,
    audit: super::AuditSettings,
) -> Result<ExitCode, String> {
    let db = Database::connect(&database)
        .await
        .map_err(|e| e.to_string())?;
    migrations::migrate(&db).await.map_err(|e| e.to_string())?;
    let url = database.url.as_str();
    let store = keys::Store::of(url);
    match command {
        AuditCommand::Verify => {
            let loaded = keys::load(&audit.keys, &store).map_err(|e| e.to_string())?;
            let anchor = super::seal::anchor_path(&audit, &store).map_err(|e| e.to_string())?;
            let v = super::verify(&db, &loaded.keyring, anchor.as_deref(), super::BATCH)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "{}",
                serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
            );
            Ok(if v.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        AuditCommand::RotateKey { new_key_file } => {
            let new = new_key(&new_key_file)?;
            let log = super::open(&db, &audit, url)
                .await
                .map_err(|e| e.to_string())?;
            let keyring = super::rotate(&db, &log, new)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "the audit chain now continues with key {} (was {})",
                keyring.current.id,
                log.key_id()
            );
            let keyring_file = audit.keys.file.clone().or_else(|| {
                let dir = store.dir()?;
                keys::beside(dir, "audit-key").ok()
            });
            match keyring_file {
                Some(path) if audit.keys.text.is_none() => {
                    keys::write_file(&path, &keyring).map_err(|e| e.to_string())?;
                    println!(
                        "wrote the keyring {} (new key first, old keys kept)",
                        path.display()
                    );
                }
                _ => println!(
                    "set DUBAN_AUDIT_KEY to the key in {} followed by a comma and the old value, \
                     before the server starts again",
                    new_key_file.display()
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The key in `path`, or a new random one written there (owner-only) if there is no file.
fn new_key(path: &std::path::Path) -> Result<Key, String> {
    if path.exists() {
        let ring = keys::read_file(path).map_err(|e| e.to_string())?;
        return Ok(ring.current);
    }
    let key = Key::generate();
    keys::write_file(path, &keys::Keyring::new(key.clone())).map_err(|e| e.to_string())?;
    println!("created a new audit key in {}", path.display());
    Ok(key)
}
