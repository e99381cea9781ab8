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

#[cfg(test)]
mod tests {
    use super::*;

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
