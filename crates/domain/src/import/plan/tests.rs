//! The import's rules with plain values: no database.

use super::*;
use crate::appointment::{Appointment, AppointmentDuration, AppointmentStatus, AppointmentView};
use crate::common::ids::{AppointmentId, DepartmentId, LocationId, PractitionerId};
use crate::common::ports::{Actor, IdSource};
use crate::common::postcode::Postcode;
use crate::common::text::{Label, PersonName};
use crate::import::{ImportBatch, ImportedAppointment, Indexed, Source};
use crate::patient::{DateOfBirth, NhsNumber, Patient};
use chrono::{NaiveDate, TimeZone, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

const MARY: &str = "9434765919";
const SAM: &str = "1373645350";
const ALEX: &str = "1953262716";

/// Ids 1000, 1001, ... in the order asked for.
struct Counting(AtomicU64);

impl Counting {
    fn new() -> Self {
        Self(AtomicU64::new(1000))
    }
}

impl IdSource for Counting {
    fn new_id(&self) -> Uuid {
        Uuid::from_u128(u128::from(self.0.fetch_add(1, Ordering::Relaxed)))
    }
}

fn nhs(text: &str) -> NhsNumber {
    NhsNumber::parse(text).unwrap()
}

fn patient(number: &str, name: &str) -> Patient {
    Patient {
        nhs_number: nhs(number),
        name: PersonName::parse(name).unwrap(),
        date_of_birth: DateOfBirth::from_trusted(NaiveDate::from_ymd_opt(1980, 5, 1).unwrap()),
        postcode: Postcode::parse("N6 2FA").unwrap(),
        version: 1,
    }
}

fn record(
    n: u128,
    patient: &str,
    clinician: &str,
    department: &str,
    postcode: Option<&str>,
) -> ImportedAppointment {
    ImportedAppointment {
        id: AppointmentId::from_uuid(Uuid::from_u128(n)),
        patient: nhs(patient),
        clinician: PersonName::parse(clinician).unwrap(),
        department: Label::parse(department).unwrap(),
        postcode: postcode.map(|p| Postcode::parse(p).unwrap()),
        start: Utc.with_ymd_and_hms(2020, 3, 2, 9, 0, 0).unwrap(),
        duration: AppointmentDuration::HALF_HOUR,
        status: AppointmentStatus::Attended,
    }
}

fn indexed<T>(records: Vec<T>) -> Vec<Indexed<T>> {
    records
        .into_iter()
        .enumerate()
        .map(|(index, record)| Indexed { index, record })
        .collect()
}

fn batch(patients: Vec<Patient>, appointments: Vec<ImportedAppointment>) -> ImportBatch {
    ImportBatch {
        patients: indexed(patients),
        appointments: indexed(appointments),
    }
}

/// The stored view of `r`, as an earlier import left it.
fn stored_view(r: &ImportedAppointment) -> AppointmentView {
    AppointmentView {
        appointment: Appointment {
            id: r.id,
            patient: Some(r.patient.clone()),
            practitioner_id: PractitionerId::from_uuid(Uuid::from_u128(1)),
            department_id: DepartmentId::from_uuid(Uuid::from_u128(2)),
            organisation_id: None,
            location_id: None,
            start: r.start,
            duration: r.duration,
            stored_status: r.status,
            series_id: None,
            version: 1,
        },
        clinician: r.clinician.clone(),
        department: r.department.clone(),
        postcode: r.postcode.clone(),
    }
}

#[test]
fn a_patient_is_created_once_from_its_first_record_and_the_store_is_compared() {
    let stored = HashMap::from([
        (nhs(SAM), patient(SAM, "Sam Jones")),
        (nhs(ALEX), patient(ALEX, "Alex Hall")),
    ]);
    let b = batch(
        vec![
            patient(MARY, "Mary Thomas"),
            patient(MARY, "Mary Repeated"),
            patient(SAM, "Sam Jones"),
            patient(ALEX, "Alex Other"),
        ],
        Vec::new(),
    );
    let plan = plan_patients(&b, &stored);
    assert_eq!(plan.new.len(), 1);
    assert_eq!(plan.new[0].name.as_ref(), "Mary Thomas");
    assert_eq!(plan.unchanged, 1);
    assert_eq!(plan.rejected.len(), 1);
    let issue = &plan.rejected[0];
    assert_eq!(
        (issue.source, issue.index, issue.code),
        (Source::Patients, 3, "import-differs")
    );
    assert_eq!(issue.field.as_deref(), Some("name"));
    assert!(
        issue
            .message
            .contains("name (stored Alex Hall, file Alex Other)"),
        "{}",
        issue.message
    );
    assert_eq!(plan.known, HashSet::from([nhs(MARY), nhs(SAM), nhs(ALEX)]));
}

#[test]
fn every_nhs_number_the_batch_names_is_looked_up_once() {
    let b = batch(
        vec![patient(MARY, "Mary Thomas")],
        vec![
            record(1, MARY, "Dr A", "oncology", None),
            record(2, SAM, "Dr A", "oncology", None),
        ],
    );
    let keys: HashSet<NhsNumber> = patient_keys(&b).into_iter().collect();
    assert_eq!(keys, HashSet::from([nhs(MARY), nhs(SAM)]));
    assert_eq!(patient_keys(&b).len(), 2);
}

#[test]
fn appointments_are_unchanged_differing_fresh_or_for_an_unknown_patient() {
    let same = record(1, MARY, "Dr A", "oncology", Some("N6 2FA"));
    let mut moved = record(2, MARY, "Dr A", "oncology", None);
    let stored = HashMap::from([
        (same.id, stored_view(&same)),
        (moved.id, stored_view(&moved)),
    ]);
    moved.duration = AppointmentDuration::from_minutes(60).unwrap();
    let fresh = record(3, MARY, "Dr A", "oncology", None);
    let stranger = record(4, SAM, "Dr A", "oncology", None);
    let b = batch(Vec::new(), vec![same, moved, fresh, stranger]);
    let plan = plan_appointments(&b, &stored, &HashSet::from([nhs(MARY)]));
    assert_eq!(
        plan.unchanged.iter().map(|a| a.index).collect::<Vec<_>>(),
        [0]
    );
    assert_eq!(plan.fresh.iter().map(|a| a.index).collect::<Vec<_>>(), [2]);
    let codes: Vec<_> = plan
        .rejected
        .iter()
        .map(|i| (i.index, i.code, i.field.clone().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            (1, "import-differs", "duration".to_owned()),
            (3, "patient-not-found", "patient".to_owned())
        ]
    );
    assert_eq!(plan.named().count(), 2);
}

fn department(n: u128) -> DepartmentId {
    DepartmentId::from_uuid(Uuid::from_u128(n))
}

fn practitioner(n: u128) -> PractitionerId {
    PractitionerId::from_uuid(Uuid::from_u128(n))
}

fn location(n: u128) -> LocationId {
    LocationId::from_uuid(Uuid::from_u128(n))
}

/// oncology and Dr A in it are stored, with a location at N6 2FA.
fn snapshot() -> DirectorySnapshot {
    DirectorySnapshot {
        departments: HashMap::from([("oncology".to_owned(), department(10))]),
        practitioners: HashMap::from([((department(10), "Dr A".to_owned()), practitioner(20))]),
        locations: HashMap::from([("N6 2FA".to_owned(), location(30))]),
    }
}

#[test]
fn stored_records_are_found_by_name_and_postcode_and_the_rest_created() {
    let records = [
        record(1, MARY, "Dr A", "oncology", Some("N6 2FA")),
        record(2, MARY, "Dr A", "oncology", Some("UB56 7XQ")),
        // A namesake in another department is another practitioner.
        record(3, MARY, "Dr A", "cardiology", None),
        record(4, MARY, "Dr B", "oncology", None),
    ];
    let ids = Counting::new();
    let plan = plan_directory(records.iter(), &snapshot(), &ids);
    let new_departments = plan.new_departments();
    assert_eq!(new_departments.len(), 1);
    assert_eq!(new_departments[0].1, "cardiology");
    let names: Vec<(&str, DepartmentId)> = plan
        .new_practitioners()
        .iter()
        .map(|(_, name, department)| (*name, *department))
        .collect();
    assert_eq!(
        names,
        [("Dr A", new_departments[0].0), ("Dr B", department(10))]
    );
    let locations: Vec<&str> = plan.new_locations().iter().map(|(_, p)| *p).collect();
    assert_eq!(locations, ["UB56 7XQ"]);
    assert_eq!(plan.stored_practitioners(), [practitioner(20)]);
    let place = plan.place(&records[0]).unwrap();
    assert_eq!(
        place,
        Place {
            practitioner: practitioner(20),
            department: department(10),
            location: Some(location(30)),
        }
    );
    let appointment = plan.appointment(&records[2]).unwrap();
    assert_eq!(appointment.department_id, new_departments[0].0);
    assert_eq!(appointment.location_id, None);
    assert_eq!(appointment.stored_status, AppointmentStatus::Attended);
    assert_eq!(plan.place(&record(9, MARY, "Dr Z", "oncology", None)), None);
}

#[test]
fn a_role_is_planned_once_per_place_and_never_when_stored() {
    let records = [
        record(1, MARY, "Dr A", "oncology", Some("N6 2FA")),
        record(2, SAM, "Dr A", "oncology", Some("N6 2FA")),
        record(3, MARY, "Dr A", "oncology", Some("UB56 7XQ")),
        record(4, MARY, "Dr A", "oncology", None),
    ];
    let ids = Counting::new();
    let mut plan = plan_directory(records.iter(), &snapshot(), &ids);
    let stored = HashSet::from([(practitioner(20), location(30), department(10))]);
    plan.plan_roles(records.iter(), &stored, &ids);
    let roles = plan.new_roles();
    assert_eq!(roles.len(), 1, "{roles:?}");
    assert_eq!(roles[0].practitioner_id, practitioner(20));
    assert_eq!(roles[0].organisation_id, None);
    assert_ne!(roles[0].location_id, location(30));
}

#[test]
fn settling_counts_what_kept_appointments_use_and_prunes_only_what_this_run_made() {
    let kept = record(1, MARY, "Dr A", "oncology", Some("N6 2FA"));
    let rejected = record(2, MARY, "Dr New", "surgery", Some("UB56 7XQ"));
    let records = [kept.clone(), rejected];
    let ids = Counting::new();
    let mut plan = plan_directory(records.iter(), &snapshot(), &ids);
    plan.plan_roles(records.iter(), &HashSet::new(), &ids);
    assert_eq!(plan.new_roles().len(), 2);

    let counted = plan.settle(std::iter::once(&kept), false);
    assert_eq!(
        (
            counted.unchanged.departments,
            counted.unchanged.practitioners,
            counted.unchanged.locations
        ),
        (1, 1, 1)
    );
    assert_eq!(
        counted.created.departments + counted.created.practitioners,
        0
    );
    assert_eq!(
        counted.remove,
        Removal::default(),
        "nothing is removed unless skipping"
    );

    let pruned = plan.settle(std::iter::once(&kept), true);
    assert_eq!(
        pruned.remove.departments.len(),
        1,
        "surgery, made for the rejected one"
    );
    assert_eq!(pruned.remove.practitioners.len(), 1);
    assert_eq!(pruned.remove.locations.len(), 1);
    // Of the two new roles, the kept appointment's stays.
    assert_eq!(pruned.remove.roles.len(), 1);
    assert!(
        !pruned.remove.departments.contains(&department(10)),
        "stored records stay"
    );
}

#[test]
fn the_created_entry_names_the_actor_and_the_status() {
    let at = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap();
    let entry = created_entry(at, &Actor::System, "attended".to_owned());
    assert_eq!(entry.actor, "system");
    assert_eq!(entry.to.as_deref(), Some("attended"));
    assert_eq!(entry.from, None);
    assert_eq!(entry.at, at);
}

#[test]
fn rejections_name_their_source_record_and_field() {
    let issue = rejection(
        Source::Appointments,
        7,
        "time",
        "already-booked-that-day",
        "x".into(),
    );
    assert_eq!(issue.source, Source::Appointments);
    assert_eq!(issue.index, 7);
    assert_eq!(issue.field.as_deref(), Some("time"));
}
