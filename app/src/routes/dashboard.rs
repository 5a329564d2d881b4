//! The leader's dashboard (phone first): counts, unit ranking, matters waiting for this leader.

use crate::i18n::tx;
use leptos::prelude::*;
use serde::Deserialize;
use shared::api::{Counters, UnitCounters};

/// `GET /api/dashboard`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DashboardData {
    pub overall: Counters,
    pub units: Vec<UnitCounters>,
}

/// The part of the year's briefing the ranking needs; serde skips the rest of the JSON.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BriefingUnits {
    pub units: Vec<UnitRate>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UnitRate {
    pub unit: String,
    pub completed: u32,
    pub on_time: u32,
    pub on_time_rate: Option<f64>,
}

#[component]
pub fn Dashboard() -> impl IntoView {
    view! { <h1>{tx("看板", "Dashboard")}</h1> }
}
