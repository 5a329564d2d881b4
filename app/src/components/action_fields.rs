//! What each action's form asks for, field by field, in the order of the paper form.

use shared::engine::ActionKind;

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
