//! The `patients` row.

use super::parse;
use super::time::StoredDate;
use crate::schema::patients;
use chrono::NaiveDate;
use diesel::prelude::*;
use panda_domain::RepositoryError;
use panda_domain::common::postcode::Postcode;
use panda_domain::common::text::PersonName;
use panda_domain::patient::{DateOfBirth, NhsNumber, Patient};

/// A row of `patients`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = patients)]
pub(crate) struct PatientRow {
    pub(crate) nhs_number: String,
    pub(crate) name: String,
    #[diesel(deserialize_as = StoredDate)]
    pub(crate) date_of_birth: NaiveDate,
    pub(crate) postcode: String,
    pub(crate) version: i64,
}

impl PatientRow {
    /// The row for `patient`, at `version`.
    pub(crate) fn new(patient: &Patient, version: i64) -> Self {
        Self {
            nhs_number: patient.nhs_number.to_string(),
            name: patient.name.to_string(),
            date_of_birth: patient.date_of_birth.date(),
            postcode: patient.postcode.to_string(),
            version,
        }
    }

    /// The patient this row holds.
    pub(crate) fn into_domain(self) -> Result<Patient, RepositoryError> {
        let key = self.nhs_number.as_str();
        Ok(Patient {
            nhs_number: parse("patient", key, key, NhsNumber::parse)?,
            name: parse("patient", key, &self.name, PersonName::parse)?,
            date_of_birth: DateOfBirth::from_trusted(self.date_of_birth),
            postcode: parse("patient", key, &self.postcode, Postcode::parse)?,
            version: self.version,
        })
    }
}
