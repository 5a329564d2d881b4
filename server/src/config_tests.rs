//! The settings' layers (defaults, file, variables, flags) and what each refuses.

use super::*;

#[test]
fn flags_win_over_the_file_and_the_file_over_defaults() {
    let file: FileSettings = toml::from_str(
        "bind = \"127.0.0.1:4000\"\n[database]\nurl = \"mem://\"\nnamespace = \"filens\"\n",
    )
    .expect("valid toml");
    let cli = Cli {
        db_ns: Some("flagns".into()),
        ..Cli::default()
    };
    let s = Settings::default().with_file(file).with_cli(cli);
    assert_eq!(s.bind.port(), 4000);
    assert_eq!(s.database.url, "mem://");
    assert_eq!(s.database.namespace, "flagns");
    assert_eq!(s.database.name, "duban");
}

fn scratch_file(text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("duban-pass-{}", uuid::Uuid::new_v4()));
    std::fs::write(&path, text).expect("scratch file written");
    path
}

#[test]
fn the_database_password_is_read_from_the_file_named_by_a_flag() {
    let path = scratch_file("s3cret pass\nignored second line\n");
    let cli = Cli::try_parse_from([
        "duban",
        "--db",
        "wss://db.example.edu:8000",
        "--db-user",
        "duban",
        "--db-user-level",
        "database",
        "--db-pass-file",
        path.to_str().expect("a UTF-8 temp path"),
    ])
    .expect("valid flags");
    let s = Settings::load(cli).expect("settings load");
    assert_eq!(s.database.password.as_deref(), Some("s3cret pass"));
    assert_eq!(s.database.user_level, UserLevel::Database);
    assert_eq!(s.database.user.as_deref(), Some("duban"));
    std::fs::remove_file(path).ok();
}

#[test]
fn a_password_file_in_the_settings_file_gives_way_to_a_password_flag_and_back() {
    let path = scratch_file("from-file\r\n");
    let file: FileSettings = toml::from_str(&format!(
        "[database]\npassword_file = {:?}\nuser_level = \"namespace\"\n",
        path.to_str().expect("a UTF-8 temp path")
    ))
    .expect("valid toml");
    let mut s = Settings::default().with_file(file).with_cli(Cli::default());
    s.database.read_password_file().expect("file read");
    assert_eq!(s.database.password.as_deref(), Some("from-file"));
    assert_eq!(s.database.user_level, UserLevel::Namespace);

    let file: FileSettings = toml::from_str(&format!(
        "[database]\npassword_file = {:?}\n",
        path.to_str().expect("a UTF-8 temp path")
    ))
    .expect("valid toml");
    let cli = Cli {
        db_pass: Some("from-flag".into()),
        ..Cli::default()
    };
    let mut s = Settings::default().with_file(file).with_cli(cli);
    s.database.read_password_file().expect("nothing to read");
    assert_eq!(s.database.password.as_deref(), Some("from-flag"));
    std::fs::remove_file(path).ok();
}

#[test]
fn a_missing_or_empty_password_file_and_both_password_flags_are_refused() {
    let empty = scratch_file("\n");
    let missing = std::env::temp_dir().join("duban-no-such-password-file");
    for (path, what) in [(&empty, "is empty"), (&missing, "cannot read")] {
        let cli = Cli {
            db_pass_file: Some(path.clone()),
            ..Cli::default()
        };
        let e = Settings::load(cli).expect_err("refused").to_string();
        assert!(e.contains(what), "{e}");
    }
    std::fs::remove_file(empty).ok();
    let both = Cli::try_parse_from([
        "duban",
        "--db-pass",
        "x",
        "--db-pass-file",
        "/run/secrets/duban-db",
    ]);
    assert!(both.is_err());
    let level = Cli::try_parse_from(["duban", "--db-user-level", "table"]);
    assert!(level.is_err());
}

#[test]
fn the_file_may_set_part_of_the_attachment_quota_and_the_rest_keeps_its_default() {
    let file: FileSettings =
        toml::from_str("[attachments]\nmatter_files = 5\n").expect("valid toml");
    let s = Settings::default().with_file(file);
    let default = shared::limits::AttachmentQuota::default();
    assert_eq!(s.attachment_quota.matter_files, 5);
    assert_eq!(s.attachment_quota.unit_bytes, default.unit_bytes);
    assert!(toml::from_str::<FileSettings>("[attachments]\nfiles = 5\n").is_err());
}

#[test]
fn trusted_proxies_come_from_the_file_or_repeated_flags() {
    let file: FileSettings =
        toml::from_str("trusted_proxies = [\"10.0.0.0/8\", \"::1\"]\n").expect("valid toml");
    let s = Settings::default().with_file(file);
    assert_eq!(s.trusted_proxies.len(), 2);
    let cli = Cli::try_parse_from([
        "duban",
        "--trusted-proxy",
        "127.0.0.1/32",
        "--trusted-proxy",
        "192.168.0.0/16",
        "--https",
    ])
    .expect("valid flags");
    let s = s.with_cli(cli);
    assert_eq!(s.trusted_proxies.len(), 2);
    assert!(s.trusted_proxies[1].contains("192.168.3.4".parse().expect("ip")));
    assert!(s.session.secure_cookie);
    assert!(Cli::try_parse_from(["duban", "--trusted-proxy", "10.0.0.0/33"]).is_err());
}

#[test]
fn an_unknown_key_in_the_file_is_refused() {
    assert!(toml::from_str::<FileSettings>("bnid = \"x\"").is_err());
}
