//! The audit chain holds against someone with write access to the database: its hashes are keyed,
//! its head is anchored outside the database, and a chain from before keying still verifies.

use crate::helpers::{TestApp, use_remote_db};
use serde_json::json;
use server::config::Settings;
use server::store::audit::keys::{Key, KeySettings, KeyText, Keyring};
use server::store::audit::{self, AuditError, AuditLog, AuditSettings, Entry, GENESIS, Row};
use server::store::db::{Database, DbError, migrations};

const COLUMNS: &str =
    "seq, at, username, role, unit, address, action, content, prev_hash, hash, key_id";

async fn rows_from(db: &Database, from: i64) -> Vec<Row> {
    db.rows(
        &format!("SELECT {COLUMNS} FROM audit WHERE seq >= $from ORDER BY seq ASC"),
        json!({ "from": from }),
    )
    .await
    .unwrap()
}

async fn head_seq(db: &Database) -> i64 {
    let seqs: Vec<i64> = db
        .rows("SELECT VALUE seq FROM audit_head:main", json!({}))
        .await
        .unwrap();
    seqs[0]
}

async fn set_head(db: &Database, seq: i64, hash: &str) {
    db.run(
        "UPSERT audit_head:main SET seq = $seq, hash = $hash",
        json!({ "seq": seq, "hash": hash }),
    )
    .await
    .unwrap();
}

/// Stores `row` over the entry with its sequence number.
async fn overwrite(db: &Database, row: &Row) {
    db.run(
        "DELETE audit WHERE seq = $seq; CREATE audit CONTENT $row",
        json!({ "seq": row.seq, "row": row }),
    )
    .await
    .unwrap();
}

fn probe(n: usize) -> Entry {
    Entry {
        action: "probe".into(),
        content: json!({ "n": n }),
        ..Entry::default()
    }
}

fn keyed_by(keys: &[&Key]) -> AuditSettings {
    let text = keys
        .iter()
        .map(|k| k.to_hex())
        .collect::<Vec<_>>()
        .join(",");
    AuditSettings {
        keys: KeySettings {
            text: Some(KeyText(text)),
            ..KeySettings::default()
        },
        anchor: None,
    }
}

/// A bare migrated database of its own, with no server and no entries.
async fn empty_db() -> Database {
    let mut settings = Settings::for_tests();
    use_remote_db(&mut settings);
    let db = Database::connect(&settings.database).await.unwrap();
    migrations::migrate(&db).await.unwrap();
    db
}

#[tokio::test]
async fn a_suffix_rewritten_with_recomputed_plain_sha256_hashes_and_head_is_detected() {
    let app = TestApp::spawn().await;
    app.login_ok("office").await;
    for n in 0..5 {
        app.state.audit.append(&app.db, probe(n)).await.unwrap();
    }
    let head = head_seq(&app.db).await;
    let from = head - 2;
    assert!(app.state.audit.verify(&app.db).await.unwrap().ok);
    // What an attacker with the database's credentials can do: edit an entry, recompute every
    // hash after it by the public rule, and move the head.
    for keep_key_id in [true, false] {
        let mut prev = rows_from(&app.db, from - 1).await[0].hash.clone();
        for mut row in rows_from(&app.db, from).await {
            if row.seq == from {
                row.content = json!({ "rewritten": true }).to_string();
            }
            if !keep_key_id {
                row.key_id = None;
            }
            row.prev_hash = prev;
            row.hash = row.legacy_hash();
            prev = row.hash.clone();
            overwrite(&app.db, &row).await;
        }
        set_head(&app.db, head, &prev).await;
        let v = app.state.audit.verify(&app.db).await.unwrap();
        assert!(!v.ok, "a rewritten suffix passed: {v:?}");
        assert_eq!(v.first_broken, Some(from), "{v:?}");
    }
}

#[tokio::test]
async fn entries_deleted_with_the_head_rolled_back_are_caught_by_the_anchor_file() {
    let anchor = std::env::temp_dir().join(format!("duban-anchor-{}", uuid::Uuid::new_v4()));
    let path = anchor.clone();
    let app = TestApp::spawn_with(|s| s.audit.anchor = Some(path)).await;
    app.login_ok("office").await;
    for n in 0..5 {
        app.state.audit.append(&app.db, probe(n)).await.unwrap();
    }
    let ok = app.state.audit.verify(&app.db).await.unwrap();
    assert!(ok.ok, "{ok:?}");
    assert_eq!(ok.anchored, Some(ok.entries as i64));
    // Delete the newest two entries and point the head at what is now the last one: the chain
    // itself is whole again, and only the anchor remembers it was longer.
    let head = head_seq(&app.db).await;
    let last_kept = rows_from(&app.db, head - 2).await[0].clone();
    app.db
        .run("DELETE audit WHERE seq > $s", json!({ "s": last_kept.seq }))
        .await
        .unwrap();
    set_head(&app.db, last_kept.seq, &last_kept.hash).await;
    let v = app.state.audit.verify(&app.db).await.unwrap();
    assert!(!v.ok, "a rolled-back head passed: {v:?}");
    assert_eq!(v.first_broken, Some(head - 1));
    assert!(v.reason.unwrap_or_default().contains("anchor file"));
    let _ = std::fs::remove_file(anchor);
}

#[tokio::test]
async fn a_server_is_refused_a_chain_that_continues_with_another_key() {
    let app = TestApp::spawn().await;
    app.login_ok("office").await;
    let stranger = Key::generate();
    let refused = audit::open(&app.db, &keyed_by(&[&stranger]), "mem://").await;
    let Err(AuditError::WrongKey {
        chain, configured, ..
    }) = refused
    else {
        panic!("a different key was accepted");
    };
    assert_eq!(chain, app.state.audit.key_id());
    assert_eq!(configured, stranger.id);
    assert!(
        AuditError::WrongKey {
            chain,
            configured,
            hint: ""
        }
        .to_string()
        .contains("docs/security.md")
    );
}

#[tokio::test]
async fn a_rotated_chain_verifies_with_both_keys_and_the_old_key_can_no_longer_write() {
    let db = empty_db().await;
    let (old, new) = (Key::generate(), Key::generate());
    let log = audit::open(&db, &keyed_by(&[&old]), "mem://")
        .await
        .unwrap();
    log.append(&db, probe(1)).await.unwrap();
    let keyring = audit::rotate(&db, &log, new.clone()).await.unwrap();
    assert_eq!(keyring.current.id, new.id);
    assert_eq!(keyring.retired[0].id, old.id);
    let stale = log.append(&db, probe(2)).await;
    assert!(
        matches!(stale, Err(DbError::AuditKeyChanged(ref id)) if *id == new.id),
        "{stale:?}"
    );
    // Starting on the old key alone is refused, with the way out in the message.
    let Err(e) = audit::open(&db, &keyed_by(&[&old]), "mem://").await else {
        panic!("the old key was accepted after the rotation");
    };
    assert!(e.to_string().contains(&new.id), "{e}");
    let rotated = audit::open(&db, &keyed_by(&[&new, &old]), "mem://")
        .await
        .unwrap();
    rotated.append(&db, probe(3)).await.unwrap();
    let v = rotated.verify(&db).await.unwrap();
    assert!(v.ok && v.entries == 3, "{v:?}");
    let without_old = audit::verify(&db, &Keyring::new(new), None, audit::BATCH)
        .await
        .unwrap();
    assert!(!without_old.ok);
    assert_eq!(without_old.first_broken, Some(1));
}

/// Writes `n` entries the way the server did before its chain was keyed.
async fn write_unkeyed_chain(db: &Database, n: i64) {
    let mut prev = GENESIS.to_owned();
    for seq in 1..=n {
        let mut row = Row {
            seq,
            at: "2026-11-01T08:00:00.000Z".into(),
            username: Some("office".into()),
            role: Some("office".into()),
            unit: None,
            address: Some("127.0.0.1".into()),
            action: "login".into(),
            content: json!({ "n": seq }).to_string(),
            prev_hash: prev,
            hash: String::new(),
            key_id: None,
        };
        row.hash = row.legacy_hash();
        prev = row.hash.clone();
        db.run("CREATE audit CONTENT $row", json!({ "row": row }))
            .await
            .unwrap();
    }
    set_head(db, n, &prev).await;
}

#[tokio::test]
async fn a_chain_written_before_keying_is_sealed_at_start_and_still_verifies() {
    let db = empty_db().await;
    write_unkeyed_chain(&db, 5).await;
    let key = Key::generate();
    let log = audit::open(&db, &keyed_by(&[&key]), "mem://")
        .await
        .unwrap();
    let v = log.verify(&db).await.unwrap();
    assert!(v.ok && v.entries == 6, "{v:?}");
    let seal = rows_from(&db, 6).await.remove(0);
    assert_eq!(seal.action, audit::SEALED);
    assert_eq!(seal.key_id.as_deref(), Some(key.id.as_str()));
    log.append(&db, probe(7)).await.unwrap();
    assert!(log.verify(&db).await.unwrap().ok);
    // The unkeyed part can no longer be rewritten: the keyed seal links to its last hash.
    let mut second = rows_from(&db, 2).await.remove(0);
    second.content = json!({ "n": 99 }).to_string();
    second.hash = second.legacy_hash();
    overwrite(&db, &second).await;
    let v = log.verify(&db).await.unwrap();
    assert!(!v.ok);
    assert_eq!(v.first_broken, Some(3));
}

#[tokio::test]
async fn a_chain_cut_back_to_its_unkeyed_entries_does_not_verify() {
    let db = empty_db().await;
    write_unkeyed_chain(&db, 3).await;
    let log = audit::open(&db, &keyed_by(&[&Key::generate()]), "mem://")
        .await
        .unwrap();
    let last_unkeyed = rows_from(&db, 3).await.remove(0);
    db.run("DELETE audit WHERE seq > 3", json!({}))
        .await
        .unwrap();
    set_head(&db, 3, &last_unkeyed.hash).await;
    let v = log.verify(&db).await.unwrap();
    assert!(!v.ok);
    assert!(v.reason.unwrap_or_default().contains("no entry is keyed"));
}

#[tokio::test]
async fn verify_walks_a_long_chain_a_small_page_at_a_time_and_finds_gaps_of_any_size() {
    let db = empty_db().await;
    let log = AuditLog::new();
    for n in 0..120 {
        log.append(&db, probe(n)).await.unwrap();
    }
    let v = log.verify_in_batches(&db, 7).await.unwrap();
    assert!(v.ok && v.entries == 120, "{v:?}");
    db.run("DELETE audit WHERE seq = 50", json!({}))
        .await
        .unwrap();
    let v = log.verify_in_batches(&db, 7).await.unwrap();
    assert_eq!((v.ok, v.first_broken), (false, Some(50)), "{v:?}");
    // A hole wider than a page: the page after the last whole one comes back empty.
    db.run("DELETE audit WHERE seq >= 40 AND seq < 70", json!({}))
        .await
        .unwrap();
    let v = log.verify_in_batches(&db, 7).await.unwrap();
    assert_eq!((v.ok, v.first_broken), (false, Some(40)), "{v:?}");
}

#[tokio::test]
async fn an_embedded_store_gets_an_owner_only_key_file_and_an_anchor_beside_its_directory() {
    let dir = std::env::temp_dir().join(format!("duban-audit-{}", uuid::Uuid::new_v4()));
    let store = dir.join("data");
    let url = format!("surrealkv://{}", store.display());
    let app = TestApp::spawn_with(|s| s.database.url = url).await;
    app.login_ok("office").await;
    let key_file = dir.join("data.audit-key");
    let keyring =
        server::store::audit::keys::read_file(&key_file).expect("a key file beside the store");
    assert_eq!(keyring.current.id, app.state.audit.key_id());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let anchor = std::fs::read_to_string(dir.join("data.audit-anchor")).expect("an anchor file");
    let head = head_seq(&app.db).await;
    assert!(
        anchor.lines().any(|l| l.starts_with(&format!("{head} "))),
        "{anchor}"
    );
    assert!(app.state.audit.verify(&app.db).await.unwrap().ok);
}

#[tokio::test]
async fn rotate_key_appends_the_handover_and_writes_the_new_key_first_in_the_keyring_file() {
    let dir = std::env::temp_dir().join(format!("duban-rotate-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let (keyring_file, new_key_file) = (dir.join("audit.key"), dir.join("new.key"));
    let old = Key::generate();
    server::store::audit::keys::write_file(&keyring_file, &Keyring::new(old.clone())).unwrap();
    let mut settings = Settings::for_tests();
    settings.audit.keys.file = Some(keyring_file.clone());
    let rotate = server::store::audit::cli::Command::Audit(
        server::store::audit::cli::AuditCommand::RotateKey {
            new_key_file: new_key_file.clone(),
        },
    );
    let code = server::store::audit::cli::run(rotate, settings.database, settings.audit).await;
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    let new =
        server::store::audit::keys::read_file(&new_key_file).expect("the new key was created");
    let keyring = server::store::audit::keys::read_file(&keyring_file).unwrap();
    assert_eq!(keyring.current.id, new.current.id);
    assert_eq!(keyring.retired.len(), 1);
    assert_eq!(keyring.retired[0].id, old.id);
    let _ = std::fs::remove_dir_all(dir);
}
