//! The matter (督办事项) as the fold of its events, with its kind, source category and units.

use crate::number::MatterNumber;
use crate::procedure::{ProcedureId, Stage};
use crate::record::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// 常规提醒事项 or 重点督办事项 (GDUFS 第八条(一)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MatterKind {
    Routine,
    Key,
}

impl MatterKind {
    pub fn code(self) -> &'static str {
        match self {
            MatterKind::Routine => "routine",
            MatterKind::Key => "key",
        }
    }

    /// The regulation's own words, the same in the app, the Excel downloads and print.
    pub fn name_zh(self) -> &'static str {
        match self {
            MatterKind::Routine => "常规提醒事项",
            MatterKind::Key => "重点督办事项",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            MatterKind::Routine => "Routine reminder item",
            MatterKind::Key => "Key supervision item",
        }
    }
}

/// 督办范围: the scope lists of GDUFS 第七条 and HBUT 第三条, merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SourceCategory {
    /// 党中央和上级重大决策部署、重要会议和文件精神 (GDUFS 七(一), HBUT 三(一)).
    HigherDecision,
    /// 上级机关和主管部门领导批示、来文、来电 (HBUT 三(二)).
    HigherInstruction,
    /// 党委会、校长办公会、党代会、教代会等决议决定 (GDUFS 七(二), HBUT 三(三)).
    MeetingResolution,
    /// 事业规划、重大改革、重要专项工作、年度工作要点 (GDUFS 七(三), HBUT 三(四)).
    PlanAndReform,
    /// 学校领导批示和交办事项 (GDUFS 七(四), HBUT 三(五)).
    LeaderInstruction,
    /// 师生员工反映的突出问题 (GDUFS 七(四), HBUT 三(六)).
    StaffStudentConcern,
    /// 重大突发事件的应急处置 (GDUFS 七(五)).
    Emergency,
    /// 其他 (GDUFS 七(六), HBUT 三(七)).
    Other,
}

impl SourceCategory {
    pub const ALL: [SourceCategory; 8] = [
        SourceCategory::HigherDecision,
        SourceCategory::HigherInstruction,
        SourceCategory::MeetingResolution,
        SourceCategory::PlanAndReform,
        SourceCategory::LeaderInstruction,
        SourceCategory::StaffStudentConcern,
        SourceCategory::Emergency,
        SourceCategory::Other,
    ];

    pub fn name_zh(self) -> &'static str {
        match self {
            SourceCategory::HigherDecision => "上级重大决策部署",
            SourceCategory::HigherInstruction => "上级机关批示、来文、来电",
            SourceCategory::MeetingResolution => "学校重要会议决议",
            SourceCategory::PlanAndReform => "事业规划、重大改革和年度工作要点",
            SourceCategory::LeaderInstruction => "学校领导批示、交办事项",
            SourceCategory::StaffStudentConcern => "师生员工反映的突出问题",
            SourceCategory::Emergency => "重大突发事件应急处置",
            SourceCategory::Other => "其他",
        }
    }
}

/// A unit's part on a matter (GDUFS 第八条(二)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitPart {
    /// 主办单位 / 牵头单位: answers for the whole matter and reports for all.
    Lead,
    /// 协办单位: must cooperate.
    Assisting,
}

impl UnitPart {
    /// The part `unit` has on a matter led by `lead` with `assisting` units, if any.
    pub fn of(unit: &str, lead: &str, assisting: &[String]) -> Option<UnitPart> {
        if lead == unit {
            Some(UnitPart::Lead)
        } else if assisting.iter().any(|u| u == unit) {
            Some(UnitPart::Assisting)
        } else {
            None
        }
    }
}

/// One matter, as rebuilt from its events. Never edited directly: see `engine::apply`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Matter {
    pub id: String,
    pub number: Option<MatterNumber>,
    pub procedure: ProcedureId,
    pub kind: MatterKind,
    pub stage: Stage,
    pub title: String,
    pub content: String,
    pub source_category: SourceCategory,
    pub source_reference: String,
    pub lead_unit: String,
    pub assisting_units: Vec<String>,
    pub lead_leader: Option<String>,
    pub leader_in_charge: Option<String>,
    pub requirements: String,
    /// The deadline in force (办结时限), moved only by an approved extension or new requirements.
    pub deadline: Option<NaiveDate>,
    /// The first deadline ever set, kept for the 延期申请单 and on-time statistics.
    pub original_deadline: Option<NaiveDate>,
    pub emergency: bool,
    /// An emergency started before its 督办单 was written (GDUFS 第十条(一)).
    pub emergency_form_pending: bool,
    pub long_term: bool,
    pub major: bool,
    pub consultation: Option<String>,
    pub needs_policy: bool,
    /// The year a long-term matter is tracked in; rolled over each year.
    pub year: i32,
    pub proposed_on: NaiveDate,
    pub approval: Option<Decision>,
    pub registered_on: Option<NaiveDate>,
    /// HBUT: the notice must go out within 2 working days of registration.
    pub issue_due: Option<NaiveDate>,
    pub issued_on: Option<NaiveDate>,
    pub copied_leaders: Vec<String>,
    /// GDUFS routine: the lead unit replies within 7 days of issue.
    pub reply_due: Option<NaiveDate>,
    /// HBUT: a work plan within 5 working days of issue for items needing new policy.
    pub work_plan_due: Option<NaiveDate>,
    pub signed_for: Option<Signature>,
    pub commitment: Option<Commitment>,
    pub replied_on: Option<NaiveDate>,
    pub work_plan: Option<WorkPlan>,
    pub progress_reports: Vec<ProgressReport>,
    pub follow_ups: Vec<FollowUp>,
    pub reminders: Vec<Reminder>,
    pub extension_requests: Vec<ExtensionRequest>,
    pub obstacles: Vec<Obstacle>,
    pub completion_report: Option<CompletionReport>,
    pub completion_reported_on: Option<NaiveDate>,
    /// The day the completion report now before the office arrived: set when the unit reports,
    /// cleared when the office returns it for 补办 / 重办. While it stands the unit's clock is
    /// stopped; the time the office then takes is the office's (`Matter::unit_reported_on`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_standing_since: Option<NaiveDate>,
    pub reviews: Vec<Review>,
    pub verifications: Vec<Verification>,
    pub rectification_items: Vec<RectificationItem>,
    /// GDUFS key: the leader in charge approved the closure.
    pub closure_approval: Option<Decision>,
    /// The day the matter was closed (办结 / 结项).
    pub closed_on: Option<NaiveDate>,
    /// HBUT: archive within 5 working days of closure.
    pub archive_due: Option<NaiveDate>,
    pub result_reported_on: Option<NaiveDate>,
    pub archived_on: Option<NaiveDate>,
    pub archive_materials: Vec<String>,
    pub escalated_from: Option<String>,
    pub escalated_to: Option<String>,
    /// How many events were applied; the next event has `seq == version + 1`.
    pub version: u64,
}

impl Matter {
    pub fn unit_part(&self, unit: &str) -> Option<UnitPart> {
        UnitPart::of(unit, &self.lead_unit, &self.assisting_units)
    }

    /// Archived, rejected or escalated: nothing more happens to it.
    pub fn is_finished(&self) -> bool {
        self.stage.is_terminal()
    }

    /// Still being worked on: not closed and not finished.
    pub fn is_open(&self) -> bool {
        !self.is_finished() && self.closed_on.is_none()
    }

    pub fn reminder_count(&self) -> usize {
        self.reminders.iter().filter(|r| !r.second).count()
    }

    /// Has a second reminder (二次催办) been sent, so the discipline office sees this matter.
    pub fn second_reminder(&self) -> bool {
        self.reminders.iter().any(|r| r.second)
    }

    pub fn returns(&self) -> usize {
        self.reviews.iter().filter(|r| !r.passed).count()
    }

    pub fn pending_extension(&self) -> Option<&ExtensionRequest> {
        self.extension_requests
            .last()
            .filter(|r| r.decision.is_none())
    }

    pub fn open_rectification_items(&self) -> usize {
        self.rectification_items
            .iter()
            .filter(|i| !i.done())
            .count()
    }

    /// The day the unit's completion report that stands before the office arrived: the unit has
    /// delivered and its clock stopped on that day, however long the office then takes to review,
    /// verify or approve. `None` while the unit still owes a report (never sent, or returned).
    pub fn unit_reported_on(&self) -> Option<NaiveDate> {
        self.report_standing_since.or_else(|| {
            // A matter stored before the day was recorded: the last report stands unless a return
            // came on or after it.
            let on = self.completion_reported_on?;
            let returned = self.reviews.iter().any(|r| !r.passed && r.on >= on);
            (!returned).then_some(on)
        })
    }

    /// The day the unit's completion clock stops: its standing report, else the closure (a matter
    /// closed with no report), else it still runs on `today`.
    pub fn unit_clock_at(&self, today: NaiveDate) -> NaiveDate {
        self.unit_reported_on().or(self.closed_on).unwrap_or(today)
    }

    /// Did the unit deliver after its deadline: its completion report (or, with none, the
    /// closure) came later than the deadline in force. The office's review time never counts.
    pub fn delivered_late(&self) -> bool {
        self.deadline
            .zip(self.unit_reported_on().or(self.closed_on))
            .is_some_and(|(d, on)| on > d)
    }

    /// Overdue from the day after the deadline, while the matter is open and the unit has not
    /// yet reported, or reported late; a report that arrived in time keeps it on time while the
    /// office reviews.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.deadline.is_some_and(|d| self.unit_clock_at(today) > d)
    }

    /// An HBUT 通知单 issued and not yet signed for (附件3 签收人、签收时间 still blank), while the
    /// matter is open: the unit that most needs chasing.
    pub fn awaits_signature(&self) -> bool {
        self.procedure == crate::procedure::ProcedureId::Hbut
            && self.issued_on.is_some()
            && self.signed_for.is_none()
            && self.is_open()
    }
}
