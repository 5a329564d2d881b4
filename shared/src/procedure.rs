//! The three procedures as data: stages, the actions allowed in each, who may act, what is recorded, which form.

use crate::engine::ActionKind;
use crate::matter::MatterKind;
use crate::role::Role;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProcedureId {
    /// GDUFS 常规提醒事项, 第九条.
    GdufsRoutine,
    /// GDUFS 重点督办事项, 第十条.
    GdufsKey,
    /// HBUT 督办工作程序, 第四条 and 附件1.
    Hbut,
}

impl ProcedureId {
    pub const ALL: [ProcedureId; 3] = [
        ProcedureId::GdufsRoutine,
        ProcedureId::GdufsKey,
        ProcedureId::Hbut,
    ];

    /// HBUT has a single formal procedure, closest in weight to GDUFS's key supervision;
    /// escalation therefore applies to GDUFS routine items only.
    pub fn kind(self) -> MatterKind {
        match self {
            ProcedureId::GdufsRoutine => MatterKind::Routine,
            ProcedureId::GdufsKey | ProcedureId::Hbut => MatterKind::Key,
        }
    }
}

/// Where a matter is. Names differ per procedure and come from the template; codes are shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Filing,
    Response,
    FollowUp,
    Closing,
    Urging,
    Coordination,
    Verification,
    Proposal,
    Registration,
    Assignment,
    Handling,
    Completion,
    Feedback,
    Archiving,
    /// 已归档: the end of every procedure.
    Archived,
    /// 不予立项: the leader did not approve the proposal.
    Rejected,
    /// 已转重点督办: a routine item continued as a key item.
    Escalated,
}

impl Stage {
    pub fn is_terminal(self) -> bool {
        matches!(self, Stage::Archived | Stage::Rejected | Stage::Escalated)
    }

    pub fn code(self) -> &'static str {
        self.names().0
    }

    /// The name used where no template is at hand; templates may name a stage more precisely.
    pub fn name_zh(self) -> &'static str {
        self.names().1
    }

    pub fn name_en(self) -> &'static str {
        self.names().2
    }

    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Stage::Filing => ("filing", "立项", "Filing"),
            Stage::Response => ("response", "承办反馈", "Response"),
            Stage::FollowUp => ("follow_up", "跟进催办", "Follow-up"),
            Stage::Closing => ("closing", "办结归档", "Closing"),
            Stage::Urging => ("urging", "催办", "Urging"),
            Stage::Coordination => ("coordination", "反馈协调", "Feedback and coordination"),
            Stage::Verification => ("verification", "核查整改", "Verification and rectification"),
            Stage::Proposal => ("proposal", "拟办", "Proposal"),
            Stage::Registration => ("registration", "立项", "Registration"),
            Stage::Assignment => ("assignment", "交办", "Assignment"),
            Stage::Handling => ("handling", "承办", "Handling"),
            Stage::Completion => ("completion", "办结", "Completion"),
            Stage::Feedback => ("feedback", "反馈", "Feedback"),
            Stage::Archiving => ("archiving", "归档", "Archiving"),
            Stage::Archived => ("archived", "已归档", "Archived"),
            Stage::Rejected => ("rejected", "不予立项", "Rejected"),
            Stage::Escalated => ("escalated", "已转重点督办", "Escalated"),
        }
    }
}

/// The printed forms of both regulations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// 工作进展提醒单 (GDUFS 第九条(一)).
    WorkProgressReminder,
    /// 督办单 (GDUFS 第十条(一)).
    SupervisionSheet,
    /// 立项登记表 (HBUT 附件2).
    RegistrationForm,
    /// 督办事项通知单 (HBUT 附件3).
    AssignmentNotice,
    /// 延期申请单 (HBUT 附件4).
    ExtensionRequest,
    /// 催办单 (HBUT 附件5).
    ReminderNotice,
    /// 办结报告 (HBUT 附件6).
    CompletionReport,
    /// 归档登记表 (HBUT 附件7).
    ArchiveRegister,
}

impl Form {
    pub fn name_zh(self) -> &'static str {
        match self {
            Form::WorkProgressReminder => "工作进展提醒单",
            Form::SupervisionSheet => "督办单",
            Form::RegistrationForm => "立项登记表",
            Form::AssignmentNotice => "督办事项通知单",
            Form::ExtensionRequest => "延期申请单",
            Form::ReminderNotice => "催办单",
            Form::CompletionReport => "办结报告",
            Form::ArchiveRegister => "归档登记表",
        }
    }
}

/// One action allowed in a stage: who, what it records, which form, where it leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionRule {
    pub action: ActionKind,
    pub roles: Vec<Role>,
    /// Only the lead unit's people may do it; assisting units may not.
    pub lead_only: bool,
    pub records_zh: &'static str,
    pub records_en: &'static str,
    pub form: Option<Form>,
    /// The stage after a successful action; `None` stays.
    pub next: Option<Stage>,
    /// The stage after a negative outcome (review returned, verification failed); `None` stays.
    pub otherwise: Option<Stage>,
    /// A stage the step passes through on its way to `next`, because the step is also that stage's
    /// work (GDUFS 第十条(三): the written result report is 反馈协调's 反馈). The flowchart shows it
    /// reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passes: Option<Stage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageDef {
    pub stage: Stage,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub actions: Vec<ActionRule>,
}

/// An action that creates a matter and the stage it starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Creation {
    pub action: ActionKind,
    pub stage: Stage,
    pub form: Option<Form>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Template {
    pub id: ProcedureId,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    /// The article of the seed the procedure comes from.
    pub article: &'static str,
    pub creations: Vec<Creation>,
    /// The working stages in order, as the flowchart draws them.
    pub stages: Vec<StageDef>,
    pub terminals: Vec<Stage>,
}

impl Template {
    pub fn stage(&self, stage: Stage) -> Option<&StageDef> {
        self.stages.iter().find(|s| s.stage == stage)
    }

    pub fn rule(&self, stage: Stage, action: ActionKind) -> Option<&ActionRule> {
        self.stage(stage)?
            .actions
            .iter()
            .find(|r| r.action == action)
    }

    /// The rule for an action in any stage: who may do it does not depend on the stage.
    pub fn any_rule(&self, action: ActionKind) -> Option<&ActionRule> {
        self.stages
            .iter()
            .flat_map(|s| &s.actions)
            .find(|r| r.action == action)
    }

    pub fn creation(&self, action: ActionKind) -> Option<&Creation> {
        self.creations.iter().find(|c| c.action == action)
    }

    pub fn knows(&self, stage: Stage) -> bool {
        self.stage(stage).is_some() || self.terminals.contains(&stage)
    }

    /// The name the procedure gives a stage.
    pub fn stage_name_zh(&self, stage: Stage) -> &'static str {
        self.stage(stage).map_or(stage.name_zh(), |s| s.name_zh)
    }
}

/// The template of a procedure, built once.
pub fn template(id: ProcedureId) -> &'static Template {
    static T: [OnceLock<Template>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    match id {
        ProcedureId::GdufsRoutine => T[0].get_or_init(crate::templates::gdufs_routine),
        ProcedureId::GdufsKey => T[1].get_or_init(crate::templates::gdufs_key),
        ProcedureId::Hbut => T[2].get_or_init(crate::templates::hbut),
    }
}
