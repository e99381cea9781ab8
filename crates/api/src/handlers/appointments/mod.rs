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
use panda_domain::appointment::service::{AppointmentError, BookingRequest};
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
            .map_err(|e| blame(e, time_field))
    })
    .await?;
    let body = AppointmentBody::new(&view, services.now());
    let location = format!("{}/appointments/{}", crate::limits::API_PREFIX, body.id);
    Ok(created_as(&location, Some(body.etag()), body))
}

/// A broken booking rule, with the field it is about, so that a client
/// can show it beside the right input.
pub(crate) struct Blamed(pub AppointmentError, pub Option<&'static str>);

pub(crate) fn blame(error: AppointmentError, time_field: &'static str) -> Blamed {
    let field = match &error {
        AppointmentError::Rule(RuleViolation::NotOnGrid { .. } | RuleViolation::StartInThePast) => {
            Some(time_field)
        }
        AppointmentError::Rule(RuleViolation::DurationNotAllowed { .. }) => Some("duration"),
        AppointmentError::PractitionerNotAtLocation => Some("location_id"),
        _ => None,
    };
    Blamed(error, field)
}

impl From<Blamed> for ApiError {
    fn from(Blamed(error, field): Blamed) -> Self {
        let problem = ApiError::from(error);
        match field {
            Some(field) => problem.on_field(field),
            None => problem,
        }
    }
}
