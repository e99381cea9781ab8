//! `GET /api/v1/appointments`: appointments by patient, practitioner,
//! department, status and time, a page at a time.

use crate::Services;
use crate::bodies::appointment::AppointmentBody;
use crate::bodies::optional;
use crate::bodies::page::AppointmentPage;
use crate::bodies::query::AppointmentQuery;
use crate::edge::{finish, ok, parse_page, run};
use crate::problem::{ApiError, FieldProblem, ProblemBody};
use actix_web::{HttpResponse, web};
use panda_domain::InvalidInput;
use panda_domain::appointment::{AppointmentFilter, AppointmentStatus};
use panda_domain::common::ids::{DepartmentId, PractitionerId};
use panda_domain::common::instant::parse_instant;
use panda_domain::patient::NhsNumber;

/// Appointments matching every filter given, by start; `status` filters
/// on the status as of now.
#[utoipa::path(
    get, path = "/api/v1/appointments", tag = "appointments", operation_id = "listAppointments",
    params(AppointmentQuery),
    responses(
        (status = 200, description = "A page of appointments", body = AppointmentPage),
        (status = 400, description = "Unknown query parameter", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters, all listed", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    services: web::Data<Services>,
    query: web::Query<AppointmentQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut input = InvalidInput::default();
    let q = &query;
    let filter = AppointmentFilter {
        patient: optional(
            &mut input,
            "patient",
            q.patient.as_deref(),
            NhsNumber::parse,
        ),
        practitioner_id: optional(
            &mut input,
            "practitioner_id",
            q.practitioner_id.as_deref(),
            PractitionerId::parse,
        ),
        department_id: optional(
            &mut input,
            "department_id",
            q.department_id.as_deref(),
            DepartmentId::parse,
        ),
        status: optional(
            &mut input,
            "status",
            q.status.as_deref(),
            AppointmentStatus::parse,
        ),
        from: optional(&mut input, "from", q.from.as_deref(), parse_instant),
        to: optional(&mut input, "to", q.to.as_deref(), parse_instant),
    };
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from >= to
    {
        input.push("to", &FieldProblem::RangeReversed);
    }
    let page = parse_page(&mut input, q.offset.as_deref(), q.limit.as_deref());
    let filter = finish(input, Some(filter))?;
    let appointments = services.appointments.clone();
    let found = run(move || appointments.list(&filter, page)).await?;
    let now = services.now();
    Ok(ok(AppointmentPage::new(&found, page, |v| {
        AppointmentBody::new(v, now)
    })))
}
