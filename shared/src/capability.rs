//! Who may open which screen and read which report: one table, read by the server's guards and the app's menus.
//!
//! What a role may *do to a matter* is the procedure templates' business (`procedure`, `engine`), and
//! which matters it *sees* is `visibility`; this table covers the rest: the queues, reports, checks and
//! administration screens. The server refuses with it (`auth::guard`), the app builds its navigation
//! from it, so a menu never offers what the server would refuse.

use crate::role::Role;

/// One thing a role may open or do outside a matter's own procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capability {
    /// The unit's inbox and drafts (`/`, `/drafts`): its own open matters, lead or assisting.
    Inbox,
    /// The whole ledger (台账) as a table, with filters and the Excel download.
    Ledger,
    /// Proposing a new matter (拟办, `/ledger/new`); the templates say the same for the action itself.
    ProposeMatter,
    /// The escalation queue and the chase lists (`/escalations`, `GET /api/escalations`).
    Escalations,
    /// The dashboard's counts by light, kind and unit (`/dashboard`, `GET /api/dashboard`).
    Dashboard,
    /// What waits for this leader's decision (`GET /api/decisions`) and the key items the leader leads.
    Decide,
    /// 督办简报: the briefing for any period and the issued ones, with their Excel tables.
    Briefings,
    /// Numbering and issuing a briefing (`POST /api/reports/briefings`).
    IssueBriefing,
    /// The quarterly report to the leadership, with its Excel table.
    QuarterlyReport,
    /// The year's figures per unit (`GET /api/stats/units`), the dashboard's ranking.
    UnitStats,
    /// The accountability list (问责清单), with its Excel table.
    Accountability,
    /// Checking the audit chain and recounting the counters.
    CheckIntegrity,
    /// Reading the list of users (the office assigns people by name).
    ListUsers,
    /// Creating and changing users and units.
    ManageUsers,
    /// Editing a year's holidays and make-up working days.
    EditCalendar,
    /// Reading and changing what differs between universities (`GET/PUT /api/settings`).
    EditSettings,
}

impl Capability {
    pub const ALL: [Capability; 16] = [
        Capability::Inbox,
        Capability::Ledger,
        Capability::ProposeMatter,
        Capability::Escalations,
        Capability::Dashboard,
        Capability::Decide,
        Capability::Briefings,
        Capability::IssueBriefing,
        Capability::QuarterlyReport,
        Capability::UnitStats,
        Capability::Accountability,
        Capability::CheckIntegrity,
        Capability::ListUsers,
        Capability::ManageUsers,
        Capability::EditCalendar,
        Capability::EditSettings,
    ];
}

impl Role {
    /// The table itself. Reports go to the office and the leadership (GDUFS 第八条(四): 向学校领导班子
    /// 汇报); the accountability list to the discipline office and the office that keeps the record
    /// (HBUT 第六条); the office runs the queues (GDUFS 第四条); leaders decide (HBUT 第四条);
    /// units work their own matters; the administrator manages people, units, the calendar and the
    /// settings.
    pub fn allows(self, capability: Capability) -> bool {
        use Capability as C;
        match self {
            Role::Office => matches!(
                capability,
                C::Ledger
                    | C::ProposeMatter
                    | C::Escalations
                    | C::Dashboard
                    | C::Briefings
                    | C::IssueBriefing
                    | C::QuarterlyReport
                    | C::UnitStats
                    | C::Accountability
                    | C::CheckIntegrity
                    | C::ListUsers
            ),
            Role::Leader => matches!(
                capability,
                C::Ledger
                    | C::Dashboard
                    | C::Decide
                    | C::Briefings
                    | C::QuarterlyReport
                    | C::UnitStats
            ),
            Role::Discipline => capability == C::Accountability,
            Role::Admin => matches!(
                capability,
                C::CheckIntegrity
                    | C::ListUsers
                    | C::ManageUsers
                    | C::EditCalendar
                    | C::EditSettings
            ),
            Role::UnitHead | Role::Liaison | Role::Handler => capability == C::Inbox,
        }
    }

    /// The screen a role lands on (`/`): where its daily work is.
    pub fn home(self) -> Capability {
        match self {
            Role::Office => Capability::Ledger,
            Role::Leader => Capability::Dashboard,
            Role::Discipline => Capability::Accountability,
            Role::Admin => Capability::ManageUsers,
            Role::UnitHead | Role::Liaison | Role::Handler => Capability::Inbox,
        }
    }
}
