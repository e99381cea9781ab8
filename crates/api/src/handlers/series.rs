//! Recurring series: `POST /api/v1/patients/{nhs_number}/appointment-series`
//! books every occurrence or none; `GET /api/v1/appointment-series/{id}`
//! reads it; `POST /api/v1/appointment-series/{id}/cancel` cancels the rest.

use crate::Services;
use crate::access::Caller;
use crate::bodies::appointment::{AppointmentBody, CancelledSeriesBody, NewSeries, SeriesBody};
use crate::bodies::page::AppointmentPage;
use crate::bodies::query::PageQuery;
use crate::edge::{Body, created, ok, page_of, path_value, run, slice};
use crate::handlers::patients::nhs_in_path;
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};
use panda_domain::appointment::series::RefusedOccurrences;
use panda_domain::appointment::service::series::SeriesError;
use panda_domain::common::ids::SeriesId;

fn id_in_path(segment: &str) -> Result<SeriesId, ApiError> {
    path_value("id", SeriesId::parse(segment))
}

/// A refused series as a problem: a 409 listing every refused occurrence
/// (`occurrences[i]`, with its start and its own code).
fn series_problem(error: SeriesError) -> ApiError {
    match error {
        SeriesError::Refused(RefusedOccurrences(errors)) => {
            let mut problem = ApiError::from(RefusedOccurrences(errors.clone()));
            problem.errors = errors;
            problem
        }
        SeriesError::Rule(rule) => ApiError::from(rule).on_field("duration"),
        other => ApiError::from(other),
    }
}

/// Books a recurring series for the patient: `count` occurrences, `every`
/// apart, at the first start's local time. All or none: when any
/// occurrence breaks a rule, nothing is booked and one 409 lists each
/// refused occurrence with its reason.
#[utoipa::path(
    post, path = "/api/v1/patients/{nhs_number}/appointment-series", tag = "appointments", operation_id = "bookAppointmentSeries",
    params(("nhs_number" = String, Path, description = "Ten digits")),
    request_body = NewSeries,
    responses(
        (status = 201, description = "Every occurrence booked; `Location` names the series", body = SeriesBody),
        (status = 404, description = "`patient-not-found`, `practitioner-not-found`, `location-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`series-occurrences-refused`: `errors` lists each refused occurrence (`occurrences[i]`) with its code (`start-in-the-past`, `booking-outside-window`, `start-not-on-grid`, `outside-working-hours`, `already-booked-that-day`, `practitioner-unavailable`) and `start`; or a booking raced this one", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, all listed (`series-interval-format`, `series-count-range`, `duration-not-allowed`)", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn book(
    services: web::Data<Services>,
    caller: Caller,
    path: web::Path<String>,
    body: Body<NewSeries>,
) -> Result<HttpResponse, ApiError> {
    let nhs = nhs_in_path(&path)?;
    let request = body.parse(nhs)?;
    let series = services.series.clone();
    let (id, views) = run(move || {
        series
            .book(request, &caller.actor())
            .map_err(series_problem)
    })
    .await?;
    let now = services.now();
    let location = format!("{}/appointment-series/{id}", crate::limits::API_PREFIX);
    let body = SeriesBody {
        series_id: id.to_string(),
        appointments: views.iter().map(|v| AppointmentBody::new(v, now)).collect(),
    };
    Ok(created(&location, None, body))
}

/// The series' appointments, by start.
#[utoipa::path(
    get, path = "/api/v1/appointment-series/{id}", tag = "appointments", operation_id = "getAppointmentSeries",
    params(("id" = String, Path, description = "The series' UUID"), PageQuery),
    responses(
        (status = 200, description = "A page of the series' appointments", body = AppointmentPage),
        (status = 404, description = "`series-not-found`", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    services: web::Data<Services>,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let page = page_of(&query)?;
    let series = services.series.clone();
    let views = run(move || series.get(id)).await?;
    let now = services.now();
    Ok(ok(AppointmentPage::new(&slice(views, page), page, |v| {
        AppointmentBody::new(v, now)
    })))
}

/// Cancels the rest of the series: every occurrence still active and not
/// started, each with its history and audit record. Past, attended and
/// cancelled ones stay as they are.
#[utoipa::path(
    post, path = "/api/v1/appointment-series/{id}/cancel", tag = "appointments", operation_id = "cancelRestOfSeries",
    params(("id" = String, Path, description = "The series' UUID")),
    responses(
        (status = 200, description = "The occurrences cancelled now", body = CancelledSeriesBody),
        (status = 404, description = "`series-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`stale-version`: an occurrence changed while it was being cancelled; send again", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn cancel(
    services: web::Data<Services>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let series = services.series.clone();
    let cancelled = run(move || series.cancel_rest(id, &caller.actor())).await?;
    let now = services.now();
    Ok(ok(CancelledSeriesBody {
        series_id: id.to_string(),
        cancelled: cancelled
            .iter()
            .map(|v| AppointmentBody::new(v, now))
            .collect(),
    }))
}
