//! The HTTP layer: the route table, the static files of the app, and the headers every answer carries.

pub mod download;
pub mod routes;
pub mod security_headers;
pub mod static_files;
