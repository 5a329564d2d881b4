//! Print views: each form renders with the matter's own data, escapes user text, and is scoped like the matter.

use crate::flow::*;
use crate::helpers::{TestApp, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

const SCRIPT: &str = "<script>alert('x')</script>";

/// The page's status and its HTML, insisting it is HTML and never the raw script.
async fn print(u: &As, id: &str, form: &str) -> (StatusCode, String) {
    let r = u.get(&format!("/print/matters/{id}/{form}")).await;
    let status = r.status();
    let ctype = r.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ctype.starts_with("text/html"), "{form}: {ctype}");
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let body = r.text().await.unwrap();
    assert!(!body.contains(SCRIPT), "{form} printed user text unescaped");
    (status, body)
}

async fn printed(u: &As, id: &str, form: &str) -> String {
    let (status, body) = print(u, id, form).await;
    assert_eq!(status, StatusCode::OK, "{form}: {body}");
    body
}

fn hbut_proposal() -> Value {
    json!({
        "type": "propose",
        "procedure": "hbut",
        "matter": {
            "title": format!("{SCRIPT}实验室安全隐患整改"),
            "content": "对全校实验室开展安全隐患排查，<b>逐项</b>整改。",
            "source_category": "leader_instruction",
            "source_reference": "校长批示",
            "lead_unit": "jwc",
            "assisting_units": ["zcc"],
            "leader_in_charge": "leader",
            "requirements": "每月报送整改进度",
            "deadline": "2026-12-31"
        }
    })
}

#[tokio::test]
async fn each_hbut_form_prints_the_matters_record_once_its_step_has_happened() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let leader = app.as_user("leader").await;
    let liaison = app.as_user("jwc-liaison").await;
    let head = app.as_user("jwc-head").await;
    let id = office.propose(hbut_proposal()).await;
    let (status, body) = print(&office, &id, "registration_form").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body.contains("尚未办理到填写《立项登记表》的环节"),
        "{body}"
    );

    leader
        .act(
            &id,
            json!({"type": "approve_proposal", "opinion": "同意立项"}),
        )
        .await;
    office.act(&id, json!({"type": "register"})).await;
    let number = json_of(office.get(&format!("/api/matters/{id}")).await).await["matter"]["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let reg = printed(&office, &id, "registration_form").await;
    for text in [
        "湖北工业大学督办立项登记表",
        "通知单编号",
        &number,
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;实验室安全隐患整改",
        "主办：教务处",
        "协办：资产管理处",
        "2026 年 12 月 31 日",
    ] {
        assert!(reg.contains(text), "registration form lacks {text}");
    }

    office
        .act(&id, json!({"type": "issue", "copied_leaders": []}))
        .await;
    liaison
        .act(&id, json!({"type": "sign_for", "signer": "李联络<i>"}))
        .await;
    let notice = printed(&liaison, &id, "assignment_notice").await;
    for text in [
        "湖北工业大学督办事项通知单",
        "附件 3",
        "&lt;b&gt;逐项&lt;/b&gt;",
        "每月报送整改进度",
        "李联络&lt;i&gt;",
        "此通知单一式两份",
        "学校办公室",
    ] {
        assert!(notice.contains(text), "notice lacks {text}");
    }

    head.act(
        &id,
        json!({"type": "request_extension", "reason": "设备采购周期长", "measures": "先行隔离隐患点", "new_deadline": "2027-01-29"}),
    )
    .await;
    let ext = printed(&head, &id, "extension_request").await;
    for text in [
        "设备采购周期长",
        "先行隔离隐患点",
        "2027 年 1 月 29 日",
        "（待校领导审批）",
    ] {
        assert!(ext.contains(text), "extension request lacks {text}");
    }
    leader
        .act(
            &id,
            json!({"type": "decide_extension", "approve": true, "opinion": "按期完成"}),
        )
        .await;
    let ext = printed(&office, &id, "extension_request").await;
    assert!(ext.contains("同意\n按期完成"), "{ext}");
    assert!(ext.contains("原办结时间"));

    head.act(&id, completion_report()).await;
    let report = printed(&office, &id, "completion_report").await;
    for text in [
        "一、督办事项内容",
        "审核评估整改",
        "二、督办事项工作目标",
        "全部问题整改到位",
        "三、督办事项工作开展情况",
        "四、取得的成效",
        "12 项问题全部整改",
        "五、下一步工作计划",
        "建立长效机制",
    ] {
        assert!(report.contains(text), "completion report lacks {text}");
    }

    office
        .act(&id, json!({"type": "review_report", "passed": true}))
        .await;
    office
        .act(
            &id,
            json!({"type": "report_result", "summary": "已向校领导报告"}),
        )
        .await;
    office
        .act(
            &id,
            json!({"type": "archive", "materials": ["校长批示", "整改台账<u>"], "archivist": "陈档案"}),
        )
        .await;
    let archive = printed(&office, &id, "archive_register").await;
    for text in [
        "湖北工业大学督办事项办结材料归档登记表",
        "办结相关材料",
        "1. 校长批示",
        "2. 整改台账&lt;u&gt;",
        "陈档案",
        &number,
    ] {
        assert!(archive.contains(text), "archive register lacks {text}");
    }
    // The GDUFS forms are not this procedure's.
    let (status, body) = print(&office, &id, "supervision_sheet").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("不使用《督办单》"), "{body}");
}

#[tokio::test]
async fn print_views_are_refused_to_other_units_to_the_admin_and_to_anonymous_users() {
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &["kyc"]).await;
    let form = "work_progress_reminder";
    let assisting = app.as_user("kyc-handler").await;
    printed(&assisting, &id, form).await;
    for who in ["cwc-liaison", "admin"] {
        let u = app.as_user(who).await;
        let (status, body) = print(&u, &id, form).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}");
        assert!(body.contains("找不到该资源"), "{who}: {body}");
        assert!(
            !body.contains("推进本科教学审核评估整改"),
            "{who} saw the title"
        );
    }
    let r = app.get(&format!("/print/matters/{id}/{form}")).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("请先登录") && body.contains("/login"),
        "{body}"
    );
    let office = app.as_user("office").await;
    let (status, body) = print(&office, &id, "no_such_form").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("没有名为“no_such_form”的表单"), "{body}");
    let (status, _) = print(&office, "0000000000000000", form).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_gdufs_sheets_carry_the_commitment_and_the_lead_leader() {
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &["kyc"]).await;
    let liaison = app.as_user("jwc-liaison").await;
    liaison.act(&id, commitment("2026-12-30")).await;
    let sheet = printed(&liaison, &id, "work_progress_reminder").await;
    for text in [
        "工作进展提醒单",
        "学校重要会议决议：2026年第3次党委常委会",
        "成立专班，逐项整改",
        "2026 年 12 月 30 日",
        "王老师",
        "020-36207000",
        "同意",
        "党委办公室、校长办公室",
    ] {
        assert!(sheet.contains(text), "reminder sheet lacks {text}");
    }

    let office = app.as_user("office").await;
    let mut key = routine_proposal("kyc", &[]);
    key["procedure"] = json!("gdufs_key");
    key["matter"]["lead_leader"] = json!("leader2");
    key["matter"]["deadline"] = json!("2026-12-20");
    let id = office.propose(key).await;
    let sheet = printed(&office, &id, "supervision_sheet").await;
    let leader2 = json_of(app.as_user("leader2").await.get("/api/me").await).await["display_name"]
        .as_str()
        .unwrap()
        .to_owned();
    for text in [
        "督办单",
        "牵头领导",
        &leader2,
        "2026 年 12 月 20 日",
        "科研处",
        "（待分管校领导审定）",
    ] {
        assert!(sheet.contains(text), "supervision sheet lacks {text}");
    }
}

#[tokio::test]
async fn each_reminder_of_a_demo_matter_prints_on_its_own_sheet() {
    let app = TestApp::spawn_with(|s| s.demo_matters = 60).await;
    let office = app.as_user("office").await;
    let list = json_of(office.get("/api/matters?per_page=100").await).await;
    let mut found = None;
    for m in list["items"].as_array().unwrap() {
        if m["procedure"] != "hbut" {
            continue;
        }
        let id = m["id"].as_str().unwrap();
        let d = json_of(office.get(&format!("/api/matters/{id}")).await).await;
        let reminders = d["matter"]["reminders"].as_array().unwrap().clone();
        if !reminders.is_empty() {
            found = Some((id.to_owned(), reminders));
            break;
        }
    }
    let (id, reminders) = found.expect("the demo has an HBUT matter with a 催办单");
    let page = printed(&office, &id, "reminder_notice").await;
    assert_eq!(
        page.matches("data-testid=\"sheet\"").count(),
        reminders.len()
    );
    for r in &reminders {
        let content = r["content"].as_str().unwrap();
        assert!(page.contains(content), "reminder notice lacks {content}");
    }
    assert!(page.contains("限期办结时间") && page.contains("签收人签字"));
    let css = app.get("/print/forms.css").await;
    assert_eq!(css.status(), StatusCode::OK);
    assert!(css.text().await.unwrap().contains("size: A4"));
}

/// An HBUT matter of the lead unit `lead`, titled `title`, registered (and so on the 立项登记表).
async fn registered(office: &As, lead: &str, title: &str) -> String {
    let mut p = hbut_proposal();
    p["matter"]["title"] = json!(title);
    p["matter"]["lead_unit"] = json!(lead);
    p["matter"]["assisting_units"] = json!([]);
    p["matter"]["deadline"] = json!(
        (shared::engine::china_date(chrono::Utc::now()) + chrono::Duration::days(30)).to_string()
    );
    let id = office.propose(p).await;
    office.act(&id, json!({"type": "register"})).await;
    id
}

/// The register's rows as printed for this query.
async fn register_rows(u: &As, query: &str) -> (String, usize) {
    let r = u.get(&format!("/print/registers/{query}")).await;
    assert_eq!(r.status(), StatusCode::OK, "{query}");
    let body = r.text().await.unwrap();
    let rows = body.matches("data-testid=\"register-row\"").count();
    (body, rows)
}

#[tokio::test]
async fn the_two_registers_print_as_ledgers_one_row_per_matter_of_the_period() {
    // HBUT 附件2 (序号、通知单编号、事项标题、承办部门、完成时限、签收人、备注) and 附件7 are ledgers.
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let today = shared::engine::china_date(chrono::Utc::now());
    let period = format!("from={today}&to={today}");
    let (_, before) = register_rows(&office, &format!("registration_form?{period}")).await;
    let a = registered(&office, "jwc", "甲：实验室安全整改").await;
    registered(&office, "kyc", "乙：科研经费管理").await;
    let (body, rows) = register_rows(&office, &format!("registration_form?{period}")).await;
    assert_eq!(rows, before + 2, "{body}");
    for text in [
        "附件 2",
        "甲：实验室安全整改",
        "乙：科研经费管理",
        "通知单编号",
    ] {
        assert!(body.contains(text), "register lacks {text}");
    }
    assert!(body.contains(&format!("<td class=\"value\">{}</td>", before + 2)));
    // One unit's register lists only the matters it is on.
    let (body, _) = register_rows(&office, &format!("registration_form?{period}&unit=kyc")).await;
    assert!(body.contains("乙：科研经费管理") && !body.contains("甲：实验室安全整改"));
    // A period before them lists neither.
    let (body, _) = register_rows(&office, "registration_form?from=2020-01-01&to=2020-12-31").await;
    assert!(!body.contains("乙：科研经费管理"));

    // Archived: the 归档登记表 gains the row, with materials and archivist.
    let (_, archived_before) = register_rows(&office, &format!("archive_register?{period}")).await;
    let liaison = app.as_user("jwc-liaison").await;
    let head = app.as_user("jwc-head").await;
    office
        .act(&a, json!({"type": "issue", "copied_leaders": []}))
        .await;
    liaison
        .act(&a, json!({"type": "sign_for", "signer": "李联络"}))
        .await;
    head.act(&a, completion_report()).await;
    office
        .act(&a, json!({"type": "review_report", "passed": true}))
        .await;
    office
        .act(
            &a,
            json!({"type": "report_result", "summary": "已按期办结"}),
        )
        .await;
    office
        .act(
            &a,
            json!({"type": "archive", "materials": ["校领导批示", "办结报告"], "archivist": "王档案"}),
        )
        .await;
    let (body, rows) = register_rows(&office, &format!("archive_register?{period}")).await;
    assert_eq!(rows, archived_before + 1, "{body}");
    for text in ["附件 7", "甲：实验室安全整改", "1. 校领导批示", "王档案"] {
        assert!(body.contains(text), "archive register lacks {text}");
    }
}

#[tokio::test]
async fn registers_are_the_offices_and_leaders_and_refuse_a_bad_period() {
    let app = TestApp::spawn().await;
    let liaison = app.as_user("jwc-liaison").await;
    let r = liaison.get("/print/registers/registration_form").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let leader = app.as_user("leader").await;
    register_rows(&leader, "archive_register").await;
    let office = app.as_user("office").await;
    for (query, status) in [
        (
            "registration_form?from=2026-12-31&to=2026-01-01",
            StatusCode::BAD_REQUEST,
        ),
        ("registration_form?from=2026-13-01", StatusCode::BAD_REQUEST),
        ("registration_form?unit=nowhere", StatusCode::BAD_REQUEST),
        ("assignment_notice", StatusCode::NOT_FOUND),
    ] {
        let r = office.get(&format!("/print/registers/{query}")).await;
        assert_eq!(r.status(), status, "{query}");
        let body = r.text().await.unwrap();
        assert!(body.contains("print-refused"), "{query}: {body}");
    }
}

#[tokio::test]
async fn the_notice_prints_the_unit_liaisons_phone_as_the_admin_set_it() {
    // HBUT 附件3: 联系人、联系电话 are the unit's liaison and their line, before any reply names one.
    let app = TestApp::spawn().await;
    let admin = app.as_user("admin").await;
    let r = admin
        .client
        .patch(format!("{}/api/users/jwc-liaison", admin.base))
        .json(&json!({"phone": "027-88886666"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await["phone"], "027-88886666");
    let office = app.as_user("office").await;
    let id = registered(&office, "jwc", "实验室安全整改").await;
    office
        .act(&id, json!({"type": "issue", "copied_leaders": []}))
        .await;
    let notice = printed(&office, &id, "assignment_notice").await;
    assert!(notice.contains("027-88886666"), "{notice}");
    assert!(notice.contains("教务处督办联络员"), "{notice}");
}
