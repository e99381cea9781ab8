//! `GET` and `PUT /api/v1/practitioners/{id}/schedule`: the weekly
//! working pattern bookings must fit.

use crate::Services;
use crate::access::Caller;
use crate::bodies::schedule::{ScheduleBody, ScheduleRequest};
use crate::edge::{Body, lookup, ok, run};
use crate::handlers::directory::practitioners::id_in_path;
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};

/// The practitioner's working pattern.
#[utoipa::path(
    get, path = "/api/v1/practitioners/{id}/schedule", tag = "availability", operation_id = "getPractitionerSchedule",
    params(("id" = String, Path, description = "The practitioner's UUID")),
    responses(
        (status = 200, description = "The pattern", body = ScheduleBody),
        (status = 404, description = "`schedule-not-found`: no practitioner with this id has a pattern", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let schedules = services.schedules.clone();
    let pattern = lookup(&services, move || schedules.pattern(id)).await?;
    Ok(ok(ScheduleBody::new(id, &pattern)))
}

/// Sets the practitioner's working pattern, replacing any they had. From
/// then on they can be booked only wholly inside a session and outside
/// their absences; appointments already booked stay as they are.
#[utoipa::path(
    put, path = "/api/v1/practitioners/{id}/schedule", tag = "availability", operation_id = "setPractitionerSchedule",
    params(("id" = String, Path, description = "The practitioner's UUID")),
    request_body = ScheduleRequest,
    responses(
        (status = 200, description = "The pattern as stored", body = ScheduleBody),
        (status = 404, description = "`practitioner-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, all listed, each named (`sessions[1].end`): `time-zone-unknown`, `weekday-unknown`, `time-of-day-format`, `time-of-day-not-on-grid`, `session-end-not-after-start`, `sessions-overlap`, `too-many-sessions`, `valid-until-before-valid-from`, `date-format`, `date-out-of-range`", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn put(
    services: web::Data<Services>,
    caller: Caller,
    path: web::Path<String>,
    body: Body<ScheduleRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let pattern = body.parse(services.schedules.default_zone)?;
    let schedules = services.schedules.clone();
    let stored = run(move || schedules.set_pattern(id, pattern, &caller.actor())).await?;
    Ok(ok(ScheduleBody::new(id, &stored)))
}
