//! The two rules the database holds: one appointment per patient per UTC
//! day, and no overlapping appointments for a practitioner.

use crate::fixtures::{
    appointment, at, audit, book, change, clinic, conflict, created, department, patient,
    practitioner,
};
use panda_adapters_db::Database;
use panda_domain::appointment::{Appointment, AppointmentRepository, AppointmentStatus};
use panda_domain::audit::{AuditAction, AuditFilter, AuditRecord, AuditRepository, Entity};
use panda_domain::{Actor, Conflict, PageRequest};

contract!(
    a_second_booking_of_a_patient_on_one_utc_day_is_a_conflict_and_writes_nothing,
    a_booking_at_23_30_utc_does_not_block_the_next_day,
    a_cancelled_appointment_blocks_neither_the_day_nor_the_slot,
    an_overlapping_booking_of_the_practitioner_is_a_conflict,
    a_booking_refused_for_one_taken_slot_takes_none_and_leaves_no_record,
    back_to_back_bookings_do_not_overlap,
    rescheduling_into_a_taken_slot_is_a_conflict_and_changes_nothing,
    rescheduling_onto_a_day_the_patient_is_booked_is_a_conflict,
    rescheduling_frees_the_old_slot,
    cancelling_frees_the_slot_and_the_day,
    attended_and_missed_appointments_keep_their_slot_and_day,
);

fn a_second_booking_of_a_patient_on_one_utc_day_is_a_conflict_and_writes_nothing(db: &Database) {
    let c = clinic(db);
    let other = practitioner(db, "Dr Other", &c.department);
    book(
        db,
        &appointment(&c.patient, &c.practitioner, at(3, 4, 0, 0), 30),
    )
    .unwrap();
    let same_day = appointment(&c.patient, &other, at(3, 4, 23, 30), 30);
    assert_eq!(
        conflict(book(db, &same_day)),
        Conflict::PatientAlreadyBookedThatDay
    );
    assert_eq!(db.get(same_day.id).unwrap(), None);
    // The refused booking took no slot of Dr Other's.
    let someone = patient(db, 5, "Someone Else");
    book(db, &appointment(&someone, &other, at(3, 4, 23, 30), 30)).unwrap();
}

fn a_booking_at_23_30_utc_does_not_block_the_next_day(db: &Database) {
    let c = clinic(db);
    book(
        db,
        &appointment(&c.patient, &c.practitioner, at(3, 4, 23, 30), 30),
    )
    .unwrap();
    book(
        db,
        &appointment(&c.patient, &c.practitioner, at(3, 5, 0, 0), 30),
    )
    .unwrap();
}

fn a_cancelled_appointment_blocks_neither_the_day_nor_the_slot(db: &Database) {
    let c = clinic(db);
    let cancelled = Appointment {
        stored_status: AppointmentStatus::Cancelled,
        series_id: None,
        ..appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60)
    };
    book(db, &cancelled).unwrap();
    book(
        db,
        &appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60),
    )
    .unwrap();
}

fn an_overlapping_booking_of_the_practitioner_is_a_conflict(db: &Database) {
    let c = clinic(db);
    let other = patient(db, 2, "Other Patient");
    book(
        db,
        &appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60),
    )
    .unwrap();
    let overlapping = appointment(&other, &c.practitioner, at(3, 4, 9, 30), 30);
    assert_eq!(
        conflict(book(db, &overlapping)),
        Conflict::PractitionerUnavailable
    );
    let enclosing = appointment(&other, &c.practitioner, at(3, 4, 8, 30), 120);
    assert_eq!(
        conflict(book(db, &enclosing)),
        Conflict::PractitionerUnavailable
    );
    assert_eq!(db.get(overlapping.id).unwrap(), None);
    // The refused bookings did not take the patient's day either.
    book(
        db,
        &appointment(&other, &c.practitioner, at(3, 4, 14, 0), 30),
    )
    .unwrap();
}

/// A booking's own audit record, naming its patient, as the service
/// writes it.
fn booking_record(appointment: &Appointment) -> AuditRecord {
    let mut record = AuditRecord::new(
        at(1, 1, 8, 0),
        &Actor::System,
        AuditAction::Create,
        Entity::Appointment,
    )
    .id(appointment.id);
    record.subject = appointment.patient.clone();
    record
}

fn a_booking_refused_for_one_taken_slot_takes_none_and_leaves_no_record(db: &Database) {
    let c = clinic(db);
    let other = patient(db, 2, "Other Patient");
    let records = |db: &Database| {
        AuditRepository::list(db, &AuditFilter::default(), PageRequest::new(0, 100))
            .unwrap()
            .total
    };
    let nine = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    AppointmentRepository::insert(db, &nine, &created(at(1, 1, 8, 0)), &booking_record(&nine))
        .unwrap();
    let before = records(db);
    // Every slot taken; then 08:30 and 08:45 free, 09:00 and 09:15 taken.
    for refused in [
        appointment(&other, &c.practitioner, at(3, 4, 9, 0), 30),
        appointment(&other, &c.practitioner, at(3, 4, 8, 30), 60),
    ] {
        let outcome = AppointmentRepository::insert(
            db,
            &refused,
            &created(at(1, 1, 8, 5)),
            &booking_record(&refused),
        );
        assert_eq!(conflict(outcome), Conflict::PractitionerUnavailable);
        assert_eq!(db.get(refused.id).unwrap(), None);
        assert!(
            db.history(refused.id).is_err(),
            "no history of a refused booking"
        );
        assert_eq!(records(db), before, "no audit record of a refused booking");
    }
    // Refused for the slot and for the day, or unknown: told as before.
    let again = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    assert_eq!(
        conflict(book(db, &again)),
        Conflict::PatientAlreadyBookedThatDay
    );
    let stranger = Appointment {
        patient: Some(crate::fixtures::nhs(9)),
        ..appointment(&other, &c.practitioner, at(3, 4, 9, 0), 30)
    };
    let unknown = book(db, &stranger);
    assert!(
        matches!(unknown, Err(panda_domain::RepositoryError::NotFound)),
        "{unknown:?}"
    );
    // Its free slots were not kept: the half hour before nine is bookable.
    let half_past_eight = appointment(&other, &c.practitioner, at(3, 4, 8, 30), 30);
    book(db, &half_past_eight).unwrap();
    assert_eq!(db.history(nine.id).unwrap().len(), 1);
}

fn back_to_back_bookings_do_not_overlap(db: &Database) {
    let c = clinic(db);
    let other = patient(db, 2, "Other Patient");
    book(
        db,
        &appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60),
    )
    .unwrap();
    book(
        db,
        &appointment(&other, &c.practitioner, at(3, 4, 10, 0), 30),
    )
    .unwrap();
    let third = patient(db, 3, "Third Patient");
    book(
        db,
        &appointment(&third, &c.practitioner, at(3, 4, 8, 30), 30),
    )
    .unwrap();
}

fn rescheduling_into_a_taken_slot_is_a_conflict_and_changes_nothing(db: &Database) {
    let c = clinic(db);
    let other = patient(db, 2, "Other Patient");
    let mine = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    book(db, &mine).unwrap();
    book(
        db,
        &appointment(&other, &c.practitioner, at(3, 4, 11, 0), 60),
    )
    .unwrap();
    let into_taken = Appointment {
        start: at(3, 4, 11, 30),
        ..mine.clone()
    };
    assert_eq!(
        conflict(change(db, &into_taken)),
        Conflict::PractitionerUnavailable
    );
    assert_eq!(db.get(mine.id).unwrap().unwrap().appointment, mine);
    assert_eq!(db.history(mine.id).unwrap().len(), 1);
    // Its old slot is still held.
    let third = patient(db, 3, "Third Patient");
    let onto_old = appointment(&third, &c.practitioner, at(3, 4, 9, 0), 30);
    assert_eq!(
        conflict(book(db, &onto_old)),
        Conflict::PractitionerUnavailable
    );
}

fn rescheduling_onto_a_day_the_patient_is_booked_is_a_conflict(db: &Database) {
    let c = clinic(db);
    let mine = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    book(db, &mine).unwrap();
    book(
        db,
        &appointment(&c.patient, &c.practitioner, at(3, 6, 9, 0), 30),
    )
    .unwrap();
    let onto_booked_day = Appointment {
        start: at(3, 6, 15, 0),
        ..mine.clone()
    };
    assert_eq!(
        conflict(change(db, &onto_booked_day)),
        Conflict::PatientAlreadyBookedThatDay
    );
    assert_eq!(db.get(mine.id).unwrap().unwrap().appointment, mine);
}

fn rescheduling_frees_the_old_slot(db: &Database) {
    let c = clinic(db);
    let other = patient(db, 2, "Other Patient");
    let cardiology = department(db, "Cardiology");
    let colleague = practitioner(db, "Dr Colleague", &cardiology);
    let mine = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60);
    book(db, &mine).unwrap();
    let later = Appointment {
        start: at(3, 4, 9, 30),
        ..mine.clone()
    };
    change(db, &later).unwrap();
    book(
        db,
        &appointment(&other, &c.practitioner, at(3, 4, 9, 0), 30),
    )
    .unwrap();
    // Moving to another practitioner frees every slot with the first.
    let elsewhere = Appointment {
        practitioner_id: colleague.id,
        department_id: cardiology.id,
        version: 2,
        ..later
    };
    change(db, &elsewhere).unwrap();
    let third = patient(db, 3, "Third Patient");
    book(
        db,
        &appointment(&third, &c.practitioner, at(3, 4, 10, 0), 30),
    )
    .unwrap();
    let read = db.get(mine.id).unwrap().unwrap();
    assert_eq!(
        (read.clinician, read.appointment.version),
        (colleague.name, 3)
    );
}

fn cancelling_frees_the_slot_and_the_day(db: &Database) {
    let c = clinic(db);
    let other = patient(db, 2, "Other Patient");
    let mine = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60);
    book(db, &mine).unwrap();
    let cancelled = Appointment {
        stored_status: AppointmentStatus::Cancelled,
        series_id: None,
        ..mine.clone()
    };
    change(db, &cancelled).unwrap();
    book(
        db,
        &appointment(&other, &c.practitioner, at(3, 4, 9, 30), 30),
    )
    .unwrap();
    book(
        db,
        &appointment(&c.patient, &c.practitioner, at(3, 4, 15, 0), 30),
    )
    .unwrap();
}

fn attended_and_missed_appointments_keep_their_slot_and_day(db: &Database) {
    let c = clinic(db);
    let other = patient(db, 2, "Other Patient");
    let mine = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    book(db, &mine).unwrap();
    let missed = Appointment {
        stored_status: AppointmentStatus::Missed,
        series_id: None,
        ..mine.clone()
    };
    db.update(&missed, &[], &audit()).unwrap();
    let onto_slot = appointment(&other, &c.practitioner, at(3, 4, 9, 0), 30);
    assert_eq!(
        conflict(book(db, &onto_slot)),
        Conflict::PractitionerUnavailable
    );
    let same_day = appointment(&c.patient, &c.practitioner, at(3, 4, 16, 0), 30);
    assert_eq!(
        conflict(book(db, &same_day)),
        Conflict::PatientAlreadyBookedThatDay
    );
}
