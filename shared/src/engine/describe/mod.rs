//! Each action's description, next to its record: the fields its form asks for, which are required,
//! their bounds, the line the history shows and who hears of it.
//!
//! The app's forms (`build`), the history (`Recorded::line`), the server's notices (`notices`) and
//! the procedures' "what it records" all read it, so a step is described once, in `table.rs`.

mod build;
mod flow;
mod pieces;
mod recorded;
mod table;

pub use build::{Invalid, Problem, build};
pub use flow::{Reached, StageState, Step, passed_through, stages_reached};
pub use recorded::Recorded;
pub use table::describe;

use super::Action;
use crate::api::NotificationKind;

/// Everything outside the engine needs to know about one kind of action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Description {
    /// The form's fields, in the order of the paper form. Empty for the actions that create a
    /// matter (the new-matter screen asks for those) and for those with nothing to type.
    pub fields: &'static [Field],
    /// What a history line says of the recorded action.
    pub line: &'static [Part],
    /// Who hears of it once it is done.
    pub notices: &'static [Notice],
    /// What the step records, in words, for the procedure's description: (Chinese, English).
    pub records: (&'static str, &'static str),
    /// A side path the flowchart marks in the stage where it happened (a reminder, a return).
    pub side: Option<Side>,
}

/// A side path: its name on the flowchart, and when the action counts as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    pub zh: &'static str,
    pub en: &'static str,
    pub when: When,
}

impl Description {
    /// The field of this form with this name.
    pub fn field(&self, name: FieldName) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// One field of an action's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: FieldName,
    pub input: Input,
    /// The form refuses it blank (a tick box is never blank: unticked is an answer).
    pub required: bool,
    pub bound: Bound,
    /// The label, as on the paper form.
    pub zh: &'static str,
    pub en: &'static str,
}

/// How a field is typed in; values are kept as strings until `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// One line.
    Text,
    /// A person's name on one line; the form offers the user's own.
    Person,
    /// Free text over several lines.
    Area,
    /// YYYY-MM-DD.
    Date,
    /// "true" when ticked.
    Check,
    /// One of these values; the first is the default.
    Select(&'static [Choice]),
    /// One entry per line.
    Lines,
    /// One of the matter's open rectification items, by index.
    Item,
    /// A university leader (校领导), picked by name from the server's list; the value is the username.
    Leader,
    /// A unit, picked by name from the server's list; the value is its code.
    Unit,
}

/// An option of a `Select`: the value sent, and its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub value: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

/// How much a field may hold: the numbers are those of `crate::limits`, which the engine checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// Nothing to count (a date, a tick, a choice).
    Free,
    /// At most this many characters.
    Chars(usize),
    /// At most `MAX_LIST_ITEMS` lines, each of at most this many characters.
    Lines(usize),
}

/// A piece of a history line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// What the action recorded under this field (a text, a date, the title of a matter).
    Value(FieldName),
    /// Fixed words.
    Words(&'static str),
    /// The first parts when the recorded yes/no is yes, the second otherwise.
    Either(FieldName, &'static [Part], &'static [Part]),
    /// The entries of a recorded list, joined by "；".
    Joined(FieldName),
    /// How many entries a recorded list has.
    Count(FieldName),
}

/// One notice an action sends once done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub to: Recipients,
    pub kind: NotificationKind,
    pub when: When,
}

/// Who a notice goes to, in the matter's terms; the server turns them into users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipients {
    /// The liaisons and heads of the lead unit.
    LeadUnit,
    /// The liaisons and heads of the lead and the assisting units.
    AllUnits,
    /// The matter's leader in charge, or every leader when none is named.
    Leaders,
    Office,
    Discipline,
}

/// When a notice is sent or a side path taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// Only when the action recorded no under this field (a review that did not pass).
    No(FieldName),
}

impl When {
    fn holds(self, action: &Action) -> bool {
        match self {
            When::Always => true,
            // Read by name, as the history reads it: no variant of `Action` needs naming here.
            When::No(name) => {
                let json = serde_json::to_value(action).ok();
                json.and_then(|v| v.get(name.code())?.as_bool()) == Some(false)
            }
        }
    }
}

/// The notices this action sends: whom to tell, and as what.
pub fn notices(action: &Action) -> impl Iterator<Item = (Recipients, NotificationKind)> + '_ {
    describe(action.kind())
        .notices
        .iter()
        .filter(|n| n.when.holds(action))
        .map(|n| (n.to, n.kind))
}

macro_rules! field_names {
    ($($(#[$doc:meta])* $name:ident = $code:literal,)*) => {
        /// A field of an action: what its form asks for and, mostly under the same name, what its
        /// JSON records (`code`). A few exist only on one side: `Decision` is typed where the
        /// action records `Approve`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum FieldName {
            $($(#[$doc])* $name,)*
        }

        impl FieldName {
            pub const ALL: &'static [FieldName] = &[$(FieldName::$name,)*];

            /// Its name in the action's JSON, in a kept draft and in the page (`{action}-{field}`).
            pub const fn code(self) -> &'static str {
                match self {
                    $(FieldName::$name => $code,)*
                }
            }
        }
    };
}

field_names! {
    Opinion = "opinion",
    Requirements = "requirements",
    Deadline = "deadline",
    LeadLeader = "lead_leader",
    LeaderInCharge = "leader_in_charge",
    Note = "note",
    CopiedLeaders = "copied_leaders",
    Signer = "signer",
    PromisedDate = "promised_date",
    Measures = "measures",
    CompletionForm = "completion_form",
    HandlerName = "handler_name",
    HandlerContact = "handler_contact",
    Plan = "plan",
    Text = "text",
    NextSchedule = "next_schedule",
    Method = "method",
    Outcome = "outcome",
    NewIssue = "new_issue",
    UncooperativeUnit = "uncooperative_unit",
    Content = "content",
    Due = "due",
    Reason = "reason",
    NewDeadline = "new_deadline",
    /// The form's approve / reject choice; the action records `Approve`.
    Decision = "decision",
    Approve = "approve",
    Proposal = "proposal",
    Goal = "goal",
    WorkDone = "work_done",
    Results = "results",
    NextSteps = "next_steps",
    /// The form's pass / return choice; the action records `Passed`.
    Result = "result",
    Passed = "passed",
    Mode = "mode",
    Reasons = "reasons",
    Misreported = "misreported",
    MeasuresDone = "measures_done",
    ProblemSolved = "problem_solved",
    EffectClear = "effect_clear",
    Lawful = "lawful",
    Items = "items",
    Item = "item",
    Done = "done",
    Summary = "summary",
    Materials = "materials",
    Archivist = "archivist",
    /// The escalation form's four reasons, one tick each; the action records them as `Reasons`.
    Overdue = "overdue",
    ReviewFailed = "review_failed",
    Reminders = "reminders",
    Emergency = "emergency",
    /// Recorded only: an emergency start's title.
    Title = "title",
    /// Recorded only: a proposal's matter, shown by its title.
    Matter = "matter",
}

impl FieldName {
    pub fn from_code(code: &str) -> Option<FieldName> {
        FieldName::ALL.iter().copied().find(|f| f.code() == code)
    }
}
