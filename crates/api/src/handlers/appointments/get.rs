//! `GET /api/v1/appointments/{id}`: one appointment.

use super::id_in_path;
use crate::Services;
use crate::bodies::appointment::AppointmentBody;
use crate::edge::{lookup, tagged_as};
use crate::problem::{ApiError, ProblemBody};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

/// One appointment, its status as of now, its version as `ETag`.
#[utoipa::path(
    get, path = "/api/v1/appointments/{id}", tag = "appointments", operation_id = "getAppointment",
    params(("id" = String, Path, description = "The appointment's UUID")),
    responses(
        (status = 200, description = "The appointment", body = AppointmentBody),
        (status = 404, description = "`appointment-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a UUID", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let appointments = services.appointments.clone();
    let view = lookup(&services, move || appointments.get(id)).await?;
    let body = AppointmentBody::new(&view, services.now());
    Ok(tagged_as(StatusCode::OK, body.etag(), body))
}
