//! The access log: one event per request, once its response is ready, with
//! the request's id, method, route, status and latency.
//!
//! The route is the pattern that matched (`/api/v1/patients/{nhs_number}`),
//! never the path or query: paths carry NHS numbers and queries carry
//! names and postcodes, which do not belong in logs. The id comes from the
//! client's `X-Request-Id` (a load balancer's, say) when it is a plain token,
//! and is made up otherwise; either way the response carries it back, so a
//! user's report and the log line can be matched.
//!
//! One event rather than a span per request: a span's fields are formatted
//! when it opens and its timings kept until it closes, which cost a tenth of
//! the reads/s the server could serve (docs/benchmarks.md).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The header that carries a request's id, both ways.
pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest client-supplied id kept; a longer one is replaced.
pub const MAX_REQUEST_ID_LEN: usize = 64;

/// The route a resource serves, attached to it as resource data so that
/// the log can name it without matching the path a second time.
#[derive(Debug, Clone)]
pub struct Route(pub std::sync::Arc<str>);

/// Logs the request once its response is ready, and returns the
/// request's id in `X-Request-Id`.
pub async fn access_log<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .filter(|value| is_plain_token(value.as_bytes()))
        .cloned()
        .unwrap_or_else(next_id);
    let method = req.method().clone();
    let mut res = next.call(req).await?;
    let route = res.request().app_data::<Route>().map(|r| r.0.clone());
    tracing::info!(
        target: "panda::access",
        id = %id.to_str().unwrap_or_default(),
        method = %method,
        route = %route.as_deref().unwrap_or("-"),
        status = res.status().as_u16(),
        micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        "request"
    );
    res.headers_mut().insert(REQUEST_ID.clone(), id);
    Ok(res)
}

/// Letters, digits and `-_.:`, at most [`MAX_REQUEST_ID_LEN`] of them: what
/// load balancers and tracing systems send, and nothing that could forge a
/// log line.
fn is_plain_token(value: &[u8]) -> bool {
    (1..=MAX_REQUEST_ID_LEN).contains(&value.len())
        && value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
}

/// A fresh id: this process's random prefix and a counter, unique across
/// instances without a random draw per request.
fn next_id() -> HeaderValue {
    static PREFIX: LazyLock<String> = LazyLock::new(|| {
        let random = uuid::Uuid::new_v4().simple().to_string();
        random[..12].to_owned()
    });
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    HeaderValue::from_str(&format!("{}-{n:x}", *PREFIX))
        .unwrap_or_else(|_| HeaderValue::from_static("unknown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_tokens_are_kept_and_anything_else_is_not() {
        assert!(is_plain_token(b"abc-123_x.y:z"));
        assert!(is_plain_token(&[b'a'; MAX_REQUEST_ID_LEN]));
        assert!(!is_plain_token(&[b'a'; MAX_REQUEST_ID_LEN + 1]));
        assert!(!is_plain_token(b""));
        assert!(!is_plain_token(b"a b"));
        assert!(!is_plain_token(b"a\"b"));
        assert!(!is_plain_token("é".as_bytes()));
    }

    #[test]
    fn made_up_ids_differ_and_share_the_process_prefix() {
        let (a, b) = (next_id(), next_id());
        assert_ne!(a, b);
        let prefix = |v: &HeaderValue| v.to_str().unwrap().split('-').next().unwrap().to_owned();
        assert_eq!(prefix(&a), prefix(&b));
        assert_eq!(prefix(&a).len(), 12);
    }
}
