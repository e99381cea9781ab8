//! A model-based property test of the booking rules on the real adapter:
//! random sequences of bookings, reschedules, cancellations, status changes
//! and the passing of time go both to PANDA's use cases over the database
//! and to a plain in-memory model of the rules. After every step the two
//! agree on the outcome and on every appointment, and the invariants hold
//! in what the database stores.

use crate::fixtures::{department, patient, practitioner};
use chrono::{DateTime, Duration, TimeZone, Utc};
use panda_adapters_db::Database;
use panda_domain::appointment::service::{AppointmentChange, AppointmentService, BookingRequest};
use panda_domain::appointment::{AppointmentDuration, AppointmentStatus, SchedulingPolicy};
use panda_domain::common::ids::{AppointmentId, PractitionerId};
use panda_domain::patient::NhsNumber;
use panda_domain::{Clock, IdSource, RandomIds};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};

mod rules;

use rules::{Booked, Model, Outcome, outcome};

const PATIENTS: usize = 3;
const PRACTITIONERS: usize = 2;

/// A clock the test moves.
#[derive(Debug)]
struct TestClock(AtomicI64);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.0.load(Ordering::SeqCst), 0).unwrap()
    }
}

#[derive(Debug, Clone)]
enum Op {
    Book {
        patient: usize,
        practitioner: usize,
        day: i64,
        slot: i64,
        half_hours: u32,
    },
    Reschedule {
        which: usize,
        day: i64,
        slot: i64,
        half_hours: u32,
    },
    Status {
        which: usize,
        to: AppointmentStatus,
    },
    Wait {
        hours: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let status = prop::sample::select(vec![
        AppointmentStatus::Cancelled,
        AppointmentStatus::Attended,
        AppointmentStatus::Missed,
        AppointmentStatus::Active,
    ]);
    prop_oneof![
        4 => (0..PATIENTS, 0..PRACTITIONERS, 0..3i64, 0..6i64, 1..4u32).prop_map(
            |(patient, practitioner, day, slot, half_hours)| Op::Book { patient, practitioner, day, slot, half_hours }
        ),
        2 => (0..8usize, 0..3i64, 0..6i64, 1..4u32).prop_map(
            |(which, day, slot, half_hours)| Op::Reschedule { which, day, slot, half_hours }
        ),
        2 => (0..8usize, status).prop_map(|(which, to)| Op::Status { which, to }),
        1 => (1..30i64).prop_map(|hours| Op::Wait { hours }),
    ]
}

/// Patients and practitioners made fresh for each case, so that cases
/// sharing the database never meet.
static NEXT: AtomicU32 = AtomicU32::new(100);

fn run_case(db: &Arc<Database>, ops: &[Op]) -> Result<(), TestCaseError> {
    let case = NEXT.fetch_add(1, Ordering::SeqCst);
    let dept = department(db, &format!("model-{case}"));
    let patients: Vec<NhsNumber> = (0..PATIENTS as u32)
        .map(|i| patient(db, case * 10 + i, "Model Patient").nhs_number)
        .collect();
    let practitioners: Vec<PractitionerId> = (0..PRACTITIONERS)
        .map(|i| practitioner(db, &format!("Dr Model {case}-{i}"), &dept).id)
        .collect();
    let day0 = Utc.with_ymd_and_hms(2031, 3, 3, 0, 0, 0).unwrap()
        + Duration::days(i64::from(case % 1000) * 7);
    let clock = Arc::new(TestClock(AtomicI64::new(
        (day0 - Duration::hours(12)).timestamp(),
    )));
    let service = AppointmentService {
        appointments: db.clone(),
        practitioners: db.clone(),
        departments: db.clone(),
        locations: db.clone(),
        schedules: db.clone(),
        clock: clock.clone(),
        ids: Arc::new(RandomIds) as Arc<dyn IdSource>,
        policy: SchedulingPolicy::default(),
    };
    let at = |day: i64, slot: i64| {
        day0 + Duration::days(day) + Duration::hours(9) + Duration::minutes(30 * slot)
    };
    let mut model = Model::default();
    let mut ids: Vec<AppointmentId> = Vec::new();
    for op in ops {
        let now = clock.now();
        let (theirs, ours) = match op {
            Op::Book {
                patient,
                practitioner,
                day,
                slot,
                half_hours,
            } => {
                let start = at(*day, *slot);
                let minutes = i64::from(*half_hours) * 30;
                let request = BookingRequest {
                    patient: patients[*patient].clone(),
                    practitioner_id: practitioners[*practitioner],
                    start,
                    duration: AppointmentDuration::from_minutes(*half_hours * 30).ok(),
                    location_id: None,
                    hold: None,
                };
                let result = service.book(request, &panda_domain::Actor::System);
                let key = ids.len();
                if let Ok(view) = &result {
                    ids.push(view.appointment.id);
                }
                let b = Booked {
                    patient: *patient,
                    practitioner: *practitioner,
                    start,
                    minutes,
                    status: AppointmentStatus::Active,
                };
                (outcome(result), model.book(key, b, now))
            }
            Op::Reschedule {
                which,
                day,
                slot,
                half_hours,
            } if !ids.is_empty() => {
                let key = which % ids.len();
                let change = AppointmentChange {
                    start: Some(at(*day, *slot)),
                    duration: AppointmentDuration::from_minutes(*half_hours * 30).ok(),
                    ..AppointmentChange::default()
                };
                let result = service.change(ids[key], change, &panda_domain::Actor::System);
                let minutes = i64::from(*half_hours) * 30;
                (
                    outcome(result),
                    model.reschedule(key, at(*day, *slot), minutes, now),
                )
            }
            Op::Status { which, to } if !ids.is_empty() => {
                let key = which % ids.len();
                let change = AppointmentChange {
                    status: Some(*to),
                    ..AppointmentChange::default()
                };
                let result = service.change(ids[key], change, &panda_domain::Actor::System);
                (outcome(result), model.status(key, *to, now))
            }
            Op::Wait { hours } => {
                clock.0.fetch_add(hours * 3600, Ordering::SeqCst);
                (Outcome::Done, Outcome::Done)
            }
            _ => (Outcome::Done, Outcome::Done),
        };
        prop_assert_eq!(theirs, ours, "{:?} at {}", op, now);
        // Every appointment as the model has it, and nothing else.
        let now = clock.now();
        for (key, id) in ids.iter().enumerate() {
            let stored = service
                .get(*id)
                .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            let b = &model.booked[&key];
            let a = &stored.appointment;
            prop_assert_eq!(a.start, b.start);
            prop_assert_eq!(i64::from(a.duration.minutes()), b.minutes);
            prop_assert_eq!(a.status_at(now), b.effective(now));
        }
        let mut stored = Vec::new();
        for p in &patients {
            stored.extend(
                service
                    .for_patient(p)
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?,
            );
        }
        prop_assert_eq!(stored.len(), ids.len());
        // The invariants, in what the database holds.
        let live: Vec<_> = stored
            .iter()
            .map(|v| &v.appointment)
            .filter(|a| a.stored_status != AppointmentStatus::Cancelled)
            .collect();
        for (i, a) in live.iter().enumerate() {
            for b in &live[i + 1..] {
                prop_assert!(
                    !(a.patient == b.patient && a.start.date_naive() == b.start.date_naive()),
                    "two appointments of one patient on one day"
                );
                prop_assert!(
                    !(a.practitioner_id == b.practitioner_id
                        && a.start < b.end()
                        && b.start < a.end()),
                    "a practitioner double-booked"
                );
            }
        }
    }
    Ok(())
}

/// Runs `cases` random sequences against the migrated database at `url`.
fn the_adapter_agrees_with_a_model_of_the_rules(url: &str, cases: u32) {
    // The use cases hold their ports as shared handles: a pool of our own.
    let shared = Arc::new(Database::connect(url, 2).unwrap());
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let ops = prop::collection::vec(op(), 1..30);
    if let Err(failure) = runner.run(&ops, |ops| run_case(&shared, &ops)) {
        panic!("{failure}");
    }
}

mod sqlite {
    #[test]
    fn the_adapter_agrees_with_a_model_of_the_rules() {
        let db = panda_adapters_db::testing::TestDatabase::sqlite();
        super::the_adapter_agrees_with_a_model_of_the_rules(db.url(), 48);
    }
}

mod postgres {
    #[test]
    fn the_adapter_agrees_with_a_model_of_the_rules() {
        if let Some(db) = panda_adapters_db::testing::TestDatabase::postgres() {
            super::the_adapter_agrees_with_a_model_of_the_rules(db.url(), 24);
        }
    }
}
