//! `GET /api/v1/patients`: patients by name and postcode, a page at a time.

use crate::Services;
use crate::bodies::filter_text;
use crate::bodies::page::PatientPage;
use crate::bodies::patient::PatientBody;
use crate::bodies::query::PatientQuery;
use crate::edge::{finish, ok, parse_page, run};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};
use panda_domain::InvalidInput;
use panda_domain::common::postcode::{Postcode, PostcodeError};
use panda_domain::patient::PatientFilter;

/// Patients matching every filter given, ordered by NHS number.
#[utoipa::path(
    get, path = "/api/v1/patients", tag = "patients", operation_id = "listPatients",
    params(PatientQuery),
    responses(
        (status = 200, description = "A page of patients", body = PatientPage),
        (status = 400, description = "Unknown query parameter", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters, all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    services: web::Data<Services>,
    query: web::Query<PatientQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut input = InvalidInput::default();
    let filter = PatientFilter {
        name_contains: filter_text(&mut input, "name", query.name.as_deref()),
        postcode_prefix: postcode_prefix(&mut input, query.postcode.as_deref()),
    };
    let page = parse_page(&mut input, query.offset.as_deref(), query.limit.as_deref());
    let filter = finish(input, Some(filter))?;
    let patients = services.patients.clone();
    let found = run(move || patients.list(&filter, page)).await?;
    Ok(ok(PatientPage::new(&found, page, PatientBody::from)))
}

/// A whole postcode in canonical form, or the upper-cased start of one.
fn postcode_prefix(input: &mut InvalidInput, text: Option<&str>) -> Option<String> {
    let text = filter_text(input, "postcode", text)?;
    if let Ok(whole) = Postcode::parse(&text) {
        return Some(whole.to_string());
    }
    let prefix = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase();
    if prefix.len() > 8
        || !prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ')
    {
        input.push("postcode", &PostcodeError);
        return None;
    }
    Some(prefix)
}
