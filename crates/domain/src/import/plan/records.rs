//! Patients and appointments: created, unchanged, differing, or naming a
//! patient no one knows.

use super::compare::{appointment_differs, patient_differs};
use crate::appointment::{AppointmentView, ChangedField, HistoryEntry};
use crate::common::ids::AppointmentId;
use crate::common::ports::Actor;
use crate::import::{ImportBatch, ImportIssue, ImportedAppointment, Indexed, Source};
use crate::patient::{NhsNumber, Patient};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

/// The rejection of the record at `index` of `source`, about `field`.
pub fn rejection(
    source: Source,
    index: usize,
    field: &str,
    code: &'static str,
    message: String,
) -> ImportIssue {
    ImportIssue {
        source,
        index,
        field: Some(field.to_owned()),
        code,
        message,
    }
}

/// Every NHS number the batch names (its patients' and its appointments'),
/// once each: the stored patients to read.
pub fn patient_keys(batch: &ImportBatch) -> Vec<NhsNumber> {
    let keys: HashSet<&NhsNumber> = batch
        .patients
        .iter()
        .map(|p| &p.record.nhs_number)
        .chain(batch.appointments.iter().map(|a| &a.record.patient))
        .collect();
    keys.into_iter().cloned().collect()
}

/// What happens to the batch's patients.
#[derive(Debug, Default)]
pub struct PatientPlan<'a> {
    /// The patients to create: the first of each NHS number not stored.
    pub new: Vec<&'a Patient>,
    /// How many stored patients the file repeats exactly.
    pub unchanged: u64,
    /// Patients the file says otherwise than the store (`import-differs`).
    pub rejected: Vec<ImportIssue>,
    /// Every NHS number an appointment may name: stored or created.
    pub known: HashSet<NhsNumber>,
}

/// Plans the batch's patients against `stored` (those [`patient_keys`]
/// found). A patient repeated within the file is created once, from its
/// first record.
pub fn plan_patients<'a>(
    batch: &'a ImportBatch,
    stored: &HashMap<NhsNumber, Patient>,
) -> PatientPlan<'a> {
    let mut plan = PatientPlan {
        known: stored.keys().cloned().collect(),
        ..PatientPlan::default()
    };
    for p in &batch.patients {
        let record = &p.record;
        match stored.get(&record.nhs_number) {
            None if plan.known.insert(record.nhs_number.clone()) => plan.new.push(record),
            // A repeat within the batch: the first one is written.
            None => {}
            Some(existing) => match patient_differs(record, existing) {
                None => plan.unchanged += 1,
                Some((field, message)) => plan.rejected.push(rejection(
                    Source::Patients,
                    p.index,
                    field,
                    "import-differs",
                    message,
                )),
            },
        }
    }
    plan
}

/// What happens to the batch's appointments before the diary rules are
/// judged (by the database, when the new ones are written).
#[derive(Debug, Default)]
pub struct AppointmentPlan<'a> {
    /// Stored already, exactly as the file has them.
    pub unchanged: Vec<&'a Indexed<ImportedAppointment>>,
    /// Not stored: to be created.
    pub fresh: Vec<&'a Indexed<ImportedAppointment>>,
    /// Stored otherwise (`import-differs`), or naming an unknown patient
    /// (`patient-not-found`).
    pub rejected: Vec<ImportIssue>,
}

impl AppointmentPlan<'_> {
    /// The records the directory must place: the unchanged and the fresh.
    pub fn named(&self) -> impl Iterator<Item = &ImportedAppointment> + Clone {
        self.unchanged.iter().chain(&self.fresh).map(|a| &a.record)
    }
}

/// Plans the batch's appointments against `stored` (by id) and the
/// patients `known` after [`plan_patients`].
pub fn plan_appointments<'a>(
    batch: &'a ImportBatch,
    stored: &HashMap<AppointmentId, AppointmentView>,
    known: &HashSet<NhsNumber>,
) -> AppointmentPlan<'a> {
    let mut plan = AppointmentPlan::default();
    for a in &batch.appointments {
        let (index, record) = (a.index, &a.record);
        if let Some(view) = stored.get(&record.id) {
            match appointment_differs(record, view) {
                None => plan.unchanged.push(a),
                Some((field, message)) => plan.rejected.push(rejection(
                    Source::Appointments,
                    index,
                    field,
                    "import-differs",
                    message,
                )),
            }
        } else if known.contains(&record.patient) {
            plan.fresh.push(a);
        } else {
            let message = format!(
                "patient {} is neither in the patients file nor stored",
                record.patient
            );
            plan.rejected.push(rejection(
                Source::Appointments,
                index,
                "patient",
                "patient-not-found",
                message,
            ));
        }
    }
    plan
}

/// The `created` history entry of an imported appointment with `status`.
pub fn created_entry(now: DateTime<Utc>, actor: &Actor, status: String) -> HistoryEntry {
    HistoryEntry {
        at: now,
        actor: actor.as_text(),
        field: ChangedField::Created,
        from: None,
        to: Some(status),
    }
}
