//! Writes PANDA's records back in the brief's format, so that importing an
//! export reproduces the data.

use chrono::SecondsFormat;
use panda_domain::appointment::AppointmentView;
use panda_domain::patient::Patient;
use serde::Serialize;

/// A patient as the brief writes it.
#[derive(Debug, Serialize)]
pub struct PatientRecord {
    nhs_number: String,
    name: String,
    date_of_birth: String,
    postcode: String,
}

impl From<&Patient> for PatientRecord {
    fn from(p: &Patient) -> Self {
        Self {
            nhs_number: p.nhs_number.to_string(),
            name: p.name.to_string(),
            date_of_birth: p.date_of_birth.to_string(),
            postcode: p.postcode.to_string(),
        }
    }
}

/// An appointment as the brief writes it, in the brief's field order. The
/// status is the STORED one, so a re-import derives the same effective
/// status; `postcode` is omitted when the appointment has no location.
#[derive(Debug, Serialize)]
pub struct AppointmentRecord {
    patient: String,
    status: &'static str,
    time: String,
    duration: String,
    clinician: String,
    department: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    postcode: Option<String>,
    id: String,
}

impl AppointmentRecord {
    /// The record of `view`, or `None` for an appointment whose patient was
    /// erased (the format cannot hold it; docs/adr/0005).
    pub fn from_view(view: &AppointmentView) -> Option<Self> {
        let a = &view.appointment;
        Some(Self {
            patient: a.patient.as_ref()?.to_string(),
            status: a.stored_status.as_str(),
            time: a.start.to_rfc3339_opts(SecondsFormat::Secs, false),
            duration: a.duration.to_string(),
            clinician: view.clinician.to_string(),
            department: view.department.to_string(),
            postcode: view.postcode.as_ref().map(ToString::to_string),
            id: a.id.to_string(),
        })
    }
}
