//! Integration tests: the real server on port 0 with an in-memory SurrealDB, called over HTTP.

mod admin;
mod attachments;
mod audit_chain;
mod auth;
mod basics;
mod calendar;
mod flow;
mod group_commit;
mod headers;
mod helpers;
mod limits;
mod list_actions;
mod lists;
mod mail;
mod matrix;
mod matters;
mod one_database;
mod openapi;
mod pages;
mod paging;
mod password;
mod print;
mod reminders;
mod reports;
mod stats;
mod views;
