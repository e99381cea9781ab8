//! `POST /api/v1/practitioners`: creates a practitioner.

use crate::Services;
use crate::access::Caller;
use crate::bodies::directory::{NewPractitioner, PractitionerBody};
use crate::edge::{Body, created, run};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// Creates a practitioner in the department with this name, which is
/// created if it does not exist yet.
#[utoipa::path(
    post, path = "/api/v1/practitioners", tag = "practitioners", operation_id = "createPractitioner",
    request_body = NewPractitioner,
    responses(
        (status = 201, description = "Created; `Location` and `ETag` are set", body = PractitionerBody),
        (status = 400, description = "Malformed JSON", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    services: web::Data<Services>,
    caller: Caller,
    body: Body<NewPractitioner>,
) -> Result<HttpResponse, ApiError> {
    let (name, department) = body.parse()?;
    let directory = services.directory.clone();
    let practitioner =
        run(move || directory.create_practitioner(name, &department, &caller.actor())).await?;
    let location = format!(
        "{}/practitioners/{}",
        crate::limits::API_PREFIX,
        practitioner.id
    );
    Ok(created(
        &location,
        Some(practitioner.version),
        PractitionerBody::from(&practitioner),
    ))
}
