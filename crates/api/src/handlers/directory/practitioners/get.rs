//! `GET /api/v1/practitioners/{id}`: one practitioner.

use super::id_in_path;
use crate::Services;
use crate::bodies::directory::PractitionerBody;
use crate::edge::{lookup, tagged};
use crate::problem::{ApiError, ProblemBody};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

/// One practitioner, with their home department.
#[utoipa::path(
    get, path = "/api/v1/practitioners/{id}", tag = "practitioners", operation_id = "getPractitioner",
    params(("id" = String, Path, description = "The practitioner's UUID")),
    responses(
        (status = 200, description = "The practitioner", body = PractitionerBody),
        (status = 404, description = "`practitioner-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a UUID", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let directory = services.directory.clone();
    let practitioner = lookup(&services, move || directory.practitioner(id)).await?;
    Ok(tagged(
        StatusCode::OK,
        practitioner.version,
        PractitionerBody::from(&practitioner),
    ))
}
