//! The input that creates a matter (拟办 / 督办单 draft) and its validated form `NewMatter`.

use crate::error::{RuleError, required};
use crate::matter::SourceCategory;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A matter title (事项标题): 1 to 100 characters once trimmed, so it fits one line of every form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Title(String);

impl Title {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(s: &str) -> Result<Title, RuleError> {
        let t = s.trim();
        let n = t.chars().count();
        if n == 0 {
            return Err(RuleError::invalid(
                "title",
                "事项标题不能为空",
                "the title must not be empty",
            ));
        }
        if n > Self::MAX_CHARS {
            return Err(RuleError::invalid(
                "title",
                format!("事项标题不能超过 {} 个字（现为 {n} 个）", Self::MAX_CHARS),
                format!(
                    "the title may have at most {} characters ({n} given)",
                    Self::MAX_CHARS
                ),
            ));
        }
        Ok(Title(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A unit's code as the admin defined it: no spaces, at most 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct UnitCode(String);

impl UnitCode {
    pub fn parse(s: &str) -> Result<UnitCode, RuleError> {
        if s.is_empty() || s.chars().count() > 64 || s.chars().any(char::is_whitespace) {
            return Err(RuleError::invalid(
                "unit",
                format!("单位代码“{s}”无效"),
                format!("the unit code “{s}” is not valid"),
            ));
        }
        Ok(UnitCode(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the office writes to propose a matter; checked by `NewMatter::parse`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MatterDraft {
    pub title: String,
    pub content: String,
    pub source_category: SourceCategory,
    /// The meeting, document or instruction the matter comes from.
    #[serde(default)]
    pub source_reference: String,
    pub lead_unit: String,
    #[serde(default)]
    pub assisting_units: Vec<String>,
    /// 牵头领导 (user id), required on a key item before it is issued.
    #[serde(default)]
    pub lead_leader: Option<String>,
    /// 分管校领导 (user id): when set, only this leader approves the proposal and the closure.
    #[serde(default)]
    pub leader_in_charge: Option<String>,
    /// 办理要求 / 办理意见.
    #[serde(default)]
    pub requirements: String,
    /// 办结时限; HBUT gives 15 working days from issue when none is set.
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    #[serde(default)]
    pub emergency: bool,
    /// 长期推进: tracked year by year (GDUFS 第八条(三)).
    #[serde(default)]
    pub long_term: bool,
    /// 重大或复杂事项: must be consulted on and approved by a leader (HBUT 第四条(一)).
    #[serde(default)]
    pub major: bool,
    /// 征求有关方面意见的情况, required for a major item.
    #[serde(default)]
    pub consultation: Option<String>,
    /// 需要充分调研、制定具体政策: a work plan is due within 5 working days (HBUT 第四条(四)).
    #[serde(default)]
    pub needs_policy: bool,
}

impl MatterDraft {
    /// Sizes only (`crate::limits`), checked before anything else; `NewMatter::parse` checks the rest.
    pub fn check_limits(&self) -> Result<(), RuleError> {
        use crate::limits::{name, names, opt_name, opt_text, text};
        name("title", &self.title)?;
        text("content", &self.content)?;
        text("source_reference", &self.source_reference)?;
        name("lead_unit", &self.lead_unit)?;
        names("assisting_units", &self.assisting_units)?;
        opt_name("lead_leader", &self.lead_leader)?;
        opt_name("leader_in_charge", &self.leader_in_charge)?;
        text("requirements", &self.requirements)?;
        opt_text("consultation", &self.consultation)
    }
}

/// A draft that passed every check; only `parse` makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMatter(MatterDraft);

impl NewMatter {
    /// Checks a draft on `today`: title, content, a single lead unit not also assisting,
    /// no unit twice, no deadline in the past, consultation recorded for a major item.
    pub fn parse(draft: MatterDraft, today: NaiveDate) -> Result<NewMatter, RuleError> {
        let mut d = draft;
        d.title = Title::parse(&d.title)?.0;
        required("content", &d.content)?;
        UnitCode::parse(&d.lead_unit)?;
        check_units(&d.lead_unit, &d.assisting_units)?;
        if let Some(deadline) = d.deadline {
            not_in_past(deadline, today)?;
        }
        if d.major
            && d.consultation
                .as_deref()
                .is_none_or(|c| c.trim().is_empty())
        {
            return Err(RuleError::invalid(
                "consultation",
                "重大或复杂事项须先征求有关方面的意见",
                "a major or complex item must first be consulted on",
            ));
        }
        // Blank optional texts name nothing: a form's empty box is not a leader called "".
        let given = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        d.lead_leader = given(d.lead_leader);
        d.leader_in_charge = given(d.leader_in_charge);
        d.consultation = given(d.consultation);
        d.source_reference = d.source_reference.trim().to_owned();
        Ok(NewMatter(d))
    }

    pub fn draft(&self) -> &MatterDraft {
        &self.0
    }

    pub fn into_draft(self) -> MatterDraft {
        self.0
    }
}

/// Exactly one lead unit, never also assisting, and no assisting unit twice.
pub(crate) fn check_units(lead: &str, assisting: &[String]) -> Result<(), RuleError> {
    for (i, unit) in assisting.iter().enumerate() {
        UnitCode::parse(unit)?;
        if unit == lead {
            return Err(RuleError::invalid(
                "assisting_units",
                "主办单位不能同时是协办单位",
                "the lead unit cannot also be an assisting unit",
            ));
        }
        if assisting[..i].contains(unit) {
            return Err(RuleError::invalid(
                "assisting_units",
                format!("协办单位“{unit}”重复"),
                format!("the assisting unit {unit} is listed twice"),
            ));
        }
    }
    Ok(())
}

pub(crate) fn not_in_past(date: NaiveDate, today: NaiveDate) -> Result<(), RuleError> {
    crate::dates::check_date("deadline", date)?;
    if date < today {
        return Err(RuleError::invalid(
            "deadline",
            format!("办结时限 {date} 早于今天 {today}"),
            format!("the deadline {date} is before today {today}"),
        ));
    }
    Ok(())
}
