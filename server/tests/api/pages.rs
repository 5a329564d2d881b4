//! A list page asked again is answered from memory while its audience's rows are unchanged, and
//! read anew as soon as a change to them commits, whichever process wrote it (`server::store::pages`).

use crate::flow::*;
use crate::helpers::{TestApp, json_of};
use serde_json::{Value, json};

/// The item of `id` on a list page.
fn item<'a>(page: &'a Value, id: &str) -> &'a Value {
    page["items"]
        .as_array()
        .and_then(|items| items.iter().find(|m| m["id"] == json!(id)))
        .unwrap_or_else(|| panic!("{id} is listed: {page}"))
}

#[tokio::test]
async fn a_page_asked_again_is_kept_until_a_change_to_its_audiences_rows_commits() {
    let app = TestApp::spawn().await;
    let jwc_matter = issued_routine(&app, "jwc", &[]).await;
    let kyc_matter = issued_routine(&app, "kyc", &[]).await;
    let jwc = app.as_user("jwc-liaison").await;
    let kyc = app.as_user("kyc-liaison").await;
    let office = app.as_user("office").await;
    let ledger = "/api/matters?per_page=50&sort=-proposed_on";
    let first_jwc = json_of(jwc.get("/api/matters").await).await;
    let first_kyc = json_of(kyc.get("/api/matters").await).await;
    let first_ledger = json_of(office.get(ledger).await).await;

    // The rows changed behind the server's back, without a new generation, as no writer may: the
    // pages kept are what is served, so they are indeed served from memory.
    app.db
        .run(
            "UPDATE listing SET title = '未经登记的改动' WHERE mid IN [$a, $b] RETURN NONE",
            json!({"a": jwc_matter, "b": kyc_matter}),
        )
        .await
        .expect("rows changed");
    assert_eq!(json_of(jwc.get("/api/matters").await).await, first_jwc);
    assert_eq!(json_of(kyc.get("/api/matters").await).await, first_kyc);
    assert_eq!(json_of(office.get(ledger).await).await, first_ledger);

    // jwc replies: its matter's rows move (the unit's, the office's), with new generations, and
    // those pages are read anew. They show the reply, and also the change they missed before,
    // since it is in the rows now read.
    jwc.act(&jwc_matter, commitment("2026-12-30")).await;
    for page in [
        json_of(jwc.get("/api/matters").await).await,
        json_of(office.get(ledger).await).await,
    ] {
        let row = item(&page, &jwc_matter);
        assert_ne!(
            row["stage"],
            item(&first_jwc, &jwc_matter)["stage"],
            "{row}"
        );
        assert_eq!(row["title"], "未经登记的改动");
    }
    // kyc's rows did not move: its page is still the one kept.
    assert_eq!(json_of(kyc.get("/api/matters").await).await, first_kyc);
}

#[tokio::test]
async fn users_of_one_unit_share_its_pages_and_each_filter_and_page_is_its_own() {
    let app = TestApp::spawn().await;
    let a = issued_routine(&app, "jwc", &[]).await;
    let b = issued_routine(&app, "jwc", &[]).await;
    let liaison = app.as_user("jwc-liaison").await;
    let head = app.as_user("jwc-head").await;
    let whole = json_of(
        liaison
            .get("/api/matters?per_page=1&sort=proposed_on")
            .await,
    )
    .await;
    let second = json_of(
        liaison
            .get("/api/matters?per_page=1&page=2&sort=proposed_on")
            .await,
    )
    .await;
    // Both proposed today: which comes first is the store's, but each page is its own.
    let mut ids = vec![
        whole["items"][0]["id"].clone(),
        second["items"][0]["id"].clone(),
    ];
    ids.sort_by_key(|v| v.to_string());
    let mut both = vec![json!(a), json!(b)];
    both.sort_by_key(|v| v.to_string());
    assert_eq!(ids, both, "{whole} {second}");
    assert_eq!(whole["total"], json!(2));
    // The unit's head asks what its liaison asked: the same page.
    assert_eq!(
        json_of(head.get("/api/matters?per_page=1&sort=proposed_on").await).await,
        whole
    );
    // Another unit's liaison asking the same thing sees its own rows, not the page kept for jwc.
    let kyc = json_of(
        app.as_user("kyc-liaison")
            .await
            .get("/api/matters?per_page=1&sort=proposed_on")
            .await,
    )
    .await;
    assert_eq!(kyc["total"], json!(0), "{kyc}");
}

#[tokio::test]
async fn a_leaders_decisions_are_kept_until_a_decision_is_added_or_taken() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let leader = app.as_user("leader").await;
    let first = office.propose(routine_proposal("jwc", &[])).await;
    let kept = json_of(leader.get("/api/decisions").await).await;
    assert_eq!(kept[0]["matter"]["id"], json!(first), "{kept}");
    app.db
        .run(
            "UPDATE listing SET title = '未经登记的改动' WHERE mid = $m RETURN NONE",
            json!({"m": first}),
        )
        .await
        .expect("rows changed");
    assert_eq!(json_of(leader.get("/api/decisions").await).await, kept);

    // A second proposal waits for a leader too: the list is read anew, rows as they are now.
    let second = office.propose(routine_proposal("kyc", &[])).await;
    let now = json_of(leader.get("/api/decisions").await).await;
    let ids: Vec<&Value> = now
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| &d["matter"]["id"])
        .collect();
    assert!(
        ids.contains(&&json!(first)) && ids.contains(&&json!(second)),
        "{now}"
    );
    assert!(now.to_string().contains("未经登记的改动"), "{now}");
}

#[tokio::test]
async fn the_dashboard_is_kept_until_a_matter_changes_what_the_office_lists() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let leader = app.as_user("leader").await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let kept = json_of(leader.get("/api/dashboard").await).await;
    assert_eq!(kept["overall"]["total"], json!(1), "{kept}");
    // A counter changed behind the server's back: the dashboard kept is what is served.
    app.db
        .run("UPDATE counter:all SET total = 100 RETURN NONE", json!({}))
        .await
        .expect("counter changed");
    assert_eq!(json_of(office.get("/api/dashboard").await).await, kept);
    // A follow-up changes nothing a list shows, nor any counter: still kept.
    office
        .act(
            &id,
            json!({"type": "record_follow_up", "method": "phone", "note": "电话", "outcome": "推进中"}),
        )
        .await;
    assert_eq!(json_of(leader.get("/api/dashboard").await).await, kept);
    // A new matter changes the office's rows: the counters are read anew, as they now are.
    office.propose(routine_proposal("kyc", &[])).await;
    let now = json_of(leader.get("/api/dashboard").await).await;
    assert_eq!(now["overall"]["total"], json!(101), "{now}");
}
