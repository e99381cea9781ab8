//! `GET /api/v1/organisations/{id}`: one organisation.

use super::id_in_path;
use crate::Services;
use crate::bodies::directory::NamedBody;
use crate::edge::{lookup, tagged};
use crate::problem::{ApiError, ProblemBody};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

/// One organisation, with its version as `ETag`.
#[utoipa::path(
    get, path = "/api/v1/organisations/{id}", tag = "organisations", operation_id = "getOrganisation",
    params(("id" = String, Path, description = "The organisation's UUID")),
    responses(
        (status = 200, description = "The organisation", body = NamedBody),
        (status = 404, description = "`organisation-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a UUID", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let directory = services.directory.clone();
    let record = lookup(&services, move || directory.organisation(id)).await?;
    Ok(tagged(
        StatusCode::OK,
        record.version,
        NamedBody::from(&record),
    ))
}
