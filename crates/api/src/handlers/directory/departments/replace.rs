//! `PUT /api/v1/departments/{id}`: replaces a department's details.

use crate::Services;
use crate::access::Caller;
use crate::bodies::directory::{NamedBody, NewNamed};
use crate::edge::Body;
use crate::edge::IfMatch;
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// Replaces every detail.
#[utoipa::path(
    put, path = "/api/v1/departments/{id}", tag = "departments", operation_id = "replaceDepartment",
    params(
        ("id" = String, Path, description = "The department's UUID"),
        ("If-Match" = String, Header, description = "Required: the version read, as sent in `ETag` (`\"3\"`)"),
    ),
    request_body = NewNamed,
    responses(
        (status = 200, description = "The department as replaced", body = NamedBody),
        (status = 404, description = "`department-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`already-exists`: the name is taken", body = ProblemBody, content_type = "application/problem+json"),
        (status = 412, description = "`stale-version`: changed since read", body = ProblemBody, content_type = "application/problem+json"),
        (status = 428, description = "`if-match-required`: send the `ETag` read", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn replace(
    services: web::Data<Services>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    body: Body<NewNamed>,
) -> Result<HttpResponse, ApiError> {
    super::update::apply(services, caller, &path, if_match, &body.into_inner().into()).await
}
