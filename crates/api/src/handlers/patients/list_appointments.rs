//! `GET /api/v1/patients/{nhs_number}/appointments`: all of a patient's
//! appointments, ordered by start.

use super::nhs_in_path;
use crate::Services;
use crate::bodies::appointment::AppointmentBody;
use crate::edge::{lookup, ok};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// Every appointment of the patient, by start, with statuses as of now.
#[utoipa::path(
    get, path = "/api/v1/patients/{nhs_number}/appointments", tag = "patients", operation_id = "listPatientAppointments",
    params(("nhs_number" = String, Path, description = "Ten digits")),
    responses(
        (status = 200, description = "The appointments", body = Vec<AppointmentBody>),
        (status = 404, description = "`patient-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid NHS number", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list_appointments(
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let nhs = nhs_in_path(&path)?;
    let appointments = services.appointments.clone();
    let views = lookup(&services, move || appointments.for_patient(&nhs)).await?;
    let now = services.now();
    let bodies: Vec<_> = views.iter().map(|v| AppointmentBody::new(v, now)).collect();
    Ok(ok(bodies))
}
