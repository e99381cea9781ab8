//! The patient port.

use crate::fixtures::{audit, conflict, nhs, not_found, patient, person, postcode};
use chrono::NaiveDate;
use panda_adapters_db::Database;
use panda_domain::patient::{DateOfBirth, Patient, PatientFilter, PatientRepository};
use panda_domain::{Conflict, PageRequest};

contract!(
    a_new_patient_is_stored_at_version_one_and_reads_back_unchanged,
    an_existing_nhs_number_is_a_duplicate,
    an_unknown_patient_is_none,
    an_update_replaces_the_fields_and_bumps_the_version,
    an_update_from_a_stale_version_is_a_conflict_and_changes_nothing,
    updating_an_unknown_patient_is_not_found,
    names_in_any_script_round_trip_byte_for_byte,
    the_name_filter_is_a_case_insensitive_substring_ordered_by_nhs_number,
    the_postcode_filter_is_a_literal_prefix,
    pages_carry_the_total_of_all_matches,
);

fn a_new_patient_is_stored_at_version_one_and_reads_back_unchanged(db: &Database) {
    let stored = patient(db, 1, "Sara Ashton-Miller");
    assert_eq!(stored.version, 1);
    assert_eq!(db.get(&nhs(1)).unwrap(), Some(stored));
}

fn an_existing_nhs_number_is_a_duplicate(db: &Database) {
    let first = patient(db, 1, "First");
    let again = Patient {
        name: person("Second"),
        ..first.clone()
    };
    assert_eq!(conflict(db.insert(&again, &audit())), Conflict::Duplicate);
    assert_eq!(db.get(&nhs(1)).unwrap(), Some(first));
}

fn an_unknown_patient_is_none(db: &Database) {
    assert_eq!(db.get(&nhs(7)).unwrap(), None);
}

fn an_update_replaces_the_fields_and_bumps_the_version(db: &Database) {
    let stored = patient(db, 1, "Mary Thomas");
    let changed = Patient {
        name: person("Mary Jones"),
        date_of_birth: DateOfBirth::from_trusted(NaiveDate::from_ymd_opt(1990, 1, 2).unwrap()),
        postcode: postcode("N6 2FA"),
        ..stored
    };
    let updated = db.update(&changed, &audit()).unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(db.get(&nhs(1)).unwrap(), Some(updated.clone()));
    assert_eq!(
        Patient {
            version: 1,
            ..updated
        },
        changed
    );
}

fn an_update_from_a_stale_version_is_a_conflict_and_changes_nothing(db: &Database) {
    let stored = patient(db, 1, "Mary Thomas");
    let first = db
        .update(
            &Patient {
                name: person("Mary Jones"),
                ..stored.clone()
            },
            &audit(),
        )
        .unwrap();
    let late = Patient {
        name: person("Mary Evans"),
        ..stored
    };
    assert_eq!(conflict(db.update(&late, &audit())), Conflict::StaleVersion);
    assert_eq!(db.get(&nhs(1)).unwrap(), Some(first));
}

fn updating_an_unknown_patient_is_not_found(db: &Database) {
    let ghost = patient(db, 1, "Real");
    let ghost = Patient {
        nhs_number: nhs(2),
        ..ghost
    };
    assert!(not_found(db.update(&ghost, &audit())));
}

fn names_in_any_script_round_trip_byte_for_byte(db: &Database) {
    let names = [
        "कुलकर्णी, तृष्णा",
        "刘桂荣",
        "Siân Ó Súilleabháin",
        "Ørjan Ågren-Øvergård",
    ];
    for (n, name) in (10..).zip(names) {
        let stored = patient(db, n, name);
        let read = db.get(&nhs(n)).unwrap().unwrap();
        assert_eq!(read.name.as_ref().as_bytes(), name.as_bytes());
        assert_eq!(read, stored);
    }
}

fn list(db: &Database, filter: PatientFilter) -> Vec<String> {
    let page = db.list(&filter, PageRequest::default()).unwrap();
    assert_eq!(page.total as usize, page.items.len());
    page.items.iter().map(|p| p.name.to_string()).collect()
}

fn the_name_filter_is_a_case_insensitive_substring_ordered_by_nhs_number(db: &Database) {
    patient(db, 3, "Mary THOMAS");
    patient(db, 1, "Tom Thomson");
    patient(db, 2, "刘桂荣");
    patient(db, 4, "Anne 50%_Off");
    let by_name = |text: &str| {
        list(
            db,
            PatientFilter {
                name_contains: Some(text.to_owned()),
                ..PatientFilter::default()
            },
        )
    };
    assert_eq!(by_name("thom"), ["Tom Thomson", "Mary THOMAS"]);
    assert_eq!(by_name("桂"), ["刘桂荣"]);
    assert_eq!(by_name("%"), ["Anne 50%_Off"]);
    assert_eq!(by_name("_"), ["Anne 50%_Off"]);
    assert!(by_name("zz").is_empty());
    assert_eq!(list(db, PatientFilter::default()).len(), 4);
}

fn the_postcode_filter_is_a_literal_prefix(db: &Database) {
    for (n, code) in [
        (1, "SW1A 1AA"),
        (2, "SW1A 2BB"),
        (3, "SW1 1AA"),
        (4, "N6 2FA"),
    ] {
        let stored = patient(db, n, &format!("Patient {n}"));
        db.update(
            &Patient {
                postcode: postcode(code),
                ..stored
            },
            &audit(),
        )
        .unwrap();
    }
    let by_prefix = |prefix: &str| {
        list(
            db,
            PatientFilter {
                postcode_prefix: Some(prefix.to_owned()),
                ..PatientFilter::default()
            },
        )
    };
    assert_eq!(by_prefix("SW1A"), ["Patient 1", "Patient 2"]);
    assert_eq!(by_prefix("SW1A 2"), ["Patient 2"]);
    assert_eq!(by_prefix("SW1"), ["Patient 1", "Patient 2", "Patient 3"]);
    assert!(by_prefix("SW1_").is_empty());
    assert!(by_prefix("%").is_empty());
    let both = list(
        db,
        PatientFilter {
            name_contains: Some("2".to_owned()),
            postcode_prefix: Some("SW1".to_owned()),
        },
    );
    assert_eq!(both, ["Patient 2"]);
}

fn pages_carry_the_total_of_all_matches(db: &Database) {
    for n in 0..7 {
        patient(db, n, &format!("Patient {n}"));
    }
    let page = db
        .list(&PatientFilter::default(), PageRequest::new(5, 3))
        .unwrap();
    assert_eq!(page.total, 7);
    let numbers: Vec<_> = page.items.iter().map(|p| p.nhs_number.clone()).collect();
    assert_eq!(numbers, [nhs(5), nhs(6)]);
    let beyond = db
        .list(&PatientFilter::default(), PageRequest::new(50, 3))
        .unwrap();
    assert_eq!((beyond.total, beyond.items.len()), (7, 0));
}
