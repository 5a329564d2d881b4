//! The lists read the slim `listing` rows: they follow every change, they say exactly what the
//! matters say, and matters stored before those rows existed are listed after a restart.

use crate::flow::*;
use crate::helpers::{TestApp, json_of};
use serde_json::{Value, json};

fn ids(page: &Value) -> Vec<String> {
    let mut ids: Vec<String> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["id"].as_str().expect("id").to_owned())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn the_office_filtering_on_a_unit_sees_exactly_what_it_leads_or_assists() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let led = office.propose(routine_proposal("jwc", &["kyc"])).await;
    let assisted = office.propose(routine_proposal("kyc", &["jwc"])).await;
    let other = office.propose(routine_proposal("kyc", &[])).await;

    let page = json_of(office.get("/api/matters?lead_unit=jwc").await).await;
    assert_eq!(
        (ids(&page), page["total"].clone()),
        (vec![led.clone()], json!(1))
    );
    let page = json_of(office.get("/api/matters?assisting_unit=jwc").await).await;
    assert_eq!(
        (ids(&page), page["total"].clone()),
        (vec![assisted.clone()], json!(1))
    );
    let page = json_of(
        office
            .get("/api/matters?lead_unit=kyc&assisting_unit=jwc")
            .await,
    )
    .await;
    assert_eq!(ids(&page), std::slice::from_ref(&assisted));
    let mut all = vec![led.clone(), assisted.clone(), other];
    all.sort();
    assert_eq!(ids(&json_of(office.get("/api/matters").await).await), all);

    // The unit's own list marks its part on each, as the detail does.
    let liaison = app.as_user("jwc-liaison").await;
    let page = json_of(liaison.get("/api/matters").await).await;
    let mut parts: Vec<(String, String)> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| {
            (
                m["id"].as_str().expect("id").to_owned(),
                m["my_part"].to_string(),
            )
        })
        .collect();
    parts.sort();
    let mut want = vec![
        (assisted, "\"assisting\"".to_owned()),
        (led, "\"lead\"".to_owned()),
    ];
    want.sort();
    assert_eq!(parts, want);
}

#[tokio::test]
async fn a_list_shows_each_matter_as_its_last_change_left_it() {
    let app = TestApp::spawn().await;
    let id = issued_routine(&app, "jwc", &["kyc"]).await;
    let liaison = app.as_user("kyc-liaison").await;
    let detail = json_of(liaison.get(&format!("/api/matters/{id}")).await).await;
    for who in ["office", "jwc-liaison", "kyc-liaison", "leader"] {
        let user = app.as_user(who).await;
        let page = json_of(user.get("/api/matters").await).await;
        let row = &page["items"][0];
        assert_eq!(row["id"], json!(id), "{who}");
        assert_eq!(row["stage"], detail["matter"]["stage"], "{who}");
        assert_eq!(row["version"], detail["matter"]["version"], "{who}");
        assert_eq!(row["light"], detail["light"], "{who}");
    }
    counters_agree(&app).await;
}

#[tokio::test]
async fn matters_stored_before_the_list_rows_existed_are_listed_after_a_restart() {
    let app = TestApp::spawn_with(|s| s.demo_matters = 30).await;
    let office = app.as_user("office").await;
    let liaison = app.as_user("jwc-liaison").await;
    let before = (
        json_of(office.get("/api/matters?per_page=200").await).await,
        json_of(liaison.get("/api/matters?per_page=200&sort=-number").await).await,
    );
    assert!(before.0["total"].as_u64().expect("total") >= 30);

    // As a database written before migration 0015: no list rows, the backfill not recorded.
    app.db
        .run(
            "DELETE listing; DELETE migration WHERE name = '0015_listing_backfill';",
            json!({}),
        )
        .await
        .expect("old layout");
    let emptied = json_of(office.get("/api/matters").await).await;
    assert_eq!(emptied["items"], json!([]), "lists read the list rows");
    let admin = app.as_user("admin").await;
    let check = json_of(admin.get("/api/admin/counters/check").await).await;
    assert_eq!(check["ok"], json!(false), "missing rows are drift");

    let done = server::store::db::migrations::migrate(&app.db)
        .await
        .expect("migrates");
    assert_eq!(done, ["0015_listing_backfill"]);
    let after = (
        json_of(office.get("/api/matters?per_page=200").await).await,
        json_of(liaison.get("/api/matters?per_page=200&sort=-number").await).await,
    );
    assert_eq!(after, before);
    let check = json_of(admin.get("/api/admin/counters/check").await).await;
    assert_eq!(check["ok"], json!(true), "{check}");
}

#[tokio::test]
async fn a_leader_sees_the_decisions_waiting_for_them_and_no_one_elses() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    // GDUFS 第九条(一): the proposal goes to the leader in charge; with none named, to any leader.
    let reserved = office.propose(routine_proposal("jwc", &[])).await;
    let mut p = routine_proposal("kyc", &[]);
    p["matter"]["leader_in_charge"] = Value::Null;
    let open_to_all = office.propose(p).await;
    issued_routine(&app, "jwc", &[]).await;

    let waiting = |page: Value| -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = page
            .as_array()
            .expect("a list")
            .iter()
            .map(|d| {
                (
                    d["matter"]["id"].as_str().expect("id").to_owned(),
                    d["action"].as_str().expect("action").to_owned(),
                )
            })
            .collect();
        out.sort();
        out
    };
    let leader = app.as_user("leader").await;
    let leader2 = app.as_user("leader2").await;
    let mut both = vec![
        (reserved.clone(), "approve_proposal".to_owned()),
        (open_to_all.clone(), "approve_proposal".to_owned()),
    ];
    both.sort();
    assert_eq!(
        waiting(json_of(leader.get("/api/decisions").await).await),
        both
    );
    assert_eq!(
        waiting(json_of(leader2.get("/api/decisions").await).await),
        [(open_to_all.clone(), "approve_proposal".to_owned())]
    );

    leader2
        .act(
            &open_to_all,
            json!({"type": "approve_proposal", "opinion": "同意"}),
        )
        .await;
    assert_eq!(
        waiting(json_of(leader.get("/api/decisions").await).await),
        [(reserved, "approve_proposal".to_owned())]
    );
    assert!(waiting(json_of(leader2.get("/api/decisions").await).await).is_empty());
    counters_agree(&app).await;
}

#[tokio::test]
async fn the_office_chase_lists_hold_unanswered_reminders_and_returned_reports_until_answered() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let reminded = issued_routine(&app, "jwc", &[]).await;
    let returned = issued_routine(&app, "kyc", &[]).await;
    issued_routine(&app, "jwc", &[]).await;
    let jwc = app.as_user("jwc-liaison").await;
    let kyc = app.as_user("kyc-liaison").await;
    let kyc_head = app.as_user("kyc-head").await;

    office
        .act(
            &reminded,
            json!({"type": "send_reminder", "content": "请加快", "due": "2026-12-31"}),
        )
        .await;
    kyc.act(&returned, commitment("2026-12-30")).await;
    kyc_head.act(&returned, completion_report()).await;
    office
        .act(
            &returned,
            json!({"type": "review_report", "passed": false, "mode": "supplement",
                   "reasons": ["佐证材料不全"]}),
        )
        .await;

    let list = |who: &'static str, watch: &'static str| {
        let app = &app;
        async move {
            let user = app.as_user(who).await;
            ids(&json_of(user.get(&format!("/api/matters?watch={watch}")).await).await)
        }
    };
    assert_eq!(
        list("office", "unanswered_reminder").await,
        std::slice::from_ref(&reminded)
    );
    assert_eq!(
        list("office", "returned_report").await,
        std::slice::from_ref(&returned)
    );
    // A unit's own filter narrows its list: jwc has no returned report.
    assert_eq!(
        list("jwc-liaison", "unanswered_reminder").await,
        std::slice::from_ref(&reminded)
    );
    assert!(list("jwc-liaison", "returned_report").await.is_empty());
    // On the chase list's own rows "open" and the watch itself hold by construction and are not
    // asked again; the totals must still be the rows.
    for (filter, want) in [
        ("", vec![reminded.clone()]),
        ("&open=true", vec![reminded.clone()]),
        ("&open=false", vec![]),
    ] {
        let page = json_of(
            office
                .get(&format!("/api/matters?watch=unanswered_reminder{filter}"))
                .await,
        )
        .await;
        assert_eq!(ids(&page), want, "{filter}");
        assert_eq!(page["total"], json!(want.len()), "{filter}");
    }
    let both = office
        .get("/api/matters?watch=returned_report&q=整改")
        .await;
    assert_eq!(both.status().as_u16(), 422);

    // The unit answers: each leaves its list.
    jwc.act(&reminded, commitment("2026-12-30")).await;
    kyc_head.act(&returned, completion_report()).await;
    assert!(list("office", "unanswered_reminder").await.is_empty());
    assert!(list("office", "returned_report").await.is_empty());
    counters_agree(&app).await;
}

#[tokio::test]
async fn totals_read_from_counters_agree_with_counting_the_rows_and_each_sort_holds() {
    let app = TestApp::spawn_with(|s| s.demo_matters = 60).await;
    let office = app.as_user("office").await;
    for filter in [
        "",
        "open=true",
        "open=false",
        "light=red",
        "light=done",
        "kind=key",
        "kind=routine",
    ] {
        let fast = json_of(
            office
                .get(&format!("/api/matters?per_page=200&{filter}"))
                .await,
        )
        .await;
        // A filter that holds for every matter takes the count off the counters.
        let counted = json_of(
            office
                .get(&format!(
                    "/api/matters?per_page=200&created_from=2000-01-01&{filter}"
                ))
                .await,
        )
        .await;
        let rows = fast["items"].as_array().expect("items").len();
        assert_eq!(fast["total"], json!(rows), "{filter}");
        assert_eq!(counted["total"], json!(rows), "{filter}");
    }
    for (sort, field, newest_first) in [
        ("proposed_on", "proposed_on", false),
        ("-proposed_on", "proposed_on", true),
        ("deadline", "deadline", false),
        ("-deadline", "deadline", true),
    ] {
        let page = json_of(
            office
                .get(&format!("/api/matters?per_page=200&sort={sort}"))
                .await,
        )
        .await;
        let seen: Vec<String> = page["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|m| m[field].as_str().map(str::to_owned))
            .collect();
        let mut want = seen.clone();
        want.sort();
        if newest_first {
            want.reverse();
        }
        assert_eq!(seen, want, "{sort}");
    }
}

/// A unit's list (what it leads or assists) takes its total, open and finished counts off the unit's
/// counters; they must agree with the rows the list shows, for units that lead and units that assist.
#[tokio::test]
async fn a_units_totals_from_its_counters_agree_with_its_rows() {
    let app = TestApp::spawn_with(|s| s.demo_matters = 60).await;
    for user in ["jwc-liaison", "kyc-liaison", "cwc-liaison", "ysxy-liaison"] {
        let unit = app.as_user(user).await;
        for filter in ["", "open=true", "open=false"] {
            let fast = json_of(
                unit.get(&format!("/api/matters?per_page=200&{filter}"))
                    .await,
            )
            .await;
            // A filter that holds for every matter makes the total a count of the rows.
            let counted = json_of(
                unit.get(&format!(
                    "/api/matters?per_page=200&created_from=2000-01-01&{filter}"
                ))
                .await,
            )
            .await;
            let rows = fast["items"].as_array().expect("items").len();
            assert_eq!(fast["total"], json!(rows), "{user} {filter}");
            assert_eq!(counted["total"], json!(rows), "{user} {filter}");
        }
    }
    // The office narrowing to what one unit leads: all, open and finished off the unit's counters.
    let office = app.as_user("office").await;
    for unit in ["jwc", "kyc", "cwc", "ysxy"] {
        for filter in ["", "&open=true", "&open=false"] {
            let get = |extra: &str| {
                let path = format!("/api/matters?per_page=200&lead_unit={unit}{filter}{extra}");
                let office = &office;
                async move { json_of(office.get(&path).await).await }
            };
            let fast = get("").await;
            let counted = get("&created_from=2000-01-01").await;
            let items = fast["items"].as_array().expect("items");
            assert!(
                items.iter().all(|m| m["lead_unit"] == unit),
                "{unit} {filter}"
            );
            assert_eq!(fast["total"], json!(items.len()), "{unit} {filter}");
            assert_eq!(counted["total"], json!(items.len()), "{unit} {filter}");
        }
    }
}

/// A blank unit or leader filter (`?lead_unit=`, a form's empty choice) filters nothing.
#[tokio::test]
async fn a_blank_unit_or_leader_filter_lists_as_if_absent() {
    let app = TestApp::spawn().await;
    let office = app.as_user("office").await;
    let all = json_of(office.get("/api/matters?per_page=200").await).await;
    for blank in [
        "lead_unit=",
        "assisting_unit=",
        "lead_leader=",
        "lead_unit=%20",
    ] {
        let r = office
            .get(&format!("/api/matters?per_page=200&{blank}"))
            .await;
        assert_eq!(r.status(), reqwest::StatusCode::OK, "{blank}");
        let page = json_of(r).await;
        assert_eq!(
            (ids(&page), &page["total"]),
            (ids(&all), &all["total"]),
            "{blank}"
        );
    }
}
