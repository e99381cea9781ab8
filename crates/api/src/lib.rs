//! PANDA's HTTP API: actix-web handlers under `/api/v1`, the JSON bodies
//! they read and write, RFC 9457 problem details in English and Welsh, and
//! the OpenAPI document generated from the code.
//!
//! The binary only wires: it builds [`Ports`] from its adapters, turns them
//! into [`Services`] with the scheduling policy, and serves [`app`].
//!
//! # Limits
//!
//! Every limit is a named constant in [`limits`]:
//!
//! | limit | value | what happens beyond it |
//! |---|---|---|
//! | [`limits::MAX_BODY_BYTES`] | 64 KiB | 413 `payload-too-large` |
//! | [`limits::BODY_READ_TIMEOUT`] | 10 s for the body, once the head is read | 408 `request-timeout`, connection closed |
//! | a body shorter than its `Content-Length` | - | 400 `body-incomplete`, connection closed, nothing written |
//! | `Transfer-Encoding` with `Content-Length` | - | 400, connection closed (by actix-http's parser; `ambiguous-framing` where a request reaches PANDA's own check) |
//! | [`limits::DEFAULT_PAGE_LIMIT`] | 50 | used when `limit` is absent |
//! | [`limits::MAX_PAGE_LIMIT`] | 500 | 422 `page-limit-range` (never silently clamped) |
//! | [`limits::MAX_OFFSET`] | 2^63 - 1 | 422 `number-format` |
//! | [`limits::MAX_FILTER_CHARS`] | 200 | 422 `text-too-long` on a text filter |
//! | names and labels | 200 characters (the domain's `PersonName::MAX_CHARS`, `Label::MAX_CHARS`) | 422 `text-too-long` |
//!
//! # Errors
//!
//! Every failure is an `application/problem+json` body whose `code` is
//! stable; [`problem`] holds the one mapping from domain error kinds to
//! statuses. A path segment that does not parse (an NHS number with a bad
//! check digit, an id that is not a UUID) is a 422 with a field error, not
//! a 404, so a client can tell a typing mistake from a missing record.
//!
//! Problems are localised from `Accept-Language` (Welsh for `cy`, `cy-GB`;
//! English otherwise, quality values respected) and carry
//! `Content-Language`; success bodies are data and carry none.
//!
//! # Versions
//!
//! Single records carry `ETag: "<version>"`. Every PUT, PATCH and DELETE of
//! a versioned record MUST send `If-Match: "<version>"`: without it (or
//! with `*`) the write is a 428 `if-match-required`, and a version that is
//! no longer current is a 412 `stale-version`. So two clients editing one
//! record never silently overwrite each other.

pub mod access;
mod app;
pub mod bodies;
mod edge;
pub mod handlers;
pub mod l10n;
pub mod limits;
pub mod openapi;
pub mod problem;
pub mod render;
mod state;

pub use app::{Settings, app, configure};
pub use edge::cors::AllowedOrigins;
pub use state::{Lookups, Ports, Services};
