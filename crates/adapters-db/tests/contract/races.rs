//! Concurrent writers: the database, not the application, decides who wins.

use crate::fixtures::{appointment, at, book, clinic, patient, practitioner};
use panda_adapters_db::Database;
use panda_domain::appointment::Appointment;
use panda_domain::{Conflict, RepositoryError};
use std::sync::Barrier;

contract!(
    thirty_two_concurrent_bookings_of_one_slot_let_exactly_one_through,
    thirty_two_concurrent_bookings_of_one_patient_day_let_exactly_one_through,
    a_clash_among_concurrent_bookings_undoes_only_itself,
);

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

/// Books every appointment at once, one thread each, and counts the
/// successes and each conflict.
fn race(db: &Database, bookings: Vec<Appointment>) -> (usize, Vec<Conflict>) {
    let barrier = Barrier::new(bookings.len());
    let results: Vec<Result<(), RepositoryError>> = std::thread::scope(|s| {
        let handles: Vec<_> = bookings
            .iter()
            .map(|booking| {
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    book(db, booking)
                })
            })
            .collect();
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
