//! Integration tests: the real server on port 0 with an in-memory SurrealDB, called over HTTP.

mod abuse;
mod admin;
mod attachments;
mod auth;
mod basics;
mod calendar;
mod flow;
mod group_commit;
mod helpers;
mod list_actions;
mod lists;
mod mail;
mod matrix;
mod matters;
mod openapi;
mod pages;
mod print;
mod reminders;
mod reports;
mod stats;
mod views;
