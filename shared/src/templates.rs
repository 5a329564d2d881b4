//! The data of the three procedure templates (GDUFS 第九条, 第十条; HBUT 第四条 and 附件1).

use crate::engine::ActionKind::{self, *};
use crate::procedure::{ActionRule, Creation, Form, ProcedureId, Stage, StageDef, Template};
use crate::role::Role;

/// Who may do an action, and whether only the lead unit may. The same in every procedure:
/// the two regulations differ in steps, not in who does what (docs/domain.md, "People and roles").
fn who(action: ActionKind) -> (Vec<Role>, bool) {
    use Role::*;
    match action {
        ApproveProposal | RejectProposal | DecideExtension | ApproveClosure => {
            (vec![Leader], false)
        }
        // The lead unit answers for the whole matter and reports for all (GDUFS 第八条(二), HBUT 第四条(四)).
        SignFor | Reply | SubmitWorkPlan | ReportObstacle | ReportRectification => {
            (vec![UnitHead, Liaison], true)
        }
        // These carry the unit head's signature (HBUT 附件4 部门负责人签字; docs/domain.md: unit_head signs
        // extension requests and completion reports); liaisons and handlers prepare drafts in the app.
        RequestExtension | SubmitCompletionReport => (vec![UnitHead], true),
        // Assisting units must cooperate and may tell how their part goes; handlers may report too.
        ReportProgress => (vec![UnitHead, Liaison, Handler], false),
        _ => (vec![Office], false),
    }
}

fn rule(action: ActionKind, form: Option<Form>, next: Option<Stage>) -> ActionRule {
    let (roles, lead_only) = who(action);
    let (records_zh, records_en) = crate::engine::describe(action).records;
    ActionRule {
        action,
        roles,
        lead_only,
        records_zh,
        records_en,
        form,
        next,
        otherwise: None,
        passes: None,
    }
}

/// An action with no form that keeps the matter where it is.
fn stay(action: ActionKind) -> ActionRule {
    rule(action, None, None)
}

fn otherwise(mut r: ActionRule, stage: Stage) -> ActionRule {
    r.otherwise = Some(stage);
    r
}

/// A step that is also the work of the stage it skips (see `ActionRule::passes`).
fn passing(mut r: ActionRule, stage: Stage) -> ActionRule {
    r.passes = Some(stage);
    r
}

fn stage(
    stage: Stage,
    name_zh: &'static str,
    name_en: &'static str,
    actions: Vec<ActionRule>,
) -> StageDef {
    StageDef {
        stage,
        name_zh,
        name_en,
        actions,
    }
}

/// GDUFS 第九条: 立项交办, 承办反馈, 跟进催办, 审核(结项)归档.
pub(crate) fn gdufs_routine() -> Template {
    use Stage::*;
    let sheet = Some(Form::WorkProgressReminder);
    let working = |extra: Vec<ActionRule>| {
        let mut v = extra;
        v.extend([
            stay(ReportProgress),
            stay(RecordFollowUp),
            stay(SendReminder),
            rule(Escalate, None, Some(Escalated)),
            stay(RollOverYear),
        ]);
        v
    };
    Template {
        id: ProcedureId::GdufsRoutine,
        name_zh: "常规提醒事项",
        name_en: "Routine reminder item",
        article: "GDUFS 第九条",
        creations: vec![Creation {
            action: Propose,
            stage: Filing,
            form: sheet,
        }],
        stages: vec![
            stage(
                Filing,
                "立项交办",
                "Filing and assignment",
                vec![
                    stay(ApproveProposal),
                    rule(RejectProposal, None, Some(Rejected)),
                    stay(UpdateRequirements),
                    stay(Register),
                    rule(Issue, sheet, Some(Response)),
                ],
            ),
            stage(
                Response,
                "承办反馈",
                "Response",
                working(vec![stay(SignFor), rule(Reply, None, Some(FollowUp))]),
            ),
            stage(
                FollowUp,
                "跟进催办",
                "Follow-up",
                working(vec![rule(SubmitCompletionReport, None, Some(Closing))]),
            ),
            stage(
                Closing,
                "结项归档",
                "Review and archiving",
                vec![
                    otherwise(stay(ReviewReport), FollowUp),
                    rule(Archive, None, Some(Archived)),
                    rule(Escalate, None, Some(Escalated)),
                ],
            ),
        ],
        terminals: vec![Archived, Rejected, Escalated],
    }
}

/// GDUFS 第十条: 立项督办, 督查催办, 反馈协调, 核查整改, 办结归档.
pub(crate) fn gdufs_key() -> Template {
    use Stage::*;
    let sheet = Some(Form::SupervisionSheet);
    let report = || rule(SubmitCompletionReport, None, Some(Verification));
    let working = |extra: Vec<ActionRule>| {
        let mut v = extra;
        v.extend([
            stay(SubmitWorkPlan),
            stay(ReportProgress),
            stay(RecordFollowUp),
            stay(SendReminder),
            rule(CompleteEmergencyForm, sheet, None),
            stay(RollOverYear),
        ]);
        v
    };
    Template {
        id: ProcedureId::GdufsKey,
        name_zh: "重点督办事项",
        name_en: "Key supervision item",
        article: "GDUFS 第十条",
        creations: vec![
            Creation {
                action: Propose,
                stage: Filing,
                form: sheet,
            },
            // 遇有突发紧急情况，可……先直接启动督办，随后编制《督办单》.
            Creation {
                action: StartEmergency,
                stage: Urging,
                form: None,
            },
        ],
        stages: vec![
            stage(
                Filing,
                "立项督办",
                "Filing",
                vec![
                    stay(ApproveProposal),
                    rule(RejectProposal, None, Some(Rejected)),
                    stay(UpdateRequirements),
                    stay(Register),
                    rule(Issue, sheet, Some(Urging)),
                ],
            ),
            stage(
                Urging,
                "督查催办",
                "Supervision and urging",
                working(vec![
                    rule(ReportObstacle, None, Some(Coordination)),
                    // 第十条(三) 反馈协调: 主办单位……在办结时限内书面如实反馈报告办理结果. The
                    // written result report is that stage's 反馈, so every key item passes it.
                    passing(report(), Coordination),
                ]),
            ),
            stage(
                Coordination,
                "反馈协调",
                "Feedback and coordination",
                working(vec![
                    stay(ReportObstacle),
                    rule(UpdateRequirements, None, Some(Urging)),
                    report(),
                ]),
            ),
            stage(
                Verification,
                "核查整改",
                "Verification and rectification",
                vec![
                    rule(Verify, None, Some(Closing)),
                    // 退回办理: only the negative outcome of a review applies here.
                    otherwise(stay(ReviewReport), Urging),
                    stay(OrderRectification),
                    stay(ReportRectification),
                    stay(ReportProgress),
                    stay(RecordFollowUp),
                    // An emergency's sheet can still follow; it must before closure.
                    rule(CompleteEmergencyForm, sheet, None),
                ],
            ),
            stage(
                Closing,
                "办结归档",
                "Closing and archiving",
                vec![
                    otherwise(stay(ReviewReport), Urging),
                    rule(CompleteEmergencyForm, sheet, None),
                    stay(ApproveClosure),
                    rule(Archive, None, Some(Archived)),
                ],
            ),
        ],
        terminals: vec![Archived, Rejected],
    }
}

/// HBUT 第四条: 拟办, 立项, 交办, 承办, 催办, 办结, 反馈, 归档.
pub(crate) fn hbut() -> Template {
    use Stage::*;
    let extension = Some(Form::ExtensionRequest);
    let reminder = Some(Form::ReminderNotice);
    let report = Some(Form::CompletionReport);
    let working = |extra: Vec<ActionRule>| {
        let mut v = extra;
        v.extend([
            stay(ReportProgress),
            stay(SubmitWorkPlan),
            stay(RecordFollowUp),
            rule(RequestExtension, extension, None),
            stay(DecideExtension),
            rule(SubmitCompletionReport, report, Some(Completion)),
        ]);
        v
    };
    Template {
        id: ProcedureId::Hbut,
        name_zh: "督办事项",
        name_en: "Supervised item",
        article: "HBUT 第四条",
        creations: vec![Creation {
            action: Propose,
            stage: Proposal,
            form: None,
        }],
        stages: vec![
            stage(
                Proposal,
                "拟办",
                "Proposal",
                vec![
                    stay(ApproveProposal),
                    rule(RejectProposal, None, Some(Rejected)),
                    stay(UpdateRequirements),
                    rule(Register, Some(Form::RegistrationForm), Some(Registration)),
                ],
            ),
            stage(
                Registration,
                "立项",
                "Registration",
                vec![rule(Issue, Some(Form::AssignmentNotice), Some(Assignment))],
            ),
            stage(
                Assignment,
                "交办",
                "Assignment",
                vec![
                    rule(SignFor, None, Some(Handling)),
                    stay(RecordFollowUp),
                    // 第四条(五) chases every unit past its time limit, signed for or not: a notice
                    // never signed for gets its 催办单 (the handling time ran out unsigned) and the
                    // second reminder in 催办, and the unit may still ask for more time.
                    passing(rule(SendReminder, reminder, Some(Urging)), Handling),
                    rule(RequestExtension, extension, None),
                    stay(DecideExtension),
                ],
            ),
            stage(
                Handling,
                "承办",
                "Handling",
                working(vec![rule(SendReminder, reminder, Some(Urging))]),
            ),
            stage(
                Urging,
                "催办",
                "Urging",
                working(vec![
                    rule(SendReminder, reminder, None),
                    stay(SignFor),
                    rule(SendSecondReminder, reminder, None),
                ]),
            ),
            stage(
                Completion,
                "办结",
                "Completion",
                vec![otherwise(
                    rule(ReviewReport, None, Some(Feedback)),
                    Handling,
                )],
            ),
            stage(
                Feedback,
                "反馈",
                "Feedback",
                vec![rule(ReportResult, None, Some(Archiving))],
            ),
            stage(
                Archiving,
                "归档",
                "Archiving",
                vec![rule(Archive, Some(Form::ArchiveRegister), Some(Archived))],
            ),
        ],
        terminals: vec![Archived, Rejected],
    }
}
