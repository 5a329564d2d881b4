//! `surreal start memory --bind 127.0.0.1:8000 --user root --pass root`: the community server.

fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
