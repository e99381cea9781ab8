//! `GET /api/v1/appointments/{id}/history`: what changed, when, and by whom.

use super::id_in_path;
use crate::Services;
use crate::bodies::appointment::HistoryEntryBody;
use crate::edge::{lookup, ok};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// The appointment's append-only history, oldest first.
#[utoipa::path(
    get, path = "/api/v1/appointments/{id}/history", tag = "appointments", operation_id = "getAppointmentHistory",
    params(("id" = String, Path, description = "The appointment's UUID")),
    responses(
        (status = 200, description = "The history", body = Vec<HistoryEntryBody>),
        (status = 404, description = "`appointment-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a UUID", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn history(
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let appointments = services.appointments.clone();
    let entries = lookup(&services, move || appointments.history(id)).await?;
    Ok(ok(entries
        .iter()
        .map(HistoryEntryBody::from)
        .collect::<Vec<_>>()))
}
