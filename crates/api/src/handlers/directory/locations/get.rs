//! `GET /api/v1/locations/{id}`: one location.

use super::id_in_path;
use crate::Services;
use crate::bodies::directory::LocationBody;
use crate::edge::{lookup, tagged};
use crate::problem::{ApiError, ProblemBody};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

/// One location, with its version as `ETag`.
#[utoipa::path(
    get, path = "/api/v1/locations/{id}", tag = "locations", operation_id = "getLocation",
    params(("id" = String, Path, description = "The location's UUID")),
    responses(
        (status = 200, description = "The location", body = LocationBody),
        (status = 404, description = "`location-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a UUID", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let directory = services.directory.clone();
    let record = lookup(&services, move || directory.location(id)).await?;
    Ok(tagged(
        StatusCode::OK,
        record.version,
        LocationBody::from(&record),
    ))
}
