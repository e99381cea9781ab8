//! `Idempotency-Key` on creations (`POST`): the same request under the
//! same key, from the same caller, within the key's lifetime, gets the
//! first answer again (status, `Location`, `ETag`, body, and
//! `Idempotent-Replayed: true`) and creates nothing. Another request under
//! the key is a 422 `idempotency-key-reused`; a repeat while the first
//! still runs is a 409 `idempotency-key-in-use` with `Retry-After: 1`.
//!
//! Answers under 500 are kept; a 5xx (or a failure to read the answer)
//! frees the key, so the retry runs anew. The rules are the domain's
//! (`panda_domain::idempotency`); keys live in the database, shared by
//! every instance.

use super::body::read_bytes;
use super::selective::{Intercept, Next};
use crate::Services;
use crate::problem::{ApiError, RequestProblem, refuse};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{
    CONTENT_LANGUAGE, CONTENT_TYPE, ETAG, HeaderName, HeaderValue, LOCATION, RETRY_AFTER,
};
use actix_web::http::{Method, StatusCode};
use actix_web::{Error, HttpMessage, HttpResponse, web};
use panda_domain::access::Principal;
use panda_domain::idempotency::{
    Begin, Fingerprint, IdempotencyError, IdempotencyKey, Scope, StoredResponse, Ticket,
};
use panda_domain::patient::NhsNumber;
use std::future::Future;
use std::pin::Pin;

/// The request header.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// The header that marks a replayed answer.
pub const REPLAYED: &str = "idempotent-replayed";

/// The headers of an answer that are kept and replayed.
const KEPT: [HeaderName; 4] = [LOCATION, ETAG, CONTENT_TYPE, CONTENT_LANGUAGE];

/// The middleware's rules; see the module.
#[derive(Debug, Clone, Copy, Default)]
pub struct Idempotency;

impl Intercept for Idempotency {
    fn applies(&self, req: &ServiceRequest) -> bool {
        req.method() == Method::POST && req.headers().contains_key(IDEMPOTENCY_KEY)
    }

    fn intercept<B: MessageBody + 'static>(
        &self,
        req: ServiceRequest,
        next: Next<B>,
    ) -> Pin<Box<dyn Future<Output = Result<ServiceResponse<BoxBody>, Error>>>> {
        Box::pin(run_once(req, next))
    }
}

async fn run_once<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let mut keys = req.headers().get_all(IDEMPOTENCY_KEY);
    let key = match (keys.next(), keys.next()) {
        (Some(value), None) => value
            .to_str()
            .ok()
            .and_then(|text| IdempotencyKey::parse(text).ok()),
        _ => None,
    };
    let Some(key) = key else {
        return Ok(refuse(
            req,
            &ApiError::request(RequestProblem::IdempotencyKeyFormat),
        ));
    };
    let principal = req.extensions().get::<Principal>().cloned();
    let services = req.app_data::<web::Data<Services>>().cloned();
    let (Some(principal), Some(services)) = (principal, services) else {
        // A public path, which creates nothing: no key to keep.
        return next(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let mut payload = req.take_payload();
    let body = match read_bytes(req.request(), &mut payload).await {
        Ok(body) => body,
        Err(problem) => return Ok(refuse(req, &problem)),
    };
    let target = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.path().to_owned(), ToString::to_string);
    let fingerprint = Fingerprint::of(req.method().as_str(), &target, &body);
    req.set_payload(Payload::from(body));

    let scope = Scope(principal.actor.as_text());
    let idempotency = services.idempotency.clone();
    let begun = web::block(move || idempotency.begin(scope, key, fingerprint)).await;
    let ticket = match begun {
        Ok(Ok(Begin::Run(ticket))) => ticket,
        Ok(Ok(Begin::Replay(answer))) => return Ok(req.into_response(replay(&answer))),
        Ok(Err(error)) => {
            let in_use = matches!(error, IdempotencyError::InUse);
            let mut refused = refuse(req, &ApiError::from(error));
            if in_use {
                refused
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from_static("1"));
            }
            return Ok(refused);
        }
        Err(error) => {
            tracing::error!(%error, "the idempotency check did not finish");
            return Ok(refuse(req, &ApiError::request(RequestProblem::Internal)));
        }
    };

    let path = req.path().to_owned();
    let response = match next(req).await {
        Ok(response) => response,
        Err(error) => {
            finish(&services, ticket, None).await;
            return Err(error);
        }
    };
    let status = response.status();
    let (http_req, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let body = match actix_web::body::to_bytes(body).await {
        Ok(body) => body,
        Err(_) => {
            finish(&services, ticket, None).await;
            let failed = HttpResponse::from_error(ApiError::request(RequestProblem::Internal));
            return Ok(ServiceResponse::new(http_req, failed));
        }
    };
    let kept = (!status.is_server_error()).then(|| StoredResponse {
        status: status.as_u16(),
        headers: KEPT
            .iter()
            .filter_map(|name| {
                let value = head.headers().get(name)?.to_str().ok()?;
                Some((name.as_str().to_owned(), value.to_owned()))
            })
            .collect(),
        body: body.to_vec(),
        patient: patient_of(&path, &body),
    });
    finish(&services, ticket, kept).await;
    Ok(ServiceResponse::new(
        http_req,
        head.set_body(BoxBody::new(body)),
    ))
}

/// Keeps the answer under the ticket (or frees the key); a failure is
/// logged, and the answer goes out regardless: the work is done.
async fn finish(services: &Services, ticket: Ticket, answer: Option<StoredResponse>) {
    let idempotency = services.idempotency.clone();
    let finished = web::block(move || idempotency.finish(&ticket, answer.as_ref())).await;
    match finished {
        Ok(Ok(())) => {}
        Ok(Err(error)) => tracing::warn!(%error, "an idempotency key's answer was not kept"),
        Err(error) => tracing::warn!(%error, "an idempotency key's answer was not kept"),
    }
}

/// The first answer, again.
fn replay(answer: &StoredResponse) -> HttpResponse {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    for (name, value) in &answer.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) {
            response.insert_header((name, value));
        }
    }
    response.insert_header((REPLAYED, "true"));
    response.body(answer.body.clone())
}

/// The patient an answer is about, so that erasing them deletes it: the
/// record's own NHS number (`nhs_number`, or an appointment's `patient`),
/// else the one in the address.
fn patient_of(path: &str, body: &[u8]) -> Option<NhsNumber> {
    #[derive(serde::Deserialize)]
    struct Named {
        nhs_number: Option<String>,
        patient: Option<String>,
    }
    let named = serde_json::from_slice::<Named>(body)
        .ok()
        .and_then(|named| named.nhs_number.or(named.patient));
    let in_path = || {
        let rest = path.strip_prefix(crate::limits::API_PREFIX)?;
        let rest = rest.strip_prefix("/patients/")?;
        Some(rest.split('/').next()?.to_owned())
    };
    named
        .or_else(in_path)
        .and_then(|text| NhsNumber::parse(&text).ok())
}
