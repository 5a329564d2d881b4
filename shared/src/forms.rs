//! Which printed forms a procedure uses, and which of them a matter's history has filled in.
//!
//! A form is "filled" once an action the template attaches it to has happened: the 延期申请单
//! exists from the first extension request, the 归档登记表 from the archiving. The server refuses
//! to print an unfilled form and the app links only to filled ones, from the same rule.

use crate::engine::ActionKind;
use crate::procedure::{Form, ProcedureId, template};

impl Form {
    pub const ALL: [Form; 8] = [
        Form::WorkProgressReminder,
        Form::SupervisionSheet,
        Form::RegistrationForm,
        Form::AssignmentNotice,
        Form::ExtensionRequest,
        Form::ReminderNotice,
        Form::CompletionReport,
        Form::ArchiveRegister,
    ];

    /// The form's name in URLs (its serde name).
    pub fn slug(self) -> &'static str {
        match self {
            Form::WorkProgressReminder => "work_progress_reminder",
            Form::SupervisionSheet => "supervision_sheet",
            Form::RegistrationForm => "registration_form",
            Form::AssignmentNotice => "assignment_notice",
            Form::ExtensionRequest => "extension_request",
            Form::ReminderNotice => "reminder_notice",
            Form::CompletionReport => "completion_report",
            Form::ArchiveRegister => "archive_register",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Form> {
        Form::ALL.into_iter().find(|f| f.slug() == slug)
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Form::WorkProgressReminder => "work progress reminder",
            Form::SupervisionSheet => "supervision sheet",
            Form::RegistrationForm => "registration form",
            Form::AssignmentNotice => "assignment notice",
            Form::ExtensionRequest => "extension request",
            Form::ReminderNotice => "reminder notice",
            Form::CompletionReport => "completion report",
            Form::ArchiveRegister => "archive register",
        }
    }
}

/// The actions that fill in `form` in this procedure; empty when the procedure does not use it.
pub fn filled_by(procedure: ProcedureId, form: Form) -> Vec<ActionKind> {
    let t = template(procedure);
    let creations = t
        .creations
        .iter()
        .filter(|c| c.form == Some(form))
        .map(|c| c.action);
    let rules = t
        .stages
        .iter()
        .flat_map(|s| &s.actions)
        .filter(|r| r.form == Some(form))
        .map(|r| r.action);
    let mut kinds: Vec<ActionKind> = creations.chain(rules).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds
}

/// Where a form stands for one matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormState {
    /// The procedure has no such form.
    NotUsed,
    /// The procedure uses it, but nothing has filled it in yet.
    NotYet,
    Filled,
}

/// `form`'s state for a matter of `procedure` whose history holds the actions `done`.
pub fn form_state(
    procedure: ProcedureId,
    form: Form,
    done: impl IntoIterator<Item = ActionKind>,
) -> FormState {
    let by = filled_by(procedure, form);
    if by.is_empty() {
        FormState::NotUsed
    } else if done.into_iter().any(|k| by.contains(&k)) {
        FormState::Filled
    } else {
        FormState::NotYet
    }
}

/// The forms a matter can print now, in the order of `Form::ALL`.
pub fn filled_forms(procedure: ProcedureId, done: &[ActionKind]) -> Vec<Form> {
    Form::ALL
        .into_iter()
        .filter(|f| form_state(procedure, *f, done.iter().copied()) == FormState::Filled)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActionKind::*;

    #[test]
    fn each_procedure_prints_the_forms_of_its_own_seed() {
        let used = |p| {
            Form::ALL
                .into_iter()
                .filter(|f| !filled_by(p, *f).is_empty())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            used(ProcedureId::GdufsRoutine),
            [Form::WorkProgressReminder]
        );
        assert_eq!(used(ProcedureId::GdufsKey), [Form::SupervisionSheet]);
        assert_eq!(
            used(ProcedureId::Hbut),
            [
                Form::RegistrationForm,
                Form::AssignmentNotice,
                Form::ExtensionRequest,
                Form::ReminderNotice,
                Form::CompletionReport,
                Form::ArchiveRegister
            ]
        );
    }

    #[test]
    fn a_form_is_printable_only_after_the_action_that_fills_it() {
        let hbut = ProcedureId::Hbut;
        assert_eq!(
            form_state(hbut, Form::ExtensionRequest, [Propose, Register, Issue]),
            FormState::NotYet
        );
        assert_eq!(
            form_state(hbut, Form::ReminderNotice, [SendSecondReminder]),
            FormState::Filled
        );
        assert_eq!(
            form_state(hbut, Form::SupervisionSheet, [Propose]),
            FormState::NotUsed
        );
        assert_eq!(
            filled_forms(hbut, &[Propose, ApproveProposal, Register, Issue]),
            [Form::RegistrationForm, Form::AssignmentNotice]
        );
        // An emergency started first has its 督办单 only once it is written.
        let key = ProcedureId::GdufsKey;
        assert!(filled_forms(key, &[StartEmergency]).is_empty());
        assert_eq!(
            filled_forms(key, &[StartEmergency, CompleteEmergencyForm]),
            [Form::SupervisionSheet]
        );
    }

    #[test]
    fn slugs_are_the_serde_names() {
        for f in Form::ALL {
            assert_eq!(Form::from_slug(f.slug()), Some(f));
            assert_eq!(
                serde_json::to_value(f).ok(),
                Some(serde_json::json!(f.slug()))
            );
        }
    }
}
