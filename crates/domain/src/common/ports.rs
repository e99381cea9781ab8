//! The ports every use case needs: what time it is, fresh identifiers, and
//! who is acting.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The source of the current instant. A port so that tests (and the
/// derived `missed` status) can be driven by a controlled clock.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait Clock: Send + Sync {
    /// The current instant, in UTC.
    fn now(&self) -> DateTime<Utc>;
}

/// The source of fresh identifiers for new records.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait IdSource: Send + Sync {
    /// A UUID no other record has.
    fn new_id(&self) -> Uuid;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Random (version 7, time-ordered) UUIDs: unique across PANDA instances
/// without coordination, and index-friendly because they grow with time.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn new_id(&self) -> Uuid {
        Uuid::now_v7()
    }
}

/// Who is making a change. Every write carries one so that the history and
/// the audit trail can say who changed what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A caller of a PANDA whose authentication is off (loopback only).
    Anonymous,
    /// PANDA itself or an operator's command-line tool (import, migrate).
    System,
    /// A caller holding one of PANDA's API tokens.
    Token {
        /// The token's id (never its secret).
        id: String,
        /// The name it was given when created.
        name: String,
    },
    /// A person signed in through the OpenID Connect provider.
    Subject {
        /// The provider's `sub` claim.
        subject: String,
    },
}

impl Actor {
    /// A stable text form for storage: `anonymous`, `system`,
    /// `token:<id>` or `oidc:<subject>`.
    pub fn as_text(&self) -> String {
        match self {
            Actor::Anonymous => "anonymous".to_owned(),
            Actor::System => "system".to_owned(),
            Actor::Token { id, .. } => format!("token:{id}"),
            Actor::Subject { subject } => format!("oidc:{subject}"),
        }
    }

    /// A name for people reading the trail: the token's name, the subject,
    /// or `anonymous` / `system`.
    pub fn display_name(&self) -> &str {
        match self {
            Actor::Anonymous => "anonymous",
            Actor::System => "system",
            Actor::Token { name, .. } => name,
            Actor::Subject { subject } => subject,
        }
    }
}

/// Which slice of a long list to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// How many records to skip.
    pub offset: u64,
    /// How many records at most; never more than [`PageRequest::MAX_LIMIT`].
    pub limit: u32,
}

impl PageRequest {
    /// The page size when the caller names none.
    pub const DEFAULT_LIMIT: u32 = 50;
    /// The largest page anyone can ask for.
    pub const MAX_LIMIT: u32 = 500;

    /// A page request with `limit` clamped to `1..=MAX_LIMIT`.
    pub fn new(offset: u64, limit: u32) -> Self {
        Self {
            offset,
            limit: limit.clamp(1, Self::MAX_LIMIT),
        }
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self::new(0, Self::DEFAULT_LIMIT)
    }
}

/// One page of a list, with the total so a client can page through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The records on this page.
    pub items: Vec<T>,
    /// How many records match in all.
    pub total: u64,
}

/// Whether the store can serve requests now: what a load balancer's
/// readiness probe asks.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait Readiness: Send + Sync {
    /// `Ok` when the store answers and its schema is the one this build
    /// expects (every migration applied); otherwise why not, for the log.
    fn check(&self) -> Result<(), crate::RepositoryError>;
}
