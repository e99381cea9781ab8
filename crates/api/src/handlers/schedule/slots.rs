//! `GET /api/v1/slots`: the free slots, exactly the starts a booking
//! would be accepted at now.

use crate::Services;
use crate::bodies::optional;
use crate::bodies::page::SlotPage;
use crate::bodies::query::SlotQueryParams;
use crate::bodies::schedule::SlotBody;
use crate::edge::{finish, ok, parse_page, run};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};
use panda_domain::InvalidInput;
use panda_domain::appointment::AppointmentDuration;
use panda_domain::common::ids::{DepartmentId, LocationId, OrganisationId, PractitionerId};
use panda_domain::common::instant::parse_instant;
use panda_domain::patient::NhsNumber;
use panda_domain::schedule::{SlotFilter, SlotQuery};

/// The free slots starting in `[from, to)` (at most 31 days) in the
/// diaries named, in start order: each inside a session of the
/// practitioner's working pattern, outside their absences, inside the
/// booking window, and clear of every booked appointment and live hold.
/// With `patient`, days on which the patient is already booked (UTC) are
/// left out.
#[utoipa::path(
    get, path = "/api/v1/slots", tag = "availability", operation_id = "findFreeSlots",
    params(SlotQueryParams),
    responses(
        (status = 200, description = "A page of free slots", body = SlotPage),
        (status = 400, description = "Unknown query parameter", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "`patient-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters, all listed (`slots-range-empty`, `slots-range-too-long`, `slots-filter-missing`, `slots-too-many-practitioners`, `duration-not-allowed`)", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn search(
    services: web::Data<Services>,
    query: web::Query<SlotQueryParams>,
) -> Result<HttpResponse, ApiError> {
    let mut input = InvalidInput::default();
    let q = &query;
    let from = input.check("from", parse_instant(&q.from));
    let to = input.check("to", parse_instant(&q.to));
    let duration = match q.duration.as_deref() {
        Some(text) => input.check("duration", AppointmentDuration::parse(text)),
        None => Some(services.slots.policy.default_duration()),
    };
    let filter = SlotFilter {
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
        organisation_id: optional(
            &mut input,
            "organisation_id",
            q.organisation_id.as_deref(),
            OrganisationId::parse,
        ),
        location_id: optional(
            &mut input,
            "location_id",
            q.location_id.as_deref(),
            LocationId::parse,
        ),
    };
    let patient = optional(
        &mut input,
        "patient",
        q.patient.as_deref(),
        NhsNumber::parse,
    );
    let page = parse_page(&mut input, q.offset.as_deref(), q.limit.as_deref());
    let parts = finish(input, from.zip(to).zip(duration))?;
    let ((from, to), duration) = parts;
    let search = SlotQuery::new(from, to, duration, filter, patient).map_err(ApiError::invalid)?;
    let slots = services.slots.clone();
    let found = run(move || {
        slots.search(&search, page).map_err(|e| {
            let rule = matches!(e, panda_domain::schedule::service::SlotSearchError::Rule(_));
            let problem = ApiError::from(e);
            if rule {
                problem.on_field("duration")
            } else {
                problem
            }
        })
    })
    .await?;
    Ok(ok(SlotPage::new(&found, page, SlotBody::from)))
}
