//! The patient record.

use crate::common::postcode::Postcode;
use crate::common::text::PersonName;
use crate::patient::{date_of_birth::DateOfBirth, nhs_number::NhsNumber};

/// A patient, keyed by NHS number, which never changes once created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patient {
    /// The key.
    pub nhs_number: NhsNumber,
    /// The name exactly as given.
    pub name: PersonName,
    /// The date of birth.
    pub date_of_birth: DateOfBirth,
    /// Where the patient lives, canonical.
    pub postcode: Postcode,
    /// Bumped by every write; the edge exposes it as an ETag.
    pub version: i64,
}

/// Which patients a list should return. Every filter set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatientFilter {
    /// A case-insensitive substring of the name.
    pub name_contains: Option<String>,
    /// A canonical postcode, or the start of one (`SW1A`, `SW1A 1`).
    pub postcode_prefix: Option<String>,
}
