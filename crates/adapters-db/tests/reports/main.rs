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

contract!(
    every_grouping_and_period_equals_a_brute_force_count,
    each_filter_restricts_the_report_as_a_brute_force_count_does,
    keys_come_in_the_order_group_by_names_them,
    the_store_returns_no_more_rows_than_it_is_allowed,
    an_active_appointment_that_has_ended_counts_as_missed_as_the_record_api_shows_it,
    the_service_gives_every_group_a_row_for_every_period_of_the_range,
    the_report_follows_every_write_at_every_hour,
    the_daily_totals_of_existing_appointments_are_counted_when_the_migration_runs,
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

fn an_active_appointment_that_has_ended_counts_as_missed_as_the_record_api_shows_it(db: &Database) {
    use panda_domain::PageRequest;
    use panda_domain::appointment::{
        AppointmentDuration, AppointmentFilter, AppointmentRepository, AppointmentStatus,
    };
    let world = seed(db, SEED, 0);
    let now = now();
    let template = |n: i64, status: AppointmentStatus, minutes: u32| {
        let mut rng = seed::Rng::new(n as u64 + 1);
        panda_domain::appointment::Appointment {
            id: panda_domain::common::ids::AppointmentId::from_uuid(rng.uuid()),
            patient: None,
            practitioner_id: world.practitioners[0],
            department_id: world.departments[0],
            organisation_id: None,
            location_id: None,
            // Two hours apart, ending before `now`, then one running at
            // `now` and one in the future.
            start: utc(2030, 6, 12, 0, 0) + TimeDelta::hours(2 * n),
            duration: AppointmentDuration::from_minutes(minutes).unwrap(),
            stored_status: status,
            series_id: None,
            version: 1,
        }
    };
    use AppointmentStatus::*;
    let records = [
        template(0, Attended, 30),
        template(1, Missed, 45),
        template(2, Active, 60), // ended 03:00, never recorded: missed
        template(3, Cancelled, 15),
        template(5, Missed, 120), // 10:00-12:00, recorded early: not yet due
        template(6, Active, 30),  // 12:00: in the future
    ];
    let created = panda_domain::appointment::HistoryEntry {
        at: now,
        actor: "system".to_owned(),
        field: panda_domain::appointment::ChangedField::Created,
        from: None,
        to: Some("active".to_owned()),
    };
    for r in &records {
        AppointmentRepository::insert(db, r, &created, &audit()).unwrap();
    }
    let rows = db
        .missed(&query(vec![Dimension::Department], None), now, usize::MAX)
        .unwrap();
    assert_eq!(rows.len(), 1);
    let c = &rows[0].counts;
    assert_eq!((c.due, c.missed, c.attended, c.cancelled), (3, 2, 1, 1));
    assert_eq!(c.missed_minutes, 45 + 60);
    // The record API shows the same appointments as missed, plus the one
    // recorded missed before its end, which the report counts once it ends.
    let filter = AppointmentFilter {
        status: Some(Missed),
        ..AppointmentFilter::default()
    };
    let listed = db.list(&filter, now, PageRequest::default()).unwrap();
    let ended = listed.items.iter().filter(|v| v.appointment.end() <= now);
    assert_eq!(ended.count() as u64, c.missed);
    assert_eq!(listed.total, c.missed + 1);
}

/// The daily totals (migration `report_days`) are kept by the writes
/// themselves, and which days they answer depends on the clock: after
/// status changes, moves across days and between groups, and
/// cancellations, the report still equals a brute-force count at instants
/// around the seeded appointments, at midnight, and long before and after
/// them all.
fn the_report_follows_every_write_at_every_hour(db: &Database) {
    use panda_domain::appointment::{AppointmentRepository, AppointmentStatus};
    let mut world = seed(db, SEED, APPOINTMENTS);
    let mut rng = seed::Rng::new(7);
    let mut written = 0;
    for i in 0..world.appointments.len() {
        if rng.below(3) != 0 {
            continue;
        }
        let mut changed = world.appointments[i].clone();
        match rng.below(5) {
            0 => changed.stored_status = AppointmentStatus::Attended,
            1 => changed.stored_status = AppointmentStatus::Missed,
            2 => changed.stored_status = AppointmentStatus::Cancelled,
            3 => changed.start += TimeDelta::minutes(15 * (rng.below(96 * 4) as i64 - 96 * 2)),
            _ => {
                changed.department_id = world.departments[rng.below(3) as usize];
                changed.location_id = None;
            }
        }
        match AppointmentRepository::update(db, &changed, &[], &audit()) {
            Ok(()) => {
                changed.version += 1;
                world.appointments[i] = changed;
                written += 1;
            }
            // A move onto a taken slot or the patient's booked day.
            Err(panda_domain::RepositoryError::Conflict(_)) => {}
            Err(other) => panic!("{other:?}"),
        }
    }
    assert!(written > 60, "enough writes to mean something: {written}");
    let mut starts: Vec<_> = world.appointments.iter().map(|a| a.start).collect();
    starts.sort();
    let middle = starts[starts.len() / 2];
    // Just after midnight, with yesterday's appointment still running.
    let running = world
        .appointments
        .iter()
        .find(|a| {
            a.stored_status != AppointmentStatus::Cancelled
                && a.end().date_naive() > a.start.date_naive()
                && a.end().time() > chrono::NaiveTime::from_hms_opt(0, 1, 0).unwrap()
        })
        .unwrap();
    let nows = [
        running
            .end()
            .date_naive()
            .and_hms_opt(0, 1, 0)
            .unwrap()
            .and_utc(),
        now(),
        middle,
        middle + TimeDelta::minutes(10),
        middle.date_naive().and_hms_opt(0, 0, 0).unwrap().and_utc(),
        starts[0] - TimeDelta::days(30),
        starts[starts.len() - 1] + TimeDelta::days(30),
    ];
    let ranges = windows(&world);
    for at in nows {
        for &(from, to) in &ranges {
            for group_by in groupings() {
                for period in [None, Some(Period::Day), Some(Period::Month)] {
                    let mut q = query(group_by.clone(), period);
                    (q.from, q.to) = (from, to);
                    let got = db.missed(&q, at, usize::MAX).unwrap();
                    assert_eq!(got, brute::report(&world, &q, at), "{q:?} at {at}");
                }
            }
        }
    }
}

/// A database that had appointments before the daily totals existed: the
/// migration that adds them counts what is there.
fn the_daily_totals_of_existing_appointments_are_counted_when_the_migration_runs(db: &Database) {
    let world = seed(db, SEED, APPOINTMENTS);
    // Back to before `report_days`, through any migration added since.
    let mut reverted = 0;
    loop {
        let version = db.revert_last_migration().unwrap();
        reverted += 1;
        if version == "20261201000001" {
            break;
        }
        assert!(version.as_str() > "20261201000001", "{version}");
    }
    assert_eq!(db.run_migrations().unwrap().len(), reverted);
    for group_by in groupings() {
        for period in [None, Some(Period::Day), Some(Period::Week)] {
            check(db, &world, &query(group_by.clone(), period));
        }
    }
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
