//! `/api/v1/patients`: register, read, change, list and erase patients,
//! and their appointments.

pub mod book;
pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod list_appointments;
pub mod replace;
pub mod update;

use crate::edge::path_value;
use crate::problem::ApiError;
use panda_domain::patient::NhsNumber;

/// The NHS number in the address; a bad one is a 422 naming `nhs_number`.
pub(crate) fn nhs_in_path(segment: &str) -> Result<NhsNumber, ApiError> {
    path_value("nhs_number", NhsNumber::parse(segment))
}

/// Where a patient lives in the API.
pub(crate) fn location_of(nhs: &NhsNumber) -> String {
    format!("{}/patients/{nhs}", crate::limits::API_PREFIX)
}
