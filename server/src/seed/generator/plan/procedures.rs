//! The three procedures as scripts: GDUFS routine and key items, and HBUT items, step by step.

use super::{Builder, leader, office};
use crate::seed::generator::fate::{Fate, Stop, back};
use crate::seed::generator::texts::{self, name_of, phone_of};
use crate::seed::generator::unit_person;
use chrono::{Datelike, NaiveDate};
use shared::deadline;
use shared::engine::Action;
use shared::escalation::EscalationReason;
use shared::procedure::ProcedureId;
use shared::record::{Commitment, FollowUpMethod, RectificationOrder};
use shared::role::Role;

impl Builder<'_> {
    /// GDUFS 第九条(一)–(二): approval, number, the 提醒单, signature and the unit's commitment.
    pub(super) fn routine(&mut self, f: &Fate) -> Option<()> {
        self.propose(f, ProcedureId::GdufsRoutine)?;
        self.approve_and_register()?;
        self.push(
            office(),
            Action::Issue {
                copied_leaders: vec![],
            },
        );
        f.halt(Stop::Issued)?;
        self.after(1, 2)?;
        self.sign();
        f.halt(Stop::Signed)?;
        if f.emergency {
            // 需立即落实: escalated before any reply, and the key item starts at once.
            self.after(1, 1)?;
            self.escalate(vec![EscalationReason::Emergency], None);
            self.after(1, 2)?;
            self.emergency_form();
            return self.key_work(&child(f));
        }
        self.after(1, 3)?;
        self.reply();
        if f.long_term && !f.stay_in_year {
            self.roll_over()?;
        }
        if f.escalate {
            self.fill_until(self.wd(self.deadline?, 1))?;
            self.reminders(true, false)?;
            self.after(1, 3)?;
            let due = self.later(20, 35);
            self.escalate(
                vec![
                    EscalationReason::Overdue,
                    EscalationReason::RemindersWithoutResult,
                ],
                Some(due),
            );
            self.after(1, 2)?;
            self.approve_and_register()?;
            self.issue_key();
            return self.key_work(&child(f));
        }
        self.work(f.finish, false)?;
        self.report(f.returned)?;
        f.halt(Stop::Reported)?;
        self.after(1, 3)?;
        self.pass();
        f.halt(Stop::Passed)?;
        self.after(1, 5)?;
        self.archive(&["工作进展提醒单", "回复承诺", "办结报告"]);
        Some(())
    }

    /// 拟办 and the leader's decision; `None` when the proposal is rejected, which ends the story.
    fn propose(&mut self, f: &Fate, procedure: ProcedureId) -> Option<()> {
        let matter = self.draft(f, procedure == ProcedureId::GdufsKey);
        self.push(office(), Action::Propose { procedure, matter });
        self.after(1, 2)?;
        if f.rejected {
            self.reject();
            return None;
        }
        Some(())
    }

    /// GDUFS 第九条(一), 第十条(一): 经报分管校领导审定, then numbered, ready to go out.
    fn approve_and_register(&mut self) -> Option<()> {
        self.approve();
        self.after(1, 1)?;
        self.register();
        self.after(1, 1)
    }

    /// The completion report; when `returned`, sent back once for 补办 and submitted again.
    fn report(&mut self, returned: bool) -> Option<()> {
        self.submit_report();
        if returned {
            self.give_back()?;
            self.after(2, 5)?;
            self.submit_report();
        }
        Some(())
    }

    fn reply(&mut self) {
        let promised = match self.deadline {
            Some(d) => {
                let n = self.rng.range(0, 3);
                back(self.cal, d, n).max(self.date)
            }
            None => {
                let d = self.later(15, 40);
                // With no deadline set, the promised date becomes it.
                self.deadline = Some(d);
                d
            }
        };
        let who = self.lead_voice();
        let handler = unit_person(self.lead, Role::Handler).user_id;
        let c = Commitment {
            promised_date: promised,
            measures: self.text(&texts::MEASURES),
            completion_form: self.text(&texts::COMPLETION_FORMS),
            handler_name: name_of(&handler),
            handler_contact: phone_of(&handler),
        };
        self.push(who, Action::Reply(c));
    }

    /// 转为重点督办 (GDUFS 第十条(一)); later steps act on the new key item.
    fn escalate(&mut self, reasons: Vec<EscalationReason>, deadline: Option<NaiveDate>) {
        let emergency = reasons.contains(&EscalationReason::Emergency);
        let note = if emergency {
            "情况紧急，需立即落实，转为重点督办。"
        } else {
            "超过办结时限且经两次催办仍未办结，转为重点督办。"
        };
        self.push(
            office(),
            Action::Escalate {
                reasons,
                note: note.to_owned(),
                lead_leader: Some("leader2".to_owned()),
                requirements: (!emergency)
                    .then(|| "由牵头校领导督促，主办单位每周报送进展，限期办结。".to_owned()),
                deadline,
            },
        );
        self.target = 1;
        self.deadline = deadline;
        self.year = self.date.year();
        self.approver = leader();
    }

    /// GDUFS 第十条: filed and issued, or started at once in an emergency with the sheet after.
    pub(super) fn key(&mut self, f: &Fate) -> Option<()> {
        if f.emergency {
            let (title, content, how) = self.rng.pick(&texts::EMERGENCIES);
            self.push(
                office(),
                Action::StartEmergency {
                    title: title.to_owned(),
                    content: content.to_owned(),
                    lead_unit: self.lead.to_owned(),
                    assisting_units: self.assisting.iter().map(|u| (*u).to_owned()).collect(),
                    how_started: how.to_owned(),
                },
            );
            self.after(1, 2)?;
            self.emergency_form();
        } else {
            self.propose(f, ProcedureId::GdufsKey)?;
            self.approve_and_register()?;
            self.issue_key();
        }
        self.key_work(f)
    }

    fn issue_key(&mut self) {
        self.push(
            office(),
            Action::Issue {
                copied_leaders: vec!["leader2".to_owned()],
            },
        );
    }

    fn emergency_form(&mut self) {
        let deadline = self.later(10, 18);
        self.deadline = Some(deadline);
        self.push(
            office(),
            Action::CompleteEmergencyForm {
                lead_leader: "leader2".to_owned(),
                requirements: "立即组织处置，每日报告进展，处置完毕后提交书面报告。".to_owned(),
                deadline,
                leader_in_charge: Some("leader".to_owned()),
            },
        );
    }

    /// 督查催办, 反馈协调, 核查整改, 办结归档 (GDUFS 第十条(二)–(五)).
    fn key_work(&mut self, f: &Fate) -> Option<()> {
        self.after(1, 3)?;
        let plan = self.text(&texts::WORK_PLANS);
        self.push(self.liaison(), Action::SubmitWorkPlan { plan });
        if f.obstacle {
            self.after(3, 6)?;
            let who = self.lead_voice();
            self.push(
                who,
                Action::ReportObstacle {
                    reason: "项目经费尚未到位，涉及的采购和施工无法按原计划开展。".to_owned(),
                    proposal: "建议分两期实施，首期完成主体任务，并相应调整办结时限。".to_owned(),
                },
            );
            self.after(1, 2)?;
            self.follow_up(FollowUpMethod::Meeting);
            self.after(1, 3)?;
            let from = self.deadline?.max(self.date);
            let n = self.rng.range(10, 20);
            let deadline = self.wd(from, n);
            self.deadline = Some(deadline);
            self.push(
                office(),
                Action::UpdateRequirements {
                    requirements: Some("分两期实施，首期完成主体任务后提交办结报告。".to_owned()),
                    deadline: Some(deadline),
                    lead_leader: None,
                    note: "经党办校办协调财务处，同意分期实施并调整时限。".to_owned(),
                },
            );
        }
        if f.long_term {
            self.roll_over()?;
        }
        self.work(f.finish, false)?;
        self.report(f.returned)?;
        f.halt(Stop::Reported)?;
        if f.rectification {
            self.after(2, 4)?;
            self.push(office(), verify(false));
            self.after(1, 1)?;
            let n = self.rng.range(1, 3) as usize;
            let items = [
                ("补齐整改台账及佐证材料", 5),
                ("完善长效管理制度", 8),
                ("对遗留问题逐项销号", 10),
            ][..n]
                .iter()
                .map(|(what, days)| RectificationOrder {
                    description: (*what).to_owned(),
                    owner: name_of(&self.head().user_id),
                    deadline: self.wd(self.date, *days),
                })
                .collect();
            self.push(office(), Action::OrderRectification { items });
            for item in 0..n {
                self.after(1, 4)?;
                self.push(
                    self.liaison(),
                    Action::ReportRectification {
                        item,
                        text: "已按整改要求完成，佐证材料已报督办室。".to_owned(),
                        done: true,
                    },
                );
            }
            self.after(1, 2)?;
        } else {
            self.after(2, 4)?;
        }
        self.push(office(), verify(true));
        self.after(1, 2)?;
        self.pass();
        f.halt(Stop::Verified)?;
        self.after(1, 3)?;
        self.push(
            self.approver.clone(),
            Action::ApproveClosure {
                opinion: "同意结项。".to_owned(),
            },
        );
        self.after(1, 5)?;
        self.archive(&["督办单", "工作计划", "办结报告", "核查记录"]);
        Some(())
    }

    /// HBUT 第四条: 拟办, 立项, 交办, 承办, 催办, 办结, 反馈, 归档.
    pub(super) fn hbut(&mut self, f: &Fate) -> Option<()> {
        self.propose(f, ProcedureId::Hbut)?;
        // 重大或复杂事项 must be approved; others are often approved anyway.
        if f.major || self.rng.chance(60) {
            self.approve();
            self.after(1, 2)?;
        }
        self.register();
        self.after(1, 2)?;
        self.push(
            office(),
            Action::Issue {
                copied_leaders: vec![],
            },
        );
        f.halt(Stop::Issued)?;
        if self.deadline.is_none() {
            self.deadline = Some(deadline::hbut_default_deadline(self.date, self.cal).date);
        }
        self.after(1, 2)?;
        self.sign();
        if f.needs_policy {
            self.after(1, 4)?;
            let plan = self.text(&texts::WORK_PLANS);
            self.push(self.head(), Action::SubmitWorkPlan { plan });
        }
        if let Some(approved) = f.extension {
            let d = self.deadline?;
            let n = self.rng.range(3, 6);
            let ask = back(self.cal, d, n);
            self.fill_until(ask)?;
            self.goto(ask)?;
            let n = self.rng.range(10, 20);
            let new_deadline = self.wd(d, n);
            self.push(
                self.head(),
                Action::RequestExtension {
                    reason: "涉及多部门协同和政府采购流程，原定时限内难以完成。".to_owned(),
                    measures: "已完成采购文件编制，将压缩后续环节时间，加快推进。".to_owned(),
                    new_deadline,
                },
            );
            f.halt(Stop::ExtensionAsked)?;
            self.after(1, 3)?;
            let opinion = if approved {
                self.deadline = Some(new_deadline);
                "同意延期，请抓紧推进。"
            } else {
                "不同意延期，请按原时限办结。"
            };
            self.push(
                self.approver.clone(),
                Action::DecideExtension {
                    approve: approved,
                    opinion: opinion.to_owned(),
                },
            );
        }
        self.work(f.finish, f.second_reminder)?;
        self.report(f.returned)?;
        self.after(1, 3)?;
        self.pass();
        self.after(1, 2)?;
        self.push(
            office(),
            Action::ReportResult {
                summary: "已将办理结果报送校领导并通报相关单位。".to_owned(),
            },
        );
        self.after(1, 4)?;
        self.archive(&["立项登记表", "督办事项通知单", "办结报告", "审核意见"]);
        Some(())
    }
}

/// The key item an escalation creates: it keeps going without the routine item's special paths.
fn child(f: &Fate) -> Fate {
    Fate {
        finish: f.child_finish,
        returned: false,
        obstacle: false,
        long_term: false,
        ..f.clone()
    }
}

fn verify(passed: bool) -> Action {
    Action::Verify {
        measures_done: true,
        problem_solved: passed,
        effect_clear: passed,
        lawful: true,
        note: if passed {
            "举措已落实，问题已解决，成效明显，合法合规。"
        } else {
            "部分问题整改不到位，成效不明显，需进一步整改。"
        }
        .to_owned(),
    }
}
