//! The audit keyring: the HMAC keys the chain is written and checked with, kept outside the database.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Fewer bytes than this is not a key but a password; 32 is what `generate` writes.
const MIN_KEY_BYTES: usize = 16;

/// A key given as text (`DUBAN_AUDIT_KEY`): never shown in a settings dump or a log.
#[derive(Clone)]
pub struct KeyText(pub String);

impl std::fmt::Debug for KeyText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyText(hidden)")
    }
}

/// Where the keyring comes from, as configured (config.rs fills it; `load` reads it).
#[derive(Debug, Clone, Default)]
pub struct KeySettings {
    /// A keyring file: the key new entries are written with, then retired keys, one a line.
    pub file: Option<PathBuf>,
    /// The same as text: keys separated by commas or spaces, the current one first.
    pub text: Option<KeyText>,
    /// With neither configured: a random key for this process (tests, `mem://`).
    pub ephemeral: bool,
}

/// One HMAC-SHA-256 key and its public id (which names it in each entry without revealing it).
#[derive(Clone)]
pub struct Key {
    pub id: String,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({})", self.id)
    }
}

impl Key {
    pub fn from_bytes(bytes: Vec<u8>) -> Key {
        // The id is itself a MAC, so it says which key without saying anything about it.
        let id = hex::encode(&mac_bytes(&bytes, b"duban audit key id")[..8]);
        Key { id, bytes }
    }

    /// Hex (64 digits for 32 bytes) or base64; at least 16 bytes.
    pub fn parse(text: &str) -> Result<Key, KeyError> {
        use base64::Engine;
        let text = text.trim();
        let is_hex = !text.is_empty()
            && text.len().is_multiple_of(2)
            && text.chars().all(|c| c.is_ascii_hexdigit());
        let bytes = if is_hex {
            hex::decode(text).map_err(|_| KeyError::NotAKey)?
        } else {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
                .map_err(|_| KeyError::NotAKey)?
        };
        if bytes.len() < MIN_KEY_BYTES {
            return Err(KeyError::TooShort(bytes.len()));
        }
        Ok(Key::from_bytes(bytes))
    }

    /// 32 random bytes.
    pub fn generate() -> Key {
        let mut bytes = vec![0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
        Key::from_bytes(bytes)
    }

    /// HMAC-SHA-256 of `message`, in hex.
    pub fn mac(&self, message: &[u8]) -> String {
        hex::encode(mac_bytes(&self.bytes, message))
    }

    /// The key as a keyring file's line.
    pub fn to_hex(&self) -> String {
        hex::encode(&self.bytes)
    }
}

fn mac_bytes(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC takes a key of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// The key new entries are written with, and the retired keys older entries were written with.
#[derive(Debug, Clone)]
pub struct Keyring {
    pub current: Key,
    pub retired: Vec<Key>,
}

impl Keyring {
    pub fn new(current: Key) -> Keyring {
        Keyring {
            current,
            retired: Vec::new(),
        }
    }

    /// Keys separated by newlines, commas or spaces, the current one first; `#` starts a comment line.
    pub fn parse(text: &str) -> Result<Keyring, KeyError> {
        let mut keys = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(|l| l.split([',', ' ', '\t']))
            .filter(|k| !k.trim().is_empty())
            .map(Key::parse);
        let current = keys.next().ok_or(KeyError::Empty)??;
        let retired = keys.collect::<Result<Vec<_>, _>>()?;
        Ok(Keyring { current, retired })
    }

    pub fn find(&self, id: &str) -> Option<&Key> {
        std::iter::once(&self.current)
            .chain(&self.retired)
            .find(|k| k.id == id)
    }

    /// The keyring file's text: the current key, then the retired ones.
    pub fn to_file_text(&self) -> String {
        let mut text = String::from(
            "# Duban audit keyring: the first key signs new entries, the others are retired keys\n\
             # that older entries were signed with. Keep it apart from the database's backups.\n",
        );
        for key in std::iter::once(&self.current).chain(&self.retired) {
            text.push_str(&key.to_hex());
            text.push('\n');
        }
        text
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("an audit key must be hex (64 digits) or base64")]
    NotAKey,
    #[error("an audit key must be at least {MIN_KEY_BYTES} bytes; this one has {0}")]
    TooShort(usize),
    #[error("no audit key given")]
    Empty,
    #[error("cannot read the audit keyring {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the audit keyring {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the audit keyring {path}: {source}")]
    InFile {
        path: PathBuf,
        source: Box<KeyError>,
    },
    #[error(
        "give the audit key either as a file (--audit-key-file) or in DUBAN_AUDIT_KEY, not both"
    )]
    Both,
    #[error(
        "no audit key configured: give --audit-key-file PATH or DUBAN_AUDIT_KEY (docs/security.md, \"Audit trail\")"
    )]
    Missing,
    #[error("cannot place an audit key beside {0}: give --audit-key-file")]
    NoPlaceBeside(PathBuf),
}

/// The keyring as configured, and the file to create for it when it was generated just now
/// (written only once the chain has accepted the key, see `seal`).
pub struct Loaded {
    pub keyring: Keyring,
    pub create: Option<PathBuf>,
}

/// Where the database lives, as far as the defaults of the key and the anchor go.
pub enum Store {
    /// An embedded file store, in this directory.
    Embedded(PathBuf),
    /// `mem://`: gone when the process ends, and its chain with it.
    Memory,
    Remote,
}

impl Store {
    pub fn of(url: &str) -> Store {
        match crate::store::db::closing::embedded_dir(url) {
            Some(dir) => Store::Embedded(dir),
            None if url.starts_with("mem://") => Store::Memory,
            None => Store::Remote,
        }
    }

    pub fn dir(&self) -> Option<&Path> {
        match self {
            Store::Embedded(dir) => Some(dir),
            Store::Memory | Store::Remote => None,
        }
    }
}

/// Reads the configured keyring. With none configured: beside an embedded store, the key file
/// there (a new random key if there is none yet); for `mem://`, or when allowed, a random key for
/// this process; else an error.
pub fn load(settings: &KeySettings, store: &Store) -> Result<Loaded, KeyError> {
    let existing = |keyring| Loaded {
        keyring,
        create: None,
    };
    match (&settings.file, &settings.text) {
        (Some(_), Some(_)) => Err(KeyError::Both),
        (Some(path), None) => read_file(path).map(existing),
        (None, Some(text)) => Keyring::parse(&text.0).map(existing),
        (None, None) => match store {
            Store::Embedded(dir) => {
                let path = beside(dir, "audit-key")?;
                match std::fs::metadata(&path) {
                    Ok(_) => read_file(&path).map(existing),
                    Err(_) => Ok(Loaded {
                        keyring: Keyring::new(Key::generate()),
                        create: Some(path),
                    }),
                }
            }
            Store::Memory => Ok(existing(Keyring::new(process_key()))),
            Store::Remote if settings.ephemeral => Ok(existing(Keyring::new(process_key()))),
            Store::Remote => Err(KeyError::Missing),
        },
    }
}

/// A random key shared by every server this process starts (tests start many on `mem://`).
fn process_key() -> Key {
    static KEY: OnceLock<Key> = OnceLock::new();
    KEY.get_or_init(Key::generate).clone()
}

pub fn read_file(path: &Path) -> Result<Keyring, KeyError> {
    let text = std::fs::read_to_string(path).map_err(|source| KeyError::Read {
        path: path.to_owned(),
        source,
    })?;
    Keyring::parse(&text).map_err(|e| KeyError::InFile {
        path: path.to_owned(),
        source: Box::new(e),
    })
}

/// Writes `keyring` to `path` readable by its owner only, replacing any file there at once
/// (a crash leaves the old keyring or the new one, never half of one).
pub fn write_file(path: &Path, keyring: &Keyring) -> Result<(), KeyError> {
    use std::io::Write;
    let write_err = |source| KeyError::Write {
        path: path.to_owned(),
        source,
    };
    let mut temp_name = path.file_name().unwrap_or_default().to_owned();
    temp_name.push(".new");
    let temp = path.with_file_name(temp_name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temp).map_err(write_err)?;
    file.write_all(keyring.to_file_text().as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(write_err)?;
    std::fs::rename(&temp, path).map_err(write_err)
}

/// `<dir>.<suffix>` next to an embedded store's directory: beside it, not in it, so a copy of
/// the data directory does not carry the key (or the anchor) with it.
pub fn beside(dir: &Path, suffix: &str) -> Result<PathBuf, KeyError> {
    let name = dir
        .file_name()
        .filter(|n| *n != "." && *n != "..")
        .ok_or_else(|| KeyError::NoPlaceBeside(dir.to_owned()))?;
    let mut name = name.to_owned();
    name.push(format!(".{suffix}"));
    Ok(dir.with_file_name(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_as_hex_or_base64_and_a_short_one_is_refused() {
        let hex_key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        let k = Key::parse(hex_key).expect("hex");
        let b64 = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            hex::decode(hex_key).expect("hex"),
        );
        assert_eq!(Key::parse(&b64).expect("base64").id, k.id);
        assert!(matches!(Key::parse("abcd"), Err(KeyError::TooShort(2))));
        assert!(matches!(Key::parse("not a key!"), Err(KeyError::NotAKey)));
    }

    #[test]
    fn a_keyring_file_lists_the_current_key_first_and_reads_back() {
        let ring = Keyring {
            current: Key::generate(),
            retired: vec![Key::generate()],
        };
        let back = Keyring::parse(&ring.to_file_text()).expect("reads back");
        assert_eq!(back.current.id, ring.current.id);
        assert!(back.find(&ring.retired[0].id).is_some());
        assert!(format!("{back:?}").contains(&back.current.id));
        assert!(!format!("{back:?}").contains(&back.current.to_hex()));
    }

    #[test]
    fn with_no_key_configured_memory_gets_the_process_key_and_a_remote_store_is_refused() {
        let none = KeySettings::default();
        let remote = load(&none, &Store::of("ws://db:8000"));
        assert!(matches!(remote, Err(KeyError::Missing)));
        let id = |url| load(&none, &Store::of(url)).map(|l| l.keyring.current.id);
        assert_eq!(id("mem://").ok(), id("mem://").ok());
        assert!(id("mem://").is_ok());
    }

    #[test]
    fn the_key_file_of_an_embedded_store_lies_beside_its_directory() {
        assert_eq!(
            beside(Path::new("./data"), "audit-key").expect("a name"),
            Path::new("./data.audit-key")
        );
        assert!(beside(Path::new("."), "audit-key").is_err());
    }
}
