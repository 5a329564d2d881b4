//! Saved ledger views: per user, replaced by name, validated, audited, and invisible to others.

use crate::flow::*;
use crate::helpers::{TestApp, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn delete(u: &As, path: &str) -> StatusCode {
    u.client
        .delete(format!("{}{path}", u.base))
        .send()
        .await
        .expect("sent")
        .status()
}

async fn views(u: &As) -> Vec<Value> {
    let r = u.get("/api/views").await;
    assert_eq!(r.status(), StatusCode::OK);
    json_of(r).await.as_array().unwrap().clone()
}

#[tokio::test]
async fn an_office_user_saves_a_view_finds_it_again_replaces_it_and_deletes_it() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    assert!(views(&office).await.is_empty());
    let r = office
        .post(
            "/api/views",
            &json!({"name": " 教务处红灯 ", "query": "?light=red&lead_unit=jwc&page=3"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let saved = json_of(r).await;
    assert_eq!(saved["name"], "教务处红灯");
    assert_eq!(saved["query"], "light=red&lead_unit=jwc");

    // A second sign-in (another device) sees the same view.
    let phone = app.as_user("office").await;
    let list = views(&phone).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], saved["id"]);

    // Saving under the same name replaces the filters and keeps the view.
    let r = phone
        .post(
            "/api/views",
            &json!({"name": "教务处红灯", "query": "light=red&lead_unit=jwc&sort=-deadline"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let list = views(&office).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], saved["id"]);
    assert_eq!(list[0]["query"], "light=red&lead_unit=jwc&sort=-deadline");

    let id = saved["id"].as_str().unwrap();
    assert_eq!(
        delete(&office, &format!("/api/views/{id}")).await,
        StatusCode::NO_CONTENT
    );
    assert!(views(&office).await.is_empty());
    assert_eq!(
        delete(&office, &format!("/api/views/{id}")).await,
        StatusCode::NOT_FOUND
    );

    let audit: Vec<Value> = app
        .db
        .rows(
            "SELECT action, username FROM audit WHERE action IN ['view_saved', 'view_deleted'] ORDER BY seq",
            json!({}),
        )
        .await
        .unwrap();
    let actions: Vec<&str> = audit
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["view_saved", "view_saved", "view_deleted"]);
    assert!(audit.iter().all(|a| a["username"] == "office"));
}

#[tokio::test]
async fn a_users_views_are_invisible_and_untouchable_to_everyone_else() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let r = office
        .post("/api/views", &json!({"name": "重点", "query": "kind=key"}))
        .await;
    let id = json_of(r).await["id"].as_str().unwrap().to_owned();
    let leader = app.as_user("leader").await;
    assert!(views(&leader).await.is_empty());
    assert_eq!(
        delete(&leader, &format!("/api/views/{id}")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(views(&office).await.len(), 1);
    let r = app.get("/api/views").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_names_and_queries_are_refused_in_chinese_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let long = "名".repeat(31);
    let cases = [
        (
            json!({"name": "  ", "query": ""}),
            "invalid_field",
            "视图名称不能为空",
        ),
        (
            json!({"name": long, "query": ""}),
            "invalid_field",
            "不能超过 30 个字",
        ),
        (
            json!({"name": "a\nb", "query": ""}),
            "invalid_field",
            "控制字符",
        ),
        (
            json!({"name": "x", "query": "colour=red"}),
            "invalid_view_query",
            "筛选条件无效",
        ),
        (
            json!({"name": "x", "query": "light=purple"}),
            "invalid_view_query",
            "筛选条件无效",
        ),
        (
            json!({"name": "x", "query": "sort=title"}),
            "invalid_sort",
            "不支持的排序方式",
        ),
    ];
    for (body, code, zh) in cases {
        let r = office.post("/api/views", &body).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let e = json_of(r).await;
        assert_eq!(e["code"], code, "{body} → {e}");
        assert!(e["message"].as_str().unwrap().contains(zh), "{e}");
        assert!(!e["message_en"].as_str().unwrap().is_empty());
    }
    let r = office
        .post("/api/views", &json!({"name": "x", "query": "", "extra": 1}))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for i in 0..30 {
        let r = office
            .post(
                "/api/views",
                &json!({"name": format!("视图{i}"), "query": "open=true"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let r = office
        .post("/api/views", &json!({"name": "第三十一个", "query": ""}))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(r).await["code"], "too_many_views");
    assert_eq!(views(&office).await.len(), 30);
}
