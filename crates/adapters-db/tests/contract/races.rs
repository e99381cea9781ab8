//! Concurrent writers: the database, not the application, decides who wins.

use crate::fixtures::{appointment, at, audit, book, clinic, patient, practitioner};
use panda_adapters_db::Database;
use panda_domain::appointment::Appointment;
use panda_domain::{Conflict, PageRequest, RepositoryError};
use std::sync::Barrier;
use std::thread::{Scope, ScopedJoinHandle};

contract!(
    thirty_two_concurrent_bookings_of_one_slot_let_exactly_one_through,
    thirty_two_concurrent_bookings_of_one_patient_day_let_exactly_one_through,
    a_clash_among_concurrent_bookings_undoes_only_itself,
    an_erasure_racing_bookings_either_wins_alone_or_is_refused,
);

/// Erasing a patient while their bookings arrive: either the erasure goes
/// first and every booking finds no patient, or a booking goes first and
/// the erasure is refused for the upcoming appointment. Never an erased
/// patient with an upcoming appointment, never an appointment lost.
fn an_erasure_racing_bookings_either_wins_alone_or_is_refused(db: &Database) {
    use panda_domain::appointment::{AppointmentFilter, AppointmentRepository};
    use panda_domain::patient::PatientRepository;
    const ROUNDS: u32 = 12;
    const BOOKINGS: usize = 7;
    let c = clinic(db);
    let now = at(3, 1, 0, 0);
    let (mut erased, mut refused) = (0, 0);
    for round in 0..ROUNDS {
        let p = patient(db, 100 + round, &format!("Patient {round}"));
        // One a day, on days of their own, so bookings clash only with the erasure.
        let bookings: Vec<_> = (0..BOOKINGS as u32)
            .map(|d| {
                let day = at(4, 1, 9, 0) + chrono::TimeDelta::days(i64::from(round * 10 + d));
                appointment(&p, &c.practitioner, day, 30)
            })
            .collect();
        let barrier = Barrier::new(BOOKINGS + 1);
        let (erasure, booked) = std::thread::scope(|s| {
            let erasure = s.spawn(|| {
                barrier.wait();
                db.erase(&p.nhs_number, now, None, &audit())
            });
            let booked = spawn_bookings(s, &barrier, db, &bookings);
            (
                erasure.join().unwrap(),
                booked
                    .into_iter()
                    .map(|h| h.join().unwrap())
                    .collect::<Vec<_>>(),
            )
        });
        let made = booked.iter().filter(|r| r.is_ok()).count();
        let theirs = AppointmentFilter {
            patient: Some(p.nhs_number.clone()),
            ..AppointmentFilter::default()
        };
        let stored = AppointmentRepository::list(db, &theirs, now, PageRequest::default())
            .unwrap()
            .total;
        match erasure {
            Ok(()) => {
                erased += 1;
                assert_eq!(made, 0, "round {round}: booked for an erased patient");
                assert!(
                    booked
                        .iter()
                        .all(|r| matches!(r, Err(RepositoryError::NotFound)))
                );
                assert_eq!(PatientRepository::get(db, &p.nhs_number).unwrap(), None);
                assert_eq!(stored, 0);
            }
            Err(RepositoryError::Conflict(Conflict::PatientHasUpcomingAppointments)) => {
                refused += 1;
                assert!(made >= 1, "round {round}: refused with nothing booked");
                assert!(PatientRepository::get(db, &p.nhs_number).unwrap().is_some());
                assert_eq!(stored, made as u64, "round {round}");
            }
            Err(other) => panic!("round {round}: the erasure failed unexpectedly: {other:?}"),
        }
        assert!(
            booked
                .iter()
                .all(|r| matches!(r, Ok(()) | Err(RepositoryError::NotFound))),
            "round {round}: {booked:?}"
        );
    }
    assert_eq!(erased + refused, ROUNDS);
}

/// Bookings written together (SQLite's group commit) must still succeed or
/// fail one by one: half of these are free slots, half fight over one.
fn a_clash_among_concurrent_bookings_undoes_only_itself(db: &Database) {
    let c = clinic(db);
    let mut bookings = Vec::new();
    for n in 0..WRITERS as u32 {
        let p = patient(db, n + 1, &format!("Patient {n}"));
        let start = if n % 2 == 0 {
            at(3, 4, 9, 0)
        } else {
            at(3, 5, 0, 0) + chrono::TimeDelta::minutes(30 * i64::from(n))
        };
        bookings.push(appointment(&p, &c.practitioner, start, 30));
    }
    let free: Vec<_> = bookings
        .iter()
        .filter(|b| b.start != at(3, 4, 9, 0))
        .map(|b| b.id)
        .collect();
    let (wins, conflicts) = race(db, bookings);
    assert_eq!(wins, WRITERS / 2 + 1);
    assert_eq!(
        conflicts,
        vec![Conflict::PractitionerUnavailable; WRITERS / 2 - 1]
    );
    for id in free {
        assert!(
            panda_domain::appointment::AppointmentRepository::get(db, id)
                .unwrap()
                .is_some()
        );
    }
}

const WRITERS: usize = 32;

/// Starts one thread per booking; each waits at `barrier`, then books.
fn spawn_bookings<'scope, 'env>(
    s: &'scope Scope<'scope, 'env>,
    barrier: &'env Barrier,
    db: &'env Database,
    bookings: &'env [Appointment],
) -> Vec<ScopedJoinHandle<'scope, Result<(), RepositoryError>>> {
    bookings
        .iter()
        .map(|booking| {
            s.spawn(move || {
                barrier.wait();
                book(db, booking)
            })
        })
        .collect()
}

/// Books every appointment at once, one thread each, and counts the
/// successes and each conflict.
fn race(db: &Database, bookings: Vec<Appointment>) -> (usize, Vec<Conflict>) {
    let barrier = Barrier::new(bookings.len());
    let results: Vec<Result<(), RepositoryError>> = std::thread::scope(|s| {
        let handles = spawn_bookings(s, &barrier, db, &bookings);
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut wins = 0;
    let mut conflicts = Vec::new();
    for result in results {
        match result {
            Ok(()) => wins += 1,
            Err(RepositoryError::Conflict(c)) => conflicts.push(c),
            Err(other) => panic!("a racing booking failed unexpectedly: {other:?}"),
        }
    }
    (wins, conflicts)
}

fn thirty_two_concurrent_bookings_of_one_slot_let_exactly_one_through(db: &Database) {
    let c = clinic(db);
    let bookings = (0..WRITERS as u32)
        .map(|n| {
            let p = patient(db, n + 1, &format!("Patient {n}"));
            appointment(&p, &c.practitioner, at(3, 4, 9, 0), 30)
        })
        .collect();
    let (wins, conflicts) = race(db, bookings);
    assert_eq!(wins, 1);
    assert_eq!(
        conflicts,
        vec![Conflict::PractitionerUnavailable; WRITERS - 1]
    );
}

fn thirty_two_concurrent_bookings_of_one_patient_day_let_exactly_one_through(db: &Database) {
    let c = clinic(db);
    let bookings = (0..WRITERS)
        .map(|n| {
            let clinician = practitioner(db, &format!("Dr {n}"), &c.department);
            appointment(&c.patient, &clinician, at(3, 4, 9, 0), 30)
        })
        .collect();
    let (wins, conflicts) = race(db, bookings);
    assert_eq!(wins, 1);
    assert_eq!(
        conflicts,
        vec![Conflict::PatientAlreadyBookedThatDay; WRITERS - 1]
    );
}
