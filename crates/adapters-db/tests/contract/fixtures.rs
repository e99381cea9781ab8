//! Records to test with, built through the ports themselves.

use chrono::{DateTime, TimeZone, Utc};
use panda_adapters_db::Database;
use panda_domain::appointment::{
    Appointment, AppointmentDuration, AppointmentRepository, AppointmentStatus, ChangedField,
    HistoryEntry,
};
use panda_domain::common::ids::{
    AppointmentId, DepartmentId, LocationId, OrganisationId, PractitionerId,
};
use panda_domain::common::postcode::Postcode;
use panda_domain::common::text::{Label, PersonName};
use panda_domain::directory::{
    Department, DepartmentRepository, Location, LocationRepository, Organisation,
    OrganisationRepository, Practitioner, PractitionerRepository,
};
use panda_domain::patient::{DateOfBirth, NhsNumber, Patient, PatientRepository};
use panda_domain::{Conflict, RepositoryError};
use uuid::Uuid;

/// A UTC instant in 2030.
pub fn at(month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, month, day, hour, minute, 0)
        .single()
        .unwrap()
}

/// The `n`th valid NHS number (distinct for distinct `n`).
pub fn nhs(n: u32) -> NhsNumber {
    let mut seen = 0;
    for prefix in 100_000_000u32.. {
        let digits = prefix.to_string();
        let weighted: u32 = digits
            .bytes()
            .zip((2..=10).rev())
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        let check = match 11 - weighted % 11 {
            11 => 0,
            10 => continue,
            c => c,
        };
        if seen == n {
            return NhsNumber::parse(&format!("{digits}{check}")).unwrap();
        }
        seen += 1;
    }
    unreachable!()
}

/// A name, label or postcode that is known to be valid.
pub fn person(name: &str) -> PersonName {
    PersonName::parse(name).unwrap()
}
pub fn label(name: &str) -> Label {
    Label::parse(name).unwrap()
}
pub fn postcode(text: &str) -> Postcode {
    Postcode::parse(text).unwrap()
}

/// The conflict inside `result`, if that is what it is.
pub fn conflict<T: std::fmt::Debug>(result: Result<T, RepositoryError>) -> Conflict {
    match result {
        Err(RepositoryError::Conflict(c)) => c,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// True when `result` is `NotFound`.
pub fn not_found<T>(result: Result<T, RepositoryError>) -> bool {
    matches!(result, Err(RepositoryError::NotFound))
}

/// A stored patient.
pub fn patient(db: &Database, n: u32, name: &str) -> Patient {
    let patient = Patient {
        nhs_number: nhs(n),
        name: person(name),
        date_of_birth: DateOfBirth::from_trusted(
            chrono::NaiveDate::from_ymd_opt(1980, 2, 29).unwrap(),
        ),
        postcode: postcode("SW1A 1AA"),
        version: 0,
    };
    PatientRepository::insert(db, &patient, &audit()).unwrap()
}

/// A stored department.
pub fn department(db: &Database, name: &str) -> Department {
    let department = Department {
        id: DepartmentId::from_uuid(Uuid::new_v4()),
        name: label(name),
        version: 0,
    };
    DepartmentRepository::insert(db, &department, &audit()).unwrap()
}

/// A stored organisation.
pub fn organisation(db: &Database, name: &str) -> Organisation {
    let organisation = Organisation {
        id: OrganisationId::from_uuid(Uuid::new_v4()),
        name: label(name),
        version: 0,
    };
    OrganisationRepository::insert(db, &organisation, &audit()).unwrap()
}

/// A stored location.
pub fn location(db: &Database, name: &str, code: &str) -> Location {
    let location = Location {
        id: LocationId::from_uuid(Uuid::new_v4()),
        name: label(name),
        postcode: postcode(code),
        version: 0,
    };
    LocationRepository::insert(db, &location, &audit()).unwrap()
}

/// A stored practitioner of `department`.
pub fn practitioner(db: &Database, name: &str, department: &Department) -> Practitioner {
    let practitioner = Practitioner {
        id: PractitionerId::from_uuid(Uuid::new_v4()),
        name: person(name),
        department: department.clone(),
        version: 0,
    };
    PractitionerRepository::insert(db, &practitioner, &audit()).unwrap()
}

/// A new active appointment (not stored) of `patient` with `practitioner`.
pub fn appointment(
    patient: &Patient,
    practitioner: &Practitioner,
    start: DateTime<Utc>,
    minutes: u32,
) -> Appointment {
    Appointment {
        id: AppointmentId::from_uuid(Uuid::new_v4()),
        patient: Some(patient.nhs_number.clone()),
        practitioner_id: practitioner.id,
        department_id: practitioner.department.id,
        organisation_id: None,
        location_id: None,
        start,
        duration: AppointmentDuration::from_minutes(minutes).unwrap(),
        stored_status: AppointmentStatus::Active,
        series_id: None,
        version: 1,
    }
}

/// The history entry of a creation at `at`.
pub fn created(at: DateTime<Utc>) -> HistoryEntry {
    HistoryEntry {
        at,
        actor: "system".to_owned(),
        field: ChangedField::Created,
        from: None,
        to: Some("active".to_owned()),
    }
}

/// Stores `appointment` with a creation entry.
pub fn book(db: &Database, appointment: &Appointment) -> Result<(), RepositoryError> {
    AppointmentRepository::insert(db, appointment, &created(at(1, 1, 8, 0)), &audit())
}

/// The history entry of a status change.
pub fn status_change(from: AppointmentStatus, to: AppointmentStatus) -> HistoryEntry {
    HistoryEntry {
        at: at(1, 2, 8, 0),
        actor: "anonymous".to_owned(),
        field: ChangedField::Status,
        from: Some(from.to_string()),
        to: Some(to.to_string()),
    }
}

/// Writes `changed` (read at `changed.version`) with one history entry.
pub fn change(db: &Database, changed: &Appointment) -> Result<(), RepositoryError> {
    let entry = HistoryEntry {
        at: at(1, 2, 9, 0),
        actor: "anonymous".to_owned(),
        field: ChangedField::Time,
        from: None,
        to: Some(changed.start.to_rfc3339()),
    };
    AppointmentRepository::update(db, changed, &[entry], &audit())
}

/// A clinic: a department with one practitioner and one patient.
pub struct Clinic {
    pub department: Department,
    pub practitioner: Practitioner,
    pub patient: Patient,
}

/// A clinic, stored.
pub fn clinic(db: &Database) -> Clinic {
    let department = department(db, "oncology");
    let practitioner = practitioner(db, "Dr Glenn Clark", &department);
    let patient = patient(db, 0, "Mary Thomas");
    Clinic {
        department,
        practitioner,
        patient,
    }
}

/// An audit record for writes made by the tests themselves: the contract
/// of the trail has its own tests (audit.rs).
pub fn audit() -> panda_domain::audit::AuditRecord {
    use panda_domain::audit::{AuditAction, AuditRecord, Entity};
    AuditRecord::new(
        chrono::DateTime::UNIX_EPOCH,
        &panda_domain::Actor::System,
        AuditAction::Create,
        Entity::Import,
    )
}
