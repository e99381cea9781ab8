//! `GET /api/v1/patients/{nhs_number}`: one patient.

use super::nhs_in_path;
use crate::Services;
use crate::bodies::patient::PatientBody;
use crate::edge::{lookup, tagged};
use crate::problem::{ApiError, ProblemBody};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

/// One patient, with its version as `ETag`.
#[utoipa::path(
    get, path = "/api/v1/patients/{nhs_number}", tag = "patients", operation_id = "getPatient",
    params(("nhs_number" = String, Path, description = "Ten digits")),
    responses(
        (status = 200, description = "The patient", body = PatientBody),
        (status = 404, description = "`patient-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid NHS number", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let nhs = nhs_in_path(&path)?;
    let patients = services.patients.clone();
    let patient = lookup(&services, move || patients.get(&nhs)).await?;
    Ok(tagged(
        StatusCode::OK,
        patient.version,
        PatientBody::from(&patient),
    ))
}
