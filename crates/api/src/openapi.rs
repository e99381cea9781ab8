//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]`
//! attributes and the bodies' `ToSchema` derives.

use crate::handlers::{
    appointments, audit, departments, health, locations, organisations, patients, practitioners,
    reports,
};
use actix_web::HttpResponse;
use std::sync::LazyLock;
use utoipa::OpenApi;

/// The API's description.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "PANDA",
        description = "Patient Appointment Network Data Application. Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`, in English or Welsh by `Accept-Language`.",
    ),
    paths(
        health::health,
        document,
        patients::create::create,
        patients::list::list,
        patients::get::get,
        patients::replace::replace,
        patients::update::update,
        patients::delete::delete,
        patients::list_appointments::list_appointments,
        patients::book::book_for_patient,
        practitioners::create::create,
        practitioners::list::list,
        practitioners::get::get,
        practitioners::replace::replace,
        practitioners::update::update,
        practitioners::add_role::add_role,
        practitioners::roles::roles,
        departments::create::create,
        departments::list::list,
        departments::get::get,
        departments::replace::replace,
        departments::update::update,
        organisations::create::create,
        organisations::list::list,
        organisations::get::get,
        organisations::replace::replace,
        organisations::update::update,
        locations::create::create,
        locations::list::list,
        locations::get::get,
        locations::replace::replace,
        locations::update::update,
        appointments::create::create,
        appointments::list::list,
        appointments::get::get,
        appointments::update::update,
        appointments::history::history,
        reports::missed::missed,
        audit::list::list,
    ),
    tags(
        (name = "patients", description = "Patients, keyed by NHS number"),
        (name = "practitioners", description = "Clinicians and their roles"),
        (name = "departments", description = "Clinical departments"),
        (name = "organisations", description = "Organisations practitioners work for"),
        (name = "locations", description = "Where appointments happen"),
        (name = "appointments", description = "Bookings, changes and history"),
        (name = "reports", description = "Missed-appointment analytics"),
        (name = "audit", description = "The audit trail: who changed what, when (administrators only)"),
        (name = "health", description = "Liveness"),
    )
)]
pub struct ApiDoc;

static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(ApiDoc::openapi);

/// The OpenAPI document.
#[utoipa::path(
    get, path = "/api/v1/openapi.json", tag = "health",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(&*DOCUMENT)
}
