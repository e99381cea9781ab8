//! `PUT /api/v1/locations/{id}`: replaces a location's details.

use crate::Services;
use crate::access::Caller;
use crate::bodies::directory::{LocationBody, NewLocation};
use crate::edge::Body;
use crate::edge::IfMatch;
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// Replaces every detail.
#[utoipa::path(
    put, path = "/api/v1/locations/{id}", tag = "locations", operation_id = "replaceLocation",
    params(
        ("id" = String, Path, description = "The location's UUID"),
        ("If-Match" = String, Header, description = "Required: the version read, as sent in `ETag` (`\"3\"`)"),
    ),
    request_body = NewLocation,
    responses(
        (status = 200, description = "The location as replaced", body = LocationBody),
        (status = 404, description = "`location-not-found`", body = ProblemBody, content_type = "application/problem+json"),
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
    body: Body<NewLocation>,
) -> Result<HttpResponse, ApiError> {
    super::update::apply(services, caller, &path, if_match, &body.into_inner().into()).await
}
