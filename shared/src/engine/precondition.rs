//! The order of steps inside a stage: what must have happened before an action makes sense.

use super::{ActionKind, Context};
use crate::error::RuleError;
use crate::matter::Matter;
use crate::procedure::{ProcedureId, Stage};
use chrono::Datelike;

/// State-only checks (no payload): shared by `transition` and `allowed_actions`.
pub(crate) fn check(matter: &Matter, kind: ActionKind, ctx: &Context) -> Result<(), RuleError> {
    use ActionKind::*;
    let m = matter;
    let today = ctx.today();
    match kind {
        ApproveProposal | RejectProposal => ensure(
            m.approval.is_none(),
            "already_decided",
            "该拟办意见已审定",
            "the proposal was already decided",
        ),
        UpdateRequirements => ensure(
            // After issue, requirements change only to settle a reported obstacle (GDUFS 第十条(三)).
            m.stage != Stage::Coordination || m.obstacles.iter().any(|o| !o.resolved),
            "no_obstacle",
            "没有待协调的困难",
            "there is no obstacle to coordinate",
        ),
        Register => {
            ensure(
                m.number.is_none(),
                "already_registered",
                "该事项已登记立项",
                "the matter is already registered",
            )?;
            // HBUT 第四条(一): 重大或复杂事项……报请校领导审定 before registration.
            approved_if(m.procedure == ProcedureId::Hbut && m.major, m)?;
            not_passed(m, today)
        }
        Issue => {
            ensure(
                m.number.is_some(),
                "not_registered",
                "尚未登记立项，不能交办",
                "register the matter before issuing it",
            )?;
            // GDUFS 第九条(一), 第十条(一): 经报分管校领导审定后发往 / 下达.
            approved_if(m.procedure != ProcedureId::Hbut || m.major, m)?;
            ensure(
                m.procedure != ProcedureId::GdufsKey
                    || (m.lead_leader.is_some() && m.deadline.is_some()),
                "sheet_incomplete",
                "督办单须明确牵头领导和办结时限",
                "the supervision sheet must name the lead leader and the deadline",
            )?;
            not_passed(m, today)
        }
        SignFor => ensure(
            m.reminders.iter().any(|r| r.signed.is_none()) || m.signed_for.is_none(),
            "nothing_to_sign",
            "没有待签收的通知单或催办单",
            "there is no notice or reminder to sign for",
        ),
        Reply => ensure(
            m.commitment.is_none(),
            "already_replied",
            "已回复承诺，后续情况请报告进展",
            "already replied; report progress instead",
        ),
        // HBUT 第四条(五): 超出办结时限的……发放催办单; a unit whose report is before the office
        // has nothing left to be chased for. GDUFS reminds whenever needed (第九条(三)).
        SendReminder => ensure(
            m.procedure != ProcedureId::Hbut
                || (m.unit_reported_on().is_none() && m.deadline.is_some_and(|d| today > d)),
            "not_overdue",
            "尚未超出办结时限，不能发催办单",
            "the deadline has not passed; no reminder notice yet",
        ),
        // HBUT 第四条(五): 未按催办单要求落实地进行二次催办.
        SendSecondReminder => {
            ensure(
                !m.second_reminder(),
                "second_reminder_sent",
                "已二次催办",
                "the second reminder was already sent",
            )?;
            ensure(
                m.reminders
                    .iter()
                    .rfind(|r| !r.second)
                    .is_some_and(|r| today > r.due),
                "reminder_not_due",
                "催办单限期未过，不能二次催办",
                "the reminder's time limit has not passed",
            )
        }
        RequestExtension => {
            ensure(
                m.pending_extension().is_none(),
                "extension_pending",
                "已有待审批的延期申请",
                "an extension request is already pending",
            )?;
            ensure(
                m.deadline.is_some(),
                "no_deadline",
                "该事项没有办结时限",
                "the matter has no deadline",
            )
        }
        DecideExtension => ensure(
            m.pending_extension().is_some(),
            "no_extension_pending",
            "没有待审批的延期申请",
            "no extension request is pending",
        ),
        ReviewReport => ensure(
            m.closed_on.is_none() && !m.reviews.last().is_some_and(|r| r.passed),
            "already_reviewed",
            "办理结果已审核通过",
            "the result was already passed",
        ),
        Verify => ensure(
            m.open_rectification_items() == 0,
            "rectification_open",
            "整改事项尚未全部完成",
            "rectification items are still open",
        ),
        // GDUFS 第十条(四): 对办理不符合要求的……责令整改.
        OrderRectification => {
            let round = m.verifications.len() as u32;
            let last_failed = m.verifications.last().is_some_and(|v| !v.passed());
            let ordered = m.rectification_items.iter().any(|i| i.round == round);
            ensure(
                last_failed && !ordered,
                "verify_first",
                "须先核查并认定不符合要求，才能责令整改",
                "a failed verification must come before a rectification order",
            )
        }
        ReportRectification => ensure(
            m.open_rectification_items() > 0,
            "no_rectification",
            "没有待整改的事项",
            "there are no open rectification items",
        ),
        ApproveClosure => {
            ensure(
                m.closure_approval.is_none() && m.reviews.last().is_some_and(|r| r.passed),
                "not_reviewed",
                "办理结果须先经督办室审核通过",
                "the office must first pass the result",
            )?;
            sheet_written(m)
        }
        ReportResult => ensure(
            m.result_reported_on.is_none(),
            "result_reported",
            "已反馈办理结果",
            "the result was already reported",
        ),
        Archive => {
            ensure(
                m.closed_on.is_some(),
                "not_closed",
                "事项尚未办结，不能归档",
                "the matter is not closed; it cannot be archived",
            )?;
            sheet_written(m)
        }
        Escalate => ensure(
            m.closed_on.is_none() && m.issued_on.is_some(),
            "cannot_escalate",
            "只有已交办、未结项的事项可以转重点督办",
            "only an issued, open matter can be escalated",
        ),
        CompleteEmergencyForm => ensure(
            m.emergency_form_pending,
            "form_done",
            "督办单已编制",
            "the supervision sheet is already written",
        ),
        // GDUFS 第八条(三): 以年度为单位实行滚动跟踪; never more than a year ahead of today.
        RollOverYear => ensure(
            m.long_term && m.year <= today.year(),
            "not_rollable",
            "只有长期推进事项可按年度滚动，且不能超前于当前年度",
            "only a long-term matter rolls over, and not beyond the coming year",
        ),
        Propose | StartEmergency => ensure(
            false,
            "already_exists",
            "事项已存在",
            "the matter already exists",
        ),
        SubmitWorkPlan
        | ReportProgress
        | RecordFollowUp
        | ReportObstacle
        | SubmitCompletionReport => Ok(()),
    }
}

fn ensure(
    ok: bool,
    code: &'static str,
    zh: &'static str,
    en: &'static str,
) -> Result<(), RuleError> {
    if ok {
        Ok(())
    } else {
        Err(RuleError::order(code, zh, en))
    }
}

fn approved_if(needed: bool, m: &Matter) -> Result<(), RuleError> {
    ensure(
        !needed || m.approval.is_some(),
        "not_approved",
        "须先经校领导审定",
        "a leader must approve first",
    )
}

/// GDUFS 第十条(一): an emergency started first is followed by its 《督办单》; a matter whose sheet
/// was never written is neither closed nor archived.
fn sheet_written(m: &Matter) -> Result<(), RuleError> {
    ensure(
        !m.emergency_form_pending,
        "sheet_pending",
        "紧急事项的督办单尚未编制，请先补编督办单",
        "the emergency's supervision sheet is not yet written; complete it first",
    )
}

/// A deadline that already passed cannot be registered or issued (docs/domain.md, the matter).
fn not_passed(m: &Matter, today: chrono::NaiveDate) -> Result<(), RuleError> {
    ensure(
        m.deadline.is_none_or(|d| d >= today),
        "deadline_passed",
        "办结时限已过，请先更新办理要求",
        "the deadline has passed; update the requirements first",
    )
}
