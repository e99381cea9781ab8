//! `POST /api/v1/locations`: creates a location.

use crate::Services;
use crate::access::Caller;
use crate::bodies::directory::{LocationBody, NewLocation};
use crate::edge::{Body, created, run};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// Creates a location.
#[utoipa::path(
    post, path = "/api/v1/locations", tag = "locations", operation_id = "createLocation",
    request_body = NewLocation,
    responses(
        (status = 201, description = "Created; `Location` and `ETag` are set", body = LocationBody),
        (status = 400, description = "Malformed JSON", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    services: web::Data<Services>,
    caller: Caller,
    body: Body<NewLocation>,
) -> Result<HttpResponse, ApiError> {
    let (name, postcode) = body.parse()?;
    let directory = services.directory.clone();
    let record = run(move || directory.create_location(name, postcode, &caller.actor())).await?;
    let location = format!("{}/locations/{}", crate::limits::API_PREFIX, record.id);
    Ok(created(
        &location,
        Some(record.version),
        LocationBody::from(&record),
    ))
}
