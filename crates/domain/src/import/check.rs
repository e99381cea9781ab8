//! The rules a batch must keep within itself, checked before anything is
//! written: keys are unique, every appointment is on the grid with an
//! allowed duration, and the per-day and no-overlap rules hold among the
//! batch's own non-cancelled appointments. (Clashes with records already
//! stored are the repository's to find, where the database holds them.)

use crate::appointment::SchedulingPolicy;
use crate::appointment::policy::{occupied_slots, utc_day};
use crate::common::error::Problem;
use crate::common::repository::{Conflict, conflict_code};
use crate::import::model::{ImportBatch, ImportIssue, Source};
use std::collections::{HashMap, HashSet};

fn issue(
    source: Source,
    index: usize,
    field: &str,
    code: &'static str,
    message: impl Into<String>,
) -> ImportIssue {
    ImportIssue {
        source,
        index,
        field: Some(field.to_owned()),
        code,
        message: message.into(),
    }
}

/// Every issue the batch has on its own, ordered by file and position.
/// A later record that clashes with an earlier one is the one reported.
pub fn check_batch(batch: &ImportBatch, policy: &SchedulingPolicy) -> Vec<ImportIssue> {
    let mut issues = Vec::new();
    let mut nhs_numbers = HashSet::new();
    for p in &batch.patients {
        if !nhs_numbers.insert(&p.record.nhs_number) {
            let msg = "this NHS number appears earlier in the file";
            issues.push(issue(
                Source::Patients,
                p.index,
                "nhs_number",
                "duplicate",
                msg,
            ));
        }
    }
    let mut ids = HashSet::new();
    let mut days = HashMap::new();
    let mut slots = HashMap::new();
    for a in &batch.appointments {
        let (i, r) = (a.index, &a.record);
        if !ids.insert(r.id) {
            issues.push(issue(
                Source::Appointments,
                i,
                "id",
                "duplicate",
                "this id appears earlier in the file",
            ));
            continue;
        }
        if let Err(e) = policy.check_grid(r.start) {
            issues.push(issue(
                Source::Appointments,
                i,
                "time",
                e.code(),
                e.to_string(),
            ));
            continue;
        }
        if let Err(e) = policy.check_duration(r.duration) {
            issues.push(issue(
                Source::Appointments,
                i,
                "duration",
                e.code(),
                e.to_string(),
            ));
            continue;
        }
        if !r.status.holds_slot() {
            continue;
        }
        if let Some(first) = days.insert((&r.patient, utc_day(r.start)), i) {
            days.insert((&r.patient, utc_day(r.start)), first);
            let msg =
                format!("the patient already has an appointment that UTC day (record {first})");
            let code = conflict_code(Conflict::PatientAlreadyBookedThatDay);
            issues.push(issue(Source::Appointments, i, "time", code, msg));
            continue;
        }
        let clash = occupied_slots(r.start, r.duration)
            .find_map(|slot| slots.get(&(&r.clinician, &r.department, slot)).copied());
        if let Some(first) = clash {
            days.remove(&(&r.patient, utc_day(r.start)));
            let msg =
                format!("the clinician already has an overlapping appointment (record {first})");
            let code = conflict_code(Conflict::PractitionerUnavailable);
            issues.push(issue(Source::Appointments, i, "time", code, msg));
            continue;
        }
        for slot in occupied_slots(r.start, r.duration) {
            slots.insert((&r.clinician, &r.department, slot), i);
        }
    }
    issues.sort_by_key(|i| (i.source, i.index));
    issues
}
