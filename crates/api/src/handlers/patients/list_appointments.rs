//! `GET /api/v1/patients/{nhs_number}/appointments`: a patient's
//! appointments, ordered by start, a page at a time.

use super::nhs_in_path;
use crate::Services;
use crate::bodies::appointment::AppointmentBody;
use crate::bodies::page::AppointmentPage;
use crate::bodies::query::PageQuery;
use crate::edge::{lookup, ok, page_of, slice};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// The patient's appointments by start, a page at a time, with statuses as of now.
#[utoipa::path(
    get, path = "/api/v1/patients/{nhs_number}/appointments", tag = "patients", operation_id = "listPatientAppointments",
    params(("nhs_number" = String, Path, description = "Ten digits"), PageQuery),
    responses(
        (status = 200, description = "A page of the appointments, by start", body = AppointmentPage),
        (status = 404, description = "`patient-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid NHS number, or invalid paging", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list_appointments(
    services: web::Data<Services>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let nhs = nhs_in_path(&path)?;
    let page = page_of(&query)?;
    // A store that gathers these reads answers later, with no thread of
    // ours waiting (PostgreSQL's: ADR 0014); any other is asked as every
    // keyed read is (ADR 0007).
    let views = match services.appointments.for_patient_later(&nhs) {
        Some(later) => later.await?,
        None => {
            let appointments = services.appointments.clone();
            lookup(&services, move || appointments.for_patient(&nhs)).await?
        }
    };
    let now = services.now();
    let found = slice(views, page);
    Ok(ok(AppointmentPage::new(&found, page, |v| {
        AppointmentBody::new(v, now)
    })))
}
