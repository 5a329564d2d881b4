//! Password hashing with argon2id (m = 19 MiB, t = 2, p = 1, the OWASP minimum), off the async threads and within a memory budget.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Memory one hash or check takes (argon2's `m`, in KiB below).
pub const MEMORY_BYTES: usize = 19 * 1024 * 1024;

fn hasher() -> Argon2<'static> {
    // The parameters are constants that argon2 accepts; a failure here is a programming error.
    let params =
        Params::new((MEMORY_BYTES / 1024) as u32, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

impl HashError {
    pub fn from_join(detail: String) -> HashError {
        HashError(detail)
    }
}

pub fn hash(password: &str) -> Result<String, HashError> {
    let mut salt_bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| HashError(e.to_string()))?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// True only when `password` matches the stored PHC string; a malformed hash never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the user does not exist, so that the answer takes
/// as long as for a real user and does not reveal which usernames exist.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("no such user").unwrap_or_default())
}

/// Runs password checks off the async threads, no more at once than a memory budget holds: a
/// burst of sign-ins waits for a turn instead of taking 19 MiB each.
pub struct Verifier {
    turns: tokio::sync::Semaphore,
    /// Checks run since start: what the sign-in limits bound.
    checks: std::sync::atomic::AtomicU64,
}

impl Verifier {
    pub fn new(memory_budget: usize) -> Verifier {
        Verifier {
            turns: tokio::sync::Semaphore::new(Self::turns_for(memory_budget)),
            checks: Default::default(),
        }
    }

    /// How many passwords were checked since start.
    pub fn checks(&self) -> u64 {
        self.checks.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many checks fit in `memory_budget`; always at least one.
    pub fn turns_for(memory_budget: usize) -> usize {
        (memory_budget / MEMORY_BYTES).max(1)
    }

    pub async fn verify(&self, password: String, phc: String) -> Result<bool, HashError> {
        // The semaphore is never closed, so waiting for a turn cannot fail.
        let _turn = self
            .turns
            .acquire()
            .await
            .map_err(|e| HashError(e.to_string()))?;
        self.checks
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tokio::task::spawn_blocking(move || verify(&password, &phc))
            .await
            .map_err(|e| HashError(format!("password check task: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("duban-demo").expect("hashes");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("duban-demo", &h));
        assert!(!verify("duban-dem0", &h));
        assert!(!verify("duban-demo", "not a hash"));
    }

    #[test]
    fn the_memory_budget_sets_how_many_checks_run_at_once() {
        assert_eq!(Verifier::turns_for(128 * 1024 * 1024), 6);
        assert_eq!(Verifier::turns_for(0), 1);
    }
}
