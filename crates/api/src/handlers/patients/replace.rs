//! `PUT /api/v1/patients/{nhs_number}`: replaces a patient's details.

use crate::Services;
use crate::access::Caller;
use crate::bodies::patient::{PatientBody, PatientReplacement};
use crate::edge::Body;
use crate::edge::IfMatch;
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// Replaces every detail but the NHS number (which, if sent, must match).
#[utoipa::path(
    put, path = "/api/v1/patients/{nhs_number}", tag = "patients", operation_id = "replacePatient",
    params(
        ("nhs_number" = String, Path, description = "Ten digits"),
        ("If-Match" = String, Header, description = "Required: the version read, as sent in `ETag` (`\"3\"`)"),
    ),
    request_body = PatientReplacement,
    responses(
        (status = 200, description = "The patient as replaced", body = PatientBody),
        (status = 400, description = "A field is missing", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "`patient-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 412, description = "`stale-version`: changed since read", body = ProblemBody, content_type = "application/problem+json"),
        (status = 428, description = "`if-match-required`: send the `ETag` read", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (or `nhs-number-immutable`), all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn replace(
    services: web::Data<Services>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    body: Body<PatientReplacement>,
) -> Result<HttpResponse, ApiError> {
    super::update::apply(services, caller, &path, if_match, &body.into_inner().into()).await
}
