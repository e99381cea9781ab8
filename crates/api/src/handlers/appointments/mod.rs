//! `/api/v1/appointments`: book, read, change, list, and read the history.

pub mod create;
pub mod get;
pub mod history;
pub mod list;
pub mod update;

use crate::Services;
use crate::access::Caller;
use crate::bodies::appointment::AppointmentBody;
use crate::edge::{created_as, path_value, run};
use crate::problem::ApiError;
use actix_web::{HttpResponse, web};
use panda_domain::appointment::RuleViolation;
use panda_domain::appointment::service::{
    BookingError, BookingRequest, ChangeError, PlacementError,
};
use panda_domain::common::ids::AppointmentId;

/// The appointment id in the address; a bad one is a 422 naming `id`.
pub(crate) fn id_in_path(segment: &str) -> Result<AppointmentId, ApiError> {
    path_value("id", AppointmentId::parse(segment))
}

/// Books `request` and replies 201 (shared by both booking routes, which
/// name the start field differently).
pub(crate) async fn book(
    services: web::Data<Services>,
    caller: Caller,
    request: BookingRequest,
    time_field: &'static str,
) -> Result<HttpResponse, ApiError> {
    let appointments = services.appointments.clone();
    let view = run(move || {
        appointments
            .book(request, &caller.actor())
            .map_err(|e| blame_booking(e, time_field))
    })
    .await?;
    let body = AppointmentBody::new(&view, services.now());
    let location = format!("{}/appointments/{}", crate::limits::API_PREFIX, body.id);
    Ok(created_as(&location, Some(body.etag()), body))
}

/// A refused booking as a problem that names the field it is about, so
/// that a client can show it beside the right input.
pub(crate) fn blame_booking(error: BookingError, time_field: &'static str) -> ApiError {
    let field = match &error {
        BookingError::Rule(rule) => rule_field(rule, time_field),
        BookingError::Placement(placement) => placement_field(placement),
        _ => None,
    };
    on_field(ApiError::from(error), field)
}

/// A refused change, as [`blame_booking`] does for a booking.
pub(crate) fn blame_change(error: ChangeError) -> ApiError {
    let field = match &error {
        ChangeError::Rule(rule) => rule_field(rule, "time"),
        ChangeError::Placement(placement) => placement_field(placement),
        _ => None,
    };
    on_field(ApiError::from(error), field)
}

/// The field a broken booking rule is about, the start being `time_field`.
pub(crate) fn rule_field(rule: &RuleViolation, time_field: &'static str) -> Option<&'static str> {
    match rule {
        RuleViolation::NotOnGrid { .. }
        | RuleViolation::StartInThePast
        | RuleViolation::OutsideBookingWindow { .. } => Some(time_field),
        RuleViolation::DurationNotAllowed { .. } => Some("duration"),
    }
}

fn placement_field(placement: &PlacementError) -> Option<&'static str> {
    match placement {
        PlacementError::PractitionerNotAtLocation => Some("location_id"),
        _ => None,
    }
}

/// `problem`, blaming `field` when there is one.
pub(crate) fn on_field(problem: ApiError, field: Option<&'static str>) -> ApiError {
    match field {
        Some(field) => problem.on_field(field),
        None => problem,
    }
}
