//! What an actor asks the engine to do (`Action`, JSON tagged by `type`) and its payload-free `ActionKind`.

use crate::draft::MatterDraft;
use crate::escalation::EscalationReason;
use crate::procedure::ProcedureId;
use crate::record::{Commitment, CompletionReport, FollowUpMethod, RectificationOrder, ReturnMode};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Every step a person can take on a matter. The API receives exactly this JSON, e.g.
/// `{"type":"send_reminder","content":"…","due":"2026-03-20"}`; unknown fields are refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// 拟办 / 编制提醒单、督办单: creates the matter.
    Propose {
        procedure: ProcedureId,
        matter: MatterDraft,
    },
    /// 先直接启动督办 in an emergency: creates a key matter already under way; the 督办单 follows.
    StartEmergency {
        title: String,
        content: String,
        lead_unit: String,
        #[serde(default)]
        assisting_units: Vec<String>,
        /// How it was started: by phone, orally, on site…
        how_started: String,
    },
    /// 审定 by the leader (in charge).
    ApproveProposal {
        opinion: String,
    },
    RejectProposal {
        opinion: String,
    },
    /// 更新办理要求: before issue (edit the draft) or after an obstacle (反馈协调).
    UpdateRequirements {
        #[serde(default)]
        requirements: Option<String>,
        #[serde(default)]
        deadline: Option<NaiveDate>,
        #[serde(default)]
        lead_leader: Option<String>,
        note: String,
    },
    /// 立项: the number comes from the server through `Context::number` (`ActionKind::allocates_number`).
    Register {},
    /// 交办 / 下达 / 发往承办单位.
    Issue {
        /// 抄送相关校领导 (GDUFS 第十条(一)).
        #[serde(default)]
        copied_leaders: Vec<String>,
    },
    /// 签收 the notice, or the pending 催办单.
    SignFor {
        signer: String,
    },
    /// 回复 with a commitment (GDUFS 第九条(二)).
    Reply(Commitment),
    /// 落实计划 / 工作计划.
    SubmitWorkPlan {
        plan: String,
    },
    ReportProgress {
        text: String,
        #[serde(default)]
        next_schedule: Option<NaiveDate>,
    },
    RecordFollowUp {
        method: FollowUpMethod,
        note: String,
        outcome: String,
        #[serde(default)]
        new_issue: Option<String>,
        #[serde(default)]
        uncooperative_unit: Option<String>,
    },
    /// 催办单.
    SendReminder {
        content: String,
        due: NaiveDate,
    },
    /// 二次催办, copied to the discipline office.
    SendSecondReminder {
        content: String,
        due: NaiveDate,
    },
    /// 延期申请单, signed by the lead unit's head.
    RequestExtension {
        reason: String,
        measures: String,
        new_deadline: NaiveDate,
    },
    DecideExtension {
        approve: bool,
        opinion: String,
    },
    /// 书面报告客观原因并提出建议 (GDUFS 第十条(三)).
    ReportObstacle {
        reason: String,
        proposal: String,
    },
    SubmitCompletionReport(CompletionReport),
    /// 审核: pass, or return for 补办 / 重办 with reasons.
    ReviewReport {
        passed: bool,
        #[serde(default)]
        mode: Option<ReturnMode>,
        #[serde(default)]
        reasons: Vec<String>,
        #[serde(default)]
        misreported: bool,
        #[serde(default)]
        note: String,
    },
    /// 核查 (GDUFS 第十条(四)).
    Verify {
        measures_done: bool,
        problem_solved: bool,
        effect_clear: bool,
        lawful: bool,
        #[serde(default)]
        note: String,
    },
    /// 责令整改.
    OrderRectification {
        items: Vec<RectificationOrder>,
    },
    /// 报告整改情况 for one item (index into the matter's items).
    ReportRectification {
        item: usize,
        text: String,
        done: bool,
    },
    /// 分管校领导通过后予以结项 (GDUFS 第十条(五)).
    ApproveClosure {
        opinion: String,
    },
    /// 反馈: report the result to leaders and units (HBUT 第四条(七)).
    ReportResult {
        summary: String,
    },
    /// 归档.
    Archive {
        materials: Vec<String>,
        archivist: String,
    },
    /// 转为重点督办: the new matter's id comes through `Context::new_matter_id`.
    Escalate {
        reasons: Vec<EscalationReason>,
        note: String,
        #[serde(default)]
        lead_leader: Option<String>,
        #[serde(default)]
        requirements: Option<String>,
        #[serde(default)]
        deadline: Option<NaiveDate>,
    },
    /// 随后编制《督办单》 for an emergency started first.
    CompleteEmergencyForm {
        lead_leader: String,
        requirements: String,
        deadline: NaiveDate,
        #[serde(default)]
        leader_in_charge: Option<String>,
    },
    /// 年度滚动跟踪: carry a long-term matter into the next year.
    RollOverYear {
        plan: String,
        deadline: NaiveDate,
    },
}

/// The name of an action without its payload: what templates list and `allowed_actions` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Propose,
    StartEmergency,
    ApproveProposal,
    RejectProposal,
    UpdateRequirements,
    Register,
    Issue,
    SignFor,
    Reply,
    SubmitWorkPlan,
    ReportProgress,
    RecordFollowUp,
    SendReminder,
    SendSecondReminder,
    RequestExtension,
    DecideExtension,
    ReportObstacle,
    SubmitCompletionReport,
    ReviewReport,
    Verify,
    OrderRectification,
    ReportRectification,
    ApproveClosure,
    ReportResult,
    Archive,
    Escalate,
    CompleteEmergencyForm,
    RollOverYear,
}

impl ActionKind {
    pub const ALL: [ActionKind; 28] = [
        ActionKind::Propose,
        ActionKind::StartEmergency,
        ActionKind::ApproveProposal,
        ActionKind::RejectProposal,
        ActionKind::UpdateRequirements,
        ActionKind::Register,
        ActionKind::Issue,
        ActionKind::SignFor,
        ActionKind::Reply,
        ActionKind::SubmitWorkPlan,
        ActionKind::ReportProgress,
        ActionKind::RecordFollowUp,
        ActionKind::SendReminder,
        ActionKind::SendSecondReminder,
        ActionKind::RequestExtension,
        ActionKind::DecideExtension,
        ActionKind::ReportObstacle,
        ActionKind::SubmitCompletionReport,
        ActionKind::ReviewReport,
        ActionKind::Verify,
        ActionKind::OrderRectification,
        ActionKind::ReportRectification,
        ActionKind::ApproveClosure,
        ActionKind::ReportResult,
        ActionKind::Archive,
        ActionKind::Escalate,
        ActionKind::CompleteEmergencyForm,
        ActionKind::RollOverYear,
    ];

    /// (code, Chinese, English).
    fn names(self) -> (&'static str, &'static str, &'static str) {
        use ActionKind::*;
        match self {
            Propose => ("propose", "拟办立项", "propose"),
            StartEmergency => ("start_emergency", "紧急启动督办", "start an emergency item"),
            ApproveProposal => ("approve_proposal", "审定同意", "approve the proposal"),
            RejectProposal => ("reject_proposal", "审定不同意", "reject the proposal"),
            UpdateRequirements => (
                "update_requirements",
                "更新办理要求",
                "update the requirements",
            ),
            Register => ("register", "登记立项", "register"),
            Issue => ("issue", "交办", "issue"),
            SignFor => ("sign_for", "签收", "sign for"),
            Reply => ("reply", "回复承诺", "reply with a commitment"),
            SubmitWorkPlan => ("submit_work_plan", "报送工作计划", "submit a work plan"),
            ReportProgress => ("report_progress", "报告进展", "report progress"),
            RecordFollowUp => ("record_follow_up", "记录跟进", "record a follow-up"),
            SendReminder => ("send_reminder", "催办", "send a reminder"),
            SendSecondReminder => ("send_second_reminder", "二次催办", "send a second reminder"),
            RequestExtension => ("request_extension", "申请延期", "request an extension"),
            DecideExtension => ("decide_extension", "审批延期", "decide an extension"),
            ReportObstacle => ("report_obstacle", "反馈困难", "report an obstacle"),
            SubmitCompletionReport => (
                "submit_completion_report",
                "提交办结报告",
                "submit the completion report",
            ),
            ReviewReport => ("review_report", "审核办理结果", "review the result"),
            Verify => ("verify", "核查", "verify"),
            OrderRectification => ("order_rectification", "责令整改", "order rectification"),
            ReportRectification => (
                "report_rectification",
                "报告整改情况",
                "report on rectification",
            ),
            ApproveClosure => ("approve_closure", "审定结项", "approve closure"),
            ReportResult => ("report_result", "反馈办理结果", "report the result"),
            Archive => ("archive", "归档", "archive"),
            Escalate => ("escalate", "转重点督办", "escalate to key supervision"),
            CompleteEmergencyForm => (
                "complete_emergency_form",
                "补编督办单",
                "complete the emergency form",
            ),
            RollOverYear => ("roll_over_year", "转入下一年度", "roll over to next year"),
        }
    }

    pub fn code(self) -> &'static str {
        self.names().0
    }

    pub fn name_zh(self) -> &'static str {
        self.names().1
    }

    pub fn name_en(self) -> &'static str {
        self.names().2
    }

    /// Actions that create a matter rather than act on one.
    pub fn creates_matter(self) -> bool {
        matches!(self, ActionKind::Propose | ActionKind::StartEmergency)
    }

    /// Actions that give a matter without one its number (编号): 立项, and the 《督办单》 written
    /// after an emergency was started first (GDUFS 第十条(一)). For these the server takes the year's
    /// next number and passes it in `Context::number`; the engine uses it only if the matter has none.
    pub fn allocates_number(self) -> bool {
        matches!(
            self,
            ActionKind::Register | ActionKind::CompleteEmergencyForm
        )
    }
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        use ActionKind as K;
        match self {
            Action::Propose { .. } => K::Propose,
            Action::StartEmergency { .. } => K::StartEmergency,
            Action::ApproveProposal { .. } => K::ApproveProposal,
            Action::RejectProposal { .. } => K::RejectProposal,
            Action::UpdateRequirements { .. } => K::UpdateRequirements,
            Action::Register {} => K::Register,
            Action::Issue { .. } => K::Issue,
            Action::SignFor { .. } => K::SignFor,
            Action::Reply(_) => K::Reply,
            Action::SubmitWorkPlan { .. } => K::SubmitWorkPlan,
            Action::ReportProgress { .. } => K::ReportProgress,
            Action::RecordFollowUp { .. } => K::RecordFollowUp,
            Action::SendReminder { .. } => K::SendReminder,
            Action::SendSecondReminder { .. } => K::SendSecondReminder,
            Action::RequestExtension { .. } => K::RequestExtension,
            Action::DecideExtension { .. } => K::DecideExtension,
            Action::ReportObstacle { .. } => K::ReportObstacle,
            Action::SubmitCompletionReport(_) => K::SubmitCompletionReport,
            Action::ReviewReport { .. } => K::ReviewReport,
            Action::Verify { .. } => K::Verify,
            Action::OrderRectification { .. } => K::OrderRectification,
            Action::ReportRectification { .. } => K::ReportRectification,
            Action::ApproveClosure { .. } => K::ApproveClosure,
            Action::ReportResult { .. } => K::ReportResult,
            Action::Archive { .. } => K::Archive,
            Action::Escalate { .. } => K::Escalate,
            Action::CompleteEmergencyForm { .. } => K::CompleteEmergencyForm,
            Action::RollOverYear { .. } => K::RollOverYear,
        }
    }
}
