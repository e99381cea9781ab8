//! The missed-appointment report use case: ask the store, then fill the
//! empty periods so that every group has a row for every period.

use crate::common::ports::Clock;
use crate::common::repository::RepositoryError;
use crate::report::model::{Counts, MissedReportQuery, ReportRow};
use crate::report::ports::ReportRepository;
use chrono::{NaiveDate, TimeDelta};
use std::collections::BTreeMap;
use std::sync::Arc;

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
    pub fn missed(&self, query: &MissedReportQuery) -> Result<Vec<ReportRow>, RepositoryError> {
        let rows = self.reports.missed(query, self.clock.now())?;
        Ok(fill_periods(query, rows))
    }
}

/// Adds zero rows for the periods a group has no appointments in, keeps
/// the order by keys then period.
pub fn fill_periods(query: &MissedReportQuery, rows: Vec<ReportRow>) -> Vec<ReportRow> {
    let Some(period) = query.period else {
        return rows;
    };
    let seen = || rows.iter().filter_map(|r| r.period_start);
    let first = query.from.map(|f| f.date_naive()).or_else(|| seen().min());
    // `to` is exclusive: the last instant counted is just before it.
    let last = query
        .to
        .map(|t| (t - TimeDelta::nanoseconds(1)).date_naive())
        .or_else(|| seen().max());
    let (Some(first), Some(last)) = (first, last) else {
        return rows;
    };
    let buckets = period.buckets(first, last);
    let mut groups: BTreeMap<_, BTreeMap<NaiveDate, Counts>> = BTreeMap::new();
    for row in rows {
        let counts = groups.entry(row.keys).or_default();
        if let Some(start) = row.period_start {
            counts.entry(start).or_default().add(&row.counts);
        }
    }
    let mut out = Vec::new();
    for (keys, counts) in groups {
        for start in &buckets {
            out.push(ReportRow {
                keys: keys.clone(),
                period_start: Some(*start),
                counts: counts.get(start).cloned().unwrap_or_default(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::{Dimension, GroupKey, ReportFilter};
    use crate::report::period::Period;
    use chrono::{TimeZone, Utc};

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
        let filled = fill_periods(&query(Some(1), Some(6)), rows);
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
        let filled = fill_periods(&query(None, None), rows);
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
        assert_eq!(fill_periods(&q, rows.clone()), rows);
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
