//! `PATCH /api/v1/appointments/{id}`: changes the status, reschedules, or both.

use super::{blame_change, id_in_path};
use crate::Services;
use crate::access::Caller;
use crate::bodies::appointment::{AppointmentBody, AppointmentPatch};
use crate::edge::{Body, IfMatch, run, tagged_as};
use crate::problem::{ApiError, ProblemBody};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

/// Changes an appointment. A reschedule re-applies every booking rule; a
/// status change follows the lifecycle; every change is recorded in the
/// history.
#[utoipa::path(
    patch, path = "/api/v1/appointments/{id}", tag = "appointments", operation_id = "changeAppointment",
    params(
        ("id" = String, Path, description = "The appointment's UUID"),
        ("If-Match" = String, Header, description = "Required: the version read, as sent in `ETag` (`\"3\"`)"),
    ),
    request_body = AppointmentPatch,
    responses(
        (status = 200, description = "The appointment as changed", body = AppointmentBody),
        (status = 404, description = "`appointment-not-found`, `practitioner-not-found`, `location-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "A lifecycle or diary conflict (`appointment-cancelled`, `practitioner-unavailable`, ...)", body = ProblemBody, content_type = "application/problem+json"),
        (status = 412, description = "`stale-version`: changed since read", body = ProblemBody, content_type = "application/problem+json"),
        (status = 428, description = "`if-match-required`: send the `ETag` read", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or a broken rule (`start-not-on-grid`, `duration-not-allowed`, `start-in-the-past`, `booking-outside-window`, `practitioner-not-at-location`)", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn update(
    services: web::Data<Services>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    body: Body<AppointmentPatch>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let change = body.parse(if_match.version())?;
    let appointments = services.appointments.clone();
    let view = run(move || {
        appointments
            .change(id, change, &caller.actor())
            .map_err(blame_change)
    })
    .await
    .map_err(ApiError::precondition_failed_when_stale)?;
    let body = AppointmentBody::new(&view, services.now());
    Ok(tagged_as(StatusCode::OK, body.etag(), body))
}
