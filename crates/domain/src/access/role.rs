//! The roles a caller can hold. What each may do is the API's route table
//! (docs/security.md); the domain only names them.

use crate::common::error::{ErrorKind, Problem};
use std::fmt;

/// A caller's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Everything, including tokens and the audit trail.
    Admin,
    /// The clinic's work: patients, practitioners and the directory,
    /// appointments, imports and exports.
    Clinic,
    /// Reports only, which never carry personal data.
    Analyst,
}

/// Why a role name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a role is admin, clinic or analyst")]
pub struct RoleError;

impl Problem for RoleError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        "role-unknown"
    }
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Admin, Role::Clinic, Role::Analyst];

    /// The lower-case name used in commands, claims and storage.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Clinic => "clinic",
            Role::Analyst => "analyst",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(input: &str) -> Result<Self, RoleError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == input.trim())
            .ok_or(RoleError)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of roles: what a caller holds. An API token holds one; a person
/// signed in through OpenID Connect holds those their identity provider
/// grants (possibly none, which admits them nowhere).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Roles(u8);

impl Roles {
    /// No role at all.
    pub const NONE: Roles = Roles(0);

    /// Just `role`.
    pub fn of(role: Role) -> Self {
        Self::NONE.with(role)
    }

    /// These roles and `role`.
    #[must_use]
    pub fn with(self, role: Role) -> Self {
        Self(self.0 | Self::bit(role))
    }

    /// True when `role` is among them.
    pub fn contains(&self, role: Role) -> bool {
        self.0 & Self::bit(role) != 0
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    fn bit(role: Role) -> u8 {
        match role {
            Role::Admin => 1,
            Role::Clinic => 2,
            Role::Analyst => 4,
        }
    }
}

impl FromIterator<Role> for Roles {
    fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
        iter.into_iter().fold(Roles::NONE, Roles::with)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_of_roles_holds_exactly_what_was_put_in_it() {
        let both: Roles = [Role::Clinic, Role::Analyst].into_iter().collect();
        assert!(both.contains(Role::Clinic) && both.contains(Role::Analyst));
        assert!(!both.contains(Role::Admin));
        assert!(Roles::NONE.is_empty());
        assert_eq!(
            Roles::of(Role::Admin).with(Role::Admin),
            Roles::of(Role::Admin)
        );
    }

    #[test]
    fn role_names_round_trip_and_others_are_refused() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        for bad in ["", "Admin", "root", "clinician"] {
            assert_eq!(Role::parse(bad), Err(RoleError), "{bad}");
        }
    }
}
