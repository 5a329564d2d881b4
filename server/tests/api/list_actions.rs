//! List rows are written only when what a list shows of a matter changes, and an action taken from
//! a list is judged against what that list showed: the detail page's version stays strict.

use crate::flow::*;
use crate::helpers::{TestApp, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn follow_up(note: &str) -> Value {
    json!({"type": "record_follow_up", "method": "phone", "note": note, "outcome": "按计划推进"})
}

/// A follow-up sent to `path` (the action endpoint, with or without `?from_list=true`) on `version`.
async fn follow_up_at(user: &As, path: &str, version: &Value, note: &str) -> reqwest::Response {
    user.post(
        path,
        &json!({"version": version, "action": follow_up(note)}),
    )
    .await
}

/// The office ledger's row of this matter.
async fn office_row(office: &As, id: &str) -> Value {
    let page = json_of(office.get("/api/matters?per_page=200").await).await;
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|m| m["id"] == json!(id))
        .cloned()
        .expect("the matter is listed")
}

#[tokio::test]
async fn a_follow_up_changes_nothing_a_list_shows_so_its_rows_stay_as_they_were() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let id = issued_routine(&app, "jwc", &["kyc"]).await;
    let listed = office_row(&office, &id).await;
    assert_eq!(listed["version"], json!(4));

    office.act(&id, follow_up("电话了解进度")).await;
    assert_eq!(office.version(&id).await, 5, "the matter moved");
    let after = office_row(&office, &id).await;
    assert_eq!(after, listed, "its list row did not");
    for who in ["jwc-liaison", "kyc-liaison"] {
        let page = json_of(app.as_user(who).await.get("/api/matters").await).await;
        assert_eq!(page["items"][0]["version"], json!(4), "{who}");
    }
    // The recount rebuilds every list row from the events and finds the kept ones whole.
    counters_agree(&app).await;

    // A reply moves the stage: every row follows, at the matter's version.
    app.as_user("jwc-liaison")
        .await
        .act(&id, commitment("2026-12-30"))
        .await;
    let replied = office_row(&office, &id).await;
    assert_eq!(replied["version"], json!(6));
    assert_ne!(replied["stage"], listed["stage"]);
    counters_agree(&app).await;
}

#[tokio::test]
async fn an_action_from_a_list_holds_while_what_the_list_showed_still_holds() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let seen = office_row(&office, &id).await["version"].clone();
    office.act(&id, follow_up("第一次跟进")).await;
    let path = format!("/api/matters/{id}/actions");
    let from_list = format!("{path}?from_list=true");

    // The detail page showed version 4 and the matter is at 5: refused, as ever.
    let r = follow_up_at(&office, &path, &seen, "详情页上的旧版本").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(json_of(r).await["code"], "stale_version");
    assert_eq!(office.version(&id).await, 5, "nothing was written");

    // A query the server does not understand is a clear error, and changes nothing either.
    let r = follow_up_at(
        &office,
        &format!("{path}?from_list=maybe"),
        &json!(5),
        "看不懂的参数",
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(r).await["code"], "invalid_query");
    assert_eq!(office.version(&id).await, 5, "nothing was written");

    // The list showed version 4 and nothing it shows has moved since: taken.
    let r = follow_up_at(&office, &from_list, &seen, "列表上的版本").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await["matter"]["version"], json!(6));

    // The lead unit replies: the stage a list shows moves, so the old row's version is stale.
    app.as_user("jwc-liaison")
        .await
        .act(&id, commitment("2026-12-30"))
        .await;
    let r = follow_up_at(&office, &from_list, &seen, "过时的列表").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body = json_of(r).await;
    assert_eq!(body["code"], "stale_version");
    assert_eq!(body["current"]["matter"]["version"], json!(7));
    counters_agree(&app).await;
}

#[tokio::test]
async fn a_drifted_list_row_is_named_by_the_recount() {
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &[]).await;
    app.db
        .run(
            "UPDATE listing SET title = '被改过的标题' WHERE mid = $m AND scope = 'all'",
            json!({ "m": id }),
        )
        .await
        .expect("tampered");
    let admin = app.as_user("admin").await;
    let check = json_of(admin.get("/api/admin/counters/check").await).await;
    assert_eq!(check["ok"], json!(false));
    assert_eq!(
        check["drift"],
        json!([format!(
            "listing all of {id}: differs from its matter in title"
        )])
    );
}

#[tokio::test]
async fn a_matter_stored_before_the_list_stamp_existed_reads_its_rows_as_written_with_it() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let id = issued_routine(&app, "jwc", &[]).await;
    // As a matter row written before the stamp was kept: its list rows moved on every write, so
    // they carry the row's own `updated_at` and `version`.
    app.db
        .run(
            "UPDATE type::record('matter', $m) SET listed_at = NONE, listed_version = NONE",
            json!({ "m": id }),
        )
        .await
        .expect("old layout");
    counters_agree(&app).await;
    let listed = office_row(&office, &id).await;

    office.act(&id, follow_up("升级后第一次跟进")).await;
    assert_eq!(office_row(&office, &id).await, listed, "still left alone");
    counters_agree(&app).await;
    // Taken from the list on the old row's version.
    let r = follow_up_at(
        &office,
        &format!("/api/matters/{id}/actions?from_list=true"),
        &listed["version"],
        "列表上的旧行",
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    counters_agree(&app).await;
}
