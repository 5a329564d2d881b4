//! What the server keeps: the database, the audit chain written with every change, the counters
//! behind matter numbers, and kept list pages and reports.

pub mod audit;
pub mod counters;
pub mod db;
pub mod pages;
pub mod report_cache;
