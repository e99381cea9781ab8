//! The missed-appointment report use case: ask the store, then fill the
//! empty periods so that every group has a row for every period.

use crate::common::ports::Clock;
use crate::report::error::ReportError;
use crate::report::model::{Counts, MissedReportQuery, ReportRow};
use crate::report::ports::ReportRepository;
use chrono::{NaiveDate, TimeDelta};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The most periods one report covers: 1,000 days (about 2 years 9
/// months), 1,000 weeks, or 83 years of months. A range with more is a
/// `report-too-many-periods` problem, never a slow answer.
pub const MAX_REPORT_PERIODS: usize = 1_000;

/// The most rows one report has (groups times periods): 20,000, about
/// 5 MB of JSON. More is a `report-too-many-rows` problem.
pub const MAX_REPORT_ROWS: usize = 20_000;

/// Runs reports.
#[derive(Clone)]
pub struct ReportService {
    /// The aggregation port.
    pub reports: Arc<dyn ReportRepository>,
    /// The time, for the effective `missed` status.
    pub clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for ReportService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportService").finish_non_exhaustive()
    }
}

impl ReportService {
    /// The report, every group with a row for every period in the range
    /// (the query's `from`/`to` where given, else the data's own span).
    ///
    /// Bounded whatever the caller asks: a range of more than
    /// [`MAX_REPORT_PERIODS`] periods is refused before the store is asked,
    /// the store returns at most one row more than [`MAX_REPORT_ROWS`], and
    /// the filled report may not have more than that either.
    pub fn missed(&self, query: &MissedReportQuery) -> Result<Vec<ReportRow>, ReportError> {
        if let (Some(period), Some(from), Some(to)) = (query.period, query.from, query.to) {
            let (first, last) = (from.date_naive(), last_day_before(to));
            if period.buckets(first, last, MAX_REPORT_PERIODS).is_none() {
                return Err(ReportError::TooManyPeriods {
                    max: MAX_REPORT_PERIODS,
                });
            }
        }
        let rows = self
            .reports
            .missed(query, self.clock.now(), MAX_REPORT_ROWS + 1)?;
        if rows.len() > MAX_REPORT_ROWS {
            return Err(ReportError::TooManyRows {
                max: MAX_REPORT_ROWS,
            });
        }
        fill_periods(query, rows)
    }
}

/// The last UTC day counted by an exclusive `to`.
fn last_day_before(to: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    (to - TimeDelta::nanoseconds(1)).date_naive()
}

/// Adds zero rows for the periods a group has no appointments in, keeps
/// the order by keys then period. Refuses a report that would have more
/// than [`MAX_REPORT_PERIODS`] periods or [`MAX_REPORT_ROWS`] rows, before
/// building it.
pub fn fill_periods(
    query: &MissedReportQuery,
    rows: Vec<ReportRow>,
) -> Result<Vec<ReportRow>, ReportError> {
    let Some(period) = query.period else {
        return Ok(rows);
    };
    let seen = || rows.iter().filter_map(|r| r.period_start);
    let first = query.from.map(|f| f.date_naive()).or_else(|| seen().min());
    // `to` is exclusive: the last instant counted is just before it.
    let last = query.to.map(last_day_before).or_else(|| seen().max());
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(rows);
    };
    let buckets =
        period
            .buckets(first, last, MAX_REPORT_PERIODS)
            .ok_or(ReportError::TooManyPeriods {
                max: MAX_REPORT_PERIODS,
            })?;
    let mut groups: BTreeMap<_, BTreeMap<NaiveDate, Counts>> = BTreeMap::new();
    for row in rows {
        let counts = groups.entry(row.keys).or_default();
        if let Some(start) = row.period_start {
            counts.entry(start).or_default().add(&row.counts);
        }
    }
    if groups.len().saturating_mul(buckets.len()) > MAX_REPORT_ROWS {
        return Err(ReportError::TooManyRows {
            max: MAX_REPORT_ROWS,
        });
    }
    let mut out = Vec::with_capacity(groups.len() * buckets.len());
    for (keys, counts) in groups {
        for start in &buckets {
            out.push(ReportRow {
                keys: keys.clone(),
                period_start: Some(*start),
                counts: counts.get(start).cloned().unwrap_or_default(),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::ports::MockClock;
    use crate::report::model::{Dimension, GroupKey, ReportFilter};
    use crate::report::period::Period;
    use crate::report::ports::MockReportRepository;
    use chrono::{DateTime, TimeZone, Utc};

    fn key(name: &str) -> Vec<GroupKey> {
        vec![GroupKey {
            dimension: Dimension::Department,
            id: Some(name.to_owned()),
            name: Some(name.to_owned()),
        }]
    }
    fn day(m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, 1).unwrap()
    }
    fn row(name: &str, m: u32, missed: u64) -> ReportRow {
        let counts = Counts {
            due: missed * 2,
            missed,
            attended: missed,
            cancelled: 0,
            missed_minutes: missed * 30,
        };
        ReportRow {
            keys: key(name),
            period_start: Some(day(m)),
            counts,
        }
    }
    fn query(from: Option<u32>, to: Option<u32>) -> MissedReportQuery {
        let at = |m: u32| Utc.with_ymd_and_hms(2026, m, 1, 0, 0, 0).unwrap();
        MissedReportQuery {
            group_by: vec![Dimension::Department],
            period: Some(Period::Month),
            from: from.map(at),
            to: to.map(at),
            filter: ReportFilter::default(),
        }
    }

    #[test]
    fn every_group_gets_a_zero_row_for_each_empty_period_in_the_range() {
        let rows = vec![row("oncology", 2, 3), row("surgery", 4, 1)];
        let filled = fill_periods(&query(Some(1), Some(6)), rows).unwrap();
        // January to May for each of the two groups; June is excluded by `to`.
        assert_eq!(filled.len(), 10);
        let oncology: Vec<_> = filled
            .iter()
            .filter(|r| r.keys == key("oncology"))
            .map(|r| r.counts.missed)
            .collect();
        assert_eq!(oncology, vec![0, 3, 0, 0, 0]);
    }

    #[test]
    fn without_a_range_the_data_s_own_span_is_filled() {
        let rows = vec![row("oncology", 2, 3), row("oncology", 5, 1)];
        let filled = fill_periods(&query(None, None), rows).unwrap();
        let months: Vec<_> = filled.iter().filter_map(|r| r.period_start).collect();
        assert_eq!(months, vec![day(2), day(3), day(4), day(5)]);
    }

    #[test]
    fn without_a_period_rows_are_returned_as_they_came() {
        let mut q = query(None, None);
        q.period = None;
        let rows = vec![ReportRow {
            keys: key("a"),
            period_start: None,
            counts: Counts::default(),
        }];
        assert_eq!(fill_periods(&q, rows.clone()).unwrap(), rows);
    }

    fn service(store: MockReportRepository) -> ReportService {
        let mut clock = MockClock::new();
        clock
            .expect_now()
            .returning(|| Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap());
        ReportService {
            reports: Arc::new(store),
            clock: Arc::new(clock),
        }
    }

    fn daily(from: DateTime<Utc>, to: DateTime<Utc>) -> MissedReportQuery {
        MissedReportQuery {
            period: Some(Period::Day),
            from: Some(from),
            to: Some(to),
            ..query(None, None)
        }
    }

    #[test]
    fn a_range_of_more_periods_than_allowed_is_refused_before_the_store_is_asked() {
        // No expectation: the store must not be called.
        let reports = service(MockReportRepository::new());
        let from = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2999, 12, 31, 0, 0, 0).unwrap();
        let refused = reports.missed(&daily(from, to));
        assert!(
            matches!(refused, Err(ReportError::TooManyPeriods { max }) if max == MAX_REPORT_PERIODS),
            "{refused:?}"
        );
    }

    #[test]
    fn exactly_the_maximum_number_of_periods_is_answered() {
        let mut store = MockReportRepository::new();
        store
            .expect_missed()
            .withf(|_, _, max_rows| *max_rows == MAX_REPORT_ROWS + 1)
            .returning(|_, _, _| Ok(vec![row("oncology", 2, 1)]));
        let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let to = from + TimeDelta::days(MAX_REPORT_PERIODS as i64);
        let rows = service(store).missed(&daily(from, to)).unwrap();
        assert_eq!(rows.len(), MAX_REPORT_PERIODS);
    }

    #[test]
    fn without_a_range_data_spanning_too_many_periods_is_refused() {
        // One appointment in 1900 and one in 2999: the data's own span.
        let mut store = MockReportRepository::new();
        store.expect_missed().returning(|_, _, _| {
            let mut early = row("oncology", 1, 1);
            early.period_start = NaiveDate::from_ymd_opt(1900, 1, 1);
            let mut late = row("oncology", 1, 1);
            late.period_start = NaiveDate::from_ymd_opt(2999, 12, 31);
            Ok(vec![early, late])
        });
        let mut q = query(None, None);
        q.period = Some(Period::Week);
        let refused = service(store).missed(&q);
        assert!(matches!(refused, Err(ReportError::TooManyPeriods { .. })));
    }

    #[test]
    fn a_store_answer_over_the_row_limit_is_refused() {
        let mut store = MockReportRepository::new();
        store.expect_missed().returning(|_, _, max_rows| {
            Ok((0..max_rows).map(|i| row(&format!("d{i}"), 1, 1)).collect())
        });
        let mut q = query(None, None);
        q.period = None;
        let refused = service(store).missed(&q);
        assert!(matches!(refused, Err(ReportError::TooManyRows { max }) if max == MAX_REPORT_ROWS));
    }

    #[test]
    fn groups_times_periods_over_the_row_limit_is_refused_before_filling() {
        // 100 departments by 365 days would be 36,500 rows.
        let rows: Vec<_> = (0..100).map(|i| row(&format!("d{i:03}"), 2, 1)).collect();
        let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let q = daily(from, from + TimeDelta::days(365));
        let refused = fill_periods(&q, rows);
        assert!(matches!(refused, Err(ReportError::TooManyRows { .. })));
    }

    #[test]
    fn the_missed_rate_is_missed_over_due_and_zero_when_nothing_was_due() {
        let c = Counts {
            due: 8,
            missed: 2,
            ..Counts::default()
        };
        assert!((c.missed_rate() - 0.25).abs() < f64::EPSILON);
        assert_eq!(Counts::default().missed_rate(), 0.0);
    }
}
