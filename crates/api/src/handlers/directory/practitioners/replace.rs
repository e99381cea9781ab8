//! `PUT /api/v1/practitioners/{id}`: replaces a practitioner's details.

use crate::Services;
use crate::access::Caller;
use crate::bodies::directory::{NewPractitioner, PractitionerBody};
use crate::edge::Body;
use crate::edge::IfMatch;
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// Replaces the name and home department (by name).
#[utoipa::path(
    put, path = "/api/v1/practitioners/{id}", tag = "practitioners", operation_id = "replacePractitioner",
    params(
        ("id" = String, Path, description = "The practitioner's UUID"),
        ("If-Match" = String, Header, description = "Required: the version read, as sent in `ETag` (`\"3\"`)"),
    ),
    request_body = NewPractitioner,
    responses(
        (status = 200, description = "The practitioner as replaced", body = PractitionerBody),
        (status = 404, description = "`practitioner-not-found`", body = ProblemBody, content_type = "application/problem+json"),
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
    body: Body<NewPractitioner>,
) -> Result<HttpResponse, ApiError> {
    super::update::apply(services, caller, &path, if_match, &body.into_inner().into()).await
}
