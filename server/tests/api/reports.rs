//! Reports over HTTP: the briefing for a period, issuing numbered immutable briefings, the quarterly report,
//! the accountability list, Excel downloads, and who may read each.

use crate::flow::*;
use crate::helpers::{TestApp, json_of};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_briefing_counts_this_months_matters_for_the_office_and_leaders_only() {
    // GDUFS 第八条(四): 形成督办简报向学校领导班子汇报.
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &["cwc"]).await;
    let office = app.as_user("office").await;
    let b = json_of(office.get("/api/reports/briefing?period=month").await).await;
    assert_eq!(b["totals"]["new"], 1, "{b}");
    assert_eq!(b["totals"]["in_progress"], 1);
    assert_eq!(b["totals"]["completed"], 0);
    let units: Vec<_> = b["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["unit"].clone())
        .collect();
    assert_eq!(units, [json!("cwc"), json!("jwc")]);
    assert!(b["trend"].as_array().unwrap().len() == 1);

    let leader = app.as_user("leader").await;
    assert_eq!(
        leader.get("/api/reports/briefing").await.status(),
        StatusCode::OK
    );
    for who in ["jwc-liaison", "discipline"] {
        let u = app.as_user(who).await;
        let r = u.get("/api/reports/briefing").await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who}");
        assert_eq!(
            u.get("/api/reports/quarterly").await.status(),
            StatusCode::FORBIDDEN
        );
        // Nor the issued briefings, listed or one by one.
        for path in ["/api/reports/briefings", "/api/reports/briefings/2026-1"] {
            assert_eq!(
                u.get(path).await.status(),
                StatusCode::FORBIDDEN,
                "{who} {path}"
            );
        }
    }
    let bad = office
        .get("/api/reports/briefing?from=2026-03-02&to=2026-03-01")
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let _ = id;
}

#[tokio::test]
async fn an_issued_briefing_is_numbered_kept_as_generated_and_cannot_be_changed() {
    let app = TestApp::spawn().await;
    issued_routine(&app, "jwc", &[]).await;
    let office = app.as_user("office").await;
    let body = json!({ "period": { "kind": "month" }, "lead": "本月督办工作总体平稳。" });
    let k = key();
    let r = office
        .post_with_key("/api/reports/briefings", &body, &k)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let first = json_of(r).await;
    let year = first["year"].as_i64().unwrap();
    assert_eq!(first["number"], format!("督办简报〔{year}〕1期"));
    assert_eq!(first["briefing"]["totals"]["new"], 1);
    // It carries the audit chain's head as it stood: a real entry of the chain.
    let head = &first["audit_head"];
    let at: Vec<String> = app
        .db
        .rows(
            "SELECT VALUE hash FROM audit WHERE seq = $s",
            json!({ "s": head["seq"] }),
        )
        .await
        .unwrap();
    assert_eq!(at, [head["hash"].as_str().unwrap().to_owned()]);
    // A retry with the same key gets the same briefing, not a second one.
    let again = json_of(
        office
            .post_with_key("/api/reports/briefings", &body, &k)
            .await,
    )
    .await;
    assert_eq!(again, first);
    let second = json_of(office.post("/api/reports/briefings", &body).await).await;
    assert_eq!(second["seq"], 2);

    let list = json_of(office.get("/api/reports/briefings").await).await;
    let numbers: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["seq"].clone())
        .collect();
    assert_eq!(numbers, [json!(2), json!(1)]);
    let one = json_of(
        office
            .get(&format!("/api/reports/briefings/{year}-1"))
            .await,
    )
    .await;
    assert_eq!(one["lead"], "本月督办工作总体平稳。");
    let missing = office
        .get(&format!("/api/reports/briefings/{year}-9"))
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    // Not even a direct query can rewrite what the leadership was told.
    let tamper = app
        .db
        .run("UPDATE briefing SET doc = 'x' RETURN NONE", json!({}))
        .await;
    assert!(tamper.is_err());

    let leader = app.as_user("leader").await;
    let r = leader.post("/api/reports/briefings", &body).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let audit: Vec<serde_json::Value> = app
        .db
        .rows(
            "SELECT action FROM audit WHERE action = 'briefing.issue'",
            json!({}),
        )
        .await
        .unwrap();
    assert_eq!(audit.len(), 2);
}

#[tokio::test]
async fn the_quarterly_report_compares_with_the_previous_quarter() {
    // HBUT 第四条(七): 每三个月……呈报督办事项情况.
    let app = TestApp::spawn().await;
    issued_routine(&app, "jwc", &[]).await;
    let leader = app.as_user("leader").await;
    let r = json_of(leader.get("/api/reports/quarterly").await).await;
    assert_eq!(r["briefing"]["totals"]["new"], 1, "{r}");
    assert_eq!(r["previous"]["new"], 0);
    assert_eq!(r["delta"]["new"], 1);
    let q = r["quarter"]["quarter"].as_u64().unwrap();
    let prev = r["previous_quarter"]["quarter"].as_u64().unwrap();
    assert_eq!(prev, if q == 1 { 4 } else { q - 1 });
    let bad = leader
        .get("/api/reports/quarterly?year=2026&quarter=5")
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_discipline_office_reads_the_accountability_list_and_units_do_not() {
    // HBUT 第六条: 纪委、监察专员办公室……问责.
    let app = TestApp::spawn().await;
    let discipline = app.as_user("discipline").await;
    let r = discipline.get("/api/reports/accountability").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(json_of(r).await["lines"].as_array().unwrap().is_empty());
    let liaison = app.as_user("jwc-liaison").await;
    let r = liaison.get("/api/reports/accountability").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_ledger_and_the_briefing_download_as_excel() {
    let app = TestApp::spawn().await;
    issued_routine(&app, "jwc", &[]).await;
    let office = app.as_user("office").await;
    for path in [
        "/api/matters.xlsx?open=true",
        "/api/reports/briefing.xlsx?period=year",
    ] {
        let r = office.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let kind = r.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(kind.contains("spreadsheetml"), "{kind}");
        let disposition = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
        let bytes = r.bytes().await.unwrap();
        assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
    }
    // The same filters as the list, refused the same way.
    let r = office.get("/api/matters.xlsx?sort=bogus").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A unit role may export its own ledger, but not the briefing.
    let liaison = app.as_user("jwc-liaison").await;
    assert_eq!(
        liaison.get("/api/matters.xlsx").await.status(),
        StatusCode::OK
    );
    let r = liaison.get("/api/reports/briefing.xlsx").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// An Excel download opened the way a spreadsheet program would: its shared strings and the value of
/// a cell (a number, or the text a string cell points at).
struct Sheets {
    bytes: Vec<u8>,
    strings: Vec<String>,
}

impl Sheets {
    async fn of(r: reqwest::Response) -> Sheets {
        assert_eq!(r.status(), StatusCode::OK);
        let kind = r.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(kind.contains("spreadsheetml"), "{kind}");
        let bytes = r.bytes().await.unwrap().to_vec();
        let shared = Self::part(&bytes, "xl/sharedStrings.xml");
        let strings = shared
            .split("<si>")
            .skip(1)
            .map(|si| {
                let t = &si[si.find("<t").unwrap()..];
                let t = &t[t.find('>').unwrap() + 1..];
                t[..t.find("</t>").unwrap()].to_owned()
            })
            .collect();
        Sheets { bytes, strings }
    }

    fn part(bytes: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
        let mut text = String::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("{name} in the workbook"))
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    /// The cell `at` (like "B2") of the `n`th sheet, as text; None when empty.
    fn cell(&self, n: usize, at: &str) -> Option<String> {
        let xml = Self::part(&self.bytes, &format!("xl/worksheets/sheet{n}.xml"));
        let start = xml.find(&format!("<c r=\"{at}\""))?;
        let c = &xml[start..];
        let c = &c[..c.find("</c>").or_else(|| c.find("/>"))?];
        let v = c.find("<v>").map(|i| &c[i + 3..c.find("</v>").unwrap()])?;
        if c.contains("t=\"s\"") {
            Some(self.strings[v.parse::<usize>().unwrap()].clone())
        } else {
            Some(v.to_owned())
        }
    }

    fn has(&self, text: &str) -> bool {
        self.strings.iter().any(|s| s == text)
    }
}

#[tokio::test]
async fn the_quarterly_report_downloads_as_excel_beside_the_previous_quarter() {
    // Each report is a screen, a print view and an Excel download.
    let app = TestApp::spawn().await;
    issued_routine(&app, "jwc", &[]).await;
    let leader = app.as_user("leader").await;
    let json = json_of(leader.get("/api/reports/quarterly").await).await;
    let x = Sheets::of(leader.get("/api/reports/quarterly.xlsx").await).await;
    for header in [
        "指标",
        "增减",
        "新交办",
        "上季度办结",
        "上季度按期办结率",
        "按期办结",
    ] {
        assert!(x.has(header), "{header} in {:?}", x.strings);
    }
    let q = &json["quarter"];
    let this = format!("{}年第{}季度", q["year"], q["quarter"]);
    assert_eq!(x.cell(1, "B1").as_deref(), Some(this.as_str()));
    // 新交办: this quarter, the previous one, the change, as the screen shows them.
    assert_eq!(x.cell(1, "A2").as_deref(), Some("新交办"));
    assert_eq!(
        x.cell(1, "B2"),
        Some(json["briefing"]["totals"]["new"].to_string())
    );
    assert_eq!(x.cell(1, "C2"), Some(json["previous"]["new"].to_string()));
    assert_eq!(x.cell(1, "D2"), Some(json["delta"]["new"].to_string()));
    // Per unit: the unit's name, not its code, and its figures.
    assert_eq!(x.cell(2, "A2").as_deref(), Some("教务处"));
    assert_eq!(
        x.cell(2, "B2"),
        Some(json["units"][0]["completed"].to_string())
    );
    // The quarter's own briefing tables follow.
    assert_eq!(x.cell(3, "A2").as_deref(), Some("教务处"));
    assert_eq!(
        x.cell(3, "B2"),
        Some(json["briefing"]["units"][0]["lead"].to_string())
    );

    let r = leader
        .get("/api/reports/quarterly.xlsx?year=2026&quarter=5")
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json_of(r).await["message"]
            .as_str()
            .unwrap()
            .contains("季度")
    );
    for who in ["jwc-liaison", "discipline"] {
        let u = app.as_user(who).await;
        let r = u.get("/api/reports/quarterly.xlsx").await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who}");
    }
    let r = app.get("/api/reports/quarterly.xlsx").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_accountability_list_downloads_as_excel_for_the_discipline_office() {
    let app = TestApp::spawn().await;
    let discipline = app.as_user("discipline").await;
    let json = json_of(discipline.get("/api/reports/accountability").await).await;
    let x = Sheets::of(discipline.get("/api/reports/accountability.xlsx").await).await;
    for header in [
        "单位",
        "涉及事项",
        "超期且无合理解释",
        "二次催办（参考）",
        "问责情形",
    ] {
        assert!(x.has(header), "{header} in {:?}", x.strings);
    }
    let as_of = format!("截至 {}", json["as_of"].as_str().unwrap());
    assert!(x.has(&as_of), "{as_of} in {:?}", x.strings);
    let office = app.as_user("office").await;
    let r = office.get("/api/reports/accountability.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    for who in ["jwc-liaison", "leader"] {
        let u = app.as_user(who).await;
        let r = u.get("/api/reports/accountability.xlsx").await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who}");
    }
}

#[tokio::test]
async fn an_issued_briefing_downloads_as_issued_not_as_recomputed() {
    let app = TestApp::spawn().await;
    issued_routine(&app, "jwc", &[]).await;
    let office = app.as_user("office").await;
    let body = json!({ "period": { "kind": "year" }, "lead": "" });
    let issued = json_of(office.post("/api/reports/briefings", &body).await).await;
    let year = issued["year"].as_i64().unwrap();
    let path = format!("/api/reports/briefings/{year}-1.xlsx");
    let before = Sheets::of(office.get(&path).await).await;
    assert_eq!(before.cell(1, "A2").as_deref(), Some("教务处"));
    assert_eq!(
        before.cell(1, "B2").as_deref(),
        Some("1"),
        "教务处 leads one matter"
    );

    // The record moves on: 教务处 gets a second matter. Today's briefing counts it, the issued one not.
    issued_routine(&app, "jwc", &[]).await;
    let now = Sheets::of(office.get("/api/reports/briefing.xlsx?period=year").await).await;
    assert_eq!(now.cell(1, "B2").as_deref(), Some("2"));
    let after = Sheets::of(office.get(&path).await).await;
    assert_eq!(after.cell(1, "B2").as_deref(), Some("1"));
    // Every sheet as issued. (Not the file's bytes: a workbook records the moment it was written.)
    assert_eq!(after.strings, before.strings);
    for n in [1, 2] {
        let sheet = format!("xl/worksheets/sheet{n}.xml");
        assert_eq!(
            Sheets::part(&after.bytes, &sheet),
            Sheets::part(&before.bytes, &sheet),
            "{sheet}"
        );
    }

    let r = office
        .get(&format!("/api/reports/briefings/{year}-9.xlsx"))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let liaison = app.as_user("jwc-liaison").await;
    assert_eq!(liaison.get(&path).await.status(), StatusCode::FORBIDDEN);
}

/// A routine matter with the unit's report returned for 重办, marked misreported or not.
async fn returned_for_redo(app: &TestApp, misreported: bool) -> String {
    let id = issued_routine(app, "jwc", &[]).await;
    app.as_user("jwc-liaison")
        .await
        .act(&id, commitment("2026-12-30"))
        .await;
    app.as_user("jwc-head")
        .await
        .act(&id, completion_report())
        .await;
    app.as_user("office")
        .await
        .act(
            &id,
            json!({"type": "review_report", "passed": false, "mode": "redo",
                   "reasons": ["数据与实际不符"], "misreported": misreported}),
        )
        .await;
    id
}

#[tokio::test]
async fn a_misreport_is_a_ground_the_discipline_office_can_open_and_a_return_for_redo_is_only_context()
 {
    // HBUT 第六条(二): 弄虚作假，反映情况失实的 is a ground; a return for 重办 alone is not.
    let app = TestApp::spawn().await;
    let misreported = returned_for_redo(&app, true).await;
    let redone = returned_for_redo(&app, false).await;
    let discipline = app.as_user("discipline").await;
    let list = json_of(discipline.get("/api/reports/accountability").await).await;
    let lines = list["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{list}");
    assert_eq!(lines[0]["matter_id"], misreported.as_str());
    assert_eq!(lines[0]["reasons"], json!(["misreported"]));
    assert_eq!(lines[0]["context"]["redo_returns"], 1);
    // Every matter the list names opens for the discipline office; others stay closed to it.
    let r = discipline.get(&format!("/api/matters/{misreported}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = discipline.get(&format!("/api/matters/{redone}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_accountability_list_is_for_a_period_and_a_period_without_grounds_is_empty() {
    // HBUT 第六条: this year's misreport is on this year's list, not on last year's.
    let app = TestApp::spawn().await;
    returned_for_redo(&app, true).await;
    let discipline = app.as_user("discipline").await;
    let this_year = json_of(discipline.get("/api/reports/accountability").await).await;
    assert_eq!(this_year["lines"].as_array().unwrap().len(), 1);
    let from = this_year["period"]["from"].as_str().unwrap().to_owned();
    assert!(
        from.ends_with("-01-01"),
        "the year so far by default: {this_year}"
    );
    let last_year = json_of(
        discipline
            .get("/api/reports/accountability?period=year&date=2025-06-01")
            .await,
    )
    .await;
    assert_eq!(last_year["period"]["to"], "2025-12-31");
    assert!(last_year["lines"].as_array().unwrap().is_empty());
    assert!(last_year["units"].as_array().unwrap().is_empty());
}
