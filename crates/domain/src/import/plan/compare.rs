//! Whether an imported record says the same as the stored one, and if not,
//! which fields differ, for the `import-differs` message.

use crate::appointment::AppointmentView;
use crate::import::ImportedAppointment;
use crate::patient::Patient;

/// The first field that differs and a message naming every one, or
/// `None` when `differing` is empty.
fn differs(
    what: &str,
    differing: Vec<(&'static str, String, String)>,
) -> Option<(&'static str, String)> {
    let first = differing.first()?.0;
    let details: Vec<String> = differing
        .iter()
        .map(|(field, stored, imported)| format!("{field} (stored {stored}, file {imported})"))
        .collect();
    let message = format!(
        "the stored {what} with this key differs in: {}",
        details.join(", ")
    );
    Some((first, message))
}

/// Pushes `field` when the stored and imported values differ.
fn check<T: PartialEq + ToString>(
    out: &mut Vec<(&'static str, String, String)>,
    field: &'static str,
    stored: &T,
    imported: &T,
) {
    if stored != imported {
        out.push((field, stored.to_string(), imported.to_string()));
    }
}

/// How `imported` differs from the stored patient, if it does: the first
/// field that differs, and a message naming each with both values.
pub fn patient_differs(imported: &Patient, stored: &Patient) -> Option<(&'static str, String)> {
    let mut out = Vec::new();
    check(&mut out, "name", &stored.name, &imported.name);
    check(
        &mut out,
        "date_of_birth",
        &stored.date_of_birth,
        &imported.date_of_birth,
    );
    check(&mut out, "postcode", &stored.postcode, &imported.postcode);
    differs("patient", out)
}

/// How `imported` differs from the stored appointment, if it does. The
/// status compared is the STORED one, as the file holds it.
pub fn appointment_differs(
    imported: &ImportedAppointment,
    stored: &AppointmentView,
) -> Option<(&'static str, String)> {
    let a = &stored.appointment;
    let text = |value: Option<String>| value.unwrap_or_else(|| "none".to_owned());
    let mut out = Vec::new();
    // An erased patient's appointment keeps no patient.
    check(
        &mut out,
        "patient",
        &text(a.patient.as_ref().map(ToString::to_string)),
        &imported.patient.to_string(),
    );
    check(&mut out, "status", &a.stored_status, &imported.status);
    check(
        &mut out,
        "time",
        &a.start.to_rfc3339(),
        &imported.start.to_rfc3339(),
    );
    check(&mut out, "duration", &a.duration, &imported.duration);
    check(
        &mut out,
        "clinician",
        &stored.clinician,
        &imported.clinician,
    );
    check(
        &mut out,
        "department",
        &stored.department,
        &imported.department,
    );
    check(
        &mut out,
        "postcode",
        &text(stored.postcode.as_ref().map(ToString::to_string)),
        &text(imported.postcode.as_ref().map(ToString::to_string)),
    );
    differs("appointment", out)
}
