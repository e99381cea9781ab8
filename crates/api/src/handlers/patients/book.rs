//! `POST /api/v1/patients/{nhs_number}/appointments`: books an appointment
//! for the patient.

use super::nhs_in_path;
use crate::Services;
use crate::access::Caller;
use crate::bodies::appointment::{AppointmentBody, PatientBooking};
use crate::edge::Body;
use crate::handlers::appointments::book;
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// Books an appointment for the patient in the address.
#[utoipa::path(
    post, path = "/api/v1/patients/{nhs_number}/appointments", tag = "patients", operation_id = "bookPatientAppointment",
    params(("nhs_number" = String, Path, description = "Ten digits")),
    request_body = PatientBooking,
    responses(
        (status = 201, description = "Booked; `Location` and `ETag` are set", body = AppointmentBody),
        (status = 404, description = "`patient-not-found`, `practitioner-not-found`, `location-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`practitioner-unavailable`, `already-booked-that-day`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or a broken rule (`start-not-on-grid`, `duration-not-allowed`, `start-in-the-past`, `booking-outside-window`)", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn book_for_patient(
    services: web::Data<Services>,
    caller: Caller,
    path: web::Path<String>,
    body: Body<PatientBooking>,
) -> Result<HttpResponse, ApiError> {
    let nhs = nhs_in_path(&path)?;
    let request = body.parse(nhs)?;
    book(services, caller, request, "start_time").await
}
