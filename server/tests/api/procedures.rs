//! The procedure templates as the server serves them are the ones the engine enforces.

use crate::helpers::{TestApp, json_of};
use reqwest::StatusCode;
use shared::procedure::{ProcedureId, template};

#[tokio::test]
async fn every_signed_in_user_reads_the_three_procedures_the_engine_runs() {
    let app = TestApp::spawn().await;
    let anonymous = app
        .client
        .get(app.url("/api/procedures"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let liaison = app.as_user("jwc-liaison").await;
    let served = json_of(liaison.get("/api/procedures").await).await;
    let expected: Vec<_> = ProcedureId::ALL
        .iter()
        .map(|id| serde_json::to_value(template(*id)).unwrap())
        .collect();
    assert_eq!(served, serde_json::Value::Array(expected));
}
