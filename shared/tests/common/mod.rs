//! A small world for the tests: one calendar, a clock the test moves, the people of a matter.
#![allow(dead_code)]

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use shared::engine::{self, Action, ActionKind, Context, Event};
use shared::matter::{Matter, SourceCategory};
use shared::number::NumberFormat;
use shared::record::*;
use shared::{Actor, Calendar, MatterDraft, ProcedureId, Role, RuleError};

pub const LEAD: &str = "jwc";
pub const ASSIST: &str = "cwc";
pub const OTHER: &str = "tsg";
pub const LEADER_IN_CHARGE: &str = "leader-wang";

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// 10:00 in Beijing on that day.
pub fn morning(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_hms_opt(2, 0, 0).unwrap())
}

fn actor(id: &str, role: Role, unit: Option<&str>) -> Actor {
    Actor {
        user_id: id.into(),
        role,
        unit: unit.map(Into::into),
    }
}
pub fn office() -> Actor {
    actor("office-li", Role::Office, None)
}
pub fn leader() -> Actor {
    actor(LEADER_IN_CHARGE, Role::Leader, None)
}
pub fn other_leader() -> Actor {
    actor("leader-zhao", Role::Leader, None)
}
pub fn unit_head(unit: &str) -> Actor {
    actor(&format!("head-{unit}"), Role::UnitHead, Some(unit))
}
pub fn liaison(unit: &str) -> Actor {
    actor(&format!("liaison-{unit}"), Role::Liaison, Some(unit))
}
pub fn handler(unit: &str) -> Actor {
    actor(&format!("handler-{unit}"), Role::Handler, Some(unit))
}
pub fn discipline() -> Actor {
    actor("jw-chen", Role::Discipline, None)
}
pub fn admin() -> Actor {
    actor("admin", Role::Admin, None)
}

pub fn draft(deadline: Option<NaiveDate>) -> MatterDraft {
    MatterDraft {
        title: "推进本科教学审核评估整改".into(),
        content: "按照党委常委会决议，完成审核评估反馈问题的整改。".into(),
        source_category: SourceCategory::MeetingResolution,
        source_reference: "2026年第3次党委常委会".into(),
        lead_unit: LEAD.into(),
        assisting_units: vec![ASSIST.into()],
        lead_leader: Some("leader-sun".into()),
        leader_in_charge: Some(LEADER_IN_CHARGE.into()),
        requirements: "按期办结并书面反馈".into(),
        deadline,
        emergency: false,
        long_term: false,
        major: false,
        consultation: None,
        needs_policy: false,
    }
}

pub fn commitment(promised: NaiveDate) -> Action {
    Action::Reply(Commitment {
        promised_date: promised,
        measures: "成立专班，逐项整改".into(),
        completion_form: "整改报告".into(),
        handler_name: "张三".into(),
        handler_contact: "020-12345678".into(),
    })
}

pub fn report() -> Action {
    Action::SubmitCompletionReport(CompletionReport {
        content: "审核评估整改".into(),
        goal: "问题全部整改".into(),
        work_done: "召开专题会三次".into(),
        results: "12项问题已整改".into(),
        next_steps: "常态化监测".into(),
    })
}

pub fn pass() -> Action {
    Action::ReviewReport {
        passed: true,
        mode: None,
        reasons: vec![],
        misreported: false,
        note: "通过".into(),
    }
}

pub fn give_back(mode: ReturnMode) -> Action {
    Action::ReviewReport {
        passed: false,
        mode: Some(mode),
        reasons: vec!["成效数据不全".into()],
        misreported: false,
        note: String::new(),
    }
}

pub fn verify(all: bool) -> Action {
    Action::Verify {
        measures_done: true,
        problem_solved: all,
        effect_clear: true,
        lawful: true,
        note: String::new(),
    }
}

pub fn archive() -> Action {
    Action::Archive {
        materials: vec!["批示".into(), "办结报告".into()],
        archivist: "李四".into(),
    }
}

pub fn follow_up() -> Action {
    Action::RecordFollowUp {
        method: FollowUpMethod::Phone,
        note: "电话询问进度".into(),
        outcome: "本周内报送".into(),
        new_issue: None,
        uncooperative_unit: None,
    }
}

pub fn progress(text: &str) -> Action {
    Action::ReportProgress {
        text: text.into(),
        next_schedule: None,
    }
}

/// A matter proposed on 2 March 2026, approved by the leader in charge, registered and issued.
pub fn issued(procedure: ProcedureId, deadline: Option<NaiveDate>) -> World {
    let mut w = World::new(d(2026, 3, 2)).propose(procedure, draft(deadline));
    w.act(
        &leader(),
        Action::ApproveProposal {
            opinion: "同意".into(),
        },
    )
    .act(&office(), Action::Register {})
    .act(
        &office(),
        Action::Issue {
            copied_leaders: vec![],
        },
    );
    w
}

/// One matter and its events, and a clock.
pub struct World {
    pub cal: Calendar,
    pub today: NaiveDate,
    pub events: Vec<Event>,
    /// Events of matters created on the side (the key item of an escalation).
    pub others: Vec<Event>,
    next_seq: u32,
    /// Numbers given out so far: the world's matters are numbered 1, 2, … in the order taken.
    numbers_taken: u32,
}

impl World {
    pub fn new(today: NaiveDate) -> World {
        World {
            cal: Calendar::official(),
            today,
            events: vec![],
            others: vec![],
            next_seq: 0,
            numbers_taken: 0,
        }
    }

    /// What the server passes with no number taken: the clock, the calendar, a fresh matter id.
    pub fn ctx(&mut self) -> Context<'_> {
        self.next_seq += 1;
        Context::new(morning(self.today), &self.cal)
            .with_new_matter_id(format!("m-{}", self.next_seq))
    }

    /// What the server passes for an action of this kind: the year's next number only when the
    /// kind says it takes one (`ActionKind::allocates_number`), as `services/workflow.rs` does.
    pub fn ctx_for(&mut self, kind: ActionKind) -> Context<'_> {
        let number = kind.allocates_number().then(|| {
            self.numbers_taken += 1;
            NumberFormat::default().format(self.today.year(), self.numbers_taken)
        });
        let ctx = self.ctx();
        match number {
            Some(n) => ctx.with_number(n),
            None => ctx,
        }
    }

    pub fn on(&mut self, date: NaiveDate) -> &mut Self {
        self.today = date;
        self
    }

    pub fn propose(mut self, procedure: ProcedureId, d: MatterDraft) -> World {
        let today = self.today;
        let new = shared::NewMatter::parse(d, today).expect("valid draft");
        let e = engine::propose(new, procedure, &office(), &self.ctx()).expect("office proposes");
        self.events.push(e);
        self
    }

    pub fn create(&mut self, action: Action) -> Result<(), RuleError> {
        let e = engine::create(&action, &office(), &self.ctx())?;
        self.events.push(e);
        Ok(())
    }

    pub fn m(&self) -> Matter {
        engine::replay(&self.events).expect("a matter")
    }

    pub fn try_act(&mut self, who: &Actor, action: Action) -> Result<(), RuleError> {
        let m = self.m();
        let events = engine::transition(&m, &action, who, &self.ctx_for(action.kind()))?;
        for e in events {
            if e.matter_id == m.id {
                self.events.push(e);
            } else {
                self.others.push(e);
            }
        }
        Ok(())
    }

    #[track_caller]
    pub fn act(&mut self, who: &Actor, action: Action) -> &mut Self {
        if let Err(e) = self.try_act(who, action.clone()) {
            panic!("{:?} by {:?} refused: {e}", action.kind(), who.role);
        }
        self
    }

    #[track_caller]
    pub fn refused(&mut self, who: &Actor, action: Action) -> String {
        match self.try_act(who, action.clone()) {
            Ok(()) => panic!("{:?} by {:?} was allowed", action.kind(), who.role),
            Err(e) => e.code().to_owned(),
        }
    }
}
