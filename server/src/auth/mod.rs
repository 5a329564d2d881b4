//! Sign-in: password hashing, server-side sessions, the signed-in user and client extractors, login rate limits, and refusals.

pub mod checked;
pub mod client;
pub mod guard;
pub mod password;
pub mod rate_limit;
pub mod refusals;
pub mod session;

pub use client::ClientInfo;
pub use session::CurrentUser;
