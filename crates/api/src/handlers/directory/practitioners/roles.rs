//! `GET /api/v1/practitioners/{id}/roles`: where a practitioner works.

use super::id_in_path;
use crate::Services;
use crate::bodies::directory::RoleBody;
use crate::bodies::page::RolePage;
use crate::bodies::query::PageQuery;
use crate::edge::{lookup, ok, page_of, slice};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// The practitioner's roles.
#[utoipa::path(
    get, path = "/api/v1/practitioners/{id}/roles", tag = "practitioners", operation_id = "listPractitionerRoles",
    params(("id" = String, Path, description = "The practitioner's UUID"), PageQuery),
    responses(
        (status = 200, description = "A page of the roles", body = RolePage),
        (status = 404, description = "`practitioner-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a UUID, or invalid paging", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn roles(
    services: web::Data<Services>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let page = page_of(&query)?;
    let directory = services.directory.clone();
    let roles = lookup(&services, move || directory.roles(id)).await?;
    Ok(ok(RolePage::new(&slice(roles, page), page, RoleBody::from)))
}
