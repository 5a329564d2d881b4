//! Units: the list every picker needs (anyone signed in), and creating and editing them (admin).

use crate::auth::ClientInfo;
use crate::auth::guard;
use crate::auth::session::CurrentUser;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::store::db::users::{self, UnitRow};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};
use serde_json::json;
use shared::Capability;
use shared::admin::{NewUnit, Unit, UnitKind, UnitPatch};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/units", get(list).post(create))
        .route("/units/{code}", patch(update))
}

async fn list(State(state): State<AppState>, _user: CurrentUser) -> Result<Json<Vec<Unit>>> {
    let rows = users::list_units(&state.db).await?;
    rows.into_iter()
        .map(unit_of)
        .collect::<Result<Vec<_>>>()
        .map(Json)
}

async fn create(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    body: Result<ApiJson<NewUnit>, ApiError>,
) -> Result<(StatusCode, Json<Unit>)> {
    guard::authorize(
        &state,
        &user,
        client.address,
        Capability::ManageUsers,
        "create_unit",
    )
    .await?;
    let unit = body?.0.validated().map_err(guard::invalid)?;
    if users::find_unit(&state.db, &unit.code).await?.is_some() {
        return Err(code_taken(&unit.code));
    }
    let row = UnitRow {
        code: unit.code.clone(),
        name: unit.name.clone(),
        kind: unit.kind.code().to_owned(),
    };
    let entry = guard::entry(&user, client.address, "unit_created", json!(row));
    state
        .audited(entry, users::create_unit(&row)?)
        .await
        .map_err(|e| {
            if e.is_taken() {
                code_taken(&unit.code)
            } else {
                e.into()
            }
        })?;
    Ok((
        StatusCode::CREATED,
        Json(Unit {
            code: unit.code,
            name: unit.name,
            kind: unit.kind,
        }),
    ))
}

async fn update(
    State(state): State<AppState>,
    client: ClientInfo,
    user: CurrentUser,
    path: Result<Path<String>, PathRejection>,
    body: Result<ApiJson<UnitPatch>, ApiError>,
) -> Result<Json<Unit>> {
    guard::authorize(
        &state,
        &user,
        client.address,
        Capability::ManageUsers,
        "update_unit",
    )
    .await?;
    let Path(code) = path?;
    let change = body?.0.validated().map_err(guard::invalid)?;
    if users::find_unit(&state.db, &code).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    let entry = guard::entry(
        &user,
        client.address,
        "unit_updated",
        json!({ "code": code, "change": change }),
    );
    let update = users::update_unit(
        &code,
        change.name.as_deref(),
        change.kind.map(UnitKind::code),
    );
    if let Some(update) = update {
        state.audited(entry, update).await?;
    }
    let row = users::find_unit(&state.db, &code)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(unit_of(row)?))
}

fn unit_of(row: UnitRow) -> Result<Unit> {
    let kind = UnitKind::parse(&row.kind)
        .ok_or_else(|| ApiError::Internal(format!("unit {} has kind {}", row.code, row.kind)))?;
    Ok(Unit {
        code: row.code,
        name: row.name,
        kind,
    })
}

fn code_taken(code: &str) -> ApiError {
    ApiError::conflict(
        "unit_exists",
        format!("单位代码“{code}”已存在"),
        format!("The unit code “{code}” is already taken"),
    )
}
