//! How far a list can be paged: a page or a size outside the caps in `shared::paging` is refused
//! in both languages before anything is read, and changes nothing.

use crate::admin::assert_error;
use crate::flow::issued_routine;
use crate::helpers::{TestApp, json_of};
use reqwest::StatusCode;
use shared::paging::{MAX_PER_PAGE, MAX_ROWS_PAGED};

#[tokio::test]
async fn a_page_beyond_the_caps_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    issued_routine(&app, "jwc", &[]).await;
    app.login_ok("office").await;
    let ledger = "/api/matters?per_page=20&sort=-proposed_on";
    let first = json_of(app.get(ledger).await).await;
    assert_eq!(first["total"], 1, "{first}");

    // Each refusal says what the cap is.
    for (query, cap) in [
        ("page=0".to_owned(), MAX_ROWS_PAGED),
        ("per_page=0".to_owned(), MAX_PER_PAGE),
        (format!("per_page={}", MAX_PER_PAGE + 1), MAX_PER_PAGE),
        // Ten thousand rows deep at most: page 501 of 20, page 51 of 200.
        ("per_page=20&page=501".to_owned(), MAX_ROWS_PAGED),
        ("per_page=200&page=51".to_owned(), MAX_ROWS_PAGED),
        (format!("per_page=1&page={}", u32::MAX), MAX_ROWS_PAGED),
    ] {
        let r = app.get(&format!("/api/matters?{query}")).await;
        let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_page").await;
        let both = format!("{} {}", body["message"], body["message_en"]);
        assert!(both.contains(&cap.to_string()), "{query}: {body}");
    }
    // Not a number a page could have: the query itself is malformed.
    for query in ["page=4294967296", "page=-1", "per_page=many"] {
        let r = app.get(&format!("/api/matters?{query}")).await;
        assert_error(r, StatusCode::BAD_REQUEST, "invalid_query").await;
    }
    // The Excel ledger takes the same filters, and refuses the same pages.
    let r = app
        .get(&format!("/api/matters.xlsx?page={}", u32::MAX))
        .await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_page").await;

    // The deepest page allowed answers, empty here, and the list is as it was.
    let deepest = json_of(app.get(&format!("{ledger}&page=500")).await).await;
    assert_eq!(deepest["items"], serde_json::json!([]));
    assert_eq!(deepest["total"], 1);
    assert_eq!(json_of(app.get(ledger).await).await, first);
}
