//! Email rules: each person's choice of digest or immediate mail, which notices are urgent, and the message text.

use crate::api::NotificationKind;
use crate::error::RuleError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a person wants notices by email.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EmailMode {
    /// One message a day with every pending notice.
    #[default]
    Digest,
    /// One message per notice, as it happens.
    Immediate,
}

/// `GET/PUT /api/me/email-preferences`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EmailPreferences {
    /// Where mail goes; none means no mail at all.
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub mode: EmailMode,
}

impl EmailPreferences {
    /// A plausible address (one `@`, a dot in the domain, no spaces), at most 254 characters.
    pub fn validate(&self) -> Result<(), RuleError> {
        let Some(a) = self.address.as_deref() else {
            return Ok(());
        };
        let ok = a.len() <= 254
            && !a.chars().any(|c| c.is_whitespace() || c.is_control())
            && a.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if ok {
            Ok(())
        } else {
            Err(RuleError::invalid(
                "address",
                "邮箱地址格式不正确",
                "not a valid email address",
            ))
        }
    }
}

/// Notices that cannot wait for the digest: the matter is late or the discipline office is told.
pub fn is_urgent(kind: NotificationKind) -> bool {
    matches!(
        kind,
        NotificationKind::SecondReminder | NotificationKind::Overdue
    )
}

/// Whether a notice is mailed on its own now (else it waits for the person's digest).
pub fn goes_now(kind: NotificationKind, mode: EmailMode) -> bool {
    is_urgent(kind) || mode == EmailMode::Immediate
}

/// What a message says about one notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NotificationKind,
    pub matter_id: String,
    pub number: Option<String>,
    pub title: String,
    pub deadline: Option<NaiveDate>,
}

/// `【督办提醒】督〔2026〕3号 推进本科教学审核评估整改 已超期`.
pub fn subject(n: &Notice) -> String {
    let label = match &n.number {
        Some(no) => format!("{no} {}", n.title),
        None => n.title.clone(),
    };
    format!("【督办提醒】{label} {}", n.kind.name_zh())
}

/// `【督办提醒】今日待办通知 3 条`.
pub fn digest_subject(count: usize) -> String {
    format!("【督办提醒】今日待办通知 {count} 条")
}

/// What happened, which matter, the deadline and a link, as plain text lines.
pub fn notice_text(n: &Notice, base_url: &str) -> String {
    let what = match n.kind {
        NotificationKind::NewAssignment => "有新的督办事项或材料需要您处理。",
        NotificationKind::DueSoon => "该督办事项即将到期，请抓紧办理。",
        NotificationKind::Overdue => "该督办事项已超过办结时限，请尽快办结或说明情况。",
        NotificationKind::Reminder => "学校办公室已对该事项发出催办单。",
        NotificationKind::SecondReminder => "学校办公室已对该事项二次催办，并抄送纪委。",
        NotificationKind::ApprovalWaiting => "该事项有待您审批的内容。",
        NotificationKind::Returned => "该事项的办结报告已被退回，请补办或重办。",
        NotificationKind::EscalationProposed => "该常规事项建议转为重点督办。",
    };
    let number = n.number.as_deref().unwrap_or("（未编号）");
    let deadline = n.deadline.map_or("未定".to_owned(), |d| {
        d.format("%Y年%m月%d日").to_string()
    });
    format!(
        "【{kind}】{what}\n事项：{number} {title}\n办结时限：{deadline}\n查看：{base}/matters/{id}\n",
        kind = n.kind.name_zh(),
        title = n.title,
        base = base_url.trim_end_matches('/'),
        id = n.matter_id,
    )
}

/// The body of one message: a greeting, each notice, and why the mail came.
pub fn body(display_name: &str, notices: &[Notice], base_url: &str) -> String {
    let mut out = format!("{display_name}，您好：\n\n");
    for n in notices {
        out.push_str(&notice_text(n, base_url));
        out.push('\n');
    }
    out.push_str("此邮件由督办系统自动发送，请勿直接回复。可在系统“邮件提醒设置”中选择每日汇总或即时发送。\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overdue() -> Notice {
        Notice {
            kind: NotificationKind::Overdue,
            matter_id: "abc".into(),
            number: Some("督〔2026〕3号".into()),
            title: "推进本科教学审核评估整改".into(),
            deadline: NaiveDate::from_ymd_opt(2026, 3, 23),
        }
    }

    #[test]
    fn the_subject_names_the_number_the_title_and_what_happened() {
        assert_eq!(
            subject(&overdue()),
            "【督办提醒】督〔2026〕3号 推进本科教学审核评估整改 已超期"
        );
    }

    #[test]
    fn the_body_gives_the_deadline_and_a_link_to_the_matter() {
        let text = body("王老师", &[overdue()], "https://duban.example.edu/");
        assert!(text.contains("办结时限：2026年03月23日"));
        assert!(text.contains("https://duban.example.edu/matters/abc"));
    }

    #[test]
    fn overdue_and_second_reminders_go_at_once_whatever_the_choice() {
        assert!(goes_now(NotificationKind::Overdue, EmailMode::Digest));
        assert!(goes_now(
            NotificationKind::SecondReminder,
            EmailMode::Digest
        ));
        assert!(!goes_now(NotificationKind::Reminder, EmailMode::Digest));
        assert!(goes_now(NotificationKind::Reminder, EmailMode::Immediate));
    }

    #[test]
    fn an_address_needs_a_local_part_and_a_domain() {
        let p = |a: &str| EmailPreferences {
            address: Some(a.into()),
            mode: EmailMode::Digest,
        };
        assert!(p("wang@gdufs.edu.cn").validate().is_ok());
        assert!(p("wang@localhost").validate().is_err());
        assert!(p("wang gdufs.edu.cn").validate().is_err());
        assert!(p("@gdufs.edu.cn").validate().is_err());
    }
}
