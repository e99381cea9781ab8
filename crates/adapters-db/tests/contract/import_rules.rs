//! Importing historical records against stored data: the per-day and
//! no-overlap rules, missing patients, and what each mode writes.

use crate::brief::{batch, imported, imported_patient};
use crate::fixtures::{appointment, at, book, clinic, nhs, postcode};
use crate::import::{import, rejections, view};
use panda_adapters_db::Database;
use panda_domain::PageRequest;
use panda_domain::common::text::Label;
use panda_domain::directory::{DepartmentRepository, LocationRepository, PractitionerRepository};
use panda_domain::import::{ImportCounts, ImportMode, Source};
use panda_domain::patient::PatientRepository;

contract!(
    an_appointment_clashing_with_a_stored_one_is_rejected_with_the_rule_s_code,
    an_appointment_whose_patient_is_nowhere_is_rejected_as_patient_not_found,
    all_or_nothing_writes_nothing_when_any_record_is_rejected,
    check_mode_reports_every_rejection_and_writes_nothing_even_when_all_are_good,
    skip_mode_writes_the_good_records_and_leaves_nothing_of_the_rejected_ones,
);

fn an_appointment_clashing_with_a_stored_one_is_rejected_with_the_rule_s_code(db: &Database) {
    let c = clinic(db);
    let stored = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60);
    book(db, &stored).unwrap();
    let other = nhs(1);
    let overlapping = imported(&other, "Dr Glenn Clark", "oncology", at(3, 4, 9, 30), 30);
    let same_day = imported(
        &c.patient.nhs_number,
        "Dr New",
        "oncology",
        at(3, 4, 14, 0),
        30,
    );
    let good = imported(&other, "Dr New", "oncology", at(3, 5, 9, 0), 30);
    let patients = vec![imported_patient(other.clone(), "Other Patient")];
    let batch = batch(patients, vec![overlapping, same_day, good.clone()]);
    let outcome = import(db, &batch, ImportMode::SkipInvalid);
    assert_eq!(
        rejections(&outcome),
        vec![
            (
                Source::Appointments,
                0,
                Some("time"),
                "practitioner-unavailable"
            ),
            (
                Source::Appointments,
                1,
                Some("time"),
                "already-booked-that-day"
            ),
        ]
    );
    for issue in &outcome.rejected {
        assert!(
            issue.message.contains(&stored.id.to_string()),
            "{}",
            issue.message
        );
    }
    assert!(outcome.committed);
    assert_eq!(outcome.created.appointments, 1);
    assert!(view(db, good.id).unwrap().is_some());
}

fn an_appointment_whose_patient_is_nowhere_is_rejected_as_patient_not_found(db: &Database) {
    let nowhere = imported(&nhs(7), "Dr New", "oncology", at(3, 5, 9, 0), 30);
    let outcome = import(
        db,
        &batch(vec![], vec![nowhere.clone()]),
        ImportMode::SkipInvalid,
    );
    assert_eq!(
        rejections(&outcome),
        vec![(
            Source::Appointments,
            0,
            Some("patient"),
            "patient-not-found"
        )]
    );
    assert_eq!(view(db, nowhere.id).unwrap(), None);
}

fn all_or_nothing_writes_nothing_when_any_record_is_rejected(db: &Database) {
    let c = clinic(db);
    book(
        db,
        &appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60),
    )
    .unwrap();
    let new = nhs(1);
    let good = imported(&new, "Dr New", "radiology", at(3, 5, 9, 0), 30);
    let clash = imported(
        &c.patient.nhs_number,
        "Dr New",
        "radiology",
        at(3, 4, 14, 0),
        30,
    );
    let batch = batch(
        vec![imported_patient(new.clone(), "New")],
        vec![good.clone(), clash],
    );
    let outcome = import(db, &batch, ImportMode::AllOrNothing);
    assert_eq!(
        rejections(&outcome),
        vec![(
            Source::Appointments,
            1,
            Some("time"),
            "already-booked-that-day"
        )]
    );
    assert!(!outcome.committed);
    assert_eq!(outcome.created, ImportCounts::default());
    assert_eq!(PatientRepository::get(db, &new).unwrap(), None);
    assert_eq!(view(db, good.id).unwrap(), None);
    assert_eq!(
        db.find_by_name(&Label::parse("radiology").unwrap())
            .unwrap(),
        None
    );
    assert_eq!(
        LocationRepository::list(db, PageRequest::default())
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        PractitionerRepository::list(db, None, PageRequest::default())
            .unwrap()
            .total,
        1
    );
}

fn skip_mode_writes_the_good_records_and_leaves_nothing_of_the_rejected_ones(db: &Database) {
    let c = clinic(db);
    book(
        db,
        &appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60),
    )
    .unwrap();
    let new = nhs(1);
    let good = imported(&new, "Dr New", "radiology", at(3, 5, 9, 0), 30);
    let mut clash = imported(
        &c.patient.nhs_number,
        "Dr Gone",
        "cardiology",
        at(3, 4, 14, 0),
        30,
    );
    clash.postcode = Some(postcode("E1 6AN"));
    let batch = batch(
        vec![imported_patient(new.clone(), "New")],
        vec![clash, good.clone()],
    );
    let outcome = import(db, &batch, ImportMode::SkipInvalid);
    assert_eq!(
        rejections(&outcome),
        vec![(
            Source::Appointments,
            0,
            Some("time"),
            "already-booked-that-day"
        )]
    );
    assert!(outcome.committed);
    let one = ImportCounts {
        patients: 1,
        appointments: 1,
        practitioners: 1,
        departments: 1,
        locations: 1,
    };
    assert_eq!(outcome.created, one);
    assert!(PatientRepository::get(db, &new).unwrap().is_some());
    assert!(view(db, good.id).unwrap().is_some());
    assert_eq!(
        db.find_by_name(&Label::parse("cardiology").unwrap())
            .unwrap(),
        None
    );
    let locations = LocationRepository::list(db, PageRequest::default()).unwrap();
    assert_eq!(locations.items.len(), 1);
    assert_eq!(locations.items[0].postcode, postcode("UB56 7XQ"));
    assert_eq!(
        PractitionerRepository::list(db, None, PageRequest::default())
            .unwrap()
            .total,
        2
    );
}

fn check_mode_reports_every_rejection_and_writes_nothing_even_when_all_are_good(db: &Database) {
    let c = clinic(db);
    book(
        db,
        &appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60),
    )
    .unwrap();
    let new = nhs(1);
    let good = imported(&new, "Dr New", "radiology", at(3, 5, 9, 0), 30);
    let clash = imported(
        &c.patient.nhs_number,
        "Dr New",
        "radiology",
        at(3, 4, 14, 0),
        30,
    );
    let patients = vec![imported_patient(new.clone(), "New")];
    let checked = import(
        db,
        &batch(patients.clone(), vec![good.clone(), clash]),
        ImportMode::Check,
    );
    assert_eq!(
        rejections(&checked),
        vec![(
            Source::Appointments,
            1,
            Some("time"),
            "already-booked-that-day"
        )]
    );
    let clean = import(db, &batch(patients, vec![good.clone()]), ImportMode::Check);
    for outcome in [checked, clean] {
        assert!(!outcome.committed);
        assert_eq!(outcome.created, ImportCounts::default());
    }
    assert_eq!(PatientRepository::get(db, &new).unwrap(), None);
    assert_eq!(view(db, good.id).unwrap(), None);
}
