//! `PATCH /api/v1/organisations/{id}`: changes some of an organisation's details.

use super::id_in_path;
use crate::Services;
use crate::access::Caller;
use crate::bodies::directory::{NamedBody, NamedPatch};
use crate::edge::{Body, IfMatch, run, tagged};
use crate::problem::{ApiError, ProblemBody};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

/// Changes the fields given.
#[utoipa::path(
    patch, path = "/api/v1/organisations/{id}", tag = "organisations", operation_id = "updateOrganisation",
    params(
        ("id" = String, Path, description = "The organisation's UUID"),
        ("If-Match" = String, Header, description = "Required: the version read, as sent in `ETag` (`\"3\"`)"),
    ),
    request_body = NamedPatch,
    responses(
        (status = 200, description = "The organisation as changed", body = NamedBody),
        (status = 404, description = "`organisation-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 412, description = "`stale-version`: changed since read", body = ProblemBody, content_type = "application/problem+json"),
        (status = 428, description = "`if-match-required`: send the `ETag` read", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn update(
    services: web::Data<Services>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    body: Body<NamedPatch>,
) -> Result<HttpResponse, ApiError> {
    apply(services, caller, &path, if_match, &body).await
}

/// Applies `patch` (shared with PUT).
pub(super) async fn apply(
    services: web::Data<Services>,
    caller: Caller,
    segment: &str,
    if_match: IfMatch,
    patch: &NamedPatch,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(segment)?;
    let change = patch.parse(if_match.version())?;
    let directory = services.directory.clone();
    let record = run(move || directory.change_organisation(id, change, &caller.actor()))
        .await
        .map_err(ApiError::precondition_failed_when_stale)?;
    Ok(tagged(
        StatusCode::OK,
        record.version,
        NamedBody::from(&record),
    ))
}
