//! `DELETE /api/v1/patients/{nhs_number}`: erases a patient's personal data.

use super::nhs_in_path;
use crate::Services;
use crate::access::Caller;
use crate::edge::{IfMatch, no_content, run};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// Erases the patient; their past appointments stay, unlinked. Refused
/// while they have active appointments that have not ended.
#[utoipa::path(
    delete, path = "/api/v1/patients/{nhs_number}", tag = "patients", operation_id = "erasePatient",
    params(
        ("nhs_number" = String, Path, description = "Ten digits"),
        ("If-Match" = String, Header, description = "Required: the version read, as sent in `ETag` (`\"3\"`)"),
    ),
    responses(
        (status = 204, description = "Erased"),
        (status = 404, description = "`patient-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`patient-has-upcoming-appointments`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 412, description = "`stale-version`: changed since read", body = ProblemBody, content_type = "application/problem+json"),
        (status = 428, description = "`if-match-required`: send the `ETag` read", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn delete(
    services: web::Data<Services>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let nhs = nhs_in_path(&path)?;
    let patients = services.patients.clone();
    // The version is checked inside the erasing transaction.
    run(move || patients.erase(&nhs, if_match.version(), &caller.actor()))
        .await
        .map_err(ApiError::precondition_failed_when_stale)?;
    Ok(no_content())
}
