//! The matter's view names people as people read them: 李建国, not `leader`.

use crate::flow::*;
use crate::helpers::{TestApp, json_of};

#[tokio::test]
async fn the_matter_view_carries_the_display_names_of_everyone_in_its_history() {
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let liaison = app.as_user("jwc-liaison").await;
    liaison.act(&id, commitment("2026-12-30")).await;
    let detail = json_of(liaison.get(&format!("/api/matters/{id}")).await).await;
    let names = &detail["names"];
    // The office proposed, the leader in charge approved, the liaison replied.
    assert_eq!(names["leader"], "李建国（分管督办校领导）", "{names}");
    assert_eq!(names["office"], "张敏（督办室）", "{names}");
    assert_eq!(names["jwc-liaison"], "教务处督办联络员", "{names}");
    let actors: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"]["user_id"].as_str().unwrap())
        .collect();
    assert!(actors.iter().all(|a| names.get(a).is_some()), "{names}");
    // Nobody outside the matter is named.
    assert_eq!(names.get("leader2"), None);
    assert_eq!(names.get("kyc-liaison"), None);
}
