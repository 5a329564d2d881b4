//! `describe`: the one table of what each action asks for, shows, records and tells whom.

use super::FieldName::{self as F, *};
use super::pieces::*;
use super::{Description, Input, Notice, Part, Recipients, When};
use crate::api::NotificationKind as N;
use crate::engine::ActionKind;
use Input::{Area, Check, Date, Item, Lines, Person, Select};
use Part::{Count, Either, Joined, Value, Words};

/// The description of one kind of action.
pub fn describe(kind: ActionKind) -> Description {
    use ActionKind as K;
    match kind {
        K::Propose => d(
            NONE,
            &[Value(Matter)],
            TO_LEADERS,
            "事项、承办单位、办理要求、办结时限",
            "matter, units, requirements, deadline",
        ),
        K::StartEmergency => d(
            NONE,
            &[Value(Title)],
            SILENT,
            "事项、承办单位、启动方式",
            "matter, units, how it was started",
        ),
        K::ApproveProposal | K::RejectProposal => d(
            OPINION,
            &[Value(Opinion)],
            SILENT,
            "审定意见",
            "the leader's opinion",
        ),
        K::UpdateRequirements => d(
            const {
                &[
                    may(Requirements, Area, "办理要求", "Requirements"),
                    may(Deadline, Date, "办结时限", "Deadline"),
                    may(LeadLeader, Input::Leader, "牵头领导", "Lead leader"),
                    need(Note, Area, "说明", "Note"),
                ]
            },
            &[Value(Note)],
            SILENT,
            "新的办理要求、办结时限",
            "new requirements and deadline",
        ),
        K::Register => d(
            NONE,
            &[],
            SILENT,
            "编号、登记日期",
            "number, date of registration",
        ),
        K::Issue => d(
            const {
                &[may(
                    CopiedLeaders,
                    Lines,
                    "抄送校领导（每行一个用户名）",
                    "Leaders copied (one username per line)",
                )]
            },
            &[],
            const { &[tell(Recipients::AllUnits, N::NewAssignment)] },
            "交办日期、抄送领导",
            "date of issue, leaders copied",
        ),
        K::SignFor => d(
            const { &[need(Signer, Person, "签收人", "Signed by")] },
            &[Value(Signer)],
            SILENT,
            "签收人、签收时间",
            "who signed and when",
        ),
        K::Reply => d(
            const {
                &[
                    need(PromisedDate, Date, "承诺办结时间", "Promised date"),
                    need(Measures, Area, "工作举措", "Measures"),
                    need(CompletionForm, TEXT, "办结形式", "Form of completion"),
                    need(HandlerName, Person, "事项经办人", "Handler"),
                    need(HandlerContact, TEXT, "联系方式", "Contact"),
                ]
            },
            &[
                Words("承诺 "),
                Value(PromisedDate),
                Words("："),
                Value(Measures),
            ],
            TO_OFFICE,
            "承诺办结时间、工作举措、办结形式、经办人及联系方式",
            "promised date, measures, form of completion, handler and contact",
        ),
        K::SubmitWorkPlan => d(
            const { &[need(Plan, Area, "落实计划", "Plan")] },
            &[Value(Plan)],
            SILENT,
            "落实计划",
            "the implementation plan",
        ),
        K::ReportProgress => d(
            const {
                &[
                    need(Text, Area, "进展情况", "Progress"),
                    may(NextSchedule, Date, "下一步进度安排", "Next milestone"),
                ]
            },
            &[Value(Text)],
            SILENT,
            "进展情况、进度安排",
            "progress and schedule",
        ),
        K::RecordFollowUp => d(
            const {
                &[
                    need(Method, Select(METHODS), "跟进方式", "Method"),
                    need(Note, Area, "跟进过程", "What was done"),
                    need(Outcome, Area, "跟进结果", "Outcome"),
                    may(
                        NewIssue,
                        Area,
                        "新情况（报校领导）",
                        "New issue for the leaders",
                    ),
                    may(
                        UncooperativeUnit,
                        Input::Unit,
                        "不积极配合的单位",
                        "Uncooperative unit",
                    ),
                ]
            },
            &[Value(Note), Words(" → "), Value(Outcome)],
            SILENT,
            "跟进方式、过程和结果",
            "method, note and outcome",
        ),
        K::SendReminder => side(
            d(
                REMINDER,
                REMINDER_LINE,
                const { &[tell(Recipients::LeadUnit, N::Reminder)] },
                "催办内容、限期办结时间",
                "content and time limit",
            ),
            "催办",
            "Reminder",
            When::Always,
        ),
        // HBUT 第四条(五): the second reminder is copied to the discipline office.
        K::SendSecondReminder => side(
            d(
                REMINDER,
                REMINDER_LINE,
                const {
                    &[
                        tell(Recipients::LeadUnit, N::SecondReminder),
                        tell(Recipients::Discipline, N::SecondReminder),
                    ]
                },
                "催办内容、限期办结时间",
                "content and time limit",
            ),
            "二次催办",
            "2nd reminder",
            When::Always,
        ),
        K::RequestExtension => side(
            d(
                const {
                    &[
                        need(Reason, Area, "延期原因", "Reason"),
                        need(Measures, Area, "解决措施", "Measures"),
                        need(NewDeadline, Date, "计划办结时间", "New deadline"),
                    ]
                },
                &[
                    Value(Reason),
                    Words("（至 "),
                    Value(NewDeadline),
                    Words("）"),
                ],
                TO_LEADERS,
                "原因、解决措施、计划办结时间、负责人签字",
                "reason, measures, new date, unit head's signature",
            ),
            "延期申请",
            "Extension",
            When::Always,
        ),
        K::DecideExtension => d(
            const {
                &[
                    need(Decision, Select(DECISION), "审批结果", "Decision"),
                    need(Opinion, Area, "审批意见", "Opinion"),
                ]
            },
            &[
                Either(Approve, &[Words("同意")], &[Words("不同意")]),
                Words("："),
                Value(Opinion),
            ],
            SILENT,
            "校领导审批意见",
            "the leader's decision",
        ),
        K::ReportObstacle => side(
            d(
                const {
                    &[
                        need(Reason, Area, "客观原因", "Objective reasons"),
                        need(Proposal, Area, "建议", "Proposal"),
                    ]
                },
                &[Value(Reason)],
                TO_OFFICE,
                "客观原因、建议",
                "objective reasons and a proposal",
            ),
            "反馈困难",
            "Obstacle",
            When::Always,
        ),
        K::SubmitCompletionReport => d(
            const {
                &[
                    need(Content, Area, "一、督办事项内容", "1. The matter"),
                    need(Goal, Area, "二、督办事项工作目标", "2. Goal"),
                    need(WorkDone, Area, "三、督办事项工作开展情况", "3. Work done"),
                    need(Results, Area, "四、取得的成效", "4. Results"),
                    need(NextSteps, Area, "五、下一步工作计划", "5. Next steps"),
                ]
            },
            &[Value(Results)],
            TO_OFFICE,
            "事项内容、工作目标、开展情况、取得成效、下一步计划",
            "content, goal, work done, results, next steps",
        ),
        K::ReviewReport => side(
            d(
                const {
                    &[
                        need(Result, Select(REVIEW), "审核结论", "Conclusion"),
                        may(Mode, Select(MODES), "退回方式", "Return for"),
                        texts(may(
                            Reasons,
                            Lines,
                            "退回原因（每行一条）",
                            "Reasons (one per line)",
                        )),
                        may(Misreported, Check, "反映情况失实", "Facts misreported"),
                        may(Note, Area, "备注", "Note"),
                    ]
                },
                &[Either(
                    Passed,
                    &[Words("通过")],
                    &[Words("退回："), Joined(Reasons)],
                )],
                &[Notice {
                    to: Recipients::LeadUnit,
                    kind: N::Returned,
                    when: When::No(Passed),
                }],
                "审核结论、退回原因",
                "conclusion, reasons for return",
            ),
            "退回重办",
            "Returned",
            When::No(Passed),
        ),
        K::Verify => d(
            const {
                &[
                    may(MeasuresDone, Check, "举措已落实", "Measures done"),
                    may(ProblemSolved, Check, "问题已解决", "Problem solved"),
                    may(EffectClear, Check, "成效显著", "Clear effect"),
                    may(Lawful, Check, "合法合规", "Lawful"),
                    may(Note, Area, "核查说明", "Note"),
                ]
            },
            &[Value(Note)],
            SILENT,
            "举措是否落实、问题是否解决、成效是否显著、是否合法合规",
            "measures done, problem solved, effect clear, lawful",
        ),
        K::OrderRectification => side(
            d(
                const {
                    &[texts(need(
                        Items,
                        Lines,
                        "整改清单（每行：事项｜责任人｜时限 YYYY-MM-DD）",
                        "Items (one per line: what | owner | YYYY-MM-DD)",
                    ))]
                },
                &[Count(Items), Words(" 项")],
                SILENT,
                "整改清单、责任人、整改时限",
                "items, owners, deadlines",
            ),
            "责令整改",
            "Rectification",
            When::Always,
        ),
        K::ReportRectification => d(
            const {
                &[
                    need(F::Item, Item, "整改事项", "Item"),
                    need(Text, Area, "整改情况", "What was done"),
                    may(Done, Check, "已整改完成", "Done"),
                ]
            },
            &[Value(Text)],
            SILENT,
            "逐项整改情况",
            "progress on each item",
        ),
        K::ApproveClosure => d(
            OPINION,
            &[Value(Opinion)],
            SILENT,
            "结项审定意见",
            "the leader's approval of closure",
        ),
        K::ReportResult => d(
            const { &[need(Summary, Area, "办理结果", "Result")] },
            &[Value(Summary)],
            SILENT,
            "向校领导及相关单位报告的办理结果",
            "result reported to leaders and units",
        ),
        K::Archive => d(
            const {
                &[
                    need(
                        Materials,
                        Lines,
                        "归档材料（每行一项）",
                        "Materials (one per line)",
                    ),
                    need(Archivist, Person, "归档人", "Archivist"),
                ]
            },
            &[Value(Archivist)],
            SILENT,
            "归档材料、归档人",
            "materials and archivist",
        ),
        K::Escalate => side(
            d(
                const {
                    &[
                        may(Overdue, Check, "未能在规定时限内完成", "Not done in time"),
                        may(
                            ReviewFailed,
                            Check,
                            "办理结果未达到要求",
                            "Result fell short",
                        ),
                        may(
                            Reminders,
                            Check,
                            "经多次催办仍未完成",
                            "Reminders without result",
                        ),
                        may(Emergency, Check, "紧急事项需立即落实", "Urgent"),
                        // GDUFS 第十条(一): the office says why; the form prefills it from the grounds.
                        need(Note, Area, "转重点督办的说明", "Note on the escalation"),
                        // 督办单: a key item is led by a leader (第十条(一)), as the queue's form asks.
                        need(LeadLeader, Input::Leader, "牵头领导", "Lead leader"),
                    ]
                },
                &[Value(Note)],
                SILENT,
                "转重点督办的原因",
                "reasons for escalation",
            ),
            "转重点督办",
            "Escalated",
            When::Always,
        ),
        K::CompleteEmergencyForm => d(
            const {
                &[
                    need(LeadLeader, Input::Leader, "牵头领导", "Lead leader"),
                    need(Requirements, Area, "办理要求", "Requirements"),
                    need(Deadline, Date, "办结时限", "Deadline"),
                    may(
                        LeaderInCharge,
                        Input::Leader,
                        "分管校领导",
                        "Leader in charge",
                    ),
                ]
            },
            &[Value(Requirements)],
            SILENT,
            "牵头领导、办理要求、办结时限",
            "lead leader, requirements, deadline",
        ),
        K::RollOverYear => d(
            const {
                &[
                    need(Plan, Area, "下一年度计划", "Next year's plan"),
                    need(Deadline, Date, "办结时限", "Deadline"),
                ]
            },
            &[Value(Plan)],
            SILENT,
            "下一年度计划和时限",
            "next year's plan and deadline",
        ),
    }
}
