//! The routing table and the application the binary serves.

use crate::Services;
use crate::access::{Access, Allow, Auth, Authenticate};
use crate::edge::access_log::{Route, access_log};
use crate::edge::conditional::NotModified;
use crate::edge::cors::{AllowedOrigins, OriginCheck};
use crate::edge::headers::security_headers;
use crate::edge::idempotency::Idempotency;
use crate::edge::selective::Selective;
use crate::handlers::directory::{departments, locations, organisations, practitioners};
use crate::handlers::{appointments, audit, docs, health, patients, reports, schedule, series};
use crate::limits::API_PREFIX;
use crate::limits::BodyReadTimeout;
use crate::problem::{
    localise, method_not_allowed, path_config, payload_config, query_config, route_not_found,
};
use actix_web::body::BoxBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, Resource, guard, web};

/// The whole application: routes (each admitting the roles of its
/// [`Access`]), extractor configuration, a problem for unknown routes,
/// and around them, from the inside out: `If-None-Match` (304), replays
/// under an `Idempotency-Key`, authentication of every caller but the
/// public paths', the refusal of ambiguously framed requests, CORS (and
/// the refusal of origins not allowed), the middleware that localises
/// every problem, the security headers, and the access log around
/// everything (so even a 401, 404 or 405 is logged).
pub fn app(
    services: Services,
    settings: Settings,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<BoxBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(web::Data::new(services))
        .app_data(settings.body_read_timeout)
        .app_data(web::Data::new(settings.auth))
        .configure(configure)
        .default_service(web::to(route_not_found))
        .wrap(Selective(NotModified))
        .wrap(Selective(Idempotency))
        .wrap(Authenticate)
        .wrap(settings.origins.cors())
        .wrap(Selective(OriginCheck(settings.origins)))
        .wrap(from_fn(localise))
        .wrap(security_headers())
        .wrap(from_fn(access_log))
}

/// How the application treats requests, as the operator configured it.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long a request body may take to arrive.
    pub body_read_timeout: BodyReadTimeout,
    /// Whether and how callers authenticate.
    pub auth: Auth,
    /// The web origins whose pages may call PANDA (none by default).
    pub origins: AllowedOrigins,
}

/// The routes and extractor configuration, for callers that build their
/// own `App`: they must register `web::Data<Services>` and
/// `web::Data<Auth>`, wrap [`Authenticate`] (or no route admits anyone),
/// and wrap [`crate::problem::localise`] to get problems in the client's
/// language.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(payload_config())
        .app_data(query_config())
        .app_data(path_config())
        .service(public("/health", "GET, HEAD").route(get().to(health::health)))
        .service(public("/healthz", "GET, HEAD").route(get().to(health::healthz)))
        .service(public("/readyz", "GET, HEAD").route(get().to(health::readyz)))
        .service(
            public(&format!("{API_PREFIX}/openapi.json"), "GET, HEAD")
                .route(get().to(crate::openapi::document)),
        )
        .service(public("/docs", "GET, HEAD").route(get().to(docs::redirect)))
        .service(public("/docs/{file:.*}", "GET, HEAD").route(get().to(docs::file)));
    patient_routes(cfg);
    directory_routes(cfg);
    appointment_routes(cfg);
    availability_routes(cfg);
    cfg.service(
        api("/reports/missed", "GET, HEAD", Access::REPORTS)
            .route(get().to(reports::missed::missed)),
    )
    .service(api("/audit", "GET, HEAD", Access::ADMIN).route(get().to(audit::list::list)));
}

/// A resource whose unknown methods get a 405 problem naming `allow`, and
/// which tells the access log its route. Served to anyone: only for the
/// paths [`crate::access::is_public`] names.
fn public(path: &str, allow: &'static str) -> Resource {
    web::resource(path)
        .app_data(Route(path.into()))
        .default_service(method_not_allowed(allow))
}

/// A resource as [`public`] makes it, admitting only the roles of `access`
/// (to every method, the 405 included).
fn resource(
    path: &str,
    allow_methods: &'static str,
    access: Access,
) -> Resource<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<BoxBody>,
        Error = actix_web::Error,
        InitError = (),
    > + use<>,
> {
    public(path, allow_methods).wrap(Allow(access))
}

/// GET, and HEAD: the same status and headers without the body, which
/// actix's HTTP/1 encoder leaves out (RFC 9110 asks every server for both).
fn get() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

fn api(
    path: &str,
    allow_methods: &'static str,
    access: Access,
) -> Resource<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<BoxBody>,
        Error = actix_web::Error,
        InitError = (),
    > + use<>,
> {
    resource(&format!("{API_PREFIX}{path}"), allow_methods, access)
}

fn patient_routes(cfg: &mut web::ServiceConfig) {
    use patients::*;
    cfg.service(
        api("/patients", "GET, HEAD, POST", Access::CLINIC)
            .route(get().to(list::list))
            .route(web::post().to(create::create)),
    )
    .service(
        api(
            "/patients/{nhs_number}",
            "GET, HEAD, PUT, PATCH, DELETE",
            Access::CLINIC,
        )
        .route(get().to(get::get))
        .route(web::put().to(replace::replace))
        .route(web::patch().to(update::update))
        .route(web::delete().to(delete::delete)),
    )
    .service(
        api(
            "/patients/{nhs_number}/appointments",
            "GET, HEAD, POST",
            Access::CLINIC,
        )
        .route(get().to(list_appointments::list_appointments))
        .route(web::post().to(book::book_for_patient)),
    )
    .service(
        api(
            "/patients/{nhs_number}/appointment-series",
            "POST",
            Access::CLINIC,
        )
        .route(web::post().to(series::book)),
    );
}

fn directory_routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        api("/practitioners", "GET, HEAD, POST", Access::CLINIC)
            .route(get().to(practitioners::list::list))
            .route(web::post().to(practitioners::create::create)),
    )
    .service(
        api(
            "/practitioners/{id}",
            "GET, HEAD, PUT, PATCH",
            Access::CLINIC,
        )
        .route(get().to(practitioners::get::get))
        .route(web::put().to(practitioners::replace::replace))
        .route(web::patch().to(practitioners::update::update)),
    )
    .service(
        api(
            "/practitioners/{id}/roles",
            "GET, HEAD, POST",
            Access::CLINIC,
        )
        .route(get().to(practitioners::roles::roles))
        .route(web::post().to(practitioners::add_role::add_role)),
    );
    macro_rules! named_records {
        ($($module:ident: $path:literal),*) => {$(
            cfg.service(
                api($path, "GET, HEAD, POST", Access::CLINIC)
                    .route(get().to($module::list::list))
                    .route(web::post().to($module::create::create)),
            )
            .service(
                api(concat!($path, "/{id}"), "GET, HEAD, PUT, PATCH", Access::CLINIC)
                    .route(get().to($module::get::get))
                    .route(web::put().to($module::replace::replace))
                    .route(web::patch().to($module::update::update)),
            );
        )*};
    }
    named_records!(
        departments: "/departments",
        organisations: "/organisations",
        locations: "/locations"
    );
}

fn appointment_routes(cfg: &mut web::ServiceConfig) {
    use appointments::*;
    cfg.service(
        api("/appointments", "GET, HEAD, POST", Access::CLINIC)
            .route(get().to(list::list))
            .route(web::post().to(create::create)),
    )
    .service(
        api("/appointments/{id}", "GET, HEAD, PATCH", Access::CLINIC)
            .route(get().to(get::get))
            .route(web::patch().to(update::update)),
    )
    .service(
        api("/appointments/{id}/history", "GET, HEAD", Access::CLINIC)
            .route(get().to(history::history)),
    )
    .service(
        api("/appointment-series/{id}", "GET, HEAD", Access::CLINIC).route(get().to(series::get)),
    )
    .service(
        api("/appointment-series/{id}/cancel", "POST", Access::CLINIC)
            .route(web::post().to(series::cancel)),
    );
}

fn availability_routes(cfg: &mut web::ServiceConfig) {
    use schedule::*;
    cfg.service(
        api(
            "/practitioners/{id}/schedule",
            "GET, HEAD, PUT",
            Access::CLINIC,
        )
        .route(get().to(pattern::get))
        .route(web::put().to(pattern::put)),
    )
    .service(
        api(
            "/practitioners/{id}/absences",
            "GET, HEAD, POST",
            Access::CLINIC,
        )
        .route(get().to(absences::list))
        .route(web::post().to(absences::add)),
    )
    .service(
        api(
            "/practitioners/{id}/absences/{absence_id}",
            "DELETE",
            Access::CLINIC,
        )
        .route(web::delete().to(absences::remove)),
    )
    .service(api("/slots", "GET, HEAD", Access::CLINIC).route(get().to(slots::search)))
    .service(api("/holds", "POST", Access::CLINIC).route(web::post().to(holds::create)))
    .service(
        api("/holds/{id}", "GET, HEAD, DELETE", Access::CLINIC)
            .route(get().to(holds::get))
            .route(web::delete().to(holds::release)),
    );
}
