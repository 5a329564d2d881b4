//! The eight forms, each laid out like its original (GDUFS 第九条、第十条; HBUT 附件 2–7) and filled from the record.

use super::data::Data;
use super::html::{Html, ymd};
use super::registers;
use shared::engine::{Action, ActionKind, Event, FieldName, describe};
use shared::procedure::Form;

pub fn render(h: &mut Html, form: Form, d: &Data) {
    match form {
        Form::WorkProgressReminder => work_progress_reminder(h, d),
        Form::SupervisionSheet => supervision_sheet(h, d),
        Form::RegistrationForm => registration_form(h, d),
        Form::AssignmentNotice => assignment_notice(h, d),
        Form::ExtensionRequest => extension_requests(h, d),
        Form::ReminderNotice => reminder_notices(h, d),
        Form::CompletionReport => completion_report(h, d),
        Form::ArchiveRegister => archive_register(h, d),
    }
}

/// Opens one A4 sheet: the annex mark of the seed, the title and the number line.
fn sheet(h: &mut Html, form: Form, annex: Option<u8>, title: &str, number: &str) {
    h.push(&format!(
        "<section class=\"sheet\" data-testid=\"sheet\" data-form=\"{}\">",
        form.slug()
    ));
    if let Some(n) = annex {
        h.el("p", "annex", &format!("附件 {n}"));
    }
    h.el("h1", "", title);
    if !number.is_empty() {
        h.el("p", "number", &format!("编号：{number}"));
    }
}

fn issuer(h: &mut Html, office: &str, on: Option<chrono::NaiveDate>) {
    h.push("<p class=\"issuer\">");
    h.text(office);
    h.push("<br>");
    h.text(&ymd(on));
    h.push("</p></section>");
}

fn table(h: &mut Html, rows: &[&[(&str, &str, u8)]]) {
    h.push("<table class=\"form\"><colgroup><col class=\"label\"><col><col class=\"label\"><col></colgroup><tbody>");
    for cells in rows {
        h.row(cells);
    }
    h.push("</tbody></table>");
}

fn work_progress_reminder(h: &mut Html, d: &Data) {
    let m = d.m;
    sheet(
        h,
        Form::WorkProgressReminder,
        None,
        "工作进展提醒单",
        &d.number(),
    );
    let source = format!("{}：{}", m.source_category.name_zh(), m.source_reference);
    let reply = match m.reply_due {
        Some(due) => format!(
            "请主办单位于 {} 前回复有关意见（含承诺办结时间、工作举措、办结形式、事项经办人及联系方式）。",
            ymd(Some(due))
        ),
        None => "请主办单位收到本提醒单后 7 天内回复有关意见（含承诺办结时间、工作举措、办结形式、事项经办人及联系方式）。".to_owned(),
    };
    let approval = d.decision(m.approval.as_ref(), "（待分管校领导审定）");
    let answer = match &m.commitment {
        Some(c) => format!(
            "承诺办结时间：{}\n工作举措：{}\n办结形式：{}\n事项经办人及联系方式：{}　{}\n回复日期：{}",
            ymd(Some(c.promised_date)),
            c.measures,
            c.completion_form,
            c.handler_name,
            c.handler_contact,
            ymd(m.replied_on)
        ),
        None => String::new(),
    };
    table(
        h,
        &[
            &[("事项标题", &m.title, 3)],
            &[("主办单位", &d.lead(), 1), ("协办单位", &d.assisting(), 1)],
            &[("事项来源", &source, 3)],
            &[("事项内容", &m.content, 3)],
            &[("办理意见", &m.requirements, 3)],
            &[("回复要求", &reply, 3)],
            &[("分管校领导审定", &approval, 3)],
            &[("承办单位回复", &answer, 3)],
        ],
    );
    issuer(h, "党委办公室、校长办公室", m.issued_on);
}

fn supervision_sheet(h: &mut Html, d: &Data) {
    let m = d.m;
    sheet(h, Form::SupervisionSheet, None, "督办单", &d.number());
    let lead_leader = m
        .lead_leader
        .as_deref()
        .map(|u| d.person(u))
        .unwrap_or_default();
    let copied: Vec<String> = m.copied_leaders.iter().map(|u| d.person(u)).collect();
    let approval = d.decision(m.approval.as_ref(), "（待分管校领导审定）");
    let mut requirements = m.requirements.clone();
    if let Some(Action::StartEmergency { how_started, .. }) =
        d.last(ActionKind::StartEmergency).map(|e| &e.action)
    {
        requirements.push_str(&format!(
            "\n\n（因紧急情况已先行启动督办：{how_started}；本督办单随后编制。）"
        ));
    }
    table(
        h,
        &[
            &[("事项标题", &m.title, 3)],
            &[
                ("牵头领导", &lead_leader, 1),
                ("办结时限", &ymd(m.deadline), 1),
            ],
            &[("主办单位", &d.lead(), 1), ("协办单位", &d.assisting(), 1)],
            &[("事项内容", &m.content, 3)],
            &[("办理要求", &requirements, 3)],
            &[("分管校领导审定", &approval, 3)],
            &[("抄送", &copied.join("、"), 3)],
        ],
    );
    issuer(h, "党委办公室、校长办公室", m.issued_on);
}

fn registration_form(h: &mut Html, d: &Data) {
    sheet(
        h,
        Form::RegistrationForm,
        Some(2),
        "湖北工业大学督办立项登记表",
        "",
    );
    registers::table(
        h,
        &registers::REGISTRATION_HEADERS,
        &[registers::registration_row(d, 1)],
    );
    h.push("</section>");
}

fn assignment_notice(h: &mut Html, d: &Data) {
    let m = d.m;
    sheet(
        h,
        Form::AssignmentNotice,
        Some(3),
        "湖北工业大学督办事项通知单",
        &d.number(),
    );
    // 联系人 and 联系电话 are the unit's: its 督办联络员 and their line (HBUT 附件3), unless the
    // unit named its own handler in a reply.
    let (contact, phone) = match &m.commitment {
        Some(c) => (c.handler_name.clone(), c.handler_contact.clone()),
        None => (d.contact("liaison"), d.phones("liaison")),
    };
    let content = format!("{}\n\n办理要求：{}", m.content, m.requirements);
    let (signer, signed_on) = match &m.signed_for {
        Some(s) => (s.signer.clone(), ymd(Some(s.on))),
        None => (String::new(), String::new()),
    };
    table(
        h,
        &[
            &[("事项标题", &m.title, 3)],
            &[("承办单位", &d.units_line(), 3)],
            &[
                ("负责人", &d.contact("unit_head"), 1),
                ("完成时限", &ymd(m.deadline), 1),
            ],
            &[("联系人", &contact, 1), ("联系电话", &phone, 1)],
            &[("事项内容", &content, 3)],
            &[("签收人", &signer, 1), ("签收时间", &signed_on, 1)],
        ],
    );
    h.push("<div class=\"notes\"><p>注：1.承办单位应于完成时限前办结督办事项，并以书面形式向学校办公室督办室反馈情况。</p>");
    h.push("<p class=\"more\">2.此通知单一式两份，学校办公室、承办单位各执一份。</p></div>");
    issuer(h, "学校办公室", m.issued_on);
}

fn matter_line(d: &Data) -> String {
    format!("{}\n{}", d.m.title, d.m.content)
}

fn extension_requests(h: &mut Html, d: &Data) {
    let count = d.m.extension_requests.len();
    for (i, r) in d.m.extension_requests.iter().enumerate() {
        let title = if count > 1 {
            format!("湖北工业大学督办事项延期申请单（第 {} 次）", i + 1)
        } else {
            "湖北工业大学督办事项延期申请单".to_owned()
        };
        sheet(h, Form::ExtensionRequest, Some(4), &title, "");
        let report = format!(
            "延期原因：{}\n\n解决措施：{}\n\n部门负责人签字：{}\n{}",
            r.reason,
            r.measures,
            d.person(&r.signed_by),
            ymd(Some(r.on))
        );
        let decision = d.decision(r.decision.as_ref(), "（待校领导审批）");
        table(
            h,
            &[
                &[("督办事项编号", &d.number(), 3)],
                &[("督办事项内容", &matter_line(d), 3)],
                &[("事项牵头部门", &d.lead(), 3)],
                &[
                    ("原办结时间", &ymd(r.previous_deadline), 1),
                    ("计划办结时间", &ymd(Some(r.new_deadline)), 1),
                ],
                &[("申请办理延期简要报告", &report, 3)],
                &[("校领导审批意见", &decision, 3)],
            ],
        );
        h.push("</section>");
    }
}

fn reminder_notices(h: &mut Html, d: &Data) {
    for (i, r) in d.m.reminders.iter().enumerate() {
        let title = if r.second {
            "湖北工业大学督办事项催办单（二次催办）".to_owned()
        } else {
            "湖北工业大学督办事项催办单".to_owned()
        };
        sheet(h, Form::ReminderNotice, Some(5), &title, "");
        let mut content = r.content.clone();
        if r.second {
            content.push_str("\n\n（本次为二次催办，抄送纪委监察。）");
        }
        let signed = match &r.signed {
            Some(s) => format!("签收人签字：{}\n{}", s.signer, ymd(Some(s.on))),
            None => format!("签收人签字：\n{}", ymd(None)),
        };
        table(
            h,
            &[
                &[("督办事项编号", &d.number(), 3)],
                &[("督办事项内容", &matter_line(d), 3)],
                &[("事项牵头部门", &d.lead(), 3)],
                &[("限期办结时间", &ymd(Some(r.due)), 3)],
                &[("催办内容", &content, 3)],
                &[("牵头单位（部门）签收", &signed, 3)],
            ],
        );
        h.push(
            "<div class=\"notes\"><p>此通知单一式两份，学校办公室、承办单位各执一份。</p></div>",
        );
        h.el("p", "seq", &format!("第 {} 份催办单", i + 1));
        issuer(h, "学校办公室", Some(r.on));
    }
}

fn completion_report(h: &mut Html, d: &Data) {
    let submissions: Vec<&Event> = d
        .events
        .iter()
        .filter(|e| e.action.kind() == ActionKind::SubmitCompletionReport)
        .collect();
    let Some((last, Action::SubmitCompletionReport(r))) =
        submissions.last().map(|e| (*e, &e.action))
    else {
        return;
    };
    sheet(
        h,
        Form::CompletionReport,
        Some(6),
        "湖北工业大学督办事项办结报告",
        &d.number(),
    );
    let mut meta = format!("事项标题：{}\n报送单位：{}", d.m.title, d.lead());
    if submissions.len() > 1 {
        meta.push_str(&format!(
            "\n第 {} 次报送（此前报告曾退回补办或重办）",
            submissions.len()
        ));
    }
    h.el("p", "meta", &meta);
    // The five parts under the headings the unit filled them in (the form's labels, HBUT 附件6).
    let form = describe(ActionKind::SubmitCompletionReport);
    for (part, text) in [
        (FieldName::Content, &r.content),
        (FieldName::Goal, &r.goal),
        (FieldName::WorkDone, &r.work_done),
        (FieldName::Results, &r.results),
        (FieldName::NextSteps, &r.next_steps),
    ] {
        h.el("h2", "", form.field(part).map_or("", |f| f.zh));
        h.el("p", "part", text);
    }
    let signer = format!("报送人：{}", d.person(&last.actor.user_id));
    h.el("p", "signline", &signer);
    issuer(h, &d.lead(), Some(last.on));
}

fn archive_register(h: &mut Html, d: &Data) {
    sheet(
        h,
        Form::ArchiveRegister,
        Some(7),
        "湖北工业大学督办事项办结材料归档登记表",
        "",
    );
    registers::table(
        h,
        &registers::ARCHIVE_HEADERS,
        &[registers::archive_row(d, 1)],
    );
    h.push("</section>");
}
