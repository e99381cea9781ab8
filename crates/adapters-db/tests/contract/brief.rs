//! The NHS brief's example files as an import batch, read with the
//! domain's own parsers (the server's reader is not a dependency of this
//! crate), and small batches built by hand.

use chrono::{DateTime, NaiveDate, Utc};
use panda_domain::appointment::{AppointmentDuration, AppointmentStatus};
use panda_domain::common::ids::AppointmentId;
use panda_domain::common::instant::parse_instant;
use panda_domain::common::postcode::Postcode;
use panda_domain::common::text::{Label, PersonName};
use panda_domain::import::{ImportBatch, ImportedAppointment, Indexed};
use panda_domain::patient::{DateOfBirth, NhsNumber, Patient};
use serde_json::Value;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples");

fn records(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(format!("{EXAMPLES}/{file}")).unwrap();
    match serde_json::from_str(&text).unwrap() {
        Value::Array(items) => items,
        other => panic!("{file} is not an array: {other}"),
    }
}

fn text<'a>(record: &'a Value, field: &str) -> &'a str {
    record[field].as_str().unwrap()
}

/// Every record of `example_patients.json` and `example_appointments.json`.
pub fn example_batch() -> ImportBatch {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let patients = records("example_patients.json")
        .iter()
        .map(|r| Patient {
            nhs_number: NhsNumber::parse(text(r, "nhs_number")).unwrap(),
            name: PersonName::parse(text(r, "name")).unwrap(),
            date_of_birth: DateOfBirth::parse(text(r, "date_of_birth"), today).unwrap(),
            postcode: Postcode::parse(text(r, "postcode")).unwrap(),
            version: 1,
        })
        .collect();
    let appointments = records("example_appointments.json")
        .iter()
        .map(|r| ImportedAppointment {
            id: AppointmentId::parse(text(r, "id")).unwrap(),
            patient: NhsNumber::parse(text(r, "patient")).unwrap(),
            clinician: PersonName::parse(text(r, "clinician")).unwrap(),
            department: Label::parse(text(r, "department")).unwrap(),
            postcode: r["postcode"].as_str().map(|p| Postcode::parse(p).unwrap()),
            start: parse_instant(text(r, "time")).unwrap(),
            duration: AppointmentDuration::parse(text(r, "duration")).unwrap(),
            status: AppointmentStatus::parse(text(r, "status")).unwrap(),
        })
        .collect();
    batch(patients, appointments)
}

/// A batch of these records, indexed in order.
pub fn batch(patients: Vec<Patient>, appointments: Vec<ImportedAppointment>) -> ImportBatch {
    ImportBatch {
        patients: indexed(patients),
        appointments: indexed(appointments),
    }
}

fn indexed<T>(records: Vec<T>) -> Vec<Indexed<T>> {
    records
        .into_iter()
        .enumerate()
        .map(|(index, record)| Indexed { index, record })
        .collect()
}

/// An imported patient.
pub fn imported_patient(nhs: NhsNumber, name: &str) -> Patient {
    Patient {
        nhs_number: nhs,
        name: PersonName::parse(name).unwrap(),
        date_of_birth: DateOfBirth::from_trusted(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()),
        postcode: Postcode::parse("N6 2FA").unwrap(),
        version: 1,
    }
}

/// An imported, attended appointment at location `UB56 7XQ`.
pub fn imported(
    nhs: &NhsNumber,
    clinician: &str,
    department: &str,
    start: DateTime<Utc>,
    minutes: u32,
) -> ImportedAppointment {
    ImportedAppointment {
        id: AppointmentId::from_uuid(uuid::Uuid::new_v4()),
        patient: nhs.clone(),
        clinician: PersonName::parse(clinician).unwrap(),
        department: Label::parse(department).unwrap(),
        postcode: Some(Postcode::parse("UB56 7XQ").unwrap()),
        start,
        duration: AppointmentDuration::from_minutes(minutes).unwrap(),
        status: AppointmentStatus::Attended,
    }
}
