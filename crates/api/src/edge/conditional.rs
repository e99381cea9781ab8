//! `If-None-Match` on `GET` and `HEAD`: when the record's `ETag` is one
//! the client names (or the client names `*`), the answer is `304 Not
//! Modified` with the `ETag` and no body, so a client that polls a record
//! re-downloads it only when it changed. Tags compare weakly (RFC 9110
//! §13.1.2): `W/"3"` matches `"3"`.

use super::selective::{Intercept, Next};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use actix_web::http::{Method, StatusCode};
use actix_web::{Error, HttpResponse};
use std::future::Future;
use std::pin::Pin;

/// The middleware's rules; see the module.
#[derive(Debug, Clone, Copy, Default)]
pub struct NotModified;

impl Intercept for NotModified {
    fn applies(&self, req: &ServiceRequest) -> bool {
        matches!(*req.method(), Method::GET | Method::HEAD)
            && req.headers().contains_key(IF_NONE_MATCH)
    }

    fn intercept<B: MessageBody + 'static>(
        &self,
        req: ServiceRequest,
        next: Next<B>,
    ) -> Pin<Box<dyn Future<Output = Result<ServiceResponse<BoxBody>, Error>>>> {
        let wanted: Vec<String> = req
            .headers()
            .get_all(IF_NONE_MATCH)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|tag| tag.trim().to_owned())
            .collect();
        Box::pin(async move {
            let response = next(req).await?;
            let current = response
                .headers()
                .get(ETAG)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            match current {
                Some(tag) if response.status() == StatusCode::OK && matches_any(&wanted, &tag) => {
                    let (req, response) = response.into_parts();
                    let mut not_modified = HttpResponse::NotModified();
                    for (name, value) in response.headers() {
                        if name != CONTENT_TYPE && name != CONTENT_LENGTH {
                            not_modified.append_header((name.clone(), value.clone()));
                        }
                    }
                    Ok(ServiceResponse::new(req, not_modified.finish()))
                }
                _ => Ok(response.map_into_boxed_body()),
            }
        })
    }
}

/// True when `tag` is among `wanted` (weakly), or `wanted` has `*`.
fn matches_any(wanted: &[String], tag: &str) -> bool {
    let opaque = |t: &str| t.strip_prefix("W/").unwrap_or(t).to_owned();
    let tag = opaque(tag);
    wanted.iter().any(|w| w == "*" || opaque(w) == tag)
}

#[cfg(test)]
mod tests {
    use super::matches_any;

    fn list(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn tags_compare_weakly_and_a_star_matches_any() {
        assert!(matches_any(&list(&["\"3\""]), "\"3\""));
        assert!(matches_any(&list(&["W/\"3\""]), "\"3\""));
        assert!(matches_any(&list(&["\"1\"", "\"3\""]), "\"3\""));
        assert!(matches_any(&list(&["*"]), "\"9\""));
        assert!(!matches_any(&list(&["\"3\""]), "\"4\""));
        assert!(!matches_any(&list(&["\"3\""]), "\"3-missed\""));
        assert!(!matches_any(&list(&[]), "\"3\""));
    }
}
