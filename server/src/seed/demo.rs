//! Demo data for a first look: about twenty university units, a user for every role (password `duban-demo`),
//! and sixty matters with believable histories made by the engine.

use crate::auth::password;
use crate::state::AppState;
use crate::store::db::users::{self, UnitRow, UserRow};

pub const DEMO_PASSWORD: &str = "duban-demo";

/// (code, name, kind)
pub const UNITS: &[(&str, &str, &str)] = &[
    ("jwc", "教务处", "department"),
    ("kyc", "科研处", "department"),
    ("rsc", "人事处", "department"),
    ("cwc", "财务处", "department"),
    ("xgb", "学生工作部", "department"),
    ("hqc", "后勤保障处", "department"),
    ("xxzx", "信息化中心", "department"),
    ("yjsy", "研究生院", "department"),
    ("gjc", "国际合作与交流处", "department"),
    ("zcc", "资产管理处", "department"),
    ("bwc", "保卫处", "department"),
    ("fgc", "发展规划处", "department"),
    ("zjc", "招生就业处", "department"),
    ("tsg", "图书馆", "department"),
    ("jsjxy", "计算机学院", "college"),
    ("wgyxy", "外国语学院", "college"),
    ("jmxy", "经济贸易学院", "college"),
    ("fxy", "法学院", "college"),
    ("mkszyxy", "马克思主义学院", "college"),
    ("ysxy", "艺术学院", "college"),
];

/// (username, display name, role) of the university-wide users.
pub const STAFF: &[(&str, &str, &str)] = &[
    ("office", "张敏（督办室）", "office"),
    ("leader", "李建国（分管督办校领导）", "leader"),
    ("leader2", "陈卫东（副校长）", "leader"),
    ("discipline", "刘清（纪委办公室）", "discipline"),
    ("admin", "系统管理员", "admin"),
];

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Db(#[from] crate::store::db::DbError),
    #[error(transparent)]
    Hash(#[from] password::HashError),
}

/// Loads the demo units and users unless the database already has users.
pub async fn load_if_empty(state: &AppState) -> Result<bool, DemoError> {
    if users::count_users(&state.db).await? > 0 {
        return Ok(false);
    }
    let units: Vec<UnitRow> = UNITS
        .iter()
        .map(|(code, name, kind)| UnitRow {
            code: (*code).into(),
            name: (*name).into(),
            kind: (*kind).into(),
        })
        .collect();
    users::insert_units(&state.db, &units).await?;

    // Everyone shares the published demo password, so one hash (one salt) serves them all
    // and start-up stays fast; real accounts are hashed one by one with their own salt.
    let hash = tokio::task::spawn_blocking(|| password::hash(DEMO_PASSWORD))
        .await
        .map_err(|e| password::HashError::from_join(e.to_string()))??;
    let mut rows: Vec<UserRow> = STAFF
        .iter()
        .enumerate()
        .map(|(i, (username, display_name, role))| UserRow {
            username: (*username).into(),
            display_name: (*display_name).into(),
            role: (*role).into(),
            unit: None,
            password_hash: hash.clone(),
            active: true,
            phone: Some(demo_phone(0, i)),
        })
        .collect();
    for (u, (code, name, _)) in UNITS.iter().enumerate() {
        for (i, (suffix, title, role)) in [
            ("head", "负责人", "unit_head"),
            ("liaison", "督办联络员", "liaison"),
            ("handler", "经办人", "handler"),
        ]
        .into_iter()
        .enumerate()
        {
            rows.push(UserRow {
                username: format!("{code}-{suffix}"),
                display_name: format!("{name}{title}"),
                role: role.into(),
                unit: Some((*code).into()),
                password_hash: hash.clone(),
                active: true,
                phone: Some(demo_phone(u + 1, i)),
            });
        }
    }
    users::insert_users(&state.db, &rows).await?;
    let matters = load_matters(state, state.settings.demo_matters).await?;
    tracing::info!(
        units = units.len(),
        users = rows.len(),
        matters,
        "loaded demo data"
    );
    Ok(true)
}

/// Writes `count` engine-made histories ending today (China time), each through the same
/// writer as scale seeding, so counters, numbers and the audit chain hold.
pub async fn load_matters(state: &AppState, count: usize) -> Result<usize, DemoError> {
    if count == 0 {
        return Ok(0);
    }
    let today = shared::engine::china_date(chrono::Utc::now());
    let codes: Vec<&str> = UNITS.iter().map(|(code, _, _)| *code).collect();
    let calendar = state.loaded_calendar();
    let scenario = crate::seed::generator::scenario(today, &codes, count, 2026, &calendar);
    let mut written = 0;
    for history in &scenario.histories {
        crate::seed::write_history(state, history, today).await?;
        written += 1;
    }
    Ok(written)
}

/// A plausible office line for the demo's people: one block of numbers per unit (0 for the
/// university-wide staff), one number per person in it.
pub fn demo_phone(unit: usize, person: usize) -> String {
    format!("027-5975{:02}{:02}", unit % 100, (person + 1) % 100)
}
