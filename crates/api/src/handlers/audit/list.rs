//! `GET /api/v1/audit`: the audit trail, newest first, a page at a time.

use crate::Services;
use crate::bodies::audit::{AuditQuery, AuditRecordBody};
use crate::bodies::page::AuditPage;
use crate::edge::{finish, ok, parse_page, run};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};
use panda_domain::InvalidInput;

/// Records of the audit trail matching every filter given, newest first.
/// Administrators only. Every write PANDA makes appends one in its own
/// transaction; none is ever changed or removed.
#[utoipa::path(
    get, path = "/api/v1/audit", tag = "audit", operation_id = "listAuditRecords",
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of the trail, newest first", body = AuditPage),
        (status = 400, description = "Unknown or repeated query parameter", body = ProblemBody, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated` or `invalid-token`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: administrators only", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters, all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    services: web::Data<Services>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut input = InvalidInput::default();
    let filter = query.filter(&mut input);
    let page = parse_page(&mut input, query.offset.as_deref(), query.limit.as_deref());
    let filter = finish(input, Some(filter))?;
    let audit = services.audit.clone();
    let found = run(move || audit.list(&filter, page)).await?;
    Ok(ok(AuditPage::new(&found, page, AuditRecordBody::from)))
}
