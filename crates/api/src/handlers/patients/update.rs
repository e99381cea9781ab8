//! `PATCH /api/v1/patients/{nhs_number}`: changes some of a patient's details.

use super::nhs_in_path;
use crate::Services;
use crate::access::Caller;
use crate::bodies::patient::{PatientBody, PatientPatch};
use crate::edge::{Body, IfMatch, run, tagged};
use crate::problem::{ApiError, ProblemBody};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

/// Changes the fields given; the NHS number never changes.
#[utoipa::path(
    patch, path = "/api/v1/patients/{nhs_number}", tag = "patients", operation_id = "updatePatient",
    params(
        ("nhs_number" = String, Path, description = "Ten digits"),
        ("If-Match" = String, Header, description = "Required: the version read, as sent in `ETag` (`\"3\"`)"),
    ),
    request_body = PatientPatch,
    responses(
        (status = 200, description = "The patient as changed", body = PatientBody),
        (status = 404, description = "`patient-not-found`", body = ProblemBody, content_type = "application/problem+json"),
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
    body: Body<PatientPatch>,
) -> Result<HttpResponse, ApiError> {
    apply(services, caller, &path, if_match, &body).await
}

/// Applies `patch` to the patient at `segment` (shared with PUT).
pub(super) async fn apply(
    services: web::Data<Services>,
    caller: Caller,
    segment: &str,
    if_match: IfMatch,
    patch: &PatientPatch,
) -> Result<HttpResponse, ApiError> {
    let nhs = nhs_in_path(segment)?;
    let change = patch.parse(&nhs, services.now().date_naive(), if_match.version())?;
    let patients = services.patients.clone();
    let patient = run(move || patients.change(&nhs, change, &caller.actor()))
        .await
        .map_err(ApiError::precondition_failed_when_stale)?;
    Ok(tagged(
        StatusCode::OK,
        patient.version,
        PatientBody::from(&patient),
    ))
}
