//! The procedures as the engine runs them: stages, and which action each allows, for whom, with
//! which form and where it leads. The same templates the server enforces, for screens that explain
//! a procedure and for checks that every step can be taken.

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use axum::routing::get;
use axum::{Json, Router};
use shared::procedure::{ProcedureId, Template, template};

pub fn router() -> Router<AppState> {
    Router::new().route("/procedures", get(list))
}

async fn list(_user: CurrentUser) -> Result<Json<Vec<Template>>> {
    Ok(Json(
        ProcedureId::ALL
            .iter()
            .map(|id| template(*id).clone())
            .collect(),
    ))
}
