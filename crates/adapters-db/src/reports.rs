//! [`ReportRepository`] for [`Database`]: the missed-appointment report,
//! aggregated by the database (see `reports/sql.rs` for the statement).

mod sql;

use crate::connection::{Database, DbConnection};
use crate::errors::repository_error;
use crate::rows::instant_to_db;
use crate::statement::{Dialect, Statement};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::sql_types::{BigInt, Date, Nullable, Text};
use diesel::{QueryableByName, RunQueryDsl};
use panda_domain::RepositoryError;
use panda_domain::report::{
    Counts, Dimension, GroupKey, MissedReportQuery, ReportRepository, ReportRow,
};

/// One row of the report as the database returns it: an id and a name per
/// dimension (NULL when not grouped by it, or when the appointment has
/// none), the period and the counts.
#[derive(Debug, QueryableByName)]
struct AggregateRow {
    #[diesel(sql_type = Nullable<Text>)]
    clinician_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    clinician_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    department_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    department_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    organisation_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    organisation_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    location_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    location_name: Option<String>,
    #[diesel(sql_type = Nullable<Date>)]
    period_start: Option<NaiveDate>,
    #[diesel(sql_type = BigInt)]
    due: i64,
    #[diesel(sql_type = BigInt)]
    missed: i64,
    #[diesel(sql_type = BigInt)]
    attended: i64,
    #[diesel(sql_type = BigInt)]
    cancelled: i64,
    #[diesel(sql_type = BigInt)]
    missed_minutes: i64,
}

impl AggregateRow {
    /// The domain row, with keys in the query's `group_by` order.
    fn into_domain(self, group_by: &[Dimension]) -> ReportRow {
        let keys = group_by
            .iter()
            .map(|&dimension| {
                let (id, name) = match dimension {
                    Dimension::Clinician => (&self.clinician_id, &self.clinician_name),
                    Dimension::Department => (&self.department_id, &self.department_name),
                    Dimension::Organisation => (&self.organisation_id, &self.organisation_name),
                    Dimension::Location => (&self.location_id, &self.location_name),
                };
                GroupKey {
                    dimension,
                    id: id.clone(),
                    name: name.clone(),
                }
            })
            .collect();
        // Counts are never negative.
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        ReportRow {
            keys,
            period_start: self.period_start,
            counts: Counts {
                due: count(self.due),
                missed: count(self.missed),
                attended: count(self.attended),
                cancelled: count(self.cancelled),
                missed_minutes: count(self.missed_minutes),
            },
        }
    }
}

/// One line of a query plan: SQLite's `EXPLAIN QUERY PLAN` detail.
#[derive(Debug, QueryableByName)]
struct SqlitePlanLine {
    #[diesel(sql_type = Text)]
    detail: String,
}

/// One line of a query plan: PostgreSQL's `EXPLAIN`.
#[derive(Debug, QueryableByName)]
struct PostgresPlanLine {
    #[diesel(sql_type = Text)]
    #[diesel(column_name = "QUERY PLAN")]
    line: String,
}

/// The statement for `query` at `now`, in `conn`'s dialect.
fn statement(conn: &DbConnection, query: &MissedReportQuery, now: DateTime<Utc>) -> Statement {
    let window = (query.from.map(instant_to_db), query.to.map(instant_to_db));
    sql::missed_report(Dialect::of(conn), query, instant_to_db(now), window)
}

impl ReportRepository for Database {
    fn missed(
        &self,
        query: &MissedReportQuery,
        now: DateTime<Utc>,
        max_rows: usize,
    ) -> Result<Vec<ReportRow>, RepositoryError> {
        // A whole number PANDA chose, never the caller's text: safe in SQL.
        let limit = format!(" LIMIT {}", max_rows.min(i64::MAX as usize));
        let rows: Vec<AggregateRow> = self.scan(|conn| {
            let mut statement = statement(conn, query, now);
            statement.text.push_str(&limit);
            statement.bound("").load(conn).map_err(repository_error)
        })?;
        let mut rows: Vec<ReportRow> = rows
            .into_iter()
            .map(|row| row.into_domain(&query.group_by))
            .collect();
        // Ordered here rather than in SQL: PostgreSQL would sort text by its
        // collation and SQLite by bytes, and both backends must agree.
        rows.sort_by(|a, b| (&a.keys, a.period_start).cmp(&(&b.keys, b.period_start)));
        Ok(rows)
    }
}

impl Database {
    /// The plan the database would follow for the report `query`: SQLite's
    /// `EXPLAIN QUERY PLAN` or PostgreSQL's `EXPLAIN`, one line each; with
    /// `analyse`, PostgreSQL runs the query and adds timings and buffers
    /// (SQLite has no such mode). For benchmarks and the tests that keep
    /// the report on its indexes.
    pub fn explain_missed_report(
        &self,
        query: &MissedReportQuery,
        now: DateTime<Utc>,
        analyse: bool,
    ) -> Result<Vec<String>, RepositoryError> {
        self.scan(|conn| {
            let statement = statement(conn, query, now);
            match Dialect::of(conn) {
                Dialect::Sqlite => statement
                    .bound("EXPLAIN QUERY PLAN ")
                    .load::<SqlitePlanLine>(conn)
                    .map(|lines| lines.into_iter().map(|l| l.detail).collect()),
                Dialect::Postgres if analyse => statement
                    .bound("EXPLAIN (ANALYZE, BUFFERS) ")
                    .load::<PostgresPlanLine>(conn)
                    .map(|lines| lines.into_iter().map(|l| l.line).collect()),
                Dialect::Postgres => statement
                    .bound("EXPLAIN ")
                    .load::<PostgresPlanLine>(conn)
                    .map(|lines| lines.into_iter().map(|l| l.line).collect()),
            }
            .map_err(repository_error)
        })
    }
}
