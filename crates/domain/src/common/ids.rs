//! Identifiers of PANDA's records: UUIDs behind distinct types, so an
//! appointment id can never be passed where a practitioner id is expected.

use crate::common::error::{ErrorKind, Problem};
use std::fmt;
use uuid::Uuid;

/// Why an identifier was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an identifier is a UUID such as 343d31d4-5993-47ef-a468-7884a467ae80")]
pub struct IdError;

impl Problem for IdError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        "id-format"
    }
}

macro_rules! uuid_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps a UUID (from the id source, or read back from storage).
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// Parses the hyphenated text form; any case is accepted.
            pub fn parse(input: &str) -> Result<Self, IdError> {
                let input = input.trim();
                if input.len() != 36 {
                    return Err(IdError);
                }
                Uuid::try_parse(input).map(Self).map_err(|_| IdError)
            }

            /// The UUID inside.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }
    )*};
}

uuid_id!(
    /// Identifies an appointment. Imported appointments keep the id they had.
    AppointmentId,
    /// Identifies a practitioner (a clinician).
    PractitionerId,
    /// Identifies a department.
    DepartmentId,
    /// Identifies an organisation.
    OrganisationId,
    /// Identifies a location where appointments take place.
    LocationId,
    /// Identifies one role of a practitioner at an organisation and location.
    RoleId,
    /// Identifies a practitioner's absence (leave, training, a cancelled clinic).
    AbsenceId,
    /// Identifies a short hold on a practitioner's time.
    HoldId,
    /// Identifies a recurring series of appointments.
    SeriesId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hyphenated_uuid_round_trips_in_lower_case() {
        let id =
            AppointmentId::parse("343D31D4-5993-47EF-A468-7884A467AE80").map(|i| i.to_string());
        assert_eq!(id, Ok("343d31d4-5993-47ef-a468-7884a467ae80".to_owned()));
    }

    #[test]
    fn other_forms_and_garbage_are_refused() {
        for input in [
            "",
            "42",
            "343d31d4599347efa4687884a467ae80",
            "{343d31d4-5993-47ef-a468-7884a467ae80}",
            "urn:uuid:343d31d4-5993-47ef-a468-7884a467ae80",
        ] {
            assert_eq!(PractitionerId::parse(input), Err(IdError), "{input}");
        }
    }
}
