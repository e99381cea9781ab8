//! `POST`, `GET /api/v1/practitioners/{id}/absences` and
//! `DELETE /api/v1/practitioners/{id}/absences/{absence_id}`: periods a
//! practitioner takes no bookings in.

use crate::Services;
use crate::access::Caller;
use crate::bodies::page::AbsencePage;
use crate::bodies::query::PageQuery;
use crate::bodies::schedule::{AbsenceBody, NewAbsence, RecordedAbsenceBody};
use crate::edge::{Body, created, no_content, ok, page_of, path_value, run};
use crate::handlers::directory::practitioners::id_in_path;
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};
use panda_domain::common::ids::AbsenceId;

/// Records an absence. One over booked appointments is accepted, and the
/// answer lists them so the clinic can rebook them.
#[utoipa::path(
    post, path = "/api/v1/practitioners/{id}/absences", tag = "availability", operation_id = "addPractitionerAbsence",
    params(("id" = String, Path, description = "The practitioner's UUID")),
    request_body = NewAbsence,
    responses(
        (status = 201, description = "Recorded; `affected_appointments` lists the appointments inside it", body = RecordedAbsenceBody),
        (status = 404, description = "`practitioner-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, all listed (`period-end-not-after-start`, `period-too-long`)", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn add(
    services: web::Data<Services>,
    caller: Caller,
    path: web::Path<String>,
    body: Body<NewAbsence>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let period = body.parse()?;
    let schedules = services.schedules.clone();
    let recorded = run(move || {
        let (start, end) = (period.start, period.end);
        schedules.add_absence(id, start, end, period.reason, &caller.actor())
    })
    .await?;
    let list = format!("{}/practitioners/{id}/absences", crate::limits::API_PREFIX);
    Ok(created(&list, None, RecordedAbsenceBody::from(&recorded)))
}

/// The practitioner's absences, by start.
#[utoipa::path(
    get, path = "/api/v1/practitioners/{id}/absences", tag = "availability", operation_id = "listPractitionerAbsences",
    params(("id" = String, Path, description = "The practitioner's UUID"), PageQuery),
    responses(
        (status = 200, description = "A page of absences", body = AbsencePage),
        (status = 404, description = "`practitioner-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a UUID, or invalid paging", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    services: web::Data<Services>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let page = page_of(&query)?;
    let schedules = services.schedules.clone();
    let found = run(move || schedules.absences(id, page)).await?;
    Ok(ok(AbsencePage::new(&found, page, AbsenceBody::from)))
}

/// Deletes an absence: the practitioner's time is bookable again.
#[utoipa::path(
    delete, path = "/api/v1/practitioners/{id}/absences/{absence_id}", tag = "availability", operation_id = "removePractitionerAbsence",
    params(
        ("id" = String, Path, description = "The practitioner's UUID"),
        ("absence_id" = String, Path, description = "The absence's UUID"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "`absence-not-found`", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn remove(
    services: web::Data<Services>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (practitioner, absence) = path.into_inner();
    let practitioner = id_in_path(&practitioner)?;
    let absence = path_value("absence_id", AbsenceId::parse(&absence))?;
    let schedules = services.schedules.clone();
    run(move || schedules.remove_absence(practitioner, absence, &caller.actor())).await?;
    Ok(no_content())
}
