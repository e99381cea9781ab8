//! Historical records as an import brings them, and what it says back.

use crate::appointment::{AppointmentDuration, AppointmentStatus};
use crate::common::ids::AppointmentId;
use crate::common::postcode::Postcode;
use crate::common::text::{Label, PersonName};
use crate::patient::{NhsNumber, Patient};
use chrono::{DateTime, Utc};

/// An appointment from the brief's format: it names its clinician,
/// department and location (by postcode) rather than pointing at records,
/// and keeps its own id and stored status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedAppointment {
    /// The appointment's own id, kept.
    pub id: AppointmentId,
    /// The patient.
    pub patient: NhsNumber,
    /// The clinician's name; with the department it identifies the practitioner.
    pub clinician: PersonName,
    /// The department's name.
    pub department: Label,
    /// The location's postcode, which identifies the location; `None` for
    /// an appointment with no location (booked through the API without one).
    pub postcode: Option<Postcode>,
    /// The start, in UTC.
    pub start: DateTime<Utc>,
    /// The duration.
    pub duration: AppointmentDuration,
    /// The status as recorded (a past `active` reads back as `missed`).
    pub status: AppointmentStatus,
}

/// A record with its position in its file (from 0), so that every issue
/// can point at the record even when records before it failed to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indexed<T> {
    /// The position in the file.
    pub index: usize,
    /// The record.
    pub record: T,
}

/// Everything one import brings that parsed, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportBatch {
    /// Patients.
    pub patients: Vec<Indexed<Patient>>,
    /// Appointments.
    pub appointments: Vec<Indexed<ImportedAppointment>>,
}

/// Which file a record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// The patients file.
    Patients,
    /// The appointments file.
    Appointments,
}

impl Source {
    /// The lower-case name used in reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            Source::Patients => "patients",
            Source::Appointments => "appointments",
        }
    }
}

/// One bad record: which file, which position, which field, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportIssue {
    /// The file.
    pub source: Source,
    /// The record's position in its file, from 0.
    pub index: usize,
    /// The field at fault, when one is.
    pub field: Option<String>,
    /// A stable code, as for API problems.
    pub code: &'static str,
    /// An English explanation.
    pub message: String,
}

/// How many records of each kind an import created or found already there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Patients.
    pub patients: u64,
    /// Appointments.
    pub appointments: u64,
    /// Practitioners (clinicians).
    pub practitioners: u64,
    /// Departments.
    pub departments: u64,
    /// Locations.
    pub locations: u64,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Records written by this run.
    pub created: ImportCounts,
    /// Records that were already there, identical (a re-run finds everything here).
    pub unchanged: ImportCounts,
    /// Records refused; in all-or-nothing mode, any entry here means nothing was written.
    pub rejected: Vec<ImportIssue>,
    /// Whether the run's writes were committed.
    pub committed: bool,
}

/// The audit fields of an import's counts, in [`ImportCounts`]' order.
const CREATED_FIELDS: [&str; 5] = [
    "created.patients",
    "created.appointments",
    "created.practitioners",
    "created.departments",
    "created.locations",
];
const UNCHANGED_FIELDS: [&str; 5] = [
    "unchanged.patients",
    "unchanged.appointments",
    "unchanged.practitioners",
    "unchanged.departments",
    "unchanged.locations",
];

impl ImportOutcome {
    /// How many records were refused: records, not field errors, since one
    /// record may fail several checks.
    pub fn rejected_records(&self) -> usize {
        self.rejected
            .iter()
            .map(|i| (i.source, i.index))
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    }

    /// The audit record of a committed import: one per run, with what it
    /// created, found unchanged and rejected, counted per kind of record.
    /// The import's records themselves are not listed: an import of a
    /// million appointments is one entry, not a million.
    pub fn audit_record(
        &self,
        at: chrono::DateTime<chrono::Utc>,
        actor: &crate::Actor,
        id: impl std::fmt::Display,
    ) -> crate::audit::AuditRecord {
        use crate::audit::{AuditAction, AuditRecord, AuditValue, Change, Entity};
        let counts = |c: &ImportCounts| {
            [
                c.patients,
                c.appointments,
                c.practitioners,
                c.departments,
                c.locations,
            ]
        };
        let mut changes = Vec::new();
        for (fields, counted) in [
            (CREATED_FIELDS, counts(&self.created)),
            (UNCHANGED_FIELDS, counts(&self.unchanged)),
        ] {
            for (field, n) in fields.into_iter().zip(counted) {
                changes.push(Change::set(field, AuditValue::plain(n)));
            }
        }
        let rejected = self.rejected_records();
        changes.push(Change::set("rejected", AuditValue::plain(rejected)));
        AuditRecord::new(at, actor, AuditAction::Import, Entity::Import)
            .id(id)
            .changes(changes)
    }
}

/// What to do when some records are bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Write nothing if any record is bad (the default).
    AllOrNothing,
    /// Write the good records, list the bad ones.
    SkipInvalid,
    /// Check every record, against the stored data too, and write nothing:
    /// how an all-or-nothing import whose batch already has issues still
    /// reports every bad record in one run.
    Check,
}
