//! The workflow API: whole procedures over HTTP, scoping, versions, idempotency, bad input.

use crate::flow::*;
use crate::helpers::{TestApp, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_gdufs_routine_item_runs_its_four_stages_over_http() {
    // GDUFS 第九条: 立项交办 → 承办反馈 → 跟进催办 → 结项归档.
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let liaison = app.as_user("jwc-liaison").await;
    let head = app.as_user("jwc-head").await;
    let id = issued_routine(&app, "jwc", &["kyc"]).await;

    let detail = json_of(liaison.get(&format!("/api/matters/{id}")).await).await;
    assert_eq!(detail["matter"]["number"], "督〔2026〕1号");
    assert_eq!(detail["my_part"], "lead");
    assert!(
        detail["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("reply"))
    );

    liaison.act(&id, commitment("2026-12-30")).await;
    office
        .act(
            &id,
            json!({"type": "record_follow_up", "method": "phone", "note": "电话了解进度", "outcome": "按计划推进"}),
        )
        .await;
    head.act(&id, completion_report()).await;
    office
        .act(&id, json!({"type": "review_report", "passed": true}))
        .await;
    let done = office
        .act(
            &id,
            json!({"type": "archive", "materials": ["提醒单", "办结报告"], "archivist": "张敏"}),
        )
        .await;
    assert_eq!(done["matter"]["stage"], "archived");
    assert_eq!(done["light"], "done");

    let detail = json_of(office.get(&format!("/api/matters/{id}")).await).await;
    let kinds: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "propose",
            "approve_proposal",
            "register",
            "issue",
            "reply",
            "record_follow_up",
            "submit_completion_report",
            "review_report",
            "archive"
        ]
    );

    // The unit heard of the assignment; the leader of the proposal.
    let notes = json_of(liaison.get("/api/notifications").await).await;
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "new_assignment")
    );
    let notes = json_of(
        app.as_user("kyc-head")
            .await
            .get("/api/notifications")
            .await,
    )
    .await;
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "new_assignment")
    );
    let leader_notes = json_of(app.as_user("leader").await.get("/api/notifications").await).await;
    assert!(
        leader_notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "approval_waiting")
    );

    // The trail verifies, and the counters agree with a recount from the events.
    let v = app.state.audit.verify(&app.db).await.unwrap();
    assert!(v.ok, "{v:?}");
    let c = server::store::counters::check(&app.db).await.unwrap();
    assert!(c.ok, "{c:?}");
    assert_eq!(c.matters, 1);
}

#[tokio::test]
async fn a_unit_sees_only_matters_where_it_is_lead_or_assisting() {
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &["kyc"]).await;
    let path = format!("/api/matters/{id}");

    for who in [
        "jwc-liaison",
        "jwc-head",
        "jwc-handler",
        "kyc-liaison",
        "kyc-handler",
        "office",
        "leader",
    ] {
        let u = app.as_user(who).await;
        assert_eq!(u.get(&path).await.status(), StatusCode::OK, "{who} reads");
        let list = json_of(u.get("/api/matters").await).await;
        assert_eq!(list["total"], 1, "{who} lists");
    }
    // Another unit, the discipline office (no second reminder yet) and the admin: as if it did not exist.
    for who in ["cwc-liaison", "cwc-head", "discipline", "admin"] {
        let u = app.as_user(who).await;
        let r = u.get(&path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{who} reads");
        assert_eq!(json_of(r).await["code"], "not_found");
        let list = json_of(u.get("/api/matters").await).await;
        assert_eq!(list["total"], 0, "{who} lists");
        let r = u.try_act_blind(&id, commitment("2026-12-30")).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{who} acts");
    }
    // An assisting unit may read but not reply for the lead unit.
    let kyc = app.as_user("kyc-liaison").await;
    let r = kyc.try_act(&id, commitment("2026-12-30")).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(json_of(r).await["code"], "lead_unit_only");
    // A unit role may never do an office step.
    let jwc = app.as_user("jwc-head").await;
    let r = jwc
        .try_act(
            &id,
            json!({"type": "send_reminder", "content": "请加快", "due": "2026-12-31"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_second_reminder_opens_the_matter_to_the_discipline_office() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let id = issued_routine(&app, "hqc", &[]).await;
    let discipline = app.as_user("discipline").await;
    assert_eq!(
        discipline.get(&format!("/api/matters/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    mark_second_reminder(&app, &id).await;
    assert_eq!(
        discipline.get(&format!("/api/matters/{id}")).await.status(),
        StatusCode::OK
    );
    let _ = office;
}

#[tokio::test]
async fn a_stale_version_is_409_with_the_current_state_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let r = office
        .post(
            &format!("/api/matters/{id}/actions"),
            &json!({"version": 1, "action": {"type": "record_follow_up", "method": "email", "note": "x", "outcome": "y"}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body = json_of(r).await;
    assert_eq!(body["code"], "stale_version");
    assert_eq!(body["current"]["matter"]["version"], 4);
    assert_eq!(office.version(&id).await, 4);
}

#[tokio::test]
async fn a_retried_request_returns_the_first_answer_and_writes_once() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let body = json!({"version": 4, "action": {"type": "record_follow_up", "method": "email", "note": "邮件提醒", "outcome": "已回复"}});
    let path = format!("/api/matters/{id}/actions");
    let first = office.post_with_key(&path, &body, "retry-key-0001").await;
    assert_eq!(first.status(), StatusCode::OK);
    let first: Value = json_of(first).await;
    let again = office.post_with_key(&path, &body, "retry-key-0001").await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(json_of(again).await, first);
    assert_eq!(office.version(&id).await, 5);
    // The same key for a different request is refused.
    let other = json!({"version": 5, "action": {"type": "record_follow_up", "method": "phone", "note": "x", "outcome": "y"}});
    let r = office.post_with_key(&path, &other, "retry-key-0001").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A write without a key is refused.
    let r = office
        .client
        .post(format!("{}{path}", office.base))
        .json(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(r).await["code"], "missing_idempotency_key");
}

#[tokio::test]
async fn an_answer_stored_before_keys_were_record_ids_still_answers_its_retry() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let body = json!({"version": 4, "action": {"type": "record_follow_up", "method": "email", "note": "旧答复", "outcome": "已回复"}});
    let path = format!("/api/matters/{id}/actions");
    let first = json_of(office.post_with_key(&path, &body, "old-style-0001").await).await;
    // Put the answer back the way it was stored before migration 0012 (a random record id, the
    // whole answer kept as text), then run the migration's script again, as an upgrade would.
    app.db
        .run(
            "LET $r = (SELECT * FROM idempotency WHERE key = 'old-style-0001')[0];
             DELETE idempotency WHERE key = 'old-style-0001';
             CREATE idempotency CONTENT {
                 user: $r.user, key: $r.key, request_hash: $r.request_hash, status: $r.status,
                 body: $body, created_at: $r.created_at
             } RETURN NONE;",
            json!({ "body": first.to_string() }),
        )
        .await
        .unwrap();
    app.db
        .run(
            include_str!("../../migrations/0012_keyed_idempotency.surql"),
            json!({}),
        )
        .await
        .unwrap();
    let again = office.post_with_key(&path, &body, "old-style-0001").await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(json_of(again).await, first);
    assert_eq!(office.version(&id).await, 5, "written once");
}

#[tokio::test]
async fn the_tables_every_action_writes_check_no_fields_and_index_only_what_their_keys_do_not() {
    // Migration 0016: their rows come only from the server's typed structs, so SurrealDB's
    // per-field pass is dropped; 0017: events and stored answers are found by their keys
    // (docs/performance.md). The lists still need every index they had.
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let id = issued_routine(&app, "jwc", &["kyc"]).await;
    for (table, indexes) in [
        ("matter", 10),
        ("listing", 9),
        ("event", 0),
        ("audit", 1),
        ("notification", 1),
        ("idempotency", 0),
    ] {
        let info = app
            .db
            .run(&format!("INFO FOR TABLE {table}"), json!({}))
            .await
            .unwrap();
        let info = &info[0];
        assert_eq!(info["fields"], json!({}), "{table} defines no fields");
        let kept = info["indexes"].as_object().map_or(0, |i| i.len());
        assert_eq!(kept, indexes, "{table}'s indexes: {}", info["indexes"]);
    }
    // A matter's events are a range of its keys `[mid, seq]`, read in number order past 9.
    for n in 0..8 {
        office
            .act(
                &id,
                json!({"type": "record_follow_up", "method": "phone", "note": format!("第{n}次"), "outcome": "ok"}),
            )
            .await;
    }
    let detail = json_of(office.get(&format!("/api/matters/{id}")).await).await;
    let seqs: Vec<u64> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    assert!(seqs.len() >= 11, "{seqs:?}");
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>());
    // What the schema used to check still holds: a list row reads back as the typed row.
    let rows = app
        .db
        .run(
            "SELECT * OMIT id FROM listing WHERE mid = $m AND scope = 'all'",
            json!({ "m": id }),
        )
        .await
        .unwrap();
    let row: server::store::db::listing::ListingRow =
        serde_json::from_value(rows[0][0].clone()).expect("a list row is a ListingRow");
    // Follow-ups change nothing a list shows: the row is still the one the issue wrote.
    assert_eq!(row.version, 4);
    // The counters' recount walks every event in key order and rebuilds that row whole.
    let check = server::store::counters::check(&app.db).await.unwrap();
    assert!(check.ok, "{check:?}");
}

#[tokio::test]
async fn two_clients_acting_at_once_one_wins_the_other_gets_409() {
    let app = TestApp::spawn().await;
    let a = app.as_user("office").await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let path = format!("/api/matters/{id}/actions");
    let body = |note: &str| json!({"version": 4, "action": {"type": "record_follow_up", "method": "phone", "note": note, "outcome": "ok"}});
    let (b1, b2) = (body("甲"), body("乙"));
    let (r1, r2) = tokio::join!(a.post(&path, &b1), a.post(&path, &b2));
    let mut statuses = [r1.status(), r2.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    assert_eq!(a.version(&id).await, 5);
    let c = server::store::counters::check(&app.db).await.unwrap();
    assert!(c.ok, "{c:?}");
}

#[tokio::test]
async fn bad_actions_get_clear_4xx_and_change_nothing() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let path = format!("/api/matters/{id}/actions");
    for (body, status) in [
        (
            json!({"version": 4, "action": {"type": "fly_to_moon"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"version": 4, "action": {"type": "record_follow_up", "method": "phone", "note": "x", "outcome": "y", "extra": 1}}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"version": "four", "action": {"type": "register"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"version": 4, "action": {"type": "send_reminder", "content": "请加快", "due": "2026-13-45"}}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        // A step the stage does not allow.
        (
            json!({"version": 4, "action": {"type": "archive", "materials": [], "archivist": "x"}}),
            StatusCode::CONFLICT,
        ),
    ] {
        let r = office.post(&path, &body).await;
        assert_eq!(r.status(), status, "{body}");
        let e = json_of(r).await;
        assert!(
            !e["message"].as_str().unwrap().is_empty()
                && !e["message_en"].as_str().unwrap().is_empty()
        );
    }
    assert_eq!(office.version(&id).await, 4);
    let r = office.post("/api/matters", &json!({"type": "propose", "procedure": "gdufs_routine", "matter": {"title": "", "content": "x", "source_category": "other", "lead_unit": "jwc"}})).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(office.get("/api/matters").await).await["total"], 1);
}

#[tokio::test]
async fn the_list_filters_sorts_and_pages() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    for lead in ["jwc", "kyc", "jwc"] {
        office.propose(routine_proposal(lead, &[])).await;
    }
    let page = json_of(office.get("/api/matters?lead_unit=jwc").await).await;
    assert_eq!(page["total"], 2);
    let page = json_of(
        office
            .get("/api/matters?per_page=1&page=2&sort=-proposed_on")
            .await,
    )
    .await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let page = json_of(
        office
            .get("/api/matters?q=审核评估&stage=filing&kind=routine")
            .await,
    )
    .await;
    assert_eq!(page["total"], 3);
    let page = json_of(office.get("/api/matters?q=没有这个").await).await;
    assert_eq!(page["total"], 0);
    for bad in [
        "sort=colour",
        "per_page=0",
        "per_page=1000",
        "light=purple",
        "deadline_from=2026-02-30",
        "nonsense=1",
    ] {
        let r = office.get(&format!("/api/matters?{bad}")).await;
        assert!(r.status().is_client_error(), "{bad} → {}", r.status());
    }
}

#[tokio::test]
async fn a_leader_finds_the_open_key_items_they_lead_and_a_unit_only_its_own() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let key = |lead: &str, leader: &str| {
        let mut p = routine_proposal(lead, &[]);
        p["procedure"] = json!("gdufs_key");
        p["matter"]["lead_leader"] = json!(leader);
        p["matter"]["deadline"] = json!("2026-12-20");
        p
    };
    let kyc_by_leader2 = office.propose(key("kyc", "leader2")).await;
    let jwc_by_leader2 = office.propose(key("jwc", "leader2")).await;
    let jwc_by_leader = office.propose(key("jwc", "leader")).await;
    issued_routine(&app, "jwc", &[]).await;

    let leader2 = app.as_user("leader2").await;
    let ids = |page: Value| -> Vec<String> {
        let mut ids: Vec<String> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let mine = json_of(
        leader2
            .get("/api/matters?lead_leader=leader2&kind=key&open=true")
            .await,
    )
    .await;
    assert_eq!(mine["total"], 2);
    let mut expected = vec![kyc_by_leader2.clone(), jwc_by_leader2.clone()];
    expected.sort();
    assert_eq!(ids(mine), expected);
    let theirs = json_of(leader2.get("/api/matters?lead_leader=leader").await).await;
    assert_eq!(ids(theirs), [jwc_by_leader]);
    // The filter narrows a unit's own list; it never widens it.
    let liaison = app.as_user("jwc-liaison").await;
    let unit = json_of(liaison.get("/api/matters?lead_leader=leader2").await).await;
    assert_eq!(ids(unit), [jwc_by_leader2]);
}
