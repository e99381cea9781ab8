//! `GET /api/v1/appointments/{id}/history`: what changed, when, and by whom.

use super::id_in_path;
use crate::Services;
use crate::bodies::appointment::HistoryEntryBody;
use crate::bodies::page::HistoryPage;
use crate::bodies::query::PageQuery;
use crate::edge::{lookup, ok, page_of, slice};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// The appointment's append-only history, oldest first.
#[utoipa::path(
    get, path = "/api/v1/appointments/{id}/history", tag = "appointments", operation_id = "getAppointmentHistory",
    params(("id" = String, Path, description = "The appointment's UUID"), PageQuery),
    responses(
        (status = 200, description = "A page of the history, oldest first", body = HistoryPage),
        (status = 404, description = "`appointment-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a UUID, or invalid paging", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn history(
    services: web::Data<Services>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let page = page_of(&query)?;
    let appointments = services.appointments.clone();
    let entries = lookup(&services, move || appointments.history(id)).await?;
    Ok(ok(HistoryPage::new(
        &slice(entries, page),
        page,
        HistoryEntryBody::from,
    )))
}
