//! Query strings. Every parameter is taken as text and checked by the
//! handler, so a bad value is a 422 naming the parameter; an unknown or
//! repeated parameter is a 400 `invalid-query`.

use serde::Deserialize;
use utoipa::IntoParams;

/// Paging only.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many records to skip (default 0).
    #[param(value_type = Option<u64>, minimum = 0)]
    pub offset: Option<String>,
    /// How many records at most (default 50, at most 500).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
}

/// Filters for the patient list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PatientQuery {
    /// A case-insensitive part of the name.
    #[param(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// A postcode or the start of one (`SW1A`, `sw1a 1`).
    #[param(min_length = 1, max_length = 200)]
    pub postcode: Option<String>,
    /// How many records to skip (default 0).
    #[param(value_type = Option<u64>, minimum = 0)]
    pub offset: Option<String>,
    /// How many records at most (default 50, at most 500).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
}

/// Filters for the practitioner list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PractitionerQuery {
    /// Only this department's practitioners.
    #[param(format = Uuid)]
    pub department_id: Option<String>,
    /// How many records to skip (default 0).
    #[param(value_type = Option<u64>, minimum = 0)]
    pub offset: Option<String>,
    /// How many records at most (default 50, at most 500).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
}

/// Filters for the appointment list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AppointmentQuery {
    /// Only this patient's (NHS number).
    #[param(pattern = "^ *(?:[0-9] *){10}$")]
    pub patient: Option<String>,
    /// Only this practitioner's.
    #[param(format = Uuid)]
    pub practitioner_id: Option<String>,
    /// Only those counted against this department.
    #[param(format = Uuid)]
    pub department_id: Option<String>,
    /// Only those whose status now is this (`missed` includes active ones that have ended).
    #[param(pattern = "^(?:active|attended|missed|cancelled)$")]
    pub status: Option<String>,
    /// Only those starting at or after this instant (RFC 3339 with an offset).
    #[param(format = DateTime)]
    pub from: Option<String>,
    /// Only those starting before this instant (RFC 3339 with an offset).
    #[param(format = DateTime)]
    pub to: Option<String>,
    /// How many records to skip (default 0).
    #[param(value_type = Option<u64>, minimum = 0)]
    pub offset: Option<String>,
    /// How many records at most (default 50, at most 500).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
}

/// A free-slot search. At least one of `practitioner_id`,
/// `department_id`, `organisation_id` and `location_id` is required.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SlotQueryParams {
    /// Slots starting at or after this instant (RFC 3339 with an offset).
    #[param(format = DateTime)]
    pub from: String,
    /// Slots starting before this instant, at most 31 days after `from`.
    #[param(format = DateTime)]
    pub to: String,
    /// The slots' length, such as `30m` (the default) or `1h`.
    #[param(pattern = "^(?:[0-9]{1,4}h(?:[0-9]{1,4}m)?|[0-9]{1,4}m)$")]
    pub duration: Option<String>,
    /// In this practitioner's diary.
    #[param(format = Uuid)]
    pub practitioner_id: Option<String>,
    /// In the diaries of this department's practitioners.
    #[param(format = Uuid)]
    pub department_id: Option<String>,
    /// In the diaries of practitioners with a role in this organisation.
    #[param(format = Uuid)]
    pub organisation_id: Option<String>,
    /// In sessions at this location.
    #[param(format = Uuid)]
    pub location_id: Option<String>,
    /// Leave out the days (UTC) this patient already has an appointment on.
    #[param(pattern = "^ *(?:[0-9] *){10}$")]
    pub patient: Option<String>,
    /// How many slots to skip (default 0).
    #[param(value_type = Option<u64>, minimum = 0)]
    pub offset: Option<String>,
    /// How many slots at most (default 50, at most 500).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
}
