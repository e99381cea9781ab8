//! `GET /api/v1/practitioners`: practitioners, optionally of one department.

use crate::Services;
use crate::bodies::directory::PractitionerBody;
use crate::bodies::optional;
use crate::bodies::page::PractitionerPage;
use crate::bodies::query::PractitionerQuery;
use crate::edge::{finish, ok, parse_page, run};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};
use panda_domain::InvalidInput;
use panda_domain::common::ids::DepartmentId;

/// Practitioners by name, a page at a time.
#[utoipa::path(
    get, path = "/api/v1/practitioners", tag = "practitioners", operation_id = "listPractitioners",
    params(PractitionerQuery),
    responses(
        (status = 200, description = "A page of practitioners", body = PractitionerPage),
        (status = 400, description = "Unknown query parameter", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters, all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    services: web::Data<Services>,
    query: web::Query<PractitionerQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut input = InvalidInput::default();
    let department = optional(
        &mut input,
        "department_id",
        query.department_id.as_deref(),
        DepartmentId::parse,
    );
    let page = parse_page(&mut input, query.offset.as_deref(), query.limit.as_deref());
    finish(input, Some(()))?;
    let directory = services.directory.clone();
    let found = run(move || directory.practitioners(department, page)).await?;
    Ok(ok(PractitionerPage::new(
        &found,
        page,
        PractitionerBody::from,
    )))
}
