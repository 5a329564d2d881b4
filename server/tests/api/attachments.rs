//! Attachments: checked on the way in, scoped on the way out, recorded in the audit trail.

use crate::flow::*;
use crate::helpers::{TestApp, json_of};
use reqwest::StatusCode;

async fn upload(u: &As, id: &str, name: &str, ctype: &str, body: Vec<u8>) -> reqwest::Response {
    u.client
        .post(format!("{}/api/matters/{id}/attachments", u.base))
        .query(&[("filename", name)])
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_unit_uploads_a_report_and_only_people_who_see_the_matter_download_it() {
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let jwc = app.as_user("jwc-liaison").await;
    let pdf = b"%PDF-1.7\n\xe5\x8a\x9e\xe7\xbb\x93\xe6\x8a\xa5\xe5\x91\x8a".to_vec();
    let r = upload(&jwc, &id, "办结报告.pdf", "application/pdf", pdf.clone()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let att = json_of(r).await;
    let aid = att["id"].as_str().unwrap();
    assert_eq!(att["size"], pdf.len());

    let office = app.as_user("office").await;
    let list = json_of(office.get(&format!("/api/matters/{id}/attachments")).await).await;
    assert_eq!(list[0]["filename"], "办结报告.pdf");
    let r = office
        .get(&format!("/api/matters/{id}/attachments/{aid}"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);

    let cwc = app.as_user("cwc-liaison").await;
    for path in [
        format!("/api/matters/{id}/attachments"),
        format!("/api/matters/{id}/attachments/{aid}"),
    ] {
        assert_eq!(cwc.get(&path).await.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(
        upload(&cwc, &id, "x.pdf", "application/pdf", pdf.clone())
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let v = app.state.audit.verify(&app.db).await.unwrap();
    assert!(v.ok);
}

#[tokio::test]
async fn a_file_that_lies_about_its_type_or_is_too_big_is_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &[]).await;
    let jwc = app.as_user("jwc-liaison").await;
    let cases = [
        (
            "报告.pdf",
            "application/pdf",
            b"MZ\x90\x00\x03".to_vec(),
            "unsupported_file_type",
        ),
        (
            "page.html",
            "text/html",
            b"<script>alert(1)</script>".to_vec(),
            "unsupported_file_type",
        ),
        ("空.txt", "text/plain", vec![], "empty_file"),
        (
            "../../etc/passwd",
            "text/plain",
            b"x".to_vec(),
            "invalid_filename",
        ),
    ];
    for (name, ctype, body, code) in cases {
        let r = upload(&jwc, &id, name, ctype, body).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert_eq!(json_of(r).await["code"], code, "{name}");
    }
    let big = vec![b'a'; 10 * 1024 * 1024 + 1];
    let r = upload(&jwc, &id, "big.txt", "text/plain", big).await;
    assert!(r.status().is_client_error(), "{}", r.status());
    let list = json_of(jwc.get(&format!("/api/matters/{id}/attachments")).await).await;
    assert_eq!(list.as_array().unwrap().len(), 0);
}
