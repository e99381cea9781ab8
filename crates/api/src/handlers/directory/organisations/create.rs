//! `POST /api/v1/organisations`: creates an organisation.

use crate::Services;
use crate::access::Caller;
use crate::bodies::directory::{NamedBody, NewNamed};
use crate::edge::{Body, created, run};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// Creates an organisation.
#[utoipa::path(
    post, path = "/api/v1/organisations", tag = "organisations", operation_id = "createOrganisation",
    request_body = NewNamed,
    responses(
        (status = 201, description = "Created; `Location` and `ETag` are set", body = NamedBody),
        (status = 400, description = "Malformed JSON", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    services: web::Data<Services>,
    caller: Caller,
    body: Body<NewNamed>,
) -> Result<HttpResponse, ApiError> {
    let name = body.parse()?;
    let directory = services.directory.clone();
    let record = run(move || directory.create_organisation(name, &caller.actor())).await?;
    let location = format!("{}/organisations/{}", crate::limits::API_PREFIX, record.id);
    Ok(created(
        &location,
        Some(record.version),
        NamedBody::from(&record),
    ))
}
