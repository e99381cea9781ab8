//! The free-slot search against booking itself, on the real adapter: for
//! random working patterns, absences, holds and booked diaries, the slots
//! the search returns are exactly the grid positions at which a booking
//! is accepted, no more and no fewer.

use crate::fixtures::{department, patient, practitioner};
use chrono::{DateTime, Duration, NaiveDate, TimeZone as _, Utc, Weekday};
use panda_adapters_db::Database;
use panda_domain::appointment::service::{AppointmentChange, AppointmentService, BookingRequest};
use panda_domain::appointment::{AppointmentDuration, AppointmentStatus, SchedulingPolicy};
use panda_domain::common::ids::PractitionerId;
use panda_domain::schedule::service::{HoldService, ScheduleService, SlotService};
use panda_domain::schedule::{ClockTime, Session, SlotFilter, SlotQuery, TimeZone, WorkingPattern};
use panda_domain::{Actor, Clock, IdSource, PageRequest, RandomIds};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

const PRACTITIONERS: usize = 2;

/// Monday 3 March 2031, 10:10 UTC: the morning's first slots are past.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2031, 3, 3, 10, 10, 0).unwrap()
}

fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2031, 3, 3, 0, 0, 0).unwrap()
}

#[derive(Debug)]
struct Fixed;

impl Clock for Fixed {
    fn now(&self) -> DateTime<Utc> {
        now()
    }
}

/// One practitioner's diary: sessions as (weekday 0 or 1, start half-hour,
/// length in half-hours), booked appointments and holds as (day, start
/// half-hour, length in half-hours, cancelled), absences as (day, start
/// half-hour, length in half-hours).
#[derive(Debug, Clone)]
struct Diary {
    sessions: Vec<(u8, u16, u16)>,
    booked: Vec<(i64, i64, u32, bool)>,
    held: Vec<(i64, i64, u32)>,
    absent: Vec<(i64, i64, i64)>,
}

fn diary() -> impl Strategy<Value = Diary> {
    (
        prop::collection::vec((0..2u8, 14..36u16, 1..9u16), 1..4),
        prop::collection::vec((0..2i64, 16..40i64, 1..4u32, any::<bool>()), 0..6),
        prop::collection::vec((0..2i64, 16..40i64, 1..3u32), 0..3),
        prop::collection::vec((0..2i64, 16..40i64, 1..6i64), 0..2),
    )
        .prop_map(|(sessions, booked, held, absent)| Diary {
            sessions,
            booked,
            held,
            absent,
        })
}

/// The pattern of `sessions`, leaving out any that would overlap one kept.
fn pattern(sessions: &[(u8, u16, u16)]) -> WorkingPattern {
    let mut kept: Vec<Session> = Vec::new();
    for &(day, start, length) in sessions {
        let weekday = if day == 0 { Weekday::Mon } else { Weekday::Tue };
        let session = Session {
            weekday,
            start: ClockTime::from_minutes(start * 30).unwrap(),
            end: ClockTime::from_minutes((start + length).min(48) * 30).unwrap(),
            location_id: None,
        };
        let clash = kept
            .iter()
            .any(|k| k.weekday == weekday && k.start < session.end && session.start < k.end);
        if !clash {
            kept.push(session);
        }
    }
    let valid_from = NaiveDate::from_ymd_opt(2031, 1, 1).unwrap();
    WorkingPattern::new(TimeZone::LONDON, valid_from, None, kept).unwrap()
}

static NEXT: AtomicU32 = AtomicU32::new(500);

fn half_hours(day: i64, slot: i64) -> DateTime<Utc> {
    monday() + Duration::days(day) + Duration::minutes(30 * slot)
}

fn run_case(db: &Arc<Database>, diaries: &[Diary], minutes: u32) -> Result<(), TestCaseError> {
    let case = NEXT.fetch_add(1, Ordering::SeqCst);
    let dept = department(db, &format!("search-{case}"));
    let clock: Arc<dyn Clock> = Arc::new(Fixed);
    let ids: Arc<dyn IdSource> = Arc::new(RandomIds);
    let policy = SchedulingPolicy::default();
    let appointments = AppointmentService {
        appointments: db.clone(),
        practitioners: db.clone(),
        departments: db.clone(),
        locations: db.clone(),
        schedules: db.clone(),
        clock: clock.clone(),
        ids: ids.clone(),
        policy,
    };
    let schedules = ScheduleService {
        schedules: db.clone(),
        clock: clock.clone(),
        ids: ids.clone(),
        default_zone: TimeZone::LONDON,
    };
    let holds = HoldService {
        holds: db.clone(),
        schedules: db.clone(),
        practitioners: db.clone(),
        clock: clock.clone(),
        ids: ids.clone(),
        policy,
        ttl: HoldService::DEFAULT_TTL,
    };
    let search = SlotService {
        slots: db.clone(),
        clock,
        policy,
    };
    let me = patient(db, case * 10, "Searching Patient").nhs_number;
    let mut clinicians: Vec<PractitionerId> = Vec::new();
    for (i, d) in diaries.iter().enumerate() {
        let p = practitioner(db, &format!("Dr {case} {i}"), &dept).id;
        clinicians.push(p);
        schedules
            .set_pattern(p, pattern(&d.sessions), &Actor::System)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        // Diaries filled through the use cases: what they refuse is not there.
        for (n, &(day, slot, length, cancel)) in d.booked.iter().enumerate() {
            let someone = patient(db, case * 10 + 1 + n as u32 + 10_000 * i as u32, "Booked");
            let booked = appointments.book(
                BookingRequest {
                    patient: someone.nhs_number,
                    practitioner_id: p,
                    start: half_hours(day, slot),
                    duration: AppointmentDuration::from_minutes(length * 30).ok(),
                    location_id: None,
                    hold: None,
                },
                &Actor::System,
            );
            if let (Ok(view), true) = (booked, cancel) {
                cancel_it(&appointments, &view)?;
            }
        }
        for &(day, slot, length) in &d.held {
            let _ = holds.hold(
                p,
                half_hours(day, slot),
                AppointmentDuration::from_minutes(length * 30).ok(),
                &Actor::System,
            );
        }
        for &(day, slot, length) in &d.absent {
            let start = half_hours(day, slot);
            schedules
                .add_absence(
                    p,
                    start,
                    start + Duration::minutes(30 * length),
                    None,
                    &Actor::System,
                )
                .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        }
    }
    // The patient already has Tuesday morning booked with someone else.
    let elsewhere = practitioner(db, &format!("Dr {case} elsewhere"), &dept).id;
    appointments
        .book(
            BookingRequest {
                patient: me.clone(),
                practitioner_id: elsewhere,
                start: half_hours(1, 2),
                duration: None,
                location_id: None,
                hold: None,
            },
            &Actor::System,
        )
        .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;

    let duration = AppointmentDuration::from_minutes(minutes).unwrap();
    let (from, to) = (monday(), monday() + Duration::days(2));
    let query = SlotQuery::new(
        from,
        to,
        duration,
        SlotFilter {
            department_id: Some(dept.id),
            ..SlotFilter::default()
        },
        Some(me.clone()),
    )
    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    let found = search
        .search(&query, PageRequest::new(0, PageRequest::MAX_LIMIT))
        .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    prop_assert_eq!(found.total as usize, found.items.len());
    let offered: BTreeSet<(PractitionerId, DateTime<Utc>)> = found
        .items
        .iter()
        .map(|s| (s.practitioner_id, s.start))
        .collect();
    prop_assert_eq!(offered.len(), found.items.len(), "a slot offered twice");

    // Every grid position, tried for real; each booking that succeeds is
    // cancelled at once, which frees the slot and the day again.
    let mut bookable = BTreeSet::new();
    for &p in &clinicians {
        let mut start = from;
        while start < to {
            let booked = appointments.book(
                BookingRequest {
                    patient: me.clone(),
                    practitioner_id: p,
                    start,
                    duration: Some(duration),
                    location_id: None,
                    hold: None,
                },
                &Actor::System,
            );
            if let Ok(view) = booked {
                bookable.insert((p, start));
                cancel_it(&appointments, &view)?;
            }
            start += Duration::minutes(30);
        }
    }
    prop_assert_eq!(offered, bookable);
    Ok(())
}

fn cancel_it(
    appointments: &AppointmentService,
    view: &panda_domain::appointment::AppointmentView,
) -> Result<(), TestCaseError> {
    let change = AppointmentChange {
        status: Some(AppointmentStatus::Cancelled),
        ..AppointmentChange::default()
    };
    appointments
        .change(view.appointment.id, change, &Actor::System)
        .map(|_| ())
        .map_err(|e| TestCaseError::fail(format!("{e:?}")))
}

/// Runs `cases` random diaries against the migrated database at `url`.
fn the_search_offers_exactly_the_bookable_slots(url: &str, cases: u32) {
    let shared = Arc::new(Database::connect(url, 2).unwrap());
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let input = (
        prop::collection::vec(diary(), PRACTITIONERS..=PRACTITIONERS),
        prop::sample::select(vec![30u32, 60, 90]),
    );
    if let Err(failure) = runner.run(&input, |(diaries, minutes)| {
        run_case(&shared, &diaries, minutes)
    }) {
        panic!("{failure}");
    }
}

mod sqlite {
    #[test]
    fn the_search_offers_exactly_the_bookable_slots() {
        let db = panda_adapters_db::testing::TestDatabase::sqlite();
        super::the_search_offers_exactly_the_bookable_slots(db.url(), 24);
    }
}

mod postgres {
    #[test]
    fn the_search_offers_exactly_the_bookable_slots() {
        if let Some(db) = panda_adapters_db::testing::TestDatabase::postgres() {
            super::the_search_offers_exactly_the_bookable_slots(db.url(), 12);
        }
    }
}
