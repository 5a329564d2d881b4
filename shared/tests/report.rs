//! Briefings, the quarterly report and the accountability list on a small scenario whose figures are
//! counted by hand below (GDUFS 第八条(四)、第十一条、第十二条; HBUT 第四条(七)、第五条(三)、第六条、第七条).

mod common;
use common::*;
use shared::briefing::{self, ReportContext};
use shared::cancel::Cancel;
use shared::deadline::Quarter;
use shared::engine::Action;
use shared::escalation::EscalationReason;
use shared::report::*;
use shared::stats::{AccountabilityReason, BulletinRules, CriticismReason, Period};
use shared::{Calendar, Matter, ProcedureId};

/// An HBUT matter for `unit`, issued on 2 March 2026 (so due 23 March), signed for.
fn hbut(unit: &str, issued: chrono::NaiveDate) -> World {
    let mut dr = draft(None);
    dr.lead_unit = unit.into();
    dr.assisting_units = vec![];
    let mut w = World::new(issued).propose(ProcedureId::Hbut, dr);
    w.act(&office(), Action::Register {})
        .act(
            &office(),
            Action::Issue {
                copied_leaders: vec![],
            },
        )
        .act(
            &liaison(unit),
            Action::SignFor {
                signer: "刘".into(),
            },
        );
    w
}

fn close(w: &mut World, unit: &str, on: chrono::NaiveDate) {
    w.on(on)
        .act(&unit_head(unit), report())
        .act(&office(), pass());
}

/// Each world numbers from 1, so every matter gets its own id and number here.
fn named(mut m: Matter, id: &str, no: u32) -> Matter {
    m.id = id.into();
    m.number = Some(shared::number::NumberFormat::default().format(2026, no));
    m
}

/// A: 教务处 on time (16 Mar). B: 教务处 late (27 Mar) after a reminder and a second reminder.
/// C: 科研处 never done. D: 图书馆's routine item escalated as an emergency on 5 Mar (its key item
/// is D2). F: 人事处 on time (10 Mar). E: 科研处 issued 1 Apr, done 10 Apr (second quarter).
fn scenario() -> (Vec<Matter>, Calendar) {
    let mut a = hbut("jwc", d(2026, 3, 2));
    close(&mut a, "jwc", d(2026, 3, 16));
    let mut a_m = a.m();
    a_m.assisting_units = vec!["cwc".into()];

    let mut b = hbut("jwc", d(2026, 3, 2));
    b.on(d(2026, 3, 24)).act(
        &office(),
        Action::SendReminder {
            content: "请办理".into(),
            due: d(2026, 3, 25),
        },
    );
    b.on(d(2026, 3, 26)).act(
        &office(),
        Action::SendSecondReminder {
            content: "再次催办".into(),
            due: d(2026, 3, 27),
        },
    );
    close(&mut b, "jwc", d(2026, 3, 27));

    let c = hbut("kyc", d(2026, 3, 2));

    let mut dr = draft(None);
    dr.lead_unit = "tsg".into();
    dr.assisting_units = vec![];
    let mut routine = World::new(d(2026, 3, 2)).propose(ProcedureId::GdufsRoutine, dr);
    routine
        .act(
            &leader(),
            Action::ApproveProposal {
                opinion: String::new(),
            },
        )
        .act(&office(), Action::Register {})
        .act(
            &office(),
            Action::Issue {
                copied_leaders: vec![],
            },
        );
    routine.on(d(2026, 3, 5)).act(
        &office(),
        Action::Escalate {
            reasons: vec![EscalationReason::Emergency],
            note: "突发".into(),
            lead_leader: None,
            requirements: None,
            deadline: None,
        },
    );
    let key = shared::engine::replay(&routine.others).expect("the key item");

    let mut f = hbut("rsc", d(2026, 3, 2));
    close(&mut f, "rsc", d(2026, 3, 10));
    let mut e = hbut("kyc", d(2026, 4, 1));
    close(&mut e, "kyc", d(2026, 4, 10));

    let cal = a.cal.clone();
    let mut d_routine = named(routine.m(), "d", 4);
    let mut d_key = named(key, "d2", 6);
    d_key.escalated_from = Some("d".into());
    d_routine.escalated_to = Some("d2".into());
    (
        vec![
            named(a_m, "a", 1),
            named(b.m(), "b", 2),
            named(c.m(), "c", 3),
            d_routine,
            named(f.m(), "f", 5),
            d_key,
            named(e.m(), "e", 7),
        ],
        cal,
    )
}

fn ctx(cal: &Calendar, today: chrono::NaiveDate) -> ReportContext<'_> {
    ReportContext {
        today,
        calendar: cal,
        rules: BulletinRules::default(),
        yellow_days: 3,
        cancel: Cancel::NEVER,
    }
}

const Q1: Quarter = Quarter {
    year: 2026,
    quarter: 1,
};
const Q2: Quarter = Quarter {
    year: 2026,
    quarter: 2,
};

#[test]
fn the_quarter_briefing_counts_new_open_completed_on_time_overdue_and_escalated_matters() {
    let (ms, cal) = scenario();
    let b = briefing::briefing(&ms, Q1.period(), &ctx(&cal, d(2026, 4, 15))).unwrap();
    // New: A, B, C, F issued 2 Mar and the key item D2 started 5 Mar; the escalated routine D is
    // counted through D2 only. Completed: A, F on time, B late. Overdue: B late, C open past 23 Mar.
    assert_eq!(
        b.totals,
        Totals {
            new: 5,
            in_progress: 2,
            completed: 3,
            on_time: 2,
            overdue: 2,
            escalated: 1,
        }
    );
    assert_eq!(b.on_time_rate, Some(2.0 / 3.0));
    assert_eq!(b.as_of, d(2026, 3, 31));
    let lines: Vec<_> = b.key_items.iter().map(|k| k.matter_id.as_str()).collect();
    assert_eq!(lines, ["a", "b", "c", "f", "d2"]);
    let c = &b.key_items[2];
    assert_eq!(
        (c.stage_name.as_str(), c.light),
        ("承办", shared::Light::Red)
    );
    assert_eq!(c.deadline, Some(d(2026, 3, 23)));
}

#[test]
fn the_briefing_commends_prompt_units_criticises_slack_ones_and_names_notable_matters() {
    // GDUFS 第十二条; HBUT 第五条(三): 对工作进展缓慢、落实不力的单位，要指出问题.
    let (ms, cal) = scenario();
    let b = briefing::briefing(&ms, Q1.period(), &ctx(&cal, d(2026, 4, 15))).unwrap();
    let units: Vec<_> = b.units.iter().map(|u| u.unit.as_str()).collect();
    assert_eq!(units, ["cwc", "jwc", "kyc", "rsc", "tsg"]);
    let jwc = &b.units[1];
    assert_eq!(
        (jwc.lead, jwc.completed, jwc.on_time, jwc.overdue),
        (2, 2, 1, 1)
    );
    assert_eq!((jwc.reminders, jwc.second_reminders), (1, 1));
    assert_eq!(b.units[0].assisting, 1);
    assert_eq!(b.commended, ["rsc"]);
    assert_eq!(
        b.criticized,
        [
            CriticizedUnit {
                unit: "jwc".into(),
                reasons: vec![
                    CriticismReason::LowOnTimeRate,
                    CriticismReason::Overdue,
                    CriticismReason::SecondReminder
                ],
            },
            CriticizedUnit {
                unit: "kyc".into(),
                reasons: vec![CriticismReason::Overdue],
            },
        ]
    );
    let notable: Vec<_> = b
        .notable
        .iter()
        .map(|n| (n.matter_id.as_str(), n.reasons.clone()))
        .collect();
    assert_eq!(
        notable,
        [
            ("b", vec![NotableReason::SecondReminder]),
            ("d2", vec![NotableReason::Emergency]),
        ]
    );
}

#[test]
fn the_trend_gives_each_month_its_new_and_completed_matters() {
    let (ms, cal) = scenario();
    let b = briefing::briefing(&ms, Q1.period(), &ctx(&cal, d(2026, 4, 15))).unwrap();
    let months: Vec<_> = b
        .trend
        .iter()
        .map(|p| (p.month, p.new, p.completed, p.on_time))
        .collect();
    assert_eq!(months, [(1, 0, 0, 0), (2, 0, 0, 0), (3, 5, 3, 2)]);
    assert_eq!(b.trend[0].on_time_rate, None);
}

#[test]
fn a_period_still_running_counts_nothing_as_late_before_today() {
    // On 20 March C is not yet overdue (due 23 March) and B not yet closed.
    let (ms, cal) = scenario();
    let b = briefing::briefing(&ms, Q1.period(), &ctx(&cal, d(2026, 3, 20))).unwrap();
    assert_eq!(b.as_of, d(2026, 3, 20));
    assert_eq!((b.totals.overdue, b.totals.completed), (0, 2));
}

#[test]
fn the_quarterly_report_compares_with_the_previous_quarter() {
    // HBUT 第四条(七): 每三个月，学校办公室向校领导班子呈报督办事项情况.
    let (ms, cal) = scenario();
    let r = briefing::quarterly(&ms, Q2, &ctx(&cal, d(2026, 4, 15))).unwrap();
    assert_eq!(r.previous_quarter, Q1);
    // Q2 to 15 April: E new and done on time; C still open and overdue; D2 still open.
    assert_eq!(
        r.briefing.totals,
        Totals {
            new: 1,
            in_progress: 2,
            completed: 1,
            on_time: 1,
            overdue: 1,
            escalated: 0,
        }
    );
    assert_eq!(r.previous.completed, 3);
    assert_eq!(
        r.delta,
        TotalsDelta {
            new: -4,
            in_progress: 0,
            completed: -2,
            on_time: -1,
            overdue: -1,
            escalated: -1,
        }
    );
    assert_eq!(r.briefing.on_time_rate, Some(1.0));
    assert_eq!(r.previous_on_time_rate, Some(2.0 / 3.0));
    let kyc = r.units.iter().find(|u| u.unit == "kyc").unwrap();
    assert_eq!(
        (kyc.completed, kyc.previous_completed, kyc.on_time_rate),
        (1, 0, Some(1.0))
    );
    assert_eq!((kyc.overdue, kyc.previous_overdue), (1, 1));
    assert_eq!(
        briefing::previous(Q1),
        Quarter {
            year: 2025,
            quarter: 4
        }
    );
}

#[test]
fn the_accountability_list_names_the_matter_the_unit_and_the_grounds() {
    // HBUT 第六条(一): 不能按时完成并不能做出合理解释; the second reminder is context, not a ground.
    let (ms, _) = scenario();
    let r = briefing::accountability(&ms, Q1.period(), d(2026, 4, 15));
    let lines: Vec<_> = r
        .lines
        .iter()
        .map(|l| (l.matter_id.as_str(), l.unit.as_str(), l.reasons.clone()))
        .collect();
    assert_eq!(
        lines,
        [
            ("b", "jwc", vec![AccountabilityReason::UnexplainedOverdue]),
            ("c", "kyc", vec![AccountabilityReason::UnexplainedOverdue]),
        ]
    );
    assert_eq!(r.lines[0].context.second_reminders, 1);
    assert_eq!(r.lines[1].number.as_deref(), Some("督〔2026〕3号"));
    assert_eq!(r.units.len(), 2);
    assert_eq!(r.units[1].unexplained_overdue, 1);
}

#[test]
fn the_accountability_list_covers_its_period_and_clears_when_the_period_has_no_ground() {
    // HBUT 第六条: the list is of what happened in the period asked for. b reported late in March,
    // so it leaves the list in the second quarter; c is still late then.
    let (ms, _) = scenario();
    let q2 = Quarter {
        year: 2026,
        quarter: 2,
    };
    let r = briefing::accountability(&ms, q2.period(), d(2026, 4, 15));
    let ids: Vec<_> = r.lines.iter().map(|l| l.matter_id.as_str()).collect();
    assert_eq!(ids, ["c"]);
    assert_eq!(r.as_of, d(2026, 4, 15));
    let last_year = Quarter {
        year: 2025,
        quarter: 4,
    };
    let r = briefing::accountability(&ms, last_year.period(), d(2026, 4, 15));
    assert!(r.lines.is_empty() && r.units.is_empty());
}

#[test]
fn a_period_is_named_by_kind_and_date_or_by_its_ends() {
    let q = |kind, date| PeriodQuery {
        kind: Some(kind),
        date: Some(date),
        ..PeriodQuery::default()
    };
    let today = d(2026, 3, 18);
    let p = |from, to| Period { from, to };
    // 18 March 2026 is a Wednesday.
    assert_eq!(
        q(PeriodKind::Week, today).resolve(today).unwrap(),
        p(d(2026, 3, 16), d(2026, 3, 22))
    );
    assert_eq!(
        q(PeriodKind::Month, d(2026, 2, 10)).resolve(today).unwrap(),
        p(d(2026, 2, 1), d(2026, 2, 28))
    );
    assert_eq!(
        q(PeriodKind::Year, today).resolve(today).unwrap(),
        p(d(2026, 1, 1), d(2026, 12, 31))
    );
    assert_eq!(
        PeriodQuery::default().resolve(today).unwrap(),
        p(d(2026, 3, 1), d(2026, 3, 31))
    );
    let backwards = PeriodQuery {
        from: Some(d(2026, 3, 2)),
        to: Some(d(2026, 3, 1)),
        ..PeriodQuery::default()
    };
    assert!(backwards.resolve(today).is_err());
    assert_eq!(briefing_number(2026, 3), "督办简报〔2026〕3期");
}
