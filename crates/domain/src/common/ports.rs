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

/// Who is making a change. Every write carries one so that the audit trail
/// can say who changed what; until bearer tokens arrive every HTTP caller is
/// [`Actor::Anonymous`] and command-line tools act as [`Actor::System`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// An unauthenticated HTTP caller.
    Anonymous,
    /// PANDA itself or an operator's command-line tool (import, migrate).
    System,
    /// An authenticated user, named by the identity provider's subject.
    User(String),
}

impl Actor {
    /// A stable text form for storage: `anonymous`, `system` or `user:<subject>`.
    pub fn as_text(&self) -> String {
        match self {
            Actor::Anonymous => "anonymous".to_owned(),
            Actor::System => "system".to_owned(),
            Actor::User(subject) => format!("user:{subject}"),
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
