//! Erasing a patient.

use crate::fixtures::{appointment, at, audit, book, clinic, conflict, nhs, not_found, patient};
use panda_adapters_db::Database;
use panda_domain::appointment::{
    Appointment, AppointmentFilter, AppointmentRepository, AppointmentStatus,
};
use panda_domain::patient::PatientRepository;
use panda_domain::{Conflict, PageRequest};

contract!(
    erasing_an_unknown_patient_is_not_found,
    erasing_a_patient_with_an_upcoming_appointment_is_refused_and_changes_nothing,
    erasing_once_nothing_is_upcoming_detaches_the_appointments_and_removes_the_patient,
    a_booking_for_an_erased_patient_is_not_found,
    erasing_with_a_stale_version_is_refused_and_changes_nothing,
);

fn erasing_with_a_stale_version_is_refused_and_changes_nothing(db: &Database) {
    let c = clinic(db);
    let past = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    book(db, &past).unwrap();
    let stored = PatientRepository::get(db, &c.patient.nhs_number)
        .unwrap()
        .unwrap();
    let stale = Some(stored.version + 1);
    assert_eq!(
        conflict(db.erase(&c.patient.nhs_number, at(3, 5, 0, 0), stale, &audit())),
        Conflict::StaleVersion
    );
    assert_eq!(
        PatientRepository::get(db, &c.patient.nhs_number).unwrap(),
        Some(stored.clone())
    );
    let still_theirs = AppointmentRepository::get(db, past.id).unwrap().unwrap();
    assert_eq!(
        still_theirs.appointment.patient,
        Some(c.patient.nhs_number.clone())
    );
    db.erase(
        &c.patient.nhs_number,
        at(3, 5, 0, 0),
        Some(stored.version),
        &audit(),
    )
    .unwrap();
    assert_eq!(
        PatientRepository::get(db, &c.patient.nhs_number).unwrap(),
        None
    );
}

fn erasing_an_unknown_patient_is_not_found(db: &Database) {
    assert!(not_found(db.erase(
        &nhs(42),
        at(1, 1, 0, 0),
        None,
        &audit()
    )));
}

fn erasing_a_patient_with_an_upcoming_appointment_is_refused_and_changes_nothing(db: &Database) {
    let c = clinic(db);
    let upcoming = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60);
    book(db, &upcoming).unwrap();
    // Still running at 09:30: refused too.
    for now in [at(3, 1, 0, 0), at(3, 4, 9, 30)] {
        assert_eq!(
            conflict(db.erase(&c.patient.nhs_number, now, None, &audit())),
            Conflict::PatientHasUpcomingAppointments
        );
    }
    assert_eq!(
        PatientRepository::get(db, &c.patient.nhs_number).unwrap(),
        Some(c.patient.clone())
    );
    let read = AppointmentRepository::get(db, upcoming.id)
        .unwrap()
        .unwrap();
    assert_eq!(read.appointment, upcoming);
}

fn erasing_once_nothing_is_upcoming_detaches_the_appointments_and_removes_the_patient(
    db: &Database,
) {
    let c = clinic(db);
    let past = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60);
    // A future appointment that was cancelled does not hold the erasure up.
    let cancelled = Appointment {
        stored_status: AppointmentStatus::Cancelled,
        series_id: None,
        ..appointment(&c.patient, &c.practitioner, at(9, 4, 9, 0), 30)
    };
    book(db, &past).unwrap();
    book(db, &cancelled).unwrap();
    db.erase(&c.patient.nhs_number, at(3, 4, 10, 0), None, &audit())
        .unwrap();
    assert_eq!(
        PatientRepository::get(db, &c.patient.nhs_number).unwrap(),
        None
    );
    for id in [past.id, cancelled.id] {
        let kept = AppointmentRepository::get(db, id)
            .unwrap()
            .unwrap()
            .appointment;
        assert_eq!(kept.patient, None);
        assert_eq!(AppointmentRepository::history(db, id).unwrap().len(), 1);
    }
    let theirs = AppointmentFilter {
        patient: Some(c.patient.nhs_number.clone()),
        ..AppointmentFilter::default()
    };
    let page =
        AppointmentRepository::list(db, &theirs, at(3, 4, 10, 0), PageRequest::default()).unwrap();
    assert_eq!(page.total, 0);
    assert!(not_found(db.erase(
        &c.patient.nhs_number,
        at(3, 4, 10, 0),
        None,
        &audit()
    )));
    // The NHS number can be registered again from scratch.
    patient(db, 0, "Mary Thomas");
}

fn a_booking_for_an_erased_patient_is_not_found(db: &Database) {
    let c = clinic(db);
    db.erase(&c.patient.nhs_number, at(1, 1, 0, 0), None, &audit())
        .unwrap();
    let late = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    assert!(not_found(book(db, &late)));
}
