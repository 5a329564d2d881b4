//! Helpers for driving matters through the API as each role would.

use crate::helpers::{TestApp, json_of, new_client};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

/// A signed-in user of a test server.
pub struct As {
    pub client: Client,
    pub base: String,
}

impl TestApp {
    pub async fn as_user(&self, username: &str) -> As {
        let client = new_client();
        let r = client
            .post(self.url("/api/session"))
            .json(&json!({ "username": username, "password": crate::helpers::DEMO_PASSWORD }))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), StatusCode::OK, "login as {username}");
        As {
            client,
            base: self.base.clone(),
        }
    }
}

pub fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl As {
    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("sent")
    }

    pub async fn post_with_key(&self, path: &str, body: &Value, key: &str) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .header("idempotency-key", key)
            .json(body)
            .send()
            .await
            .expect("sent")
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.post_with_key(path, body, &key()).await
    }

    pub async fn propose(&self, body: Value) -> String {
        let r = self.post("/api/matters", &body).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        json_of(r).await["matter"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn version(&self, id: &str) -> u64 {
        json_of(self.get(&format!("/api/matters/{id}")).await).await["matter"]["version"]
            .as_u64()
            .unwrap()
    }

    /// Acts on the current version and returns the raw response.
    pub async fn try_act(&self, id: &str, action: Value) -> Response {
        let version = self.version(id).await;
        self.post(
            &format!("/api/matters/{id}/actions"),
            &json!({ "version": version, "action": action }),
        )
        .await
    }

    /// Acts and insists it worked; returns the result.
    pub async fn act(&self, id: &str, action: Value) -> Value {
        let r = self.try_act(id, action.clone()).await;
        let status = r.status();
        let body = json_of(r).await;
        assert_eq!(status, StatusCode::OK, "{action} → {body}");
        body
    }
}

pub fn routine_proposal(lead: &str, assisting: &[&str]) -> Value {
    json!({
        "type": "propose",
        "procedure": "gdufs_routine",
        "matter": {
            "title": "推进本科教学审核评估整改",
            "content": "按照党委常委会决议，完成审核评估反馈问题的整改。",
            "source_category": "meeting_resolution",
            "source_reference": "2026年第3次党委常委会",
            "lead_unit": lead,
            "assisting_units": assisting,
            "leader_in_charge": "leader",
            "requirements": "按期办结并书面反馈"
        }
    })
}

pub fn commitment(promised: &str) -> Value {
    json!({
        "type": "reply",
        "promised_date": promised,
        "measures": "成立专班，逐项整改",
        "completion_form": "书面报告",
        "handler_name": "王老师",
        "handler_contact": "020-36207000"
    })
}

pub fn completion_report() -> Value {
    json!({
        "type": "submit_completion_report",
        "content": "审核评估整改",
        "goal": "全部问题整改到位",
        "work_done": "逐项落实整改措施",
        "results": "12 项问题全部整改",
        "next_steps": "建立长效机制"
    })
}

/// A routine matter proposed, approved, registered and issued to `lead` (+ `assisting`).
/// The admin recount finds every counter and list row as the matters' events say.
pub async fn counters_agree(app: &TestApp) {
    let admin = app.as_user("admin").await;
    let check = json_of(admin.get("/api/admin/counters/check").await).await;
    assert_eq!(check["ok"], json!(true), "{check}");
}

pub async fn issued_routine(app: &TestApp, lead: &str, assisting: &[&str]) -> String {
    let office = app.as_user("office").await;
    let leader = app.as_user("leader").await;
    let id = office.propose(routine_proposal(lead, assisting)).await;
    leader
        .act(&id, json!({"type": "approve_proposal", "opinion": "同意"}))
        .await;
    office.act(&id, json!({"type": "register"})).await;
    office
        .act(&id, json!({"type": "issue", "copied_leaders": []}))
        .await;
    id
}

impl As {
    /// Acts without knowing the version (for users who cannot even read the matter).
    pub async fn try_act_blind(&self, id: &str, action: Value) -> Response {
        self.post(
            &format!("/api/matters/{id}/actions"),
            &json!({ "version": 4, "action": action }),
        )
        .await
    }
}

/// Reminders and second reminders come after the deadline, which a test cannot wait for: marks
/// the matter in the projection the way the reminder path would.
pub async fn mark_second_reminder(app: &TestApp, id: &str) {
    app.db
        .run(
            "UPDATE matter SET second_reminder = true WHERE mid = $id",
            json!({ "id": id }),
        )
        .await
        .unwrap();
}
