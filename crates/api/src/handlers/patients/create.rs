//! `POST /api/v1/patients`: registers a patient.

use crate::Services;
use crate::access::Caller;
use crate::bodies::patient::{NewPatient, PatientBody};
use crate::edge::{Body, created, run};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// Registers a patient.
#[utoipa::path(
    post, path = "/api/v1/patients", tag = "patients", operation_id = "registerPatient",
    request_body = NewPatient,
    responses(
        (status = 201, description = "Registered; `Location` and `ETag` are set", body = PatientBody),
        (status = 400, description = "Malformed JSON", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`patient-already-exists`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    services: web::Data<Services>,
    caller: Caller,
    body: Body<NewPatient>,
) -> Result<HttpResponse, ApiError> {
    let values = body.parse(services.now().date_naive())?;
    let patients = services.patients.clone();
    let patient = run(move || {
        patients.register(
            values.nhs_number,
            values.name,
            values.date_of_birth,
            values.postcode,
            &caller.actor(),
        )
    })
    .await?;
    Ok(created(
        &super::location_of(&patient.nhs_number),
        Some(patient.version),
        PatientBody::from(&patient),
    ))
}
