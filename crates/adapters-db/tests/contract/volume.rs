//! How fast a large import is: 100,000 patients and 100,000 appointments,
//! imported and then imported again. Ignored by default (it takes a while);
//! run with
//! `cargo test --release -p panda-adapters-db --features test-support --test contract volume -- --ignored --nocapture`.

use crate::brief::batch;
use chrono::{TimeDelta, TimeZone, Utc};
use panda_adapters_db::Database;
use panda_adapters_db::testing::TestDatabase;
use panda_domain::Actor;
use panda_domain::appointment::{AppointmentDuration, AppointmentStatus};
use panda_domain::common::ids::AppointmentId;
use panda_domain::common::postcode::Postcode;
use panda_domain::common::text::{Label, PersonName};
use panda_domain::import::{
    ImportBatch, ImportMode, ImportRepository, ImportedAppointment, NoProgress,
};
use panda_domain::patient::{DateOfBirth, NhsNumber, Patient};
use std::time::Instant;

const RECORDS: usize = 100_000;
const CLINICIANS: usize = 200;

/// `count` distinct valid NHS numbers.
fn nhs_numbers(count: usize) -> Vec<NhsNumber> {
    (100_000_000u32..)
        .filter_map(|prefix| {
            let digits = prefix.to_string();
            let weighted: u32 = digits
                .bytes()
                .zip((2..=10).rev())
                .map(|(d, w)| u32::from(d - b'0') * w)
                .sum();
            match 11 - weighted % 11 {
                10 => None,
                11 => NhsNumber::parse(&format!("{digits}0")).ok(),
                c => NhsNumber::parse(&format!("{digits}{c}")).ok(),
            }
        })
        .take(count)
        .collect()
}

/// One appointment per patient; each clinician's appointments follow one
/// another on the grid, so nothing clashes.
fn large_batch() -> ImportBatch {
    let numbers = nhs_numbers(RECORDS);
    let dob = DateOfBirth::from_trusted(chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap());
    let postcodes: Vec<Postcode> = (1..=50)
        .map(|i| Postcode::parse(&format!("N{i} 1AA")).unwrap())
        .collect();
    let patients = numbers
        .iter()
        .enumerate()
        .map(|(i, nhs)| Patient {
            nhs_number: nhs.clone(),
            name: PersonName::parse(&format!("Patient {i}")).unwrap(),
            date_of_birth: dob,
            postcode: postcodes[i % postcodes.len()].clone(),
            version: 1,
        })
        .collect();
    let first = Utc.with_ymd_and_hms(2020, 1, 1, 9, 0, 0).unwrap();
    let statuses = AppointmentStatus::ALL;
    let appointments = numbers
        .iter()
        .enumerate()
        .map(|(i, nhs)| {
            let (clinician, turn) = (i % CLINICIANS, i / CLINICIANS);
            ImportedAppointment {
                id: AppointmentId::from_uuid(uuid::Uuid::new_v4()),
                patient: nhs.clone(),
                clinician: PersonName::parse(&format!("Dr {clinician}")).unwrap(),
                department: Label::parse(&format!("department {}", clinician % 10)).unwrap(),
                postcode: Some(postcodes[clinician % postcodes.len()].clone()),
                start: first + TimeDelta::hours(turn as i64),
                duration: AppointmentDuration::from_minutes(if i % 2 == 0 { 30 } else { 60 })
                    .unwrap(),
                status: statuses[i % statuses.len()],
            }
        })
        .collect();
    batch(patients, appointments)
}

fn measure(db: &Database, backend: &str) {
    let batch = large_batch();
    let records = batch.patients.len() + batch.appointments.len();
    for run in ["first", "second"] {
        let started = Instant::now();
        let outcome = db
            .import(
                &batch,
                ImportMode::AllOrNothing,
                Utc::now(),
                &Actor::System,
                &NoProgress,
            )
            .unwrap();
        let seconds = started.elapsed().as_secs_f64();
        assert!(outcome.committed && outcome.rejected.is_empty());
        println!(
            "{backend}: {run} import of {records} records in {seconds:.2} s = {:.0} records/s (created {:?}, unchanged {:?})",
            records as f64 / seconds,
            outcome.created,
            outcome.unchanged
        );
    }
}

#[test]
#[ignore = "a throughput measurement; run with --ignored --nocapture"]
fn a_hundred_thousand_records_import_quickly_on_sqlite() {
    measure(&TestDatabase::sqlite(), "sqlite");
}

#[test]
#[ignore = "a throughput measurement; run with --ignored --nocapture"]
fn a_hundred_thousand_records_import_quickly_on_postgres() {
    if let Some(db) = TestDatabase::postgres() {
        measure(&db, "postgres");
    }
}
