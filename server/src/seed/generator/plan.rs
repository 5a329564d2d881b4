//! The steps of one demo matter, dated on working days at office hours and cut off at `today`.

use super::fate::{self, Fate, Finish, Rng, back};
use super::texts::{self, Topic, name_of};
use super::unit_person;
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use shared::calendar::Calendar;
use shared::draft::MatterDraft;
use shared::engine::Action;
use shared::matter::SourceCategory;
use shared::procedure::ProcedureId;
use shared::record::{CompletionReport, FollowUpMethod, ReturnMode};
use shared::role::{Actor, Role};

mod procedures;

pub(super) struct Setting<'a> {
    pub today: NaiveDate,
    pub units: &'a [&'a str],
    pub seed: u64,
    pub calendar: &'a Calendar,
    /// How far back, in working days, the random matters start.
    pub span_working_days: u32,
    /// How many matters are random (after the showcase); the `fate::unit_work` ones follow.
    pub random: usize,
}

/// One action to feed the engine. `target` 0 is the matter, 1 the key item it was escalated to.
pub(super) struct Step {
    pub at: DateTime<Utc>,
    pub target: usize,
    pub actor: Actor,
    pub action: Action,
    /// Needs a number from the server, as `ActionKind::allocates_number` says (every seeded
    /// matter reaches such a step without one).
    pub numbered: bool,
}

pub(super) fn plan(s: &Setting, i: usize) -> Vec<Step> {
    let mut rng = Rng::new(s.seed, i);
    let mut assisting = Vec::new();
    let (f, lead) = match i.checked_sub(s.random) {
        // Led by a chosen unit and assisted by none, so it is that unit's work alone.
        Some(j) => match fate::unit_work(s, j, &mut rng) {
            Some((f, unit)) => (f, s.units[unit]),
            None => return Vec::new(),
        },
        None => {
            let f = fate::fate(s, i, &mut rng);
            let lead = s.units[(i + rng.below(s.units.len())) % s.units.len()];
            let wanted = match rng.below(20) {
                0..=6 => 0,
                7..=14 => 1,
                _ => 2,
            };
            for _ in 0..wanted.min(s.units.len() - 1) {
                let u = s.units[rng.below(s.units.len())];
                if u != lead && !assisting.contains(&u) {
                    assisting.push(u);
                }
            }
            (f, lead)
        }
    };
    let topic = &texts::TOPICS[(i * 7 + rng.below(3)) % texts::TOPICS.len()];
    let mut b = Builder {
        cal: s.calendar,
        today: s.today,
        rng,
        date: f.start,
        steps: Vec::new(),
        target: 0,
        deadline: f.deadline,
        year: f.start.year(),
        hbut: f.procedure == ProcedureId::Hbut,
        lead,
        assisting,
        topic,
        approver: leader(),
    };
    // `None` only says the story was cut off at `today`.
    let _ = match f.procedure {
        ProcedureId::GdufsRoutine => b.routine(&f),
        ProcedureId::GdufsKey => b.key(&f),
        ProcedureId::Hbut => b.hbut(&f),
    };
    b.steps
}

fn actor(id: &str, role: Role) -> Actor {
    Actor {
        user_id: id.to_owned(),
        role,
        unit: None,
    }
}
fn office() -> Actor {
    actor("office", Role::Office)
}
fn leader() -> Actor {
    actor("leader", Role::Leader)
}
fn leader2() -> Actor {
    actor("leader2", Role::Leader)
}

struct Builder<'a> {
    cal: &'a Calendar,
    today: NaiveDate,
    rng: Rng,
    /// The day of the last step.
    date: NaiveDate,
    steps: Vec<Step>,
    target: usize,
    /// The deadline in force on the target matter, as the engine will have it.
    deadline: Option<NaiveDate>,
    /// The tracking year of the target matter, for rolling it over.
    year: i32,
    hbut: bool,
    lead: &'a str,
    assisting: Vec<&'a str>,
    topic: &'static Topic,
    /// The leader who decides: the leader in charge when one is named.
    approver: Actor,
}

impl Builder<'_> {
    fn wd(&self, from: NaiveDate, n: u32) -> NaiveDate {
        self.cal.add_working_days(from, n)
    }

    /// A date `lo` to `hi` working days after the last step.
    fn later(&mut self, lo: u32, hi: u32) -> NaiveDate {
        let n = self.rng.range(lo, hi);
        self.wd(self.date, n)
    }

    /// Moves to `day`, or to the next working day if that is later; `None` once past `today`.
    fn goto(&mut self, day: NaiveDate) -> Option<()> {
        let day = day.max(self.wd(self.date, 1));
        let day = self.wd(day.pred_opt()?, 1);
        if day > self.today {
            return None;
        }
        self.date = day;
        Some(())
    }

    /// Waits `lo` to `hi` working days.
    fn after(&mut self, lo: u32, hi: u32) -> Option<()> {
        let day = self.later(lo, hi);
        self.goto(day)
    }

    fn push(&mut self, actor: Actor, action: Action) {
        let numbered = action.kind().allocates_number();
        // 10:00 to 17:00 in China.
        let secs = self.rng.range(2 * 3600, 9 * 3600 - 1);
        let midnight = Utc.from_utc_datetime(&self.date.and_hms_opt(0, 0, 0).expect("midnight"));
        self.steps.push(Step {
            at: midnight + chrono::Duration::seconds(i64::from(secs)),
            target: self.target,
            actor,
            action,
            numbered,
        });
    }

    fn head(&self) -> Actor {
        unit_person(self.lead, Role::UnitHead)
    }
    fn liaison(&self) -> Actor {
        unit_person(self.lead, Role::Liaison)
    }
    /// The liaison usually; sometimes the unit head answers in person.
    fn lead_voice(&mut self) -> Actor {
        if self.rng.chance(75) {
            self.liaison()
        } else {
            self.head()
        }
    }

    fn text(&mut self, xs: &[&'static str]) -> String {
        self.rng.pick(xs).to_owned()
    }

    fn draft(&mut self, f: &Fate, key: bool) -> MatterDraft {
        let (title, content, category, reference) = if f.emergency {
            let (t, c, _) = self.rng.pick(&texts::EMERGENCIES);
            (t, c, SourceCategory::Emergency, "校领导电话部署")
        } else {
            let t = self.topic;
            (t.title, t.content, t.category, t.reference)
        };
        let in_charge = key || f.procedure == ProcedureId::GdufsRoutine || self.rng.chance(60);
        self.approver = if in_charge { leader() } else { leader2() };
        MatterDraft {
            title: title.to_owned(),
            content: content.to_owned(),
            source_category: category,
            source_reference: reference.to_owned(),
            lead_unit: self.lead.to_owned(),
            assisting_units: self.assisting.iter().map(|u| (*u).to_owned()).collect(),
            lead_leader: (key || f.major || self.rng.chance(30)).then(|| "leader2".to_owned()),
            leader_in_charge: in_charge.then(|| "leader".to_owned()),
            requirements: self.text(&texts::REQUIREMENTS),
            deadline: f.deadline,
            emergency: f.emergency,
            long_term: f.long_term,
            major: f.major,
            consultation: f
                .major
                .then(|| "已征求相关职能部门、学院和师生代表意见，意见已吸收采纳。".to_owned()),
            needs_policy: f.needs_policy,
        }
    }

    fn approve(&mut self) {
        let opinion = self.text(&[
            "同意，请督办室按程序交办。",
            "同意。请抓紧推进。",
            "同意立项。",
        ]);
        self.push(self.approver.clone(), Action::ApproveProposal { opinion });
    }

    fn reject(&mut self) {
        let opinion = self.text(&[
            "该事项已纳入专项工作统筹推进，不再单独立项。",
            "请先与相关单位沟通论证后再报。",
        ]);
        self.push(self.approver.clone(), Action::RejectProposal { opinion });
    }

    fn register(&mut self) {
        self.push(office(), Action::Register {});
    }

    fn sign(&mut self) {
        let who = self.liaison();
        let signer = name_of(&who.user_id);
        self.push(who, Action::SignFor { signer });
    }

    /// Ordinary work until the report is due: progress reports and the office's follow-ups, and
    /// reminders once the deadline has passed.
    fn work(&mut self, finish: Finish, second: bool) -> Option<()> {
        let d = self.deadline?;
        let hbut = self.hbut;
        let due = match finish {
            Finish::OnTime(m) => back(self.cal, d, m),
            Finish::Late(by) => {
                self.fill_until(self.wd(d, 1))?;
                self.reminders(second, hbut)?;
                self.wd(d, by)
            }
        };
        self.fill_until(due)?;
        self.goto(due)
    }

    fn fill_until(&mut self, until: NaiveDate) -> Option<()> {
        loop {
            let next = self.later(3, 8);
            if next >= until {
                return Some(());
            }
            self.goto(next)?;
            self.filler();
        }
    }

    fn filler(&mut self) {
        match self.rng.below(20) {
            0..=8 => {
                let who = if self.rng.chance(60) {
                    self.liaison()
                } else {
                    unit_person(self.lead, Role::Handler)
                };
                self.progress(who);
            }
            9..=11 if !self.assisting.is_empty() => {
                let unit = self.rng.pick(&self.assisting);
                self.progress(unit_person(unit, Role::Handler));
            }
            12..=15 => self.follow_up(FollowUpMethod::Phone),
            16..=17 => self.follow_up(FollowUpMethod::Visit),
            _ => {
                let method = self.rng.pick(&[
                    FollowUpMethod::Email,
                    FollowUpMethod::Meeting,
                    FollowUpMethod::OnSite,
                ]);
                self.follow_up(method);
            }
        }
    }

    fn progress(&mut self, who: Actor) {
        let text = self.text(&texts::PROGRESS);
        let next_schedule = self.rng.chance(30).then(|| self.later(5, 15));
        self.push(
            who,
            Action::ReportProgress {
                text,
                next_schedule,
            },
        );
    }

    fn follow_up(&mut self, method: FollowUpMethod) {
        let (note, outcome) = match method {
            FollowUpMethod::Phone => self.rng.pick(&texts::PHONE),
            FollowUpMethod::Visit => self.rng.pick(&texts::VISIT),
            FollowUpMethod::Meeting => texts::OTHER_FOLLOW_UPS[0],
            FollowUpMethod::Email => texts::OTHER_FOLLOW_UPS[1],
            FollowUpMethod::OnSite => texts::OTHER_FOLLOW_UPS[2],
        };
        // Now and then an assisting unit does not cooperate (HBUT 第六条(三)).
        let uncooperative = (!self.assisting.is_empty() && self.rng.chance(4))
            .then(|| self.rng.pick(&self.assisting).to_owned());
        self.push(
            office(),
            Action::RecordFollowUp {
                method,
                note: note.to_owned(),
                outcome: outcome.to_owned(),
                new_issue: None,
                uncooperative_unit: uncooperative,
            },
        );
    }

    /// A 催办单 the day after the deadline or soon after; a second one once its time limit passed.
    fn reminders(&mut self, second: bool, hbut: bool) -> Option<()> {
        let d = self.deadline?;
        let n = self.rng.range(1, 2);
        self.goto(self.wd(d, n))?;
        let due = self.later(3, 5);
        self.push(
            office(),
            Action::SendReminder {
                content: "该事项已超过办结时限，请于限期内办结并书面反馈办理结果。".to_owned(),
                due,
            },
        );
        if hbut {
            self.after(1, 2)?;
            self.sign();
        }
        if !second {
            return Some(());
        }
        let n = self.rng.range(1, 2);
        self.goto(self.wd(due, n))?;
        let content = "经催办仍未落实，现再次催办，请单位主要负责人督促限期办结。".to_owned();
        let due = self.later(3, 5);
        if hbut {
            // 二次催办, copied to the discipline office (HBUT 第四条(五)).
            self.push(office(), Action::SendSecondReminder { content, due });
            self.after(1, 2)?;
            self.sign();
        } else {
            self.push(office(), Action::SendReminder { content, due });
        }
        Some(())
    }

    /// 年度滚动跟踪 (GDUFS 第八条(三)): next year's plan, due by the end of next year.
    fn roll_over(&mut self) -> Option<()> {
        self.after(3, 8)?;
        let year = self.year + 1;
        let end = NaiveDate::from_ymd_opt(year, 12, 31)?;
        let deadline = fate::on_or_before(self.cal, end);
        self.deadline = Some(deadline);
        self.year = year;
        self.push(
            office(),
            Action::RollOverYear {
                plan: format!("{year}年继续推进剩余建设任务，按季度报送进展。"),
                deadline,
            },
        );
        Some(())
    }

    fn submit_report(&mut self) {
        let r = CompletionReport {
            content: self.topic.content.to_owned(),
            goal: "按期完成各项任务，形成长效工作机制。".to_owned(),
            work_done: self.text(&texts::REPORT_WORK),
            results: self.text(&texts::REPORT_RESULTS),
            next_steps: self.text(&texts::NEXT_STEPS),
        };
        self.push(self.head(), Action::SubmitCompletionReport(r));
    }

    /// 退回补办 with reasons (HBUT 第四条(六)).
    fn give_back(&mut self) -> Option<()> {
        self.after(1, 3)?;
        self.push(
            office(),
            Action::ReviewReport {
                passed: false,
                mode: Some(ReturnMode::Supplement),
                reasons: vec![
                    "成效数据不完整".to_owned(),
                    "缺少会议纪要等佐证材料".to_owned(),
                ],
                misreported: false,
                note: "请补充佐证材料后重新报送。".to_owned(),
            },
        );
        Some(())
    }

    fn pass(&mut self) {
        self.push(
            office(),
            Action::ReviewReport {
                passed: true,
                mode: None,
                reasons: vec![],
                misreported: false,
                note: "办理结果符合要求，审核通过。".to_owned(),
            },
        );
    }

    fn archive(&mut self, materials: &[&str]) {
        self.push(
            office(),
            Action::Archive {
                materials: materials.iter().map(|m| (*m).to_owned()).collect(),
                archivist: name_of("office"),
            },
        );
    }
}
