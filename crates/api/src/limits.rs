//! The API's limits, in one place so that they can be documented and tuned.

use panda_domain::PageRequest;
use std::time::Duration;

/// The largest request body accepted, in bytes; larger is a 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// How long a request body may take to arrive once its head has been read;
/// slower is a 408 `request-timeout` and the connection is closed. (The
/// head itself has the server's `client_request_timeout`, 5 s.) Ten
/// seconds carry 64 KiB over a link of 52 kbit/s.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The body read timeout in force ([`BODY_READ_TIMEOUT`] unless the
/// operator set `body_timeout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyReadTimeout(pub Duration);

impl Default for BodyReadTimeout {
    fn default() -> Self {
        Self(BODY_READ_TIMEOUT)
    }
}

/// The page size when a list request names none.
pub const DEFAULT_PAGE_LIMIT: u32 = PageRequest::DEFAULT_LIMIT;

/// The largest page a list request may ask for; more is a 422, not a
/// silently smaller page, so a client never mistakes a short page for the end.
pub const MAX_PAGE_LIMIT: u32 = PageRequest::MAX_LIMIT;

/// The largest `offset` accepted: the largest a database can count to
/// (a signed 64-bit integer), so no offset can overflow in storage.
pub const MAX_OFFSET: u64 = i64::MAX as u64;

/// The longest text filter (`name=`, `postcode=`) accepted, in characters.
pub const MAX_FILTER_CHARS: usize = 200;

/// The prefix of every API route.
pub const API_PREFIX: &str = "/api/v1";
