//! The OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]`
//! attributes and the bodies' `ToSchema` derives, then completed by
//! [`Contract`] with what every operation shares: the bearer scheme, the
//! problems any request can meet (400, 401, 403, 405, 408, 413, 415, 431,
//! 500), the headers (`If-Match`, `If-None-Match`, `Idempotency-Key`,
//! `Accept-Language`) and the formats of path parameters. A snapshot of the
//! result is checked in as `docs/openapi.json`.

use crate::handlers::directory::{departments, locations, organisations, practitioners};
use crate::handlers::{appointments, audit, health, patients, reports, schedule, series};
use crate::problem::PROBLEM_CONTENT_TYPE;
use actix_web::HttpResponse;
use std::sync::LazyLock;
use utoipa::openapi::header::{Header, HeaderBuilder};
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

/// The API's description.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "PANDA",
        description = "Patient Appointment Network Data Application. Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`, in English or Welsh by `Accept-Language`.",
    ),
    paths(
        health::healthz,
        health::readyz,
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
        series::book,
        series::get,
        series::cancel,
        schedule::pattern::get,
        schedule::pattern::put,
        schedule::absences::add,
        schedule::absences::list,
        schedule::absences::remove,
        schedule::slots::search,
        schedule::holds::create,
        schedule::holds::get,
        schedule::holds::release,
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
        (name = "availability", description = "Working patterns, absences, free slots and holds"),
        (name = "reports", description = "Missed-appointment analytics"),
        (name = "audit", description = "The audit trail: who changed what, when (administrators only)"),
        (name = "health", description = "Liveness, readiness and this description (no credential needed)"),
    ),
    modifiers(&Contract),
)]
pub struct ApiDoc;

static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(ApiDoc::openapi);

/// The OpenAPI document.
#[utoipa::path(
    get, path = "/api/v1/openapi.json", tag = "health", operation_id = "getOpenApiDocument", security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(&*DOCUMENT)
}

/// Completes the generated document; see the module.
#[derive(Debug)]
pub struct Contract;

/// A problem response, by its description.
fn problem(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_CONTENT_TYPE,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ProblemBody")))
                .build(),
        )
        .build()
        .into()
}

/// A string schema with `pattern`.
fn text(pattern: &str) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .build()
        .into()
}

fn header_parameter(name: &str, required: bool, pattern: &str, description: &str) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(if required {
            Required::True
        } else {
            Required::False
        })
        .description(Some(description))
        .schema(Some(text(pattern)))
        .build()
}

fn header(description: &str, pattern: Option<&str>) -> Header {
    let mut schema = ObjectBuilder::new().schema_type(Type::String);
    if let Some(pattern) = pattern {
        schema = schema.pattern(Some(pattern));
    }
    HeaderBuilder::new()
        .schema(schema)
        .description(Some(description))
        .build()
}

/// The problems every operation may meet, by status, referenced from each.
const COMMON: &[(&str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "A malformed request: `malformed-json`, `invalid-json-body` (names the field), `invalid-query` (names the parameter), `if-match-format`, `idempotency-key-format`, `body-incomplete`, `ambiguous-framing`, `bad-request`",
    ),
    (
        "401",
        "Unauthenticated",
        "`unauthenticated` (no credential) or `invalid-token` (malformed, unknown, expired or revoked); `WWW-Authenticate: Bearer`",
    ),
    (
        "403",
        "Forbidden",
        "`forbidden`: the caller's role may not use this route; or `cors-origin-forbidden`: a browser request from an origin not configured",
    ),
    (
        "405",
        "MethodNotAllowed",
        "`method-not-allowed`: the path exists, not with this method; `Allow` lists the methods",
    ),
    (
        "408",
        "RequestTimeout",
        "`request-timeout`: the body did not arrive in time (10 s by default); the connection is closed",
    ),
    (
        "413",
        "PayloadTooLarge",
        "`payload-too-large`: the body is over 64 KiB",
    ),
    (
        "415",
        "UnsupportedMediaType",
        "`unsupported-media-type`: the body is not `application/json`",
    ),
    (
        "431",
        "HeadersTooLarge",
        "The request's headers are too large (sent by the HTTP layer, without a problem body)",
    ),
    (
        "500",
        "InternalError",
        "`internal-error`: a fault on PANDA's side, logged with the request id; nothing internal is shown",
    ),
];

const NHS_NUMBER: &str = "^ *(?:[0-9] *){10}$";
const IF_MATCH: &str = r#"^"[0-9]+(?:-[a-z]+)?"$"#;
const KEY: &str = "^[!-~]{1,255}$";

impl Modify for Contract {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token (`panda token create`) or an OpenID Connect access token",
                    ))
                    .build(),
            ),
        );
        for (_, name, description) in COMMON {
            components
                .responses
                .insert((*name).to_owned(), problem(description));
        }
        openapi.security = Some(vec![SecurityRequirement::new(
            "bearer",
            Vec::<String>::new(),
        )]);
        for (path, item) in &mut openapi.paths.paths {
            let public = crate::access::is_public(path);
            let single = path.ends_with('}');
            let methods = [
                ("get", &mut item.get),
                ("post", &mut item.post),
                ("put", &mut item.put),
                ("patch", &mut item.patch),
                ("delete", &mut item.delete),
            ];
            for (method, operation) in methods {
                if let Some(operation) = operation.as_mut() {
                    complete(operation, method, public, single);
                }
            }
        }
    }
}

/// Adds what `operation` shares with every other (see [`Contract`]).
fn complete(operation: &mut Operation, method: &str, public: bool, single: bool) {
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    for parameter in parameters.iter_mut() {
        match (&parameter.parameter_in, parameter.name.as_str()) {
            (ParameterIn::Path, "nhs_number") => parameter.schema = Some(text(NHS_NUMBER).into()),
            (ParameterIn::Path, "id" | "absence_id") => {
                parameter.schema = Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
                        .build()
                        .into(),
                );
            }
            (ParameterIn::Header, "If-Match") => {
                parameter.required = Required::True;
                parameter.schema = Some(text(IF_MATCH).into());
            }
            _ => {}
        }
    }
    parameters.push(header_parameter(
        "Accept-Language",
        false,
        "^[ -~]{1,200}$",
        "`cy` (or `cy-GB`) for problems in Welsh; English otherwise",
    ));
    if method == "post" {
        parameters.push(header_parameter(
            "Idempotency-Key",
            false,
            KEY,
            "Makes the creation safe to retry: the same key with the same request within 24 hours replays the first answer (with `Idempotent-Replayed: true`) and creates nothing",
        ));
    }
    let get_one = method == "get" && single && !public;
    if get_one {
        parameters.push(header_parameter(
            "If-None-Match",
            false,
            r#"^(?:\*|(?:W/)?"[0-9]+(?:-[a-z]+)?"(?: *, *(?:W/)?"[0-9]+(?:-[a-z]+)?")*)$"#,
            "The `ETag` held: a 304 with no body when the record has not changed",
        ));
    }
    let responses = &mut operation.responses.responses;
    if get_one {
        responses.entry("304".to_owned()).or_insert_with(|| {
            ResponseBuilder::new()
                .description("Not modified: the `ETag` sent is current")
                .header("ETag", header("The current version", Some(IF_MATCH)))
                .build()
                .into()
        });
    }
    for (status, response) in responses.iter_mut() {
        if let RefOr::T(response) = response {
            if status == "201" {
                response
                    .headers
                    .entry("Location".to_owned())
                    .or_insert_with(|| header("Where the new record lives", None));
                if method == "post" {
                    response.headers.entry("Idempotent-Replayed".to_owned()).or_insert_with(|| {
                        header("`true` when this is the first answer to an earlier request with the same `Idempotency-Key`", Some("^true$"))
                    });
                }
            }
            if (status == "200" && single && !public) || status == "201" {
                response.headers.entry("ETag".to_owned()).or_insert_with(|| {
                    header(
                        "The record's version, for `If-Match` and `If-None-Match` (a role, which has no version, has none)",
                        Some(IF_MATCH),
                    )
                });
            }
        }
    }
    let has_body = operation.request_body.is_some();
    for (status, name, _) in COMMON {
        let applies = match *status {
            "401" | "403" => !public,
            "408" | "413" | "415" => has_body,
            _ => true,
        };
        if applies {
            operation
                .responses
                .responses
                .entry((*status).to_owned())
                .or_insert_with(|| Ref::from_response_name(*name).into());
        }
    }
    let has_path_values = operation
        .parameters
        .iter()
        .flatten()
        .any(|p| matches!(p.parameter_in, ParameterIn::Path));
    if has_path_values {
        operation.responses.responses.entry("422".to_owned()).or_insert_with(|| {
            problem("A path value that does not parse (an NHS number with a bad check digit, an id that is not a UUID), naming it")
        });
    }
    if method == "post" {
        operation.responses.responses.entry("409".to_owned()).or_insert_with(|| {
            problem("`idempotency-key-in-use`: a request with this `Idempotency-Key` is still running (`Retry-After: 1`)")
        });
        operation
            .responses
            .responses
            .entry("422".to_owned())
            .or_insert_with(|| {
                problem(
                    "`idempotency-key-reused`: the `Idempotency-Key` was used for another request",
                )
            });
    }
}
