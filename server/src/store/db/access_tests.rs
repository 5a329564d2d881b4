//! The database user docs/deploy.md has the server sign in as: defined on its one database with
//! the EDITOR role, which is enough for the migrations and every write, and for nothing else.

use super::Database;
use crate::config::Settings;
use crate::startup::Application;
use serde_json::json;
use surrealdb::engine::any;
use surrealdb::opt::Config;
use surrealdb::opt::auth::{self, Root};

/// An in-memory SurrealDB that checks who is asking, as a server started with a root user does,
/// with the database user of docs/deploy.md defined on it; signed in as that user.
async fn as_database_editor() -> Database {
    let root = || Root {
        username: "root".into(),
        password: "root".into(),
    };
    let inner = any::connect(("mem://", Config::new().user(root())))
        .await
        .expect("store opens");
    inner.signin(root()).await.expect("root signs in");
    inner
        .query(
            "DEFINE NAMESPACE duban; USE NS duban; DEFINE DATABASE duban; USE NS duban DB duban;
             DEFINE USER duban ON DATABASE PASSWORD 'only-this-database' ROLES EDITOR;
             USE NS duban DB other; CREATE secret SET note = 'another database';",
        )
        .await
        .and_then(|r| r.check())
        .expect("user defined");
    inner
        .signin(auth::Database {
            namespace: "duban".into(),
            database: "duban".into(),
            username: "duban".into(),
            password: "only-this-database".into(),
        })
        .await
        .expect("the database user signs in");
    inner
        .use_ns("duban")
        .use_db("duban")
        .await
        .expect("its database");
    Database { inner }
}

#[tokio::test]
async fn a_database_editor_runs_the_migrations_and_the_servers_writes_and_nothing_more() {
    let db = as_database_editor().await;
    let mut settings = Settings::for_tests();
    settings.demo = true;
    settings.demo_matters = 3;
    // Every migration, the demo's units, users, matters, counters and audit chain.
    let app = Application::build_on(settings, db.clone())
        .await
        .expect("the server starts as the database user");
    let matters = db
        .run("SELECT count() FROM matter GROUP ALL", json!({}))
        .await
        .expect("a read");
    assert!(matters[0][0]["count"].as_u64() >= Some(3), "{matters:?}");
    app.close().await;

    // It cannot make itself or anyone else a user, nor read another database.
    for sql in [
        "DEFINE USER intruder ON DATABASE PASSWORD 'x' ROLES OWNER",
        "REMOVE USER duban ON DATABASE",
        "USE NS duban DB other; SELECT * FROM secret",
    ] {
        assert!(db.run(sql, json!({})).await.is_err(), "{sql}");
    }
}

#[tokio::test]
async fn a_wss_database_url_is_spoken_over_tls() {
    // Nothing listens on the port: the connection is refused, where a build without TLS would
    // refuse the scheme itself.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let mut settings = Settings::for_tests().database;
    settings.url = format!("wss://{closed}");
    let error = match Database::connect(&settings).await {
        Ok(_) => panic!("nothing listens on {closed}"),
        Err(e) => e.to_string(),
    };
    assert!(!error.to_lowercase().contains("tls"), "{error}");
}
