//! What each action's form asks for (`fields`) and how the typed values become an `Action` (`build`).

use chrono::NaiveDate;
use shared::engine::{Action, ActionKind};
use shared::escalation::EscalationReason;
use shared::record::{
    Commitment, CompletionReport, FollowUpMethod, RectificationOrder, ReturnMode,
};

/// How a field is typed in; values are kept as strings until `build`.
#[derive(Clone, Copy, PartialEq)]
pub enum Input {
    Text,
    Area,
    Date,
    /// "true" when ticked.
    Check,
    /// (value, Chinese, English).
    Select(&'static [(&'static str, &'static str, &'static str)]),
    /// One entry per line.
    Lines,
    /// One of the matter's rectification items, by index.
    Item,
}

#[derive(Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub input: Input,
    pub required: bool,
}

const fn f(name: &'static str, zh: &'static str, en: &'static str, input: Input) -> Field {
    Field {
        name,
        zh,
        en,
        input,
        required: true,
    }
}

const fn o(name: &'static str, zh: &'static str, en: &'static str, input: Input) -> Field {
    Field {
        name,
        zh,
        en,
        input,
        required: false,
    }
}

use Input::*;

const OPINION: &[Field] = &[f("opinion", "意见", "Opinion", Area)];
const REMINDER: &[Field] = &[
    f("content", "催办内容", "What is urged", Area),
    f("due", "限期办结时间", "Complete by", Date),
];
const METHODS: &[(&str, &str, &str)] = &[
    ("phone", "电话", "Phone"),
    ("email", "邮件", "Email"),
    ("visit", "上门督办", "Visit"),
    ("meeting", "协调会议", "Meeting"),
    ("on_site", "现场督查", "On site"),
];
const DECISION: &[(&str, &str, &str)] = &[
    ("approve", "同意", "Approve"),
    ("reject", "不同意", "Reject"),
];
const REVIEW: &[(&str, &str, &str)] = &[("pass", "审核通过", "Pass"), ("return", "退回", "Return")];
const MODES: &[(&str, &str, &str)] = &[
    ("", "—", "—"),
    ("supplement", "补办", "Supplement"),
    ("redo", "重办", "Redo"),
];

/// The fields of an action's form, in the order of the paper form.
pub fn fields(kind: ActionKind) -> &'static [Field] {
    use ActionKind as K;
    match kind {
        K::ApproveProposal | K::RejectProposal | K::ApproveClosure => OPINION,
        K::UpdateRequirements => {
            const {
                &[
                    o("requirements", "办理要求", "Requirements", Area),
                    o("deadline", "办结时限", "Deadline", Date),
                    o(
                        "lead_leader",
                        "牵头领导（用户名）",
                        "Lead leader (username)",
                        Text,
                    ),
                    f("note", "说明", "Note", Area),
                ]
            }
        }
        K::Issue => {
            const {
                &[o(
                    "copied_leaders",
                    "抄送校领导（每行一个用户名）",
                    "Leaders copied (one username per line)",
                    Lines,
                )]
            }
        }
        K::SignFor => const { &[f("signer", "签收人", "Signed by", Text)] },
        K::Reply => {
            const {
                &[
                    f("promised_date", "承诺办结时间", "Promised date", Date),
                    f("measures", "工作举措", "Measures", Area),
                    f("completion_form", "办结形式", "Form of completion", Text),
                    f("handler_name", "事项经办人", "Handler", Text),
                    f("handler_contact", "联系方式", "Contact", Text),
                ]
            }
        }
        K::SubmitWorkPlan => const { &[f("plan", "落实计划", "Plan", Area)] },
        K::ReportProgress => {
            const {
                &[
                    f("text", "进展情况", "Progress", Area),
                    o("next_schedule", "下一步进度安排", "Next milestone", Date),
                ]
            }
        }
        K::RecordFollowUp => {
            const {
                &[
                    f("method", "跟进方式", "Method", Select(METHODS)),
                    f("note", "跟进过程", "What was done", Area),
                    f("outcome", "跟进结果", "Outcome", Area),
                    o(
                        "new_issue",
                        "新情况（报校领导）",
                        "New issue for the leaders",
                        Area,
                    ),
                    o(
                        "uncooperative_unit",
                        "不积极配合的单位代码",
                        "Uncooperative unit (code)",
                        Text,
                    ),
                ]
            }
        }
        K::SendReminder | K::SendSecondReminder => REMINDER,
        K::RequestExtension => {
            const {
                &[
                    f("reason", "延期原因", "Reason", Area),
                    f("measures", "解决措施", "Measures", Area),
                    f("new_deadline", "计划办结时间", "New deadline", Date),
                ]
            }
        }
        K::DecideExtension => {
            const {
                &[
                    f("decision", "审批结果", "Decision", Select(DECISION)),
                    f("opinion", "审批意见", "Opinion", Area),
                ]
            }
        }
        K::ReportObstacle => {
            const {
                &[
                    f("reason", "客观原因", "Objective reasons", Area),
                    f("proposal", "建议", "Proposal", Area),
                ]
            }
        }
        K::SubmitCompletionReport => {
            const {
                &[
                    f("content", "一、督办事项内容", "1. The matter", Area),
                    f("goal", "二、督办事项工作目标", "2. Goal", Area),
                    f(
                        "work_done",
                        "三、督办事项工作开展情况",
                        "3. Work done",
                        Area,
                    ),
                    f("results", "四、取得的成效", "4. Results", Area),
                    f("next_steps", "五、下一步工作计划", "5. Next steps", Area),
                ]
            }
        }
        K::ReviewReport => {
            const {
                &[
                    f("result", "审核结论", "Conclusion", Select(REVIEW)),
                    o("mode", "退回方式", "Return for", Select(MODES)),
                    o(
                        "reasons",
                        "退回原因（每行一条）",
                        "Reasons (one per line)",
                        Lines,
                    ),
                    o("misreported", "反映情况失实", "Facts misreported", Check),
                    o("note", "备注", "Note", Area),
                ]
            }
        }
        K::Verify => {
            const {
                &[
                    o("measures_done", "举措已落实", "Measures done", Check),
                    o("problem_solved", "问题已解决", "Problem solved", Check),
                    o("effect_clear", "成效显著", "Clear effect", Check),
                    o("lawful", "合法合规", "Lawful", Check),
                    o("note", "核查说明", "Note", Area),
                ]
            }
        }
        K::OrderRectification => {
            const {
                &[f(
                    "items",
                    "整改清单（每行：事项｜责任人｜时限 YYYY-MM-DD）",
                    "Items (one per line: what | owner | YYYY-MM-DD)",
                    Lines,
                )]
            }
        }
        K::ReportRectification => {
            const {
                &[
                    f("item", "整改事项", "Item", Item),
                    f("text", "整改情况", "What was done", Area),
                    o("done", "已整改完成", "Done", Check),
                ]
            }
        }
        K::ReportResult => const { &[f("summary", "办理结果", "Result", Area)] },
        K::Archive => {
            const {
                &[
                    f(
                        "materials",
                        "归档材料（每行一项）",
                        "Materials (one per line)",
                        Lines,
                    ),
                    f("archivist", "归档人", "Archivist", Text),
                ]
            }
        }
        K::Escalate => {
            const {
                &[
                    o("overdue", "未能在规定时限内完成", "Not done in time", Check),
                    o(
                        "review_failed",
                        "办理结果未达到要求",
                        "Result fell short",
                        Check,
                    ),
                    o(
                        "reminders",
                        "经多次催办仍未完成",
                        "Reminders without result",
                        Check,
                    ),
                    o("emergency", "紧急事项需立即落实", "Urgent", Check),
                    o("note", "说明", "Note", Area),
                ]
            }
        }
        K::CompleteEmergencyForm => {
            const {
                &[
                    f(
                        "lead_leader",
                        "牵头领导（用户名）",
                        "Lead leader (username)",
                        Text,
                    ),
                    f("requirements", "办理要求", "Requirements", Area),
                    f("deadline", "办结时限", "Deadline", Date),
                    o(
                        "leader_in_charge",
                        "分管校领导（用户名）",
                        "Leader in charge (username)",
                        Text,
                    ),
                ]
            }
        }
        K::RollOverYear => {
            const {
                &[
                    f("plan", "下一年度计划", "Next year's plan", Area),
                    f("deadline", "办结时限", "Deadline", Date),
                ]
            }
        }
        K::Register | K::Propose | K::StartEmergency => const { &[] },
    }
}

/// A field that is missing or unreadable: its name, and what to say in each language.
pub type Invalid = (&'static str, &'static str, &'static str);

/// Turns the typed values (`get(name)`) into the action, or names the first field to fix.
pub fn build(kind: ActionKind, get: &dyn Fn(&str) -> String) -> Result<Action, Invalid> {
    use ActionKind as K;
    for field in fields(kind) {
        if field.required && field.input != Check && get(field.name).trim().is_empty() {
            return Err((field.name, "请填写此项", "Please fill this in"));
        }
    }
    let s = |name: &str| get(name).trim().to_owned();
    let opt = |name: &str| Some(s(name)).filter(|v| !v.is_empty());
    let check = |name: &str| get(name) == "true";
    let lines = |name: &str| -> Vec<String> {
        get(name)
            .lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let action = match kind {
        K::ApproveProposal => Action::ApproveProposal {
            opinion: s("opinion"),
        },
        K::RejectProposal => Action::RejectProposal {
            opinion: s("opinion"),
        },
        K::ApproveClosure => Action::ApproveClosure {
            opinion: s("opinion"),
        },
        K::UpdateRequirements => Action::UpdateRequirements {
            requirements: opt("requirements"),
            deadline: opt_date(get, "deadline")?,
            lead_leader: opt("lead_leader"),
            note: s("note"),
        },
        K::Register => Action::Register {},
        K::Issue => Action::Issue {
            copied_leaders: lines("copied_leaders"),
        },
        K::SignFor => Action::SignFor {
            signer: s("signer"),
        },
        K::Reply => Action::Reply(Commitment {
            promised_date: date(get, "promised_date")?,
            measures: s("measures"),
            completion_form: s("completion_form"),
            handler_name: s("handler_name"),
            handler_contact: s("handler_contact"),
        }),
        K::SubmitWorkPlan => Action::SubmitWorkPlan { plan: s("plan") },
        K::ReportProgress => Action::ReportProgress {
            text: s("text"),
            next_schedule: opt_date(get, "next_schedule")?,
        },
        K::RecordFollowUp => Action::RecordFollowUp {
            method: match s("method").as_str() {
                "email" => FollowUpMethod::Email,
                "visit" => FollowUpMethod::Visit,
                "meeting" => FollowUpMethod::Meeting,
                "on_site" => FollowUpMethod::OnSite,
                _ => FollowUpMethod::Phone,
            },
            note: s("note"),
            outcome: s("outcome"),
            new_issue: opt("new_issue"),
            uncooperative_unit: opt("uncooperative_unit"),
        },
        K::SendReminder => Action::SendReminder {
            content: s("content"),
            due: date(get, "due")?,
        },
        K::SendSecondReminder => Action::SendSecondReminder {
            content: s("content"),
            due: date(get, "due")?,
        },
        K::RequestExtension => Action::RequestExtension {
            reason: s("reason"),
            measures: s("measures"),
            new_deadline: date(get, "new_deadline")?,
        },
        K::DecideExtension => Action::DecideExtension {
            approve: s("decision") != "reject",
            opinion: s("opinion"),
        },
        K::ReportObstacle => Action::ReportObstacle {
            reason: s("reason"),
            proposal: s("proposal"),
        },
        K::SubmitCompletionReport => Action::SubmitCompletionReport(CompletionReport {
            content: s("content"),
            goal: s("goal"),
            work_done: s("work_done"),
            results: s("results"),
            next_steps: s("next_steps"),
        }),
        K::ReviewReport => {
            let passed = s("result") != "return";
            let reasons = lines("reasons");
            if !passed && reasons.is_empty() {
                return Err((
                    "reasons",
                    "退回须写明原因",
                    "Give the reasons for returning it",
                ));
            }
            Action::ReviewReport {
                passed,
                mode: match s("mode").as_str() {
                    "supplement" if !passed => Some(ReturnMode::Supplement),
                    "redo" if !passed => Some(ReturnMode::Redo),
                    _ => None,
                },
                reasons,
                misreported: check("misreported"),
                note: s("note"),
            }
        }
        K::Verify => Action::Verify {
            measures_done: check("measures_done"),
            problem_solved: check("problem_solved"),
            effect_clear: check("effect_clear"),
            lawful: check("lawful"),
            note: s("note"),
        },
        K::OrderRectification => Action::OrderRectification {
            items: rectification_items(&lines("items"))?,
        },
        K::ReportRectification => Action::ReportRectification {
            item: s("item").parse().unwrap_or(0),
            text: s("text"),
            done: check("done"),
        },
        K::ReportResult => Action::ReportResult {
            summary: s("summary"),
        },
        K::Archive => Action::Archive {
            materials: lines("materials"),
            archivist: s("archivist"),
        },
        K::Escalate => {
            let reasons: Vec<EscalationReason> = [
                ("overdue", EscalationReason::Overdue),
                ("review_failed", EscalationReason::ReviewFailed),
                ("reminders", EscalationReason::RemindersWithoutResult),
                ("emergency", EscalationReason::Emergency),
            ]
            .into_iter()
            .filter(|(name, _)| check(name))
            .map(|(_, reason)| reason)
            .collect();
            if reasons.is_empty() {
                return Err(("overdue", "请至少选择一条理由", "Tick at least one reason"));
            }
            Action::Escalate {
                reasons,
                note: s("note"),
                lead_leader: None,
                requirements: None,
                deadline: None,
            }
        }
        K::CompleteEmergencyForm => Action::CompleteEmergencyForm {
            lead_leader: s("lead_leader"),
            requirements: s("requirements"),
            deadline: date(get, "deadline")?,
            leader_in_charge: opt("leader_in_charge"),
        },
        K::RollOverYear => Action::RollOverYear {
            plan: s("plan"),
            deadline: date(get, "deadline")?,
        },
        K::Propose | K::StartEmergency => {
            return Err(("", "请在台账中新建事项", "Create matters from the ledger"));
        }
    };
    Ok(action)
}

fn date(get: &dyn Fn(&str) -> String, name: &'static str) -> Result<NaiveDate, Invalid> {
    get(name).trim().parse().map_err(|_| {
        (
            name,
            "日期格式应为 YYYY-MM-DD",
            "Use a date like 2026-12-31",
        )
    })
}

fn opt_date(
    get: &dyn Fn(&str) -> String,
    name: &'static str,
) -> Result<Option<NaiveDate>, Invalid> {
    if get(name).trim().is_empty() {
        return Ok(None);
    }
    date(get, name).map(Some)
}

/// "事项｜责任人｜2026-12-31" per line; ASCII `|` works as well.
fn rectification_items(lines: &[String]) -> Result<Vec<RectificationOrder>, Invalid> {
    const BAD: Invalid = (
        "items",
        "每行应为：事项｜责任人｜时限（YYYY-MM-DD）",
        "Each line: what | owner | YYYY-MM-DD",
    );
    lines
        .iter()
        .map(|line| {
            let parts: Vec<&str> = line.split(['|', '｜']).map(str::trim).collect();
            match parts.as_slice() {
                [what, owner, day] if !what.is_empty() && !owner.is_empty() => {
                    Ok(RectificationOrder {
                        description: (*what).to_owned(),
                        owner: (*owner).to_owned(),
                        deadline: day.parse().map_err(|_| BAD)?,
                    })
                }
                _ => Err(BAD),
            }
        })
        .collect()
}
