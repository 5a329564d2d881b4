//! `Action::references`: the units and users an action names, field by field, so the server can
//! refuse a name that does not exist before anything is written (a typo would leave a matter that
//! no leader can approve and no unit can see).

use super::Action;

/// What a named field must be: a unit, or a user who is an active leader (校领导).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Unit,
    Leader,
}

/// One name in an action: its field (the JSON key), its label in both languages, what it must be,
/// and the name as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference<'a> {
    pub field: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub named: Named,
    pub name: &'a str,
}

const LEAD_UNIT: (&str, &str, &str, Named) = ("lead_unit", "主办单位", "lead unit", Named::Unit);
const ASSISTING: (&str, &str, &str, Named) =
    ("assisting_units", "协办单位", "assisting unit", Named::Unit);
const LEAD_LEADER: (&str, &str, &str, Named) =
    ("lead_leader", "牵头领导", "lead leader", Named::Leader);
const IN_CHARGE: (&str, &str, &str, Named) = (
    "leader_in_charge",
    "分管校领导",
    "leader in charge",
    Named::Leader,
);

impl Action {
    /// Every unit and user this action names; blank optional names are left out (they name nobody).
    pub fn references(&self) -> Vec<Reference<'_>> {
        let mut out = Vec::new();
        match self {
            Action::Propose { matter, .. } => {
                out.push(reference(LEAD_UNIT, &matter.lead_unit));
                out.extend(
                    matter
                        .assisting_units
                        .iter()
                        .map(|u| reference(ASSISTING, u)),
                );
                out.extend(matter.lead_leader.iter().map(|l| reference(LEAD_LEADER, l)));
                out.extend(
                    matter
                        .leader_in_charge
                        .iter()
                        .map(|l| reference(IN_CHARGE, l)),
                );
            }
            Action::StartEmergency {
                lead_unit,
                assisting_units,
                ..
            } => {
                out.push(reference(LEAD_UNIT, lead_unit));
                out.extend(assisting_units.iter().map(|u| reference(ASSISTING, u)));
            }
            Action::UpdateRequirements { lead_leader, .. }
            | Action::Escalate { lead_leader, .. } => {
                out.extend(lead_leader.iter().map(|l| reference(LEAD_LEADER, l)));
            }
            Action::CompleteEmergencyForm {
                lead_leader,
                leader_in_charge,
                ..
            } => {
                out.push(reference(LEAD_LEADER, lead_leader));
                out.extend(leader_in_charge.iter().map(|l| reference(IN_CHARGE, l)));
            }
            Action::Issue { copied_leaders } => {
                let copied = (
                    "copied_leaders",
                    "抄送校领导",
                    "leader copied",
                    Named::Leader,
                );
                out.extend(copied_leaders.iter().map(|l| reference(copied, l)));
            }
            Action::RecordFollowUp {
                uncooperative_unit, ..
            } => {
                let unit = (
                    "uncooperative_unit",
                    "不积极配合的单位",
                    "uncooperative unit",
                    Named::Unit,
                );
                out.extend(uncooperative_unit.iter().map(|u| reference(unit, u)));
            }
            _ => {}
        }
        out.retain(|r| !r.name.trim().is_empty());
        out
    }
}

fn reference<'a>(
    (field, zh, en, named): (&'static str, &'static str, &'static str, Named),
    name: &'a str,
) -> Reference<'a> {
    Reference {
        field,
        zh,
        en,
        named,
        name,
    }
}
