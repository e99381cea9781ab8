//! `GET /api/v1/locations`: locations by name, a page at a time.

use crate::Services;
use crate::bodies::directory::LocationBody;
use crate::bodies::page::LocationPage;
use crate::bodies::query::PageQuery;
use crate::edge::{finish, ok, parse_page, run};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};
use panda_domain::InvalidInput;

/// Locations ordered by name.
#[utoipa::path(
    get, path = "/api/v1/locations", tag = "locations", operation_id = "listLocations",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of locations", body = LocationPage),
        (status = 400, description = "Unknown query parameter", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid paging, all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    services: web::Data<Services>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut input = InvalidInput::default();
    let page = parse_page(&mut input, query.offset.as_deref(), query.limit.as_deref());
    finish(input, Some(()))?;
    let directory = services.directory.clone();
    let found = run(move || directory.locations(page)).await?;
    Ok(ok(LocationPage::new(&found, page, LocationBody::from)))
}
