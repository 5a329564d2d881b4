//! Times SurrealQL statements (one per argument after the URL) against a database: the first result and the mean of 300 runs.
use server::config::DatabaseSettings;
use server::db::Database;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let url = args.next().expect("url");
    let vars: serde_json::Value =
        serde_json::from_str(&args.next().expect("vars json")).expect("vars");
    let settings = DatabaseSettings {
        url,
        namespace: "duban".into(),
        name: "duban".into(),
        user: None,
        password: None,
    };
    let db = Database::connect(&settings).await.expect("connect");
    for sql in args {
        let r = db.run(&sql, vars.clone()).await;
        match r {
            Ok(v) => {
                let s = serde_json::to_string(&v).unwrap();
                println!("{sql}\n  -> {}", s.chars().take(150).collect::<String>());
            }
            Err(e) => {
                println!("{sql}\n  ERR {e}");
                continue;
            }
        }
        let n = 300;
        let t = std::time::Instant::now();
        for _ in 0..n {
            let _ = db.run(&sql, vars.clone()).await;
        }
        println!("  mean {:?}", t.elapsed() / n);
    }
}
