//! The yearly counters the server keeps for each lead unit (`stats::year_figures`, summed by before/after
//! deltas) say what the year's briefing computes from every matter (`stats::unit_stats` for a year):
//! completed, on time, reminders, second reminders and returned results (GDUFS 第十一条).

use chrono::{Datelike, NaiveDate};
use shared::stats::{Period, YearFigure, unit_stats, year_figures};
use shared::{Calendar, Matter, engine};
use std::collections::BTreeMap;

const UNITS: [&str; 12] = [
    "jwc", "xsc", "yjsy", "kyc", "rsc", "cwc", "zcc", "hqc", "bwc", "tsg", "xxzx", "gjc",
];

fn five_years_of_matters(seed: u64) -> Vec<Matter> {
    let cal = Calendar::official();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut matters = Vec::new();
    server::seed::generator::for_each_history_over(today, &UNITS, 400, seed, &cal, 1_250, |h| {
        matters.push(engine::replay(&h).expect("a history replays"));
    });
    matters
}

#[test]
fn summed_year_figures_equal_the_year_briefings_unit_table() {
    for seed in [1, 2026] {
        let matters = five_years_of_matters(seed);
        let mut counted: BTreeMap<(String, i32, YearFigure), u32> = BTreeMap::new();
        for m in &matters {
            for (year, figure) in year_figures(m) {
                *counted
                    .entry((m.lead_unit.clone(), year, figure))
                    .or_default() += 1;
            }
        }
        let n = |unit: &str, year: i32, f: YearFigure| {
            counted
                .get(&(unit.to_owned(), year, f))
                .copied()
                .unwrap_or(0)
        };
        let years: Vec<i32> = matters
            .iter()
            .filter_map(|m| m.issued_on.map(|d| d.year()))
            .collect();
        let (first, last) = (*years.iter().min().unwrap(), *years.iter().max().unwrap());
        assert!(
            last - first >= 4,
            "the scenario spans five years: {first}..{last}"
        );
        let mut compared = 0;
        for year in first..=last {
            let period = Period {
                from: NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
            };
            for s in unit_stats(&matters, period, &Calendar::official()) {
                let u = s.unit.as_str();
                assert_eq!(n(u, year, YearFigure::Completed), s.completed, "{u} {year}");
                assert_eq!(n(u, year, YearFigure::OnTime), s.on_time, "{u} {year}");
                assert_eq!(
                    n(u, year, YearFigure::Late),
                    s.completed - s.on_time,
                    "{u} {year}"
                );
                assert_eq!(n(u, year, YearFigure::Reminder), s.reminders, "{u} {year}");
                assert_eq!(
                    n(u, year, YearFigure::SecondReminder),
                    s.second_reminders,
                    "{u} {year}"
                );
                assert_eq!(n(u, year, YearFigure::Return), s.returns, "{u} {year}");
                compared += s.completed + s.reminders + s.returns;
            }
        }
        assert!(
            compared > 100,
            "the scenario closes, reminds and returns: {compared}"
        );
    }
}
