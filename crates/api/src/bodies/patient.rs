//! Patient bodies.

use super::optional;
use crate::edge::finish;
use crate::problem::{ApiError, FieldProblem};
use chrono::NaiveDate;
use panda_domain::InvalidInput;
use panda_domain::common::postcode::Postcode;
use panda_domain::common::text::PersonName;
use panda_domain::patient::service::PatientChange;
use panda_domain::patient::{DateOfBirth, NhsNumber, Patient};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A patient to register.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPatient {
    /// Ten digits with a valid check digit; spaces are allowed.
    #[schema(example = "9434765919", pattern = "^ *(?:[0-9] *){10}$")]
    pub nhs_number: String,
    /// The name, in any script.
    #[schema(example = "Mary Thomas", min_length = 1, max_length = 200)]
    pub name: String,
    /// `YYYY-MM-DD`, not in the future.
    #[schema(example = "1980-01-02", format = Date)]
    pub date_of_birth: String,
    /// A UK postcode in any case and spacing.
    #[schema(
        example = "N6 2FA",
        pattern = "^\\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\\s*[0-9][A-Za-z]{2}\\s*$"
    )]
    pub postcode: String,
}

/// The values of a new patient.
#[derive(Debug)]
pub struct PatientValues {
    /// The key.
    pub nhs_number: NhsNumber,
    /// The name.
    pub name: PersonName,
    /// The date of birth.
    pub date_of_birth: DateOfBirth,
    /// The postcode.
    pub postcode: Postcode,
}

impl NewPatient {
    /// Every field checked; all refusals at once.
    pub fn parse(&self, today: NaiveDate) -> Result<PatientValues, ApiError> {
        let mut input = InvalidInput::default();
        let nhs_number = input.check("nhs_number", NhsNumber::parse(&self.nhs_number));
        let name = input.check("name", PersonName::parse(&self.name));
        let date_of_birth = input.check(
            "date_of_birth",
            DateOfBirth::parse(&self.date_of_birth, today),
        );
        let postcode = input.check("postcode", Postcode::parse(&self.postcode));
        let values = (|| {
            Some(PatientValues {
                nhs_number: nhs_number?,
                name: name?,
                date_of_birth: date_of_birth?,
                postcode: postcode?,
            })
        })();
        finish(input, values)
    }
}

/// A patient's new details (PUT): every field but the NHS number, which
/// may be repeated but never changed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatientReplacement {
    /// If given, must be the NHS number in the address.
    #[schema(pattern = "^ *(?:[0-9] *){10}$")]
    pub nhs_number: Option<String>,
    /// The name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub date_of_birth: String,
    /// A UK postcode.
    #[schema(pattern = "^\\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\\s*[0-9][A-Za-z]{2}\\s*$")]
    pub postcode: String,
}

/// Some of a patient's details (PATCH).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatientPatch {
    /// If given, must be the NHS number in the address.
    #[schema(pattern = "^ *(?:[0-9] *){10}$")]
    pub nhs_number: Option<String>,
    /// A new name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// A new date of birth, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub date_of_birth: Option<String>,
    /// A new postcode.
    #[schema(pattern = "^\\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\\s*[0-9][A-Za-z]{2}\\s*$")]
    pub postcode: Option<String>,
}

impl From<PatientReplacement> for PatientPatch {
    fn from(body: PatientReplacement) -> Self {
        Self {
            nhs_number: body.nhs_number,
            name: Some(body.name),
            date_of_birth: Some(body.date_of_birth),
            postcode: Some(body.postcode),
        }
    }
}

impl PatientPatch {
    /// The change to the patient at `path_nhs`; all refusals at once.
    pub fn parse(
        &self,
        path_nhs: &NhsNumber,
        today: NaiveDate,
        expected_version: Option<i64>,
    ) -> Result<PatientChange, ApiError> {
        let mut input = InvalidInput::default();
        let nhs = optional(
            &mut input,
            "nhs_number",
            self.nhs_number.as_deref(),
            NhsNumber::parse,
        );
        if nhs.is_some_and(|n| &n != path_nhs) {
            input.push("nhs_number", &FieldProblem::NhsNumberImmutable);
        }
        let change = PatientChange {
            name: optional(&mut input, "name", self.name.as_deref(), PersonName::parse),
            date_of_birth: optional(
                &mut input,
                "date_of_birth",
                self.date_of_birth.as_deref(),
                |d| DateOfBirth::parse(d, today),
            ),
            postcode: optional(
                &mut input,
                "postcode",
                self.postcode.as_deref(),
                Postcode::parse,
            ),
            expected_version,
        };
        finish(input, Some(change))
    }
}

/// A patient.
#[derive(Debug, Serialize, ToSchema)]
pub struct PatientBody {
    /// The key, ten digits.
    #[schema(example = "9434765919", pattern = "^ *(?:[0-9] *){10}$")]
    pub nhs_number: String,
    /// The name exactly as given.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// `YYYY-MM-DD`.
    #[schema(example = "1980-01-02", format = Date)]
    pub date_of_birth: String,
    /// The canonical postcode.
    #[schema(example = "N6 2FA")]
    pub postcode: String,
    /// Bumped by every change; also the `ETag`.
    pub version: i64,
}

impl From<&Patient> for PatientBody {
    fn from(p: &Patient) -> Self {
        Self {
            nhs_number: p.nhs_number.to_string(),
            name: p.name.to_string(),
            date_of_birth: p.date_of_birth.to_string(),
            postcode: p.postcode.to_string(),
            version: p.version,
        }
    }
}
