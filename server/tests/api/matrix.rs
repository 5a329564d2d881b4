//! The scoping matrix: every matter endpoint × every role × own, assisting and foreign unit.

use crate::flow::*;
use crate::helpers::TestApp;
use serde_json::json;

/// Who may read a matter led by jwc with kyc assisting (no second reminder yet).
fn reads(who: &str) -> bool {
    matches!(
        who,
        "office"
            | "leader"
            | "jwc-head"
            | "jwc-liaison"
            | "jwc-handler"
            | "kyc-head"
            | "kyc-liaison"
            | "kyc-handler"
    )
}

#[tokio::test]
async fn every_matter_endpoint_answers_each_role_by_its_scope() {
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &["kyc"]).await;
    let jwc = app.as_user("jwc-liaison").await;
    let r = jwc
        .client
        .post(format!("{}/api/matters/{id}/attachments", jwc.base))
        .query(&[("filename", "a.txt")])
        .header("content-type", "text/plain")
        .body("说明")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let aid = crate::helpers::json_of(r).await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The lead unit's liaison replies last but one: after that the stage has moved on, so the
    // head, last, is told the step is no longer open (409) rather than allowed.
    let people = [
        "office",
        "leader",
        "jwc-handler",
        "kyc-head",
        "kyc-liaison",
        "kyc-handler",
        "cwc-head",
        "cwc-liaison",
        "cwc-handler",
        "discipline",
        "admin",
        "jwc-liaison",
        "jwc-head",
    ];
    for who in people {
        let u = app.as_user(who).await;
        let seen = reads(who);
        let expect = |ok: u16| if seen { ok } else { 404 };
        let get = |path: String| {
            let u = &u;
            async move { u.get(&path).await.status().as_u16() }
        };
        assert_eq!(
            get(format!("/api/matters/{id}")).await,
            expect(200),
            "{who} detail"
        );
        assert_eq!(
            get(format!("/api/matters/{id}/attachments")).await,
            expect(200),
            "{who} attachments"
        );
        assert_eq!(
            get(format!("/api/matters/{id}/attachments/{aid}")).await,
            expect(200),
            "{who} download"
        );
        let list = crate::helpers::json_of(u.get("/api/matters").await).await;
        assert_eq!(list["total"], if seen { 1 } else { 0 }, "{who} list");
        let lead_list = crate::helpers::json_of(u.get("/api/matters?lead_unit=jwc").await).await;
        assert_eq!(
            lead_list["total"],
            if seen { 1 } else { 0 },
            "{who} filtered list"
        );

        // Acting: a reply is for the lead unit's liaison or head only; everyone else is refused,
        // and those who cannot see the matter are told it does not exist.
        let r = u
            .post(
                &format!("/api/matters/{id}/actions"),
                &json!({"version": if who == "jwc-head" { 5 } else { 4 }, "action": commitment("2026-12-30")}),
            )
            .await
            .status()
            .as_u16();
        let want = match who {
            _ if !seen => 404,
            "jwc-liaison" => 200,
            "jwc-head" => 409,
            _ => 403,
        };
        assert_eq!(r, want, "{who} replies");
    }
}

#[tokio::test]
async fn oversight_endpoints_answer_only_their_roles() {
    let app = TestApp::spawn().await;
    let table: [(&str, &[&str]); 6] = [
        ("/api/dashboard", &["office", "leader"]),
        ("/api/escalations", &["office"]),
        ("/api/decisions", &["leader"]),
        ("/api/audit/verify", &["office", "admin"]),
        ("/api/admin/counters/check", &["office", "admin"]),
        ("/api/users", &["office", "admin"]),
    ];
    for who in [
        "office",
        "leader",
        "jwc-head",
        "jwc-liaison",
        "jwc-handler",
        "discipline",
        "admin",
    ] {
        let u = app.as_user(who).await;
        for (path, allowed) in table {
            let status = u.get(path).await.status().as_u16();
            let want = if allowed.contains(&who) { 200 } else { 403 };
            assert_eq!(status, want, "{who} {path}");
        }
    }
}
