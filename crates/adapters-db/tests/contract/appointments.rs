//! Storing, reading and changing appointments; their history.

use crate::fixtures::{
    appointment, at, audit, book, change, clinic, conflict, created, location, nhs, not_found,
    organisation, status_change,
};
use chrono::{TimeDelta, Timelike};
use panda_adapters_db::Database;
use panda_domain::Conflict;
use panda_domain::appointment::{
    Appointment, AppointmentRepository, AppointmentStatus, AppointmentView, ChangedField,
    HistoryEntry,
};
use panda_domain::common::ids::{AppointmentId, DepartmentId, LocationId, PractitionerId};
use uuid::Uuid;

contract!(
    a_booking_reads_back_with_the_names_beside_it,
    instants_round_trip_exactly_to_the_microsecond,
    an_existing_appointment_id_is_a_duplicate_and_writes_nothing,
    a_booking_naming_a_missing_record_is_not_found_and_writes_nothing,
    an_unknown_appointment_is_none,
    an_update_writes_the_new_state_bumps_the_version_and_appends_history,
    an_update_from_a_stale_version_is_a_conflict_and_changes_nothing,
    updating_an_unknown_appointment_is_not_found,
    history_is_oldest_first_and_unknown_ids_are_not_found,
);

fn a_booking_reads_back_with_the_names_beside_it(db: &Database) {
    let c = clinic(db);
    let trust = organisation(db, "Trust");
    let site = location(db, "Whittington", "N19 5NF");
    let booked = Appointment {
        organisation_id: Some(trust.id),
        location_id: Some(site.id),
        ..appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 90)
    };
    book(db, &booked).unwrap();
    let view = db.get(booked.id).unwrap().unwrap();
    assert_eq!(
        view,
        AppointmentView {
            appointment: booked.clone(),
            clinician: c.practitioner.name.clone(),
            department: c.department.name.clone(),
            postcode: Some(site.postcode.clone()),
        }
    );
    let without_location = appointment(&c.patient, &c.practitioner, at(3, 5, 9, 0), 30);
    book(db, &without_location).unwrap();
    assert_eq!(db.get(without_location.id).unwrap().unwrap().postcode, None);
}

fn instants_round_trip_exactly_to_the_microsecond(db: &Database) {
    let c = clinic(db);
    // Imported appointments may start off the grid; the store must not care.
    let start = at(6, 30, 23, 59) + TimeDelta::seconds(59) + TimeDelta::microseconds(123_456);
    let booked = appointment(&c.patient, &c.practitioner, start, 15);
    let when = at(1, 1, 0, 0) + TimeDelta::microseconds(999_999);
    db.insert(&booked, &created(when), &audit()).unwrap();
    let read = db.get(booked.id).unwrap().unwrap().appointment;
    assert_eq!(read.start, start);
    assert_eq!(read.start.nanosecond(), 123_456_000);
    assert_eq!(db.history(booked.id).unwrap()[0].at, when);
}

fn an_existing_appointment_id_is_a_duplicate_and_writes_nothing(db: &Database) {
    let c = clinic(db);
    let first = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    book(db, &first).unwrap();
    let same_id_elsewhere = Appointment {
        start: at(3, 9, 14, 0),
        ..first.clone()
    };
    assert_eq!(conflict(book(db, &same_id_elsewhere)), Conflict::Duplicate);
    assert_eq!(db.get(first.id).unwrap().unwrap().appointment, first);
    assert_eq!(db.history(first.id).unwrap().len(), 1);
}

fn a_booking_naming_a_missing_record_is_not_found_and_writes_nothing(db: &Database) {
    let c = clinic(db);
    let valid = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    let fresh = || AppointmentId::from_uuid(Uuid::new_v4());
    let broken = [
        Appointment {
            id: fresh(),
            patient: Some(nhs(99)),
            ..valid.clone()
        },
        Appointment {
            id: fresh(),
            practitioner_id: PractitionerId::from_uuid(Uuid::new_v4()),
            ..valid.clone()
        },
        Appointment {
            id: fresh(),
            department_id: DepartmentId::from_uuid(Uuid::new_v4()),
            ..valid.clone()
        },
        Appointment {
            id: fresh(),
            location_id: Some(LocationId::from_uuid(Uuid::new_v4())),
            ..valid.clone()
        },
    ];
    for appointment in &broken {
        assert!(not_found(book(db, appointment)), "{appointment:?}");
        assert_eq!(db.get(appointment.id).unwrap(), None);
    }
    // Nothing was left behind: the slot and the day are still free.
    book(db, &valid).unwrap();
}

fn an_unknown_appointment_is_none(db: &Database) {
    assert_eq!(
        db.get(AppointmentId::from_uuid(Uuid::new_v4())).unwrap(),
        None
    );
}

fn an_update_writes_the_new_state_bumps_the_version_and_appends_history(db: &Database) {
    let c = clinic(db);
    let booked = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    book(db, &booked).unwrap();
    let attended = Appointment {
        stored_status: AppointmentStatus::Attended,
        series_id: None,
        ..booked.clone()
    };
    let entry = status_change(AppointmentStatus::Active, AppointmentStatus::Attended);
    db.update(&attended, std::slice::from_ref(&entry), &audit())
        .unwrap();
    let read = db.get(booked.id).unwrap().unwrap().appointment;
    assert_eq!(
        read,
        Appointment {
            version: 2,
            ..attended
        }
    );
    assert_eq!(db.history(booked.id).unwrap().last(), Some(&entry));
}

fn an_update_from_a_stale_version_is_a_conflict_and_changes_nothing(db: &Database) {
    let c = clinic(db);
    let booked = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    book(db, &booked).unwrap();
    let moved = Appointment {
        start: at(3, 4, 11, 0),
        ..booked.clone()
    };
    change(db, &moved).unwrap();
    let late = Appointment {
        start: at(3, 4, 15, 0),
        ..booked.clone()
    };
    assert_eq!(conflict(change(db, &late)), Conflict::StaleVersion);
    let read = db.get(booked.id).unwrap().unwrap().appointment;
    assert_eq!((read.start, read.version), (at(3, 4, 11, 0), 2));
    assert_eq!(db.history(booked.id).unwrap().len(), 2);
}

fn updating_an_unknown_appointment_is_not_found(db: &Database) {
    let c = clinic(db);
    let never_booked = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    assert!(not_found(change(db, &never_booked)));
}

fn history_is_oldest_first_and_unknown_ids_are_not_found(db: &Database) {
    let c = clinic(db);
    let booked = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    let first = created(at(1, 1, 8, 0));
    db.insert(&booked, &first, &audit()).unwrap();
    // Entries written in one update, then another, keep their order even
    // when their instants say otherwise.
    let moved = HistoryEntry {
        at: at(1, 1, 9, 0),
        actor: "user:कुलकर्णी".to_owned(),
        field: ChangedField::Time,
        from: Some("2030-03-04T09:00:00Z".to_owned()),
        to: Some("2030-03-04T10:00:00Z".to_owned()),
    };
    let longer = HistoryEntry {
        field: ChangedField::Duration,
        from: Some("30m".to_owned()),
        to: Some("1h".to_owned()),
        ..moved.clone()
    };
    let changed = Appointment {
        start: at(3, 4, 10, 0),
        ..booked.clone()
    };
    db.update(&changed, &[moved.clone(), longer.clone()], &audit())
        .unwrap();
    let cancelled = Appointment {
        stored_status: AppointmentStatus::Cancelled,
        series_id: None,
        version: 2,
        ..changed
    };
    let cancel = HistoryEntry {
        at: at(1, 1, 7, 0),
        to: None,
        ..status_change(AppointmentStatus::Active, AppointmentStatus::Cancelled)
    };
    db.update(&cancelled, std::slice::from_ref(&cancel), &audit())
        .unwrap();
    assert_eq!(
        db.history(booked.id).unwrap(),
        [first, moved, longer, cancel]
    );
    assert!(not_found(
        db.history(AppointmentId::from_uuid(Uuid::new_v4()))
    ));
}
