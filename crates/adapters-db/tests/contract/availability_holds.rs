//! Holds on the real adapter: kept apart from bookings and from each other
//! by the database, lapsing by the clock with no job, converted once by
//! the booking that names them, released, purged; and a 32-way race.

use crate::availability::{audit_at, created, hold};
use crate::fixtures::{appointment, at, book, clinic, conflict, not_found, patient, practitioner};
use chrono::TimeDelta;
use panda_adapters_db::Database;
use panda_domain::appointment::{AppointmentDuration, AppointmentRepository};
use panda_domain::common::ids::PractitionerId;
use panda_domain::schedule::{Hold, HoldRepository};
use panda_domain::{Conflict, RepositoryError};
use std::sync::Barrier;
use uuid::Uuid;

contract!(
    a_live_hold_keeps_bookings_and_holds_out,
    an_expired_hold_holds_nothing_without_any_job,
    a_booking_converts_its_hold_once,
    a_booking_cannot_convert_a_hold_for_other_time,
    a_released_hold_frees_its_time_at_once,
    purging_deletes_only_expired_holds,
    thirty_two_concurrent_holds_and_bookings_of_one_slot_let_exactly_one_through,
);

fn a_live_hold_keeps_bookings_and_holds_out(db: &Database) {
    let c = clinic(db);
    let now = at(3, 1, 8, 0);
    let held = hold(
        c.practitioner.id,
        at(3, 4, 9, 0),
        now + TimeDelta::minutes(5),
    );
    HoldRepository::insert(db, &held, now, &audit_at(now)).unwrap();
    assert_eq!(
        HoldRepository::get(db, held.id, now).unwrap(),
        Some(held.clone())
    );
    // A booking or a hold over any part of it is refused while it lives.
    let booking = appointment(&c.patient, &c.practitioner, at(3, 4, 8, 45), 30);
    let refused = AppointmentRepository::insert(db, &booking, &created(now), &audit_at(now));
    assert_eq!(conflict(refused), Conflict::PractitionerUnavailable);
    let overlapping = hold(
        c.practitioner.id,
        at(3, 4, 9, 15),
        now + TimeDelta::minutes(5),
    );
    assert_eq!(
        conflict(HoldRepository::insert(
            db,
            &overlapping,
            now,
            &audit_at(now)
        )),
        Conflict::PractitionerUnavailable
    );
    // A hold over a booked slot is refused too, and a hold for nobody.
    let next = appointment(&c.patient, &c.practitioner, at(3, 4, 10, 0), 30);
    book(db, &next).unwrap();
    let on_booked = hold(
        c.practitioner.id,
        at(3, 4, 10, 0),
        now + TimeDelta::minutes(5),
    );
    assert_eq!(
        conflict(HoldRepository::insert(db, &on_booked, now, &audit_at(now))),
        Conflict::PractitionerUnavailable
    );
    let nobody = hold(
        PractitionerId::from_uuid(Uuid::new_v4()),
        at(3, 4, 9, 0),
        now,
    );
    assert!(not_found(HoldRepository::insert(
        db,
        &nobody,
        now,
        &audit_at(now)
    )));
    // Nothing of the refused writes was kept.
    assert_eq!(HoldRepository::get(db, overlapping.id, now).unwrap(), None);
}

fn an_expired_hold_holds_nothing_without_any_job(db: &Database) {
    let c = clinic(db);
    let now = at(3, 1, 8, 0);
    let expiry = now + TimeDelta::minutes(5);
    let held = hold(c.practitioner.id, at(3, 4, 9, 0), expiry);
    HoldRepository::insert(db, &held, now, &audit_at(now)).unwrap();
    // At its expiry it is gone, and its time is free to book and to hold.
    assert_eq!(HoldRepository::get(db, held.id, expiry).unwrap(), None);
    let again = hold(
        c.practitioner.id,
        at(3, 4, 9, 0),
        expiry + TimeDelta::minutes(5),
    );
    HoldRepository::insert(db, &again, expiry, &audit_at(expiry)).unwrap();
    let later = expiry + TimeDelta::minutes(5);
    let booking = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    AppointmentRepository::insert(db, &booking, &created(later), &audit_at(later)).unwrap();
    // The booking now holds the slot for good.
    let another = hold(
        c.practitioner.id,
        at(3, 4, 9, 0),
        later + TimeDelta::hours(1),
    );
    assert_eq!(
        conflict(HoldRepository::insert(
            db,
            &another,
            later + TimeDelta::hours(1),
            &audit_at(later)
        )),
        Conflict::PractitionerUnavailable
    );
}

fn a_booking_converts_its_hold_once(db: &Database) {
    let c = clinic(db);
    let other = patient(db, 1, "Other Patient");
    let now = at(3, 1, 8, 0);
    let held = Hold {
        duration: AppointmentDuration::from_minutes(60).unwrap(),
        ..hold(
            c.practitioner.id,
            at(3, 4, 9, 0),
            now + TimeDelta::minutes(5),
        )
    };
    HoldRepository::insert(db, &held, now, &audit_at(now)).unwrap();
    // Any booking inside the held hour may convert it.
    let booking = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 30), 30);
    db.insert_held(&booking, held.id, now, &created(now), &audit_at(now))
        .unwrap();
    assert!(
        AppointmentRepository::get(db, booking.id)
            .unwrap()
            .is_some()
    );
    assert_eq!(HoldRepository::get(db, held.id, now).unwrap(), None);
    // The rest of the hour is free again; the hold cannot be used twice.
    let second = appointment(&other, &c.practitioner, at(3, 4, 9, 0), 30);
    assert_eq!(
        conflict(db.insert_held(&second, held.id, now, &created(now), &audit_at(now))),
        Conflict::HoldNotLive
    );
    book(db, &second).unwrap();
}

fn a_booking_cannot_convert_a_hold_for_other_time(db: &Database) {
    let c = clinic(db);
    let colleague = practitioner(db, "Dr Other", &c.department);
    let now = at(3, 1, 8, 0);
    let held = hold(
        c.practitioner.id,
        at(3, 4, 9, 0),
        now + TimeDelta::minutes(5),
    );
    HoldRepository::insert(db, &held, now, &audit_at(now)).unwrap();
    let mismatches = [
        appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60),
        appointment(&c.patient, &c.practitioner, at(3, 4, 8, 30), 30),
        appointment(&c.patient, &colleague, at(3, 4, 9, 0), 30),
    ];
    for booking in &mismatches {
        let refused = db.insert_held(booking, held.id, now, &created(now), &audit_at(now));
        assert_eq!(conflict(refused), Conflict::HoldMismatch);
        assert!(
            AppointmentRepository::get(db, booking.id)
                .unwrap()
                .is_none()
        );
    }
    // Past its expiry it converts nothing, and is not there to match.
    let late = now + TimeDelta::minutes(5);
    let booking = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    let refused = db.insert_held(&booking, held.id, late, &created(late), &audit_at(late));
    assert_eq!(conflict(refused), Conflict::HoldNotLive);
    // The refusals left the hold as it was.
    assert_eq!(HoldRepository::get(db, held.id, now).unwrap(), Some(held));
}

fn a_released_hold_frees_its_time_at_once(db: &Database) {
    let c = clinic(db);
    let now = at(3, 1, 8, 0);
    let held = hold(
        c.practitioner.id,
        at(3, 4, 9, 0),
        now + TimeDelta::minutes(5),
    );
    HoldRepository::insert(db, &held, now, &audit_at(now)).unwrap();
    db.release(held.id, now, &audit_at(now)).unwrap();
    assert!(not_found(db.release(held.id, now, &audit_at(now))));
    let booking = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    AppointmentRepository::insert(db, &booking, &created(now), &audit_at(now)).unwrap();
    // A hold past its expiry cannot be released: it holds nothing.
    let lapsed = hold(
        c.practitioner.id,
        at(3, 4, 11, 0),
        now + TimeDelta::minutes(5),
    );
    HoldRepository::insert(db, &lapsed, now, &audit_at(now)).unwrap();
    let late = now + TimeDelta::minutes(6);
    assert!(not_found(db.release(lapsed.id, late, &audit_at(late))));
}

fn purging_deletes_only_expired_holds(db: &Database) {
    let c = clinic(db);
    let now = at(3, 1, 8, 0);
    let old = hold(
        c.practitioner.id,
        at(3, 4, 9, 0),
        now + TimeDelta::minutes(1),
    );
    let live = hold(
        c.practitioner.id,
        at(3, 4, 10, 0),
        now + TimeDelta::minutes(10),
    );
    HoldRepository::insert(db, &old, now, &audit_at(now)).unwrap();
    HoldRepository::insert(db, &live, now, &audit_at(now)).unwrap();
    assert_eq!(db.purge(now + TimeDelta::minutes(5)).unwrap(), 1);
    assert_eq!(HoldRepository::get(db, live.id, now).unwrap(), Some(live));
    assert_eq!(HoldRepository::get(db, old.id, now).unwrap(), None);
    // The purged hold's time is free, the live one's is not.
    let a = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    book(db, &a).unwrap();
    let b = appointment(&c.patient, &c.practitioner, at(3, 5, 10, 0), 30);
    book(db, &b).unwrap();
    let other = patient(db, 1, "Other Patient");
    let clash = appointment(&other, &c.practitioner, at(3, 4, 10, 0), 30);
    assert_eq!(
        conflict(book(db, &clash)),
        Conflict::PractitionerUnavailable
    );
}

/// Half the writers hold the slot, half book it, all at once: the
/// database lets exactly one of them have it.
fn thirty_two_concurrent_holds_and_bookings_of_one_slot_let_exactly_one_through(db: &Database) {
    const WRITERS: u32 = 32;
    let c = clinic(db);
    let now = at(3, 1, 8, 0);
    let patients: Vec<_> = (0..WRITERS)
        .map(|n| patient(db, n + 1, &format!("Patient {n}")))
        .collect();
    let barrier = Barrier::new(WRITERS as usize);
    let results: Vec<Result<(), RepositoryError>> = std::thread::scope(|s| {
        let handles: Vec<_> = patients
            .iter()
            .enumerate()
            .map(|(n, p)| {
                let barrier = &barrier;
                let practitioner = &c.practitioner;
                s.spawn(move || {
                    barrier.wait();
                    if n % 2 == 0 {
                        let held =
                            hold(practitioner.id, at(3, 4, 9, 0), now + TimeDelta::minutes(5));
                        HoldRepository::insert(db, &held, now, &audit_at(now))
                    } else {
                        let booking = appointment(p, practitioner, at(3, 4, 9, 0), 30);
                        AppointmentRepository::insert(db, &booking, &created(now), &audit_at(now))
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let wins = results.iter().filter(|r| r.is_ok()).count();
    let refused = results
        .iter()
        .filter(|r| {
            matches!(
                r,
                Err(RepositoryError::Conflict(Conflict::PractitionerUnavailable))
            )
        })
        .count();
    assert_eq!((wins, refused), (1, WRITERS as usize - 1), "{results:?}");
}
