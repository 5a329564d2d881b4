//! Carrying out an action: check it with the engine, then write events, projection, counters,
//! notices and the audit entry in one transaction.

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::services::idempotency::{Answer, Idem};
use crate::services::{notify, references};
use crate::state::AppState;
use crate::store::audit::Entry;
use crate::store::counters;
use crate::store::db::listing::Listed;
use crate::store::db::matters::{self, EventRow};
use crate::store::db::unit::{Statement, Unit};
use crate::store::db::{Clash, Database, DbError};
use serde_json::{Value, json};
use shared::api::{ActionResult, ConflictBody, MatterDetail};
use shared::engine::{self, Action, Context, Event};
use shared::light::light;
use shared::{ErrorKind, Light, Matter, RuleError};

pub fn new_matter_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..16].to_owned()
}

/// The engine's "no" as an HTTP answer.
pub fn rule_error(e: RuleError) -> ApiError {
    let (code, zh, en) = (e.code(), e.message_zh(), e.message_en());
    match e.kind() {
        ErrorKind::Forbidden => ApiError::forbidden(code, zh, en),
        ErrorKind::WrongStage => ApiError::conflict(code, zh, en),
        ErrorKind::Invalid => ApiError::invalid(code, zh, en),
        ErrorKind::NotFound => ApiError::NotFound,
        ErrorKind::Internal => ApiError::Internal(format!("{code}: {en}")),
    }
}

pub fn light_of(m: &Matter, ctx: &Context) -> Light {
    light(m, ctx.today(), ctx.calendar, ctx.yellow_days)
}

/// The full view of a matter for this user.
pub async fn detail(
    state: &AppState,
    user: &CurrentUser,
    m: Matter,
) -> Result<MatterDetail, ApiError> {
    let calendar = state.calendar().await?;
    let settings = state.admin_settings().await?;
    let ctx = Context::new(chrono::Utc::now(), &calendar).with_settings(&settings);
    let events = matters::events(&state.db, &m.id).await?;
    let names = crate::store::db::users::display_names(&state.db, &people(&m, &events)).await?;
    Ok(MatterDetail {
        light: light_of(&m, &ctx),
        allowed_actions: engine::allowed_actions(&m, &user.actor(), &ctx),
        my_part: user.unit.as_deref().and_then(|u| m.unit_part(u)),
        clocks: shared::clocks::lines(&m, ctx.today(), &calendar, ctx.yellow_days),
        events,
        matter: m,
        names,
    })
}

/// The usernames a matter and its history name: who acted, decided, signed, leads or is copied.
pub fn people(m: &Matter, events: &[Event]) -> Vec<String> {
    let mut out: Vec<String> = events.iter().map(|e| e.actor.user_id.clone()).collect();
    out.extend(m.lead_leader.iter().chain(&m.leader_in_charge).cloned());
    out.extend(m.copied_leaders.iter().cloned());
    out.sort_unstable();
    out.dedup();
    out
}

async fn stale(state: &AppState, user: &CurrentUser, id: &str) -> Result<ApiError, ApiError> {
    let current = matters::load_visible(&state.db, user, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let current = detail(state, user, current).await?;
    Ok(ApiError::Stale(Box::new(ConflictBody {
        code: "stale_version".into(),
        message: "该事项已被他人更新，请在最新状态上重新操作".into(),
        message_en: "The matter changed meanwhile; redo the action on its current state".into(),
        current,
    })))
}

/// Where a step came from: the client's address, and whether the app says it sent it
/// (`X-Duban-Client: app`), which the audit entry keeps so a step taken in the app can be told from
/// a call made straight to the API.
#[derive(Debug, Clone)]
pub struct Origin {
    pub address: String,
    pub app: bool,
}

fn refused(
    state: &AppState,
    user: &CurrentUser,
    origin: &Origin,
    mid: Option<&str>,
    action: &Action,
    e: &RuleError,
) {
    // Logged at once and entered in the audit trail as a count per user and period
    // (`auth::refusals`): one chained write per refusal would let refusals set the write load.
    let kind = json!(action.kind());
    let what = format!("{} {}", kind.as_str().unwrap_or_default(), e.code());
    tracing::info!(username = %user.username, address = %origin.address, matter = ?mid, %what, "action refused");
    state.refusals.record(crate::auth::refusals::Refused {
        action: "action_refused",
        username: Some(&user.username),
        role: Some(user.role.code()),
        unit: user.unit.as_deref(),
        address: origin
            .address
            .parse()
            .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)),
        what: Some(&what),
    });
}

/// Creates a matter (propose, or an emergency started first); tried again on a clash with another
/// writer, as `act` is.
pub async fn create(
    state: &AppState,
    user: &CurrentUser,
    origin: &Origin,
    action: Action,
    idem: Option<Idem>,
) -> Result<ActionResult, ApiError> {
    let mut attempt = 1;
    loop {
        let calendar = state.calendar().await?;
        let settings = state.admin_settings().await?;
        let ctx = Context::new(chrono::Utc::now(), &calendar)
            .with_settings(&settings)
            .with_new_matter_id(new_matter_id());
        // Only the office's role may start a matter at all; the admin's choice of procedures
        // is asked after that, so a unit is told it may not propose, not that HBUT is off.
        let created = engine::create(&action, &user.actor(), &ctx)
            .and_then(|e| settings.may_create(&action).map(|()| e));
        let event = match created {
            Ok(e) => e,
            Err(e) => {
                refused(state, user, origin, None, &action, &e);
                return Err(rule_error(e));
            }
        };
        references::check(&state.db, &action).await?;
        let write = Write {
            before: None,
            events: vec![event],
            number: None,
        };
        match commit(state, user, origin, write, &ctx, idem.as_ref()).await? {
            Ok(done) => return Ok(done),
            Err(lost) if attempt >= WRITE_ATTEMPTS => return Err(lost.into()),
            Err(_) => attempt += 1,
        }
    }
}

/// The version of the matter an action was decided on, and whether it was read off a list.
#[derive(Debug, Clone, Copy)]
pub struct Seen {
    pub version: u64,
    pub from_list: bool,
}

impl Seen {
    /// Whether what the user saw is still so. The detail page shows the whole matter, so its
    /// version must be the matter's. A list row shows part of it and is written only when that part
    /// changes (`listing::Listed`), so its version holds as long as that part has not moved: a
    /// leader approving from the dashboard is not refused because a unit reported progress meanwhile.
    fn holds(self, matter: &Matter, listed: &Listed) -> bool {
        matter.version == self.version || (self.from_list && listed.version == self.version)
    }
}

/// How often an action is tried again when its transaction clashed with another writer's.
const WRITE_ATTEMPTS: u32 = 5;

/// Applies an action to an existing matter, based on the version the user saw.
///
/// A transaction can clash with a concurrent one that touched none of this matter: another matter's
/// registration taking the next number, or an action on another matter of the same unit updating the
/// same counters. Such a clash is not the user's business, so the action is tried again from the
/// start; only when the matter itself has moved on does the user get `stale_version`.
pub async fn act(
    state: &AppState,
    user: &CurrentUser,
    origin: &Origin,
    id: &str,
    seen: Seen,
    action: Action,
    idem: Option<Idem>,
) -> Result<ActionResult, ApiError> {
    // Actions that may take the year's next number wait their turn, so two of them in this process
    // do not both read the same last number (a second process is caught by `number_race`).
    let _turn = if action.kind().allocates_number() {
        Some(state.numbering.lock().await)
    } else {
        None
    };
    let mut attempt = 1;
    loop {
        match act_once(state, user, origin, id, seen, &action, idem.as_ref()).await? {
            Ok(done) => return Ok(done),
            Err(_) if attempt >= WRITE_ATTEMPTS => return Err(stale(state, user, id).await?),
            Err(lost) => {
                attempt += 1;
                tracing::debug!(
                    attempt,
                    matter = id,
                    "write clashed with another ({lost}); trying again"
                );
            }
        }
    }
}

async fn act_once(
    state: &AppState,
    user: &CurrentUser,
    origin: &Origin,
    id: &str,
    seen: Seen,
    action: &Action,
    idem: Option<&Idem>,
) -> Result<Attempt, ApiError> {
    let (matter, listed) = matters::load_listed(&state.db, user, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !seen.holds(&matter, &listed) {
        return Err(stale(state, user, id).await?);
    }
    let calendar = state.calendar().await?;
    let settings = state.admin_settings().await?;
    let mut ctx = Context::new(chrono::Utc::now(), &calendar)
        .with_settings(&settings)
        .with_new_matter_id(new_matter_id());
    let mut number = None;
    if action.kind().allocates_number() && matter.number.is_none() {
        let year = chrono::Datelike::year(&ctx.today());
        let prev = current_number(&state.db, year).await?;
        let format = settings.number_format();
        ctx = ctx.with_number(format.format(year, prev as u32 + 1));
        number = Some((year, prev));
    }
    let events = match engine::transition(&matter, action, &user.actor(), &ctx) {
        Ok(events) => events,
        Err(e) => {
            refused(state, user, origin, Some(id), action, &e);
            return Err(rule_error(e));
        }
    };
    // Names are checked once the engine has allowed the step, so someone who may not take it learns nothing.
    references::check(&state.db, action).await?;
    // The number is taken only if an event records it, so the sequence has no gaps.
    let number = number.filter(|_| events.iter().any(|e| e.facts.number.is_some()));
    let write = Write {
        before: Some((matter, listed)),
        events,
        number,
    };
    commit(state, user, origin, write, &ctx, idem).await
}

/// How one try of a write ended: done, or lost to a concurrent writer (`lost`), which is worth
/// another try from the start.
type Attempt = Result<ActionResult, DbError>;

/// A write that lost the race for its records: another action took the matter's next event, the
/// year's next number (`number_race`, thrown by the write's own check) or the idempotency key,
/// or the transactions clashed.
fn lost(e: &DbError) -> bool {
    matches!(e.clash(), Some(Clash::Concurrent | Clash::Record)) || e.is_guard("number_race")
}

/// What an action writes: the events on the matter as it was read, and the year's number it took.
struct Write {
    before: Option<(Matter, Listed)>,
    events: Vec<Event>,
    number: Option<(i32, i64)>,
}

async fn current_number(db: &Database, year: i32) -> Result<i64, DbError> {
    let row: Option<Value> = db
        .first(
            "SELECT n FROM type::record('number_seq', $y)",
            json!({ "y": year.to_string() }),
        )
        .await?;
    Ok(row
        .and_then(|r| r.get("n").and_then(Value::as_i64))
        .unwrap_or(0))
}

/// Writes the events and everything that follows from them in one transaction.
async fn commit(
    state: &AppState,
    user: &CurrentUser,
    origin: &Origin,
    write: Write,
    ctx: &Context<'_>,
    idem: Option<&Idem>,
) -> Result<Attempt, ApiError> {
    let Write {
        before,
        events,
        number,
    } = write;
    let mut unit = Unit::new();
    if let Some((year, prev)) = number {
        unit.push(
            Statement::new(
                "LET $taken = (SELECT VALUE n FROM type::record('number_seq', $year))[0] ?? 0;
                 IF $taken != $prev { THROW 'number_race' };
                 UPSERT type::record('number_seq', $year) SET n = $prev + 1 RETURN NONE;",
            )
            .bind("year", year.to_string())
            .bind("prev", prev),
        );
    }
    // Fold each event into its matter (an escalation also creates a second matter).
    let mut matters: Vec<(Option<(Matter, Listed)>, Matter)> = Vec::new();
    let mut current = before.as_ref().map(|(m, _)| m.clone());
    let mut created = None;
    for e in &events {
        let after = match &current {
            Some(m) if m.id == e.matter_id => engine::apply(m, e),
            _ => match engine::replay(std::slice::from_ref(e)) {
                Some(m) => {
                    if before.is_some() {
                        created = Some(m.id.clone());
                    }
                    m
                }
                None => {
                    return Err(ApiError::Internal(format!(
                        "event {} of {} neither continues nor creates a matter",
                        e.seq, e.matter_id
                    )));
                }
            },
        };
        match matters.iter_mut().find(|(_, m)| m.id == after.id) {
            Some(slot) => slot.1 = after.clone(),
            None => {
                let was = before.clone().filter(|(b, _)| b.id == after.id);
                matters.push((was, after.clone()));
            }
        }
        if current.as_ref().is_none_or(|c| c.id == after.id) {
            current = Some(after);
        }
    }
    // Events and notices are whole new rows: group commit adds a batch's rows in one statement
    // per table. An event's key `[matter, seq]` already taken means another action won the race.
    for e in &events {
        let mut row = serde_json::to_value(EventRow::of(e)?)?;
        if let Some(obj) = row.as_object_mut() {
            obj.insert("id".into(), json!([e.matter_id, e.seq]));
        }
        unit.insert("INSERT INTO event", row);
    }
    let mut notices = Vec::new();
    for (was, after) in &matters {
        let light_after = light_of(after, ctx);
        let was = was.as_ref().map(|(m, listed)| (m, listed));
        let light_before = was.map(|(w, _)| light_of(w, ctx));
        matters::project(&mut unit, was, after, light_after)?;
        counters::delta(
            &mut unit,
            was.map(|(w, _)| w).zip(light_before),
            Some((after, light_after)),
        );
        for e in events.iter().filter(|e| e.matter_id == after.id) {
            for (audience, kind) in notify::for_event(e, after) {
                for user in notify::recipients(&state.db, &audience).await? {
                    notices.push(notify::row(&user, after, kind, &e.seq.to_string()));
                }
            }
        }
    }
    for notice in &notices {
        unit.insert(notify::INSERT, serde_json::to_value(notice)?);
    }

    let (main_id, main_after) = match matters.first() {
        Some((_, m)) => (m.id.clone(), m.clone()),
        None => return Err(ApiError::Internal("an action produced no events".into())),
    };
    let entry = Entry {
        username: Some(user.username.clone()),
        role: Some(user.role.code().into()),
        unit: user.unit.clone(),
        address: Some(origin.address.clone()),
        action: events.first().map_or("unknown".into(), |e| {
            format!("matter.{}", e.action.kind().code())
        }),
        content: match origin.app {
            true => {
                json!({ "matter": main_id, "procedure": main_after.procedure, "events": events, "client": "app" })
            }
            false => {
                json!({ "matter": main_id, "procedure": main_after.procedure, "events": events })
            }
        },
    };
    if let Some(idem) = idem {
        let answer = Answer::Action {
            matter: &main_id,
            version: main_after.version,
            created: created.as_deref(),
        };
        unit.push(idem.record(user, answer));
    }
    let result = ActionResult {
        light: light_of(&main_after, ctx),
        allowed_actions: engine::allowed_actions(&main_after, &user.actor(), ctx),
        matter: main_after,
        events: events.clone(),
        created_matter: created,
    };
    let touches = matters.iter().map(|(_, m)| m.id.clone()).collect();
    match state
        .audit
        .append_grouped(&state.db, entry, touches, unit)
        .await
    {
        Ok(()) => Ok(Ok(result)),
        Err(e) if lost(&e) => Ok(Err(e)),
        Err(e) => Err(e.into()),
    }
}
