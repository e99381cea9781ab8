//! The missed-appointment report against the real adapter on SQLite and on
//! PostgreSQL: every grouping and period equals a brute-force count of the
//! same seeded records, and both backends give identical reports.

#![expect(
    clippy::unwrap_used,
    reason = "a panic in a test is a failed test, which is what we want"
)]

mod brute;
mod seed;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use panda_adapters_db::Database;
use panda_adapters_db::testing::TestDatabase;
use panda_domain::report::{
    Dimension, MissedReportQuery, Period, ReportFilter, ReportRepository, ReportService,
};
use seed::{World, audit, now, seed};
use std::sync::Arc;

/// Generates, for each named test body, one test per backend.
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    super::$name(panda_adapters_db::testing::TestDatabase::sqlite().database());
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    if let Some(db) = panda_adapters_db::testing::TestDatabase::postgres() {
                        super::$name(db.database());
                    }
                }
            )*
        }
    };
}

mod writes;

contract!(
    every_grouping_and_period_equals_a_brute_force_count,
    each_filter_restricts_the_report_as_a_brute_force_count_does,
    keys_come_in_the_order_group_by_names_them,
    the_store_returns_no_more_rows_than_it_is_allowed,
    the_service_gives_every_group_a_row_for_every_period_of_the_range,
);

const SEED: u64 = 0x5EED_2030;
const APPOINTMENTS: usize = 300;

/// Every subset of the dimensions, the empty one (totals) included.
fn groupings() -> Vec<Vec<Dimension>> {
    (0..16u32)
        .map(|bits| {
            Dimension::ALL
                .into_iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, d)| d)
                .collect()
        })
        .collect()
}

/// No period, and each period.
fn periods() -> Vec<Option<Period>> {
    std::iter::once(None)
        .chain(Period::ALL.into_iter().map(Some))
        .collect()
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// A report's `from` and `to`.
type Window = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// Ranges: none, open at either end, cutting periods in the middle, and
/// bounded exactly at stored starts (`from` counts it, `to` does not).
fn windows(world: &World) -> Vec<Window> {
    let mut starts: Vec<_> = world.appointments.iter().map(|a| a.start).collect();
    starts.sort();
    vec![
        (None, None),
        (Some(utc(2029, 2, 14, 13, 30)), Some(utc(2030, 11, 3, 0, 0))),
        (Some(now()), None),
        (None, Some(utc(2029, 12, 31, 23, 45))),
        (Some(starts[10]), Some(starts[starts.len() - 10])),
    ]
}

fn query(group_by: Vec<Dimension>, period: Option<Period>) -> MissedReportQuery {
    MissedReportQuery {
        group_by,
        period,
        from: None,
        to: None,
        filter: ReportFilter::default(),
    }
}

fn check(db: &Database, world: &World, query: &MissedReportQuery) {
    let got = db.missed(query, now(), usize::MAX).unwrap();
    let expected = brute::report(world, query, now());
    assert_eq!(got, expected, "{query:?}");
}

fn every_grouping_and_period_equals_a_brute_force_count(db: &Database) {
    let world = seed(db, SEED, APPOINTMENTS);
    assert!(
        world.appointments.len() > 250,
        "enough records to mean something"
    );
    for (from, to) in windows(&world) {
        for group_by in groupings() {
            for period in periods() {
                let mut q = query(group_by.clone(), period);
                (q.from, q.to) = (from, to);
                check(db, &world, &q);
            }
        }
    }
}

fn each_filter_restricts_the_report_as_a_brute_force_count_does(db: &Database) {
    let world = seed(db, SEED, APPOINTMENTS);
    let filters = [
        ReportFilter {
            clinician: Some(world.practitioners[1]),
            ..ReportFilter::default()
        },
        ReportFilter {
            department: Some(world.departments[0]),
            ..ReportFilter::default()
        },
        ReportFilter {
            organisation: Some(world.organisations[1]),
            ..ReportFilter::default()
        },
        ReportFilter {
            location: Some(world.locations[2]),
            ..ReportFilter::default()
        },
        ReportFilter {
            department: Some(world.departments[1]),
            location: Some(world.locations[0]),
            ..ReportFilter::default()
        },
    ];
    for filter in filters {
        for period in [None, Some(Period::Month), Some(Period::Week)] {
            let mut q = query(Dimension::ALL.to_vec(), period);
            q.filter = filter.clone();
            q.from = Some(utc(2029, 6, 1, 0, 0));
            check(db, &world, &q);
        }
    }
}

fn keys_come_in_the_order_group_by_names_them(db: &Database) {
    let world = seed(db, SEED, APPOINTMENTS);
    let q = query(
        vec![Dimension::Location, Dimension::Clinician],
        Some(Period::Quarter),
    );
    let rows = db.missed(&q, now(), usize::MAX).unwrap();
    assert!(
        rows.iter()
            .all(|r| r.keys[0].dimension == Dimension::Location
                && r.keys[1].dimension == Dimension::Clinician)
    );
    check(db, &world, &q);
}

fn the_store_returns_no_more_rows_than_it_is_allowed(db: &Database) {
    seed(db, SEED, APPOINTMENTS);
    let q = query(vec![Dimension::Clinician], Some(Period::Day));
    let all = db.missed(&q, now(), usize::MAX).unwrap();
    assert!(all.len() > 5, "the seed gives many rows: {}", all.len());
    assert_eq!(db.missed(&q, now(), 5).unwrap().len(), 5);
}

struct Fixed(DateTime<Utc>);

impl panda_domain::Clock for Fixed {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

fn the_service_gives_every_group_a_row_for_every_period_of_the_range(db: &Database) {
    let world = seed(db, SEED, APPOINTMENTS);
    let service = ReportService {
        reports: Arc::new(db.clone()),
        clock: Arc::new(Fixed(now())),
    };
    let mut q = query(vec![Dimension::Department], Some(Period::Month));
    (q.from, q.to) = (Some(utc(2029, 1, 1, 0, 0)), Some(utc(2031, 1, 1, 0, 0)));
    let rows = service.missed(&q).unwrap();
    assert_eq!(rows.len(), world.departments.len() * 24);
    let missed: u64 = rows.iter().map(|r| r.counts.missed).sum();
    let expected: u64 = brute::report(&world, &q, now())
        .iter()
        .map(|r| r.counts.missed)
        .sum();
    assert_eq!(missed, expected);
}

#[test]
fn sqlite_and_postgresql_give_identical_reports() {
    let Some(pg) = TestDatabase::postgres() else {
        return;
    };
    let sqlite = TestDatabase::sqlite();
    let world = seed(&sqlite, SEED, APPOINTMENTS);
    let same = seed(&pg, SEED, APPOINTMENTS);
    assert_eq!(world.appointments, same.appointments);
    for group_by in groupings() {
        for period in periods() {
            let q = query(group_by.clone(), period);
            assert_eq!(
                sqlite.missed(&q, now(), usize::MAX).unwrap(),
                pg.missed(&q, now(), usize::MAX).unwrap(),
                "{q:?}"
            );
        }
    }
}

#[test]
fn on_sqlite_the_department_report_reads_daily_totals_and_seeks_the_live_days() {
    let db = TestDatabase::sqlite();
    let q = query(vec![Dimension::Department], Some(Period::Month));
    let plan = db
        .explain_missed_report(&q, now(), false)
        .unwrap()
        .join("\n");
    assert!(plan.contains("SCAN r"), "{plan}");
    // Yesterday and today: a search of the appointments by start, never a
    // scan of them all.
    assert!(
        plan.contains("SEARCH a USING INDEX appointments_start"),
        "{plan}"
    );
    assert!(!plan.contains("SCAN a"), "{plan}");
}

#[test]
fn on_sqlite_the_clinician_report_streams_over_its_covering_index() {
    let db = TestDatabase::sqlite();
    let q = query(vec![Dimension::Clinician], Some(Period::Month));
    let plan = db
        .explain_missed_report(&q, now(), false)
        .unwrap()
        .join("\n");
    assert!(
        plan.contains("USING COVERING INDEX appointments_report_practitioner"),
        "{plan}"
    );
    // Only the outer fold of days into months may sort; the scan may not.
    assert!(plan.matches("TEMP B-TREE").count() <= 1, "{plan}");
}
