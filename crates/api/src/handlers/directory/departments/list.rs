//! `GET /api/v1/departments`: departments by name, a page at a time.

use crate::Services;
use crate::bodies::directory::NamedBody;
use crate::bodies::page::NamedPage;
use crate::bodies::query::PageQuery;
use crate::edge::{finish, ok, parse_page, run};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};
use panda_domain::InvalidInput;

/// Departments ordered by name.
#[utoipa::path(
    get, path = "/api/v1/departments", tag = "departments", operation_id = "listDepartments",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of departments", body = NamedPage),
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
    let found = run(move || directory.departments(page)).await?;
    Ok(ok(NamedPage::new(&found, page, NamedBody::from)))
}
