//! `POST /api/v1/holds`, `GET` and `DELETE /api/v1/holds/{id}`: a slot
//! reserved for a few minutes while a patient decides.

use crate::Services;
use crate::access::Caller;
use crate::bodies::schedule::{HoldBody, NewHold};
use crate::edge::{Body, created, lookup, no_content, ok, path_value, run};
use crate::handlers::appointments::{on_field, rule_field};
use crate::problem::{ApiError, ProblemBody};
use actix_web::{HttpResponse, web};
use panda_domain::common::ids::HoldId;
use panda_domain::schedule::service::HoldError;

fn id_in_path(segment: &str) -> Result<HoldId, ApiError> {
    path_value("id", HoldId::parse(segment))
}

/// Holds a slot: while the hold lives (5 minutes unless configured),
/// nobody else can book or hold any of its time. A booking that names it
/// (`hold_id`) converts it; it lapses by itself at `expires_at`.
#[utoipa::path(
    post, path = "/api/v1/holds", tag = "availability", operation_id = "holdSlot",
    request_body = NewHold,
    responses(
        (status = 201, description = "Held until `expires_at`", body = HoldBody),
        (status = 404, description = "`practitioner-not-found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`practitioner-unavailable` (booked or held), `outside-working-hours`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or a broken rule (`start-not-on-grid`, `duration-not-allowed`, `start-in-the-past`, `booking-outside-window`)", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    services: web::Data<Services>,
    caller: Caller,
    body: Body<NewHold>,
) -> Result<HttpResponse, ApiError> {
    let slot = body.parse()?;
    let holds = services.holds.clone();
    let hold = run(move || {
        holds
            .hold(
                slot.practitioner_id,
                slot.start,
                slot.duration,
                &caller.actor(),
            )
            .map_err(|e| {
                let field = match &e {
                    HoldError::Rule(rule) => rule_field(rule, "start_time"),
                    _ => None,
                };
                on_field(ApiError::from(e), field)
            })
    })
    .await?;
    let location = format!("{}/holds/{}", crate::limits::API_PREFIX, hold.id);
    Ok(created(&location, None, HoldBody::from(&hold)))
}

/// The hold, while it lives.
#[utoipa::path(
    get, path = "/api/v1/holds/{id}", tag = "availability", operation_id = "getHold",
    params(("id" = String, Path, description = "The hold's UUID")),
    responses(
        (status = 200, description = "The hold", body = HoldBody),
        (status = 404, description = "`hold-not-found`: no hold with this id, or it has lapsed or been released or converted", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    services: web::Data<Services>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let holds = services.holds.clone();
    let hold = lookup(&services, move || holds.get(id)).await?;
    Ok(ok(HoldBody::from(&hold)))
}

/// Releases the hold: its time is free at once.
#[utoipa::path(
    delete, path = "/api/v1/holds/{id}", tag = "availability", operation_id = "releaseHold",
    params(("id" = String, Path, description = "The hold's UUID")),
    responses(
        (status = 204, description = "Released"),
        (status = 404, description = "`hold-not-found`: no live hold with this id", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn release(
    services: web::Data<Services>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id_in_path(&path)?;
    let holds = services.holds.clone();
    run(move || holds.release(id, &caller.actor())).await?;
    Ok(no_content())
}
