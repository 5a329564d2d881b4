//! Who sees which matter: the audiences of a matter and the one each user belongs to.
//!
//! The server turns this into its queries (the `listing` rows are written per audience, and a user
//! reads only their own audience's rows); the rule itself lives here, so it is one and testable.

use crate::matter::Matter;
use crate::role::Role;

/// A group of users who see the same matters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Audience {
    /// The office and the leadership see every matter (GDUFS 第四条, 第五条).
    Everyone,
    /// A unit's users see the matters their unit leads or assists (GDUFS 第八条(二)).
    Unit(String),
    /// The discipline office sees the matters that reached a second reminder (HBUT 第六条:
    /// 二次催办仍未落实的, 移交纪委).
    Discipline,
}

/// Someone looking at matters: what the visibility rule needs to know of a signed-in user. The
/// server's session user and the engine's `Actor` both are one, so the database layer applies the
/// rule without knowing how users sign in.
pub trait Viewer {
    fn role(&self) -> Role;
    fn unit(&self) -> Option<&str>;

    /// The audience whose matters this viewer sees (`audience`).
    fn audience(&self) -> Option<Audience> {
        audience(self.role(), self.unit())
    }
}

impl Viewer for crate::role::Actor {
    fn role(&self) -> Role {
        self.role
    }
    fn unit(&self) -> Option<&str> {
        self.unit.as_deref()
    }
}

/// The audience of a user with `role` in `unit`; `None` sees no matter (the administrator manages
/// people, not matters, and a unit role without a unit is a broken account, not a university-wide one).
pub fn audience(role: Role, unit: Option<&str>) -> Option<Audience> {
    match role {
        Role::Office | Role::Leader => Some(Audience::Everyone),
        Role::Discipline => Some(Audience::Discipline),
        Role::UnitHead | Role::Liaison | Role::Handler => {
            unit.map(|u| Audience::Unit(u.to_owned()))
        }
        Role::Admin => None,
    }
}

/// Every audience that sees `m`: everyone, its lead unit, each assisting unit once, and the
/// discipline office once a second reminder was sent.
pub fn audiences(m: &Matter) -> Vec<Audience> {
    let mut out = vec![Audience::Everyone, Audience::Unit(m.lead_unit.clone())];
    for u in &m.assisting_units {
        let a = Audience::Unit(u.clone());
        if !out.contains(&a) {
            out.push(a);
        }
    }
    if m.second_reminder() {
        out.push(Audience::Discipline);
    }
    out
}

/// Whether a user with `role` in `unit` sees `m`.
pub fn sees(role: Role, unit: Option<&str>, m: &Matter) -> bool {
    audience(role, unit).is_some_and(|a| audiences(m).contains(&a))
}
