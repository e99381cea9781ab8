//! The storage port for reports: the aggregation runs where the data is.

use crate::common::repository::RepositoryError;
use crate::report::model::{MissedReportQuery, ReportRow};
use chrono::{DateTime, Utc};

/// Aggregates appointments for reports.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait ReportRepository: Send + Sync {
    /// The non-empty groups of the query, with effective statuses judged at
    /// `now`. The adapter MUST aggregate in the database (GROUP BY), bucket
    /// periods in UTC as [`crate::report::Period::bucket`] does, and return
    /// rows ordered by keys then period. Rows with all counts zero may be
    /// omitted: the service fills the holes. It MUST return at most
    /// `max_rows` rows (any of them when there are more: the service then
    /// refuses the report), so that no query's memory grows past it.
    fn missed(
        &self,
        query: &MissedReportQuery,
        now: DateTime<Utc>,
        max_rows: usize,
    ) -> Result<Vec<ReportRow>, RepositoryError>;
}
