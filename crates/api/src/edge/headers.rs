//! Headers every response carries, whatever produced it (a handler, a
//! problem, a 401 or 404), so that a browser never sniffs, frames, caches
//! or leaks a reply that may hold personal data.

use actix_web::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use actix_web::middleware::DefaultHeaders;

/// The policy for everything PANDA serves: JSON, CSV and SVG load nothing
/// and may be framed by nothing. A page that needs more (the API reference)
/// sets its own, which this does not replace.
pub const CONTENT_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Adds each header unless the response already has it: `nosniff`, no
/// referrer, no framing, the content policy above, and `no-store`, since a
/// reply may carry NHS numbers, names, dates of birth and postcodes and
/// must not be kept by a browser or a proxy on a shared clinic computer.
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((REFERRER_POLICY, "no-referrer"))
        .add((X_FRAME_OPTIONS, "DENY"))
        .add((CONTENT_SECURITY_POLICY, CONTENT_POLICY))
        .add((CACHE_CONTROL, "no-store"))
}
