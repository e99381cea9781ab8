//! `GET /api/v1/reports/missed`: missed appointments and the clinician
//! time they lost, grouped and bucketed by period, as JSON, CSV or an SVG
//! chart.

use super::negotiate::negotiate;
use crate::Services;
use crate::bodies::report::{
    MissedReportBody, MissedReportParams, ReportFormat, chart_needs_period, parse_missed_request,
};
use crate::edge::{ok, run};
use crate::problem::{ApiError, ProblemBody, RequestProblem};
use crate::render::chart::{SVG_CONTENT_TYPE, missed_minutes_svg};
use crate::render::csv::{CSV_CONTENT_TYPE, missed_csv};
use actix_web::http::header::{ACCEPT, HeaderValue, VARY};
use actix_web::{HttpRequest, HttpResponse, web};

/// The report: per group (`group_by`) and period, how many appointments
/// were due, missed, attended and cancelled, the missed rate and the
/// minutes lost. `missed` counts appointments recorded missed and those
/// still active when they ended, as the record API shows them; periods are
/// UTC and every group has a row for every period of the range. The format
/// is `format=` if given, else the best of `Accept`, else JSON.
#[utoipa::path(
    get, path = "/api/v1/reports/missed", tag = "reports", operation_id = "getMissedReport",
    params(MissedReportParams),
    responses(
        (status = 200, description = "The report", content(
            (MissedReportBody = "application/json"),
            (String = "text/csv"),
            (String = "image/svg+xml"),
        )),
        (status = 400, description = "Unknown or repeated query parameter", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters, all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn missed(
    services: web::Data<Services>,
    request: HttpRequest,
    pairs: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let parsed = parse_missed_request(&pairs)?;
    let accept = request.headers().get(ACCEPT).and_then(|v| v.to_str().ok());
    let format = parsed.format.unwrap_or_else(|| negotiate(accept));
    let query = parsed.query;
    if format == ReportFormat::Svg && query.period.is_none() {
        return Err(chart_needs_period());
    }
    let reports = services.reports.clone();
    let asked = query.clone();
    let rows = run(move || reports.missed(&asked)).await?;
    let reply = match format {
        ReportFormat::Json => ok(MissedReportBody::new(&query, &rows, services.now())),
        ReportFormat::Csv => {
            let body = missed_csv(&query.group_by, &rows).map_err(|error| {
                tracing::error!(%error, "writing the report as CSV failed");
                ApiError::request(RequestProblem::Internal)
            })?;
            HttpResponse::Ok().content_type(CSV_CONTENT_TYPE).body(body)
        }
        ReportFormat::Svg => {
            let body = missed_minutes_svg(&query, &rows).map_err(|error| {
                tracing::error!(%error, "drawing the report chart failed");
                ApiError::request(RequestProblem::Internal)
            })?;
            HttpResponse::Ok().content_type(SVG_CONTENT_TYPE).body(body)
        }
    };
    Ok(with_vary(reply))
}

/// Caches must key the reply on `Accept`, which may have chosen it.
fn with_vary(mut reply: HttpResponse) -> HttpResponse {
    reply
        .headers_mut()
        .insert(VARY, HeaderValue::from_static("accept"));
    reply
}
