//! `POST /api/v1/appointments`: books an appointment.

use crate::Services;
use crate::access::Caller;
use crate::bodies::appointment::{AppointmentBody, NewAppointment};
use crate::edge::Body;
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// Books an appointment. The start must be on the grid and in the future,
/// the duration allowed, the practitioner free and the patient not already
/// booked that UTC day.
#[utoipa::path(
    post, path = "/api/v1/appointments", tag = "appointments", operation_id = "bookAppointment",
    request_body = NewAppointment,
    responses(
        (status = 201, description = "Booked; `Location` and `ETag` are set", body = AppointmentBody),
        (status = 400, description = "Malformed JSON", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "`patient-not-found`, `practitioner-not-found`, `location-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`practitioner-unavailable`, `already-booked-that-day`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or a broken rule (`start-not-on-grid`, `duration-not-allowed`, `start-in-the-past`, `booking-outside-window`, `practitioner-not-at-location`)", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    services: web::Data<Services>,
    caller: Caller,
    body: Body<NewAppointment>,
) -> Result<HttpResponse, ApiError> {
    let request = body.parse()?;
    super::book(services, caller, request, "time").await
}
