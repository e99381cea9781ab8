//! Importing historical records: the brief's examples, idempotent
//! re-runs, records that differ, and find-or-create of the directory.
//! (The rules against stored records and the modes: `import_rules`.)

use crate::brief::{batch, example_batch, imported, imported_patient};
use crate::fixtures::{at, clinic, location, nhs};
use chrono::{DateTime, TimeZone, Utc};
use panda_adapters_db::Database;
use panda_domain::Actor;
use panda_domain::PageRequest;
use panda_domain::RepositoryError;
use panda_domain::appointment::{
    AppointmentRepository, AppointmentStatus, AppointmentView, ChangedField, HistoryEntry,
};
use panda_domain::common::ids::AppointmentId;
use panda_domain::common::text::PersonName;
use panda_domain::directory::{LocationRepository, PractitionerRepository};
use panda_domain::import::{
    ImportBatch, ImportCounts, ImportMode, ImportOutcome, ImportRepository, Source,
};
use panda_domain::import::{Indexed, NoProgress};
use panda_domain::patient::PatientRepository;

contract!(
    every_record_of_the_brief_s_example_files_imports_with_nothing_rejected,
    imported_appointments_keep_their_id_status_and_past_start_with_a_created_entry,
    a_second_import_of_the_same_files_creates_nothing_and_finds_everything_unchanged,
    a_record_that_differs_from_the_stored_one_is_rejected_as_import_differs,
    stored_departments_practitioners_and_locations_are_reused,
    an_appointment_without_a_postcode_gets_no_location_and_no_role,
    two_imports_of_the_same_files_at_once_create_each_record_once,
);

/// Two operators importing the same files at the same moment: clinicians
/// and locations are found by name and postcode, which no index can hold
/// (namesakes exist), so imports must not interleave.
fn two_imports_of_the_same_files_at_once_create_each_record_once(db: &Database) {
    let examples = example_batch();
    let barrier = std::sync::Barrier::new(2);
    let outcomes: Vec<ImportOutcome> = std::thread::scope(|s| {
        let runs: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    db.import(
                        &examples,
                        ImportMode::AllOrNothing,
                        now(),
                        &Actor::System,
                        &NoProgress,
                    )
                    .unwrap()
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    for outcome in &outcomes {
        assert_eq!(outcome.rejected, vec![]);
        assert!(outcome.committed);
    }
    let created =
        |count: fn(&ImportCounts) -> u64| outcomes.iter().map(|o| count(&o.created)).sum::<u64>();
    assert_eq!(created(|c| c.practitioners), EXAMPLE_COUNTS.practitioners);
    assert_eq!(created(|c| c.locations), EXAMPLE_COUNTS.locations);
    assert_eq!(created(|c| c.appointments), EXAMPLE_COUNTS.appointments);
    let practitioners = PractitionerRepository::list(db, None, PageRequest::default()).unwrap();
    assert_eq!(practitioners.total, EXAMPLE_COUNTS.practitioners);
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap()
}

/// The stored appointment `id`, with its names.
pub fn view(db: &Database, id: AppointmentId) -> Result<Option<AppointmentView>, RepositoryError> {
    AppointmentRepository::get(db, id)
}

pub fn import(db: &Database, batch: &ImportBatch, mode: ImportMode) -> ImportOutcome {
    db.import(batch, mode, now(), &Actor::System, &NoProgress)
        .unwrap()
}

/// (file, index, field, code) of every rejection.
pub fn rejections(outcome: &ImportOutcome) -> Vec<(Source, usize, Option<&str>, &str)> {
    let mut found: Vec<_> = outcome
        .rejected
        .iter()
        .map(|i| (i.source, i.index, i.field.as_deref(), i.code))
        .collect();
    found.sort();
    found
}

const EXAMPLE_COUNTS: ImportCounts = ImportCounts {
    patients: 100,
    appointments: 100,
    practitioners: 10,
    departments: 4,
    locations: 10,
};

fn every_record_of_the_brief_s_example_files_imports_with_nothing_rejected(db: &Database) {
    let examples = example_batch();
    let outcome = import(db, &examples, ImportMode::AllOrNothing);
    assert_eq!(outcome.rejected, vec![]);
    assert!(outcome.committed);
    assert_eq!(outcome.created, EXAMPLE_COUNTS);
    assert_eq!(outcome.unchanged, ImportCounts::default());
    for p in &examples.patients {
        let stored = PatientRepository::get(db, &p.record.nhs_number)
            .unwrap()
            .unwrap();
        assert_eq!(stored, p.record);
    }
    for a in &examples.appointments {
        let (record, view) = (&a.record, view(db, a.record.id).unwrap().unwrap());
        assert_eq!(view.clinician, record.clinician);
        assert_eq!(view.department, record.department);
        assert_eq!(view.postcode, record.postcode);
        assert_eq!(view.appointment.patient.as_ref(), Some(&record.patient));
        assert_eq!(view.appointment.start, record.start);
        assert_eq!(view.appointment.duration, record.duration);
        assert_eq!(view.appointment.stored_status, record.status);
        assert_eq!(view.appointment.organisation_id, None);
        let roles = db.roles(view.appointment.practitioner_id).unwrap();
        assert!(
            roles
                .iter()
                .any(|r| r.location_id == view.appointment.location_id.unwrap()
                    && r.department_id == view.appointment.department_id
                    && r.organisation_id.is_none())
        );
    }
    let locations = LocationRepository::list(db, PageRequest::default()).unwrap();
    assert!(
        locations
            .items
            .iter()
            .all(|l| l.name.as_ref() == l.postcode.as_ref())
    );
}

fn imported_appointments_keep_their_id_status_and_past_start_with_a_created_entry(db: &Database) {
    let examples = example_batch();
    import(db, &examples, ImportMode::AllOrNothing);
    for a in examples.appointments.iter().take(10) {
        let history = db.history(a.record.id).unwrap();
        let created = HistoryEntry {
            at: now(),
            actor: "system".to_owned(),
            field: ChangedField::Created,
            from: None,
            to: Some(a.record.status.to_string()),
        };
        assert_eq!(history, vec![created]);
    }
}

fn a_second_import_of_the_same_files_creates_nothing_and_finds_everything_unchanged(db: &Database) {
    let examples = example_batch();
    import(db, &examples, ImportMode::AllOrNothing);
    let again = import(db, &examples, ImportMode::AllOrNothing);
    assert_eq!(again.rejected, vec![]);
    assert!(again.committed);
    assert_eq!(again.created, ImportCounts::default());
    assert_eq!(again.unchanged, EXAMPLE_COUNTS);
    let first = &examples.appointments[0].record;
    assert_eq!(db.history(first.id).unwrap().len(), 1);
    let locations = LocationRepository::list(db, PageRequest::default()).unwrap();
    assert_eq!(locations.total, 10);
}

fn a_record_that_differs_from_the_stored_one_is_rejected_as_import_differs(db: &Database) {
    let examples = example_batch();
    import(db, &examples, ImportMode::AllOrNothing);
    let mut changed = examples.clone();
    changed.patients[3].record.name = PersonName::parse("Someone Else").unwrap();
    changed.appointments[5].record.status = match changed.appointments[5].record.status {
        AppointmentStatus::Cancelled => AppointmentStatus::Attended,
        _ => AppointmentStatus::Cancelled,
    };
    changed.patients.push(Indexed {
        index: 100,
        record: imported_patient(nhs(900), "New Patient"),
    });
    let outcome = import(db, &changed, ImportMode::AllOrNothing);
    assert_eq!(
        rejections(&outcome),
        vec![
            (Source::Patients, 3, Some("name"), "import-differs"),
            (Source::Appointments, 5, Some("status"), "import-differs"),
        ]
    );
    assert!(outcome.rejected[0].message.contains("Someone Else"));
    assert!(!outcome.committed);
    assert_eq!(PatientRepository::get(db, &nhs(900)).unwrap(), None);
    let kept = view(db, examples.appointments[5].record.id)
        .unwrap()
        .unwrap();
    assert_eq!(
        kept.appointment.stored_status,
        examples.appointments[5].record.status
    );
}

fn stored_departments_practitioners_and_locations_are_reused(db: &Database) {
    let c = clinic(db);
    let site = location(db, "Whittington", "UB56 7XQ");
    let record = imported(
        &c.patient.nhs_number,
        "Dr Glenn Clark",
        "oncology",
        at(3, 5, 9, 0),
        30,
    );
    let outcome = import(
        db,
        &batch(vec![], vec![record.clone()]),
        ImportMode::AllOrNothing,
    );
    assert_eq!(outcome.rejected, vec![]);
    let counts = |appointments, one| ImportCounts {
        patients: 0,
        appointments,
        practitioners: one,
        departments: one,
        locations: one,
    };
    assert_eq!(
        (outcome.created, outcome.unchanged),
        (counts(1, 0), counts(0, 1))
    );
    let view = view(db, record.id).unwrap().unwrap();
    assert_eq!(view.appointment.practitioner_id, c.practitioner.id);
    assert_eq!(view.appointment.department_id, c.department.id);
    assert_eq!(view.appointment.location_id, Some(site.id));
    let roles = db.roles(c.practitioner.id).unwrap();
    assert_eq!(roles.len(), 1);
    assert_eq!(
        (roles[0].location_id, roles[0].organisation_id),
        (site.id, None)
    );
}

fn an_appointment_without_a_postcode_gets_no_location_and_no_role(db: &Database) {
    let c = clinic(db);
    let mut record = imported(
        &c.patient.nhs_number,
        "Dr Glenn Clark",
        "oncology",
        at(3, 5, 9, 0),
        30,
    );
    record.postcode = None;
    let outcome = import(
        db,
        &batch(vec![], vec![record.clone()]),
        ImportMode::AllOrNothing,
    );
    assert_eq!((outcome.rejected.len(), outcome.created.locations), (0, 0));
    let view = view(db, record.id).unwrap().unwrap();
    assert_eq!((view.appointment.location_id, view.postcode), (None, None));
    assert!(db.roles(c.practitioner.id).unwrap().is_empty());
}
