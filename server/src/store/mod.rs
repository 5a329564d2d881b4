//! What the server keeps: the database, the audit chain written with every change, the counters
//! behind matter numbers, and kept list pages.

pub mod audit;
pub mod counters;
pub mod db;
pub mod pages;
