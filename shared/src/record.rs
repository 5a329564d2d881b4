//! What a matter keeps of each step: commitments, reports, reminders, extensions, reviews, rectification items.

use crate::error::{RuleError, required};
use crate::limits::{name, text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The lead unit's reply to a 工作进展提醒单 (GDUFS 第九条(二)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// 承诺办结时间.
    pub promised_date: NaiveDate,
    /// 工作举措.
    pub measures: String,
    /// 办结形式 (e.g. a document, a report, a meeting).
    pub completion_form: String,
    /// 事项经办人.
    pub handler_name: String,
    /// 联系方式.
    pub handler_contact: String,
}

impl Commitment {
    pub fn validate(&self) -> Result<(), RuleError> {
        required("measures", &self.measures)?;
        required("completion_form", &self.completion_form)?;
        required("handler_name", &self.handler_name)?;
        required("handler_contact", &self.handler_contact)
    }

    /// Sizes only (`crate::limits`), checked before anything else.
    pub fn check_limits(&self) -> Result<(), RuleError> {
        text("measures", &self.measures)?;
        name("completion_form", &self.completion_form)?;
        name("handler_name", &self.handler_name)?;
        name("handler_contact", &self.handler_contact)
    }
}

/// The five parts of the 办结报告 (HBUT 附件6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CompletionReport {
    /// 一、督办事项内容.
    pub content: String,
    /// 二、督办事项工作目标.
    pub goal: String,
    /// 三、督办事项工作开展情况.
    pub work_done: String,
    /// 四、取得的成效.
    pub results: String,
    /// 五、下一步工作计划.
    pub next_steps: String,
}

impl CompletionReport {
    pub fn validate(&self) -> Result<(), RuleError> {
        required("content", &self.content)?;
        required("goal", &self.goal)?;
        required("work_done", &self.work_done)?;
        required("results", &self.results)?;
        required("next_steps", &self.next_steps)
    }

    /// Sizes only (`crate::limits`), checked before anything else.
    pub fn check_limits(&self) -> Result<(), RuleError> {
        text("content", &self.content)?;
        text("goal", &self.goal)?;
        text("work_done", &self.work_done)?;
        text("results", &self.results)?;
        text("next_steps", &self.next_steps)
    }
}

/// How the office followed a matter up (GDUFS 第九条(三), 第十条(二)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FollowUpMethod {
    /// 电话.
    Phone,
    /// 邮件.
    Email,
    /// 上门督办 / 走访.
    Visit,
    /// 协调会议.
    Meeting,
    /// 现场督查 / 调研.
    OnSite,
}

/// 补办 (complete what is missing) or 重办 (do it again), HBUT 第四条(六).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReturnMode {
    Supplement,
    Redo,
}

/// One item of a rectification order: what, who answers for it, by when (列出清单、明确责任、挂账整改).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RectificationOrder {
    pub description: String,
    pub owner: String,
    pub deadline: NaiveDate,
}

impl RectificationOrder {
    /// Sizes only (`crate::limits`), checked before anything else.
    pub fn check_limits(&self) -> Result<(), RuleError> {
        text("description", &self.description)?;
        name("owner", &self.owner)
    }
}

/// Who signed something and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signature {
    pub signer: String,
    pub user_id: String,
    pub on: NaiveDate,
}

/// A leader's decision with an opinion (审定 / 审批).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    pub by: String,
    pub on: NaiveDate,
    pub approved: bool,
    pub opinion: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkPlan {
    pub plan: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressReport {
    pub unit: String,
    pub text: String,
    /// When not done: the new schedule (进度安排), GDUFS 第九条(二).
    pub next_schedule: Option<NaiveDate>,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUp {
    pub method: FollowUpMethod,
    pub note: String,
    pub outcome: String,
    /// A new situation to report to the leaders (HBUT 第四条(五)).
    pub new_issue: Option<String>,
    /// A unit found not organising or not cooperating (HBUT 第六条(三)).
    pub uncooperative_unit: Option<String>,
    pub by: String,
    pub on: NaiveDate,
}

/// A 催办单; `second` for the 二次催办 copied to the discipline office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reminder {
    pub content: String,
    /// 限期办结时间 written on the notice.
    pub due: NaiveDate,
    pub second: bool,
    pub on: NaiveDate,
    pub signed: Option<Signature>,
}

/// A 延期申请单 (HBUT 附件4) and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtensionRequest {
    pub reason: String,
    pub measures: String,
    /// 原办结时间.
    pub previous_deadline: Option<NaiveDate>,
    /// 计划办结时间.
    pub new_deadline: NaiveDate,
    /// The unit head who signed it.
    pub signed_by: String,
    pub on: NaiveDate,
    pub decision: Option<Decision>,
}

/// A written report that objective reasons block the deadline (GDUFS 第十条(三)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Obstacle {
    pub reason: String,
    pub proposal: String,
    pub on: NaiveDate,
    pub resolved: bool,
}

/// The office's review of a reported result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    pub passed: bool,
    pub mode: Option<ReturnMode>,
    pub reasons: Vec<String>,
    /// The report misstated facts (反映情况失实, HBUT 第六条(二)).
    pub misreported: bool,
    pub note: String,
    pub on: NaiveDate,
}

/// 核查 (GDUFS 第十条(四)): four questions, all must be yes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verification {
    pub measures_done: bool,
    pub problem_solved: bool,
    pub effect_clear: bool,
    pub lawful: bool,
    pub note: String,
    pub on: NaiveDate,
}

impl Verification {
    pub fn passed(&self) -> bool {
        self.measures_done && self.problem_solved && self.effect_clear && self.lawful
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RectificationReport {
    pub text: String,
    pub done: bool,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RectificationItem {
    pub description: String,
    pub owner: String,
    pub deadline: NaiveDate,
    /// Which verification round (number of verifications so far) the order followed.
    pub round: u32,
    pub ordered_on: NaiveDate,
    pub reports: Vec<RectificationReport>,
}

impl RectificationItem {
    pub fn done(&self) -> bool {
        self.reports.last().is_some_and(|r| r.done)
    }
}
