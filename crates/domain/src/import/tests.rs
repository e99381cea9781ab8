//! The batch checks and the import use case against a mocked port.

use super::*;
use crate::appointment::{AppointmentDuration, AppointmentStatus, SchedulingPolicy};
use crate::common::ids::AppointmentId;
use crate::common::ports::{Actor, MockClock};
use crate::common::postcode::Postcode;
use crate::common::text::{Label, PersonName};
use crate::import::ports::{MockImportRepository, NoProgress};
use crate::patient::{DateOfBirth, NhsNumber, Patient};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use std::sync::Arc;
use uuid::Uuid;

fn patient(nhs: &str) -> Patient {
    Patient {
        nhs_number: NhsNumber::parse(nhs).unwrap(),
        name: PersonName::parse("आरव डार").unwrap(),
        date_of_birth: DateOfBirth::from_trusted(NaiveDate::from_ymd_opt(1980, 5, 1).unwrap()),
        postcode: Postcode::parse("N6 2FA").unwrap(),
        version: 1,
    }
}

fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2020, 3, d, h, m, 0).unwrap()
}

fn appt(
    n: u128,
    nhs: &str,
    clinician: &str,
    start: DateTime<Utc>,
    minutes: u32,
    status: AppointmentStatus,
) -> ImportedAppointment {
    ImportedAppointment {
        id: AppointmentId::from_uuid(Uuid::from_u128(n)),
        patient: NhsNumber::parse(nhs).unwrap(),
        clinician: PersonName::parse(clinician).unwrap(),
        department: Label::parse("oncology").unwrap(),
        postcode: Some(Postcode::parse("UB56 7XQ").unwrap()),
        start,
        duration: AppointmentDuration::from_minutes(minutes).unwrap(),
        status,
    }
}

fn batch(patients: Vec<Patient>, appointments: Vec<ImportedAppointment>) -> ImportBatch {
    ImportBatch {
        patients: patients
            .into_iter()
            .enumerate()
            .map(|(index, record)| Indexed { index, record })
            .collect(),
        appointments: appointments
            .into_iter()
            .enumerate()
            .map(|(index, record)| Indexed { index, record })
            .collect(),
    }
}

const A: &str = "9434765919";
const B: &str = "4010232137";
use AppointmentStatus::{Attended, Cancelled, Missed};

fn codes(issues: &[ImportIssue]) -> Vec<(Source, usize, &'static str)> {
    issues.iter().map(|i| (i.source, i.index, i.code)).collect()
}

#[test]
fn a_clean_batch_with_past_starts_has_no_issues() {
    let b = batch(
        vec![patient(A), patient(B)],
        vec![
            appt(1, A, "X", at(1, 9, 0), 90, Attended),
            appt(2, B, "X", at(1, 10, 30), 30, Missed),
        ],
    );
    assert!(check_batch(&b, &SchedulingPolicy::default()).is_empty());
}

#[test]
fn duplicate_keys_are_reported_at_the_later_record() {
    let b = batch(
        vec![patient(A), patient(A)],
        vec![
            appt(1, A, "X", at(1, 9, 0), 30, Attended),
            appt(1, A, "Y", at(2, 9, 0), 30, Attended),
        ],
    );
    let issues = check_batch(&b, &SchedulingPolicy::default());
    assert_eq!(
        codes(&issues),
        vec![
            (Source::Patients, 1, "duplicate"),
            (Source::Appointments, 1, "duplicate")
        ]
    );
    assert_eq!(issues[1].field.as_deref(), Some("id"));
}

#[test]
fn off_grid_starts_and_disallowed_durations_are_reported_with_their_field() {
    let b = batch(
        vec![patient(A)],
        vec![
            appt(1, A, "X", at(1, 9, 15), 30, Attended),
            appt(2, A, "X", at(2, 9, 0), 20, Attended),
        ],
    );
    let issues = check_batch(&b, &SchedulingPolicy::default());
    assert_eq!(
        codes(&issues),
        vec![
            (Source::Appointments, 0, "start-not-on-grid"),
            (Source::Appointments, 1, "duration-not-allowed")
        ]
    );
    assert_eq!(issues[1].field.as_deref(), Some("duration"));
}

#[test]
fn two_appointments_of_a_patient_on_one_utc_day_clash_unless_one_is_cancelled() {
    let b = batch(
        vec![patient(A)],
        vec![
            appt(1, A, "X", at(1, 9, 0), 30, Attended),
            appt(2, A, "Y", at(1, 23, 30), 30, Missed),
            appt(3, A, "Y", at(1, 12, 0), 30, Cancelled),
            appt(4, A, "Y", at(2, 0, 0), 30, Missed),
        ],
    );
    let issues = check_batch(&b, &SchedulingPolicy::default());
    assert_eq!(
        codes(&issues),
        vec![(Source::Appointments, 1, "already-booked-that-day")]
    );
}

#[test]
fn overlapping_appointments_of_one_clinician_clash_but_back_to_back_ones_do_not() {
    let b = batch(
        vec![patient(A), patient(B)],
        vec![
            appt(1, A, "X", at(1, 9, 0), 60, Attended),
            appt(2, B, "X", at(1, 9, 30), 30, Attended),
            appt(3, B, "X", at(2, 10, 0), 30, Attended),
            appt(4, A, "X", at(2, 10, 30), 30, Attended),
        ],
    );
    let issues = check_batch(&b, &SchedulingPolicy::default());
    assert_eq!(
        codes(&issues),
        vec![(Source::Appointments, 1, "practitioner-unavailable")]
    );
}

#[test]
fn a_rejected_overlap_does_not_block_its_patient_s_day() {
    let b = batch(
        vec![patient(A), patient(B)],
        vec![
            appt(1, A, "X", at(1, 9, 0), 60, Attended),
            appt(2, B, "X", at(1, 9, 30), 30, Attended),
            appt(3, B, "Y", at(1, 14, 0), 30, Attended),
        ],
    );
    let issues = check_batch(&b, &SchedulingPolicy::default());
    assert_eq!(
        codes(&issues),
        vec![(Source::Appointments, 1, "practitioner-unavailable")]
    );
}

fn service(repo: MockImportRepository) -> ImportService {
    let mut clock = MockClock::new();
    clock
        .expect_now()
        .returning(|| Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap());
    ImportService {
        imports: Arc::new(repo),
        clock: Arc::new(clock),
        policy: SchedulingPolicy::default(),
    }
}

#[test]
fn in_all_or_nothing_mode_any_issue_means_nothing_is_written_but_the_rest_are_still_checked() {
    let mut repo = MockImportRepository::new();
    repo.expect_import()
        .times(1)
        .withf(|b, mode, _, _, _| {
            *mode == ImportMode::Check
                && b.appointments.iter().map(|a| a.index).collect::<Vec<_>>() == [1]
        })
        .returning(|_, _, _, _, _| {
            let rejected = vec![ImportIssue {
                source: Source::Appointments,
                index: 1,
                field: Some("time".to_owned()),
                code: "practitioner-unavailable",
                message: "taken".to_owned(),
            }];
            Ok(ImportOutcome {
                rejected,
                committed: false,
                ..ImportOutcome::default()
            })
        });
    let b = batch(
        vec![patient(A)],
        vec![
            appt(1, A, "X", at(1, 9, 15), 30, Attended),
            appt(2, A, "X", at(2, 9, 0), 30, Attended),
        ],
    );
    let outcome = service(repo)
        .import(
            b,
            vec![],
            ImportMode::AllOrNothing,
            &Actor::System,
            &NoProgress,
        )
        .unwrap();
    assert!(!outcome.committed);
    assert_eq!(outcome.created, ImportCounts::default());
    assert_eq!(
        codes(&outcome.rejected),
        vec![
            (Source::Appointments, 0, "start-not-on-grid"),
            (Source::Appointments, 1, "practitioner-unavailable"),
        ]
    );
}

#[test]
fn in_skip_mode_bad_records_are_left_out_and_the_store_s_rejections_are_merged_in_order() {
    let mut repo = MockImportRepository::new();
    repo.expect_import()
        .withf(|b, mode, _, actor, _| {
            *mode == ImportMode::SkipInvalid
                && *actor == Actor::System
                && b.patients.iter().map(|p| p.index).collect::<Vec<_>>() == [0]
                && b.appointments.iter().map(|a| a.index).collect::<Vec<_>>() == [0, 2]
        })
        .returning(|_, _, _, _, _| {
            let rejected = vec![ImportIssue {
                source: Source::Appointments,
                index: 2,
                field: Some("patient".to_owned()),
                code: "patient-not-found",
                message: "no such patient".to_owned(),
            }];
            Ok(ImportOutcome {
                committed: true,
                rejected,
                ..ImportOutcome::default()
            })
        });
    // Patient B (file index 1) failed to parse at the edge, so it is not in the batch.
    let mut b = batch(
        vec![patient(A)],
        vec![
            appt(1, A, "X", at(1, 9, 0), 30, Attended),
            appt(2, A, "X", at(2, 9, 15), 30, Attended),
            appt(3, B, "X", at(3, 9, 0), 30, Attended),
        ],
    );
    b.patients[0].index = 0;
    let parse_issue = ImportIssue {
        source: Source::Patients,
        index: 1,
        field: Some("nhs_number".to_owned()),
        code: "nhs-number-checksum",
        message: "bad".to_owned(),
    };
    let outcome = service(repo)
        .import(
            b,
            vec![parse_issue],
            ImportMode::SkipInvalid,
            &Actor::System,
            &NoProgress,
        )
        .unwrap();
    assert!(outcome.committed);
    assert_eq!(
        codes(&outcome.rejected),
        vec![
            (Source::Patients, 1, "nhs-number-checksum"),
            (Source::Appointments, 1, "start-not-on-grid"),
            (Source::Appointments, 2, "patient-not-found"),
        ]
    );
}

#[test]
fn an_import_is_one_audit_record_counting_rejected_records_not_field_errors() {
    use crate::audit::{AuditAction, AuditValue, Entity};
    use crate::import::{ImportCounts, ImportIssue, ImportOutcome, Source};
    let issue = |index, field: &str| ImportIssue {
        source: Source::Patients,
        index,
        field: Some(field.to_owned()),
        code: "postcode-format",
        message: String::new(),
    };
    let outcome = ImportOutcome {
        created: ImportCounts {
            patients: 98,
            appointments: 100,
            ..ImportCounts::default()
        },
        unchanged: ImportCounts::default(),
        // Two bad records, one of them with two bad fields.
        rejected: vec![issue(3, "postcode"), issue(3, "name"), issue(7, "postcode")],
        committed: true,
    };
    let record = outcome.audit_record(chrono::DateTime::UNIX_EPOCH, &Actor::System, "run-1");
    assert_eq!(record.action, AuditAction::Import);
    assert_eq!(record.entity, Entity::Import);
    assert_eq!(record.entity_id.as_deref(), Some("run-1"));
    let value = |field: &str| {
        record
            .changes
            .iter()
            .find(|c| c.field == field)
            .and_then(|c| c.new.clone())
    };
    assert_eq!(value("created.patients"), Some(AuditValue::plain(98)));
    assert_eq!(value("created.appointments"), Some(AuditValue::plain(100)));
    assert_eq!(value("rejected"), Some(AuditValue::plain(2)));
    assert_eq!(outcome.rejected_records(), 2);
    assert_eq!(outcome.rejected.len(), 3);
}
