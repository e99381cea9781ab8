//! `POST /api/v1/practitioners/{id}/roles`: gives a practitioner a role.

use super::id_in_path;
use crate::Services;
use crate::access::Caller;
use crate::bodies::directory::{NewRole, RoleBody};
use crate::edge::{Body, created, run};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// Gives the practitioner a role at a location, for an organisation if
/// known, in a department (their home department by default).
#[utoipa::path(
    post, path = "/api/v1/practitioners/{id}/roles", tag = "practitioners", operation_id = "addPractitionerRole",
    params(("id" = String, Path, description = "The practitioner's UUID")),
    request_body = NewRole,
    responses(
        (status = 201, description = "Added; `Location` names the practitioner's roles", body = RoleBody),
        (status = 404, description = "`practitioner-not-found`, `organisation-not-found`, `location-not-found`, `department-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`already-exists`: the same role exists", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn add_role(
    services: web::Data<Services>,
    caller: Caller,
    path: web::Path<String>,
    body: Body<NewRole>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let (organisation, location, department) = body.parse()?;
    let directory = services.directory.clone();
    let role =
        run(move || directory.add_role(id, organisation, location, department, &caller.actor()))
            .await?;
    let roles = format!("{}/practitioners/{id}/roles", crate::limits::API_PREFIX);
    Ok(created(&roles, None, RoleBody::from(&role)))
}
