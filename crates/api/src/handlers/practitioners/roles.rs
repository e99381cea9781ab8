//! `GET /api/v1/practitioners/{id}/roles`: where a practitioner works.

use super::id_in_path;
use crate::Services;
use crate::bodies::practitioner::RoleBody;
use crate::edge::{lookup, ok};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// The practitioner's roles.
#[utoipa::path(
    get, path = "/api/v1/practitioners/{id}/roles", tag = "practitioners", operation_id = "listPractitionerRoles",
    params(("id" = String, Path, description = "The practitioner's UUID")),
    responses(
        (status = 200, description = "The roles", body = Vec<RoleBody>),
        (status = 404, description = "`practitioner-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a UUID", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn roles(
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let directory = services.directory.clone();
    let roles = lookup(&services, move || directory.roles(id)).await?;
    Ok(ok(roles.iter().map(RoleBody::from).collect::<Vec<_>>()))
}
