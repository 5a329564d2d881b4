//! `ROUTES`: every API route with its parameters, request body and success reply, one entry each.

use super::route::{IDEMPOTENCY_KEY, Param, Reply, Route, Ty, inline, list, named};
use crate::http::routes::integrity::AuditPage;
use crate::store::audit::Verification;
use shared::admin::{
    CalendarYear, NewUnit, NewUser, PasswordChange, Unit, UnitPatch, UserPatch, UserSummary,
};
use shared::api::{
    ActionRequest, ActionResult, Attachment, CounterCheck, Dashboard, Decision, EscalationProposal,
    Health, LoginRequest, MatterDetail, MatterPage, MatterQuery, Me, Notification, UnitYearStats,
};
use shared::mail::EmailPreferences;
use shared::procedure::Template;
use shared::report::{
    AccountabilityReport, Briefing, BriefingSummary, IssueBriefing, IssuedBriefing, PeriodQuery,
    QuarterlyReport,
};
use shared::settings::{Settings, SettingsView};
use shared::views::{NewView, SavedView};
use shared::{Action, Deadline, YearSchedule};

/// The years every date-taking route accepts (`calendar.rs`, `reports.rs`, `stats.rs`).
const YEAR: Ty = Ty::Int(2000, 2100);
const YEAR_PARAM: &[Param] = &[Param::query("year", YEAR)];
const QUARTER: &[Param] = &[
    Param::query("year", YEAR),
    Param::query("quarter", Ty::Int(1, 4)),
];
const IDEMPOTENT: &[Param] = &[IDEMPOTENCY_KEY];

/// Every route under `/api`, one entry each. `server/tests/api/openapi.rs` checks that this list,
/// the `.route(..)` calls in `src/routes/` and the live router agree.
#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    Route::get("/health", "Server and database health").public()
        .json(named::<Health>).statuses(&[200, 503]),
    Route::get("/openapi.json", "This document").public()
        .reply(Reply::Json(|_| utoipa::openapi::ObjectBuilder::new().build().into())),
    Route::post("/session", "Sign in").public()
        .body(named::<LoginRequest>).json(named::<Me>),
    Route::delete("/session", "Sign out").empty(),
    Route::post("/session/password", "Change one's own password (the current one required); the user's other sessions end")
        .body(named::<PasswordChange>).empty(),
    Route::get("/me", "The signed-in user").json(named::<Me>),
    Route::get("/procedures", "The procedure templates the engine runs: stages, each one's actions, who takes them, their forms")
        .json(list::<Template>),
    Route::get("/me/email-preferences", "The user's email address and choice of daily digest or immediate mail")
        .json(named::<EmailPreferences>),
    Route::put("/me/email-preferences", "Set the user's email address and choice (digest or immediate)")
        .body(named::<EmailPreferences>).json(named::<EmailPreferences>),
    Route::get("/matters", "Matters the user may see, filtered, sorted and paged")
        .query(inline::<MatterQuery>).json(named::<MatterPage>),
    Route::post("/matters", "Propose a matter, or start an emergency item (office; Idempotency-Key)")
        .params(IDEMPOTENT).body(named::<Action>).json(named::<ActionResult>).created(),
    Route::get("/matters.xlsx", "The ledger as Excel: the matters the list would show with the same filters, all pages")
        .query(inline::<MatterQuery>).reply(Reply::Excel),
    Route::get("/matters/{id}", "A matter with its history and the actions the user may take now")
        .json(named::<MatterDetail>),
    Route::post("/matters/{id}/actions", "Take any engine action on the version seen (Idempotency-Key; 409 when stale; `?from_list=true`: the version a list row showed, stale only when what it shows moved)")
        .params(&[IDEMPOTENCY_KEY, Param::query("from_list", Ty::Bool)])
        .body(named::<ActionRequest>).json(named::<ActionResult>),
    Route::get("/matters/{id}/attachments", "The matter's attachments (scoped like the matter)")
        .json(list::<Attachment>),
    Route::post("/matters/{id}/attachments", "Upload a file (raw body, Content-Type checked against the content, 10 MB at most)")
        .params(&[Param::query("filename", Ty::Text).required(), Param::query("event_seq", Ty::Int(0, i64::MAX))])
        .bytes().json(named::<Attachment>).created(),
    Route::get("/matters/{id}/attachments/{aid}", "Download an attachment").reply(Reply::File),
    Route::get("/notifications", "The user's notifications").json(list::<Notification>),
    Route::post("/notifications/read-all", "Mark every notification read").empty(),
    Route::post("/notifications/{id}/read", "Mark a notification read").empty(),
    Route::get("/dashboard", "Counters by light and kind, and per unit, kept in every write (office, leaders)")
        .json(named::<Dashboard>),
    Route::get("/escalations", "Routine matters the reminder task proposes for key supervision (office)")
        .json(list::<EscalationProposal>),
    Route::get("/decisions", "Decisions waiting for the signed-in leader: proposals, extensions, closures (leaders)")
        .json(list::<Decision>),
    Route::get("/audit/verify", "Re-walk the audit chain (office, admin)").json(named::<Verification>),
    Route::get("/audit", "Read the audit trail a page at a time, oldest first, optionally one kind of entry (office, admin)")
        .params(&[
            Param::query("after", Ty::Int(0, i64::MAX)),
            Param::query("limit", Ty::Int(1, 500)),
            Param::query("action", Ty::Short(64)),
        ])
        .json(named::<AuditPage>),
    Route::get("/admin/counters/check", "Recount the counters from events and report drift (admin)")
        .json(named::<CounterCheck>),
    Route::get("/reports/briefing", "The briefing (督办简报) generated for a period (office, leaders)")
        .query(inline::<PeriodQuery>).json(named::<Briefing>),
    Route::get("/reports/briefing.xlsx", "The briefing's unit and key-item tables as Excel (office, leaders)")
        .query(inline::<PeriodQuery>).reply(Reply::Excel),
    Route::get("/reports/briefings", "Issued briefings, newest first (office, leaders)")
        .json(list::<BriefingSummary>),
    Route::post("/reports/briefings", "Issue a numbered briefing for a period with a lead paragraph (office; Idempotency-Key)")
        .params(IDEMPOTENT).body(named::<IssueBriefing>).json(named::<IssuedBriefing>).created(),
    Route::get("/reports/briefings/{no}", "An issued briefing by `2026-3` or by its number; `2026-3.xlsx` downloads its tables as issued (office, leaders)")
        .reply(Reply::JsonOrExcel(named::<IssuedBriefing>)),
    Route::get("/reports/quarterly", "The quarterly report with the previous quarter's comparison (office, leaders)")
        .params(QUARTER).json(named::<QuarterlyReport>),
    Route::get("/reports/quarterly.xlsx", "The quarterly comparison, per unit, and the quarter's briefing tables as Excel (office, leaders)")
        .params(QUARTER).reply(Reply::Excel),
    Route::get("/reports/accountability", "Units and matters the discipline office may hold to account (office, discipline)")
        .json(named::<AccountabilityReport>),
    Route::get("/stats/units", "Each lead unit's figures for a year from counters: completed, on time, late, reminders, returns (office, leaders)")
        .params(YEAR_PARAM).json(list::<UnitYearStats>),
    Route::get("/reports/accountability.xlsx", "The accountability list by unit and by matter as Excel (office, discipline)")
        .reply(Reply::Excel),
    Route::get("/calendar/{year}", "A year's schedule and whether it is estimated, official or admin-edited")
        .params(&[Param::path("year", YEAR)]).json(named::<CalendarYear>),
    Route::put("/calendar/{year}", "Save a year's schedule (admin)")
        .params(&[Param::path("year", YEAR)]).body(named::<YearSchedule>).json(named::<CalendarYear>),
    Route::get("/calendar/deadline", "The date N working or calendar days after `from` (exactly one of the two counts)")
        .params(&[
            Param::query("from", Ty::Date).required(),
            Param::query("working_days", Ty::Int(0, 366)),
            Param::query("calendar_days", Ty::Int(0, 366)),
        ])
        .json(named::<Deadline>),
    Route::get("/settings", "What differs between universities: number format, yellow-light days, 多次催办, bulletin thresholds, enabled procedures (admin)")
        .json(named::<SettingsView>),
    Route::put("/settings", "Change the settings, each field range-checked; applied in every server process (admin)")
        .body(named::<Settings>).json(named::<SettingsView>),
    Route::get("/units", "Every unit, for pickers").json(list::<Unit>),
    Route::post("/units", "Create a unit (admin)").body(named::<NewUnit>).json(named::<Unit>).created(),
    Route::patch("/units/{code}", "Rename or reclassify a unit (admin)").body(named::<UnitPatch>).json(named::<Unit>),
    Route::get("/users", "Every user with role and unit (admin, office)").json(list::<UserSummary>),
    Route::post("/users", "Create a user (admin)").body(named::<NewUser>).json(named::<UserSummary>).created(),
    Route::patch("/users/{username}", "Change a user's name, role, unit, status or password (admin)")
        .body(named::<UserPatch>).json(named::<UserSummary>),
    Route::get("/views", "The user's saved ledger views").json(list::<SavedView>),
    Route::post("/views", "Save the ledger's filters and sort under a name (200 when it replaces a view of that name, 201 when new)")
        .body(named::<NewView>).json(named::<SavedView>).statuses(&[200, 201]),
    Route::delete("/views/{id}", "Delete one of the user's saved views").empty(),
];
