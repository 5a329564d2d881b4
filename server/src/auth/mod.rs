//! Sign-in: password hashing, server-side sessions, the signed-in user extractor, and login rate limits.

pub mod checked;
pub mod guard;
pub mod password;
pub mod rate_limit;
pub mod session;

pub use session::CurrentUser;
