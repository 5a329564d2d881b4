//! Duban's server: axum on tokio over SurrealDB; the authority for every permission.
//!
//! The folders are the layers: `http` receives requests, `auth` says who is asking, `services` do the
//! office's work (the workflow, reminders, reports, mail, printing), `store` keeps it (SurrealDB, the
//! audit chain, counters, kept pages), and `seed` loads demo and scale data. The rules themselves live
//! in the `shared` crate. See docs/architecture.md.

pub mod auth;
pub mod budget;
pub mod config;
pub mod error;
pub mod http;
pub mod seed;
pub mod services;
pub mod shutdown;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
