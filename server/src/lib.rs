//! Duban's server: axum on tokio over SurrealDB; the authority for every permission.

pub mod audit;
pub mod auth;
pub mod budget;
pub mod config;
pub mod counters;
pub mod db;
pub mod demo;
pub mod error;
pub mod idempotency;
pub mod mail;
pub mod notify;
pub mod pages;
pub mod print;
pub mod reminders;
pub mod reports;
pub mod routes;
pub mod scale;
pub mod security_headers;
pub mod seed;
pub mod shutdown;
pub mod startup;
pub mod state;
pub mod static_files;
pub mod telemetry;
pub mod workflow;
pub mod xlsx;
