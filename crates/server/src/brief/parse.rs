//! Reads the brief's files into an import batch, record by record, so that
//! one bad record is reported (file, index, field, why) and never hides the
//! others.

use chrono::NaiveDate;
use panda_domain::Problem;
use panda_domain::appointment::{AppointmentDuration, AppointmentStatus};
use panda_domain::common::ids::AppointmentId;
use panda_domain::common::instant::parse_instant;
use panda_domain::common::postcode::Postcode;
use panda_domain::common::text::{Label, PersonName};
use panda_domain::import::{ImportBatch, ImportIssue, ImportedAppointment, Indexed, Source};
use panda_domain::patient::{DateOfBirth, NhsNumber, Patient};
use serde_json::{Map, Value};

/// A file that cannot be read as a list of records at all.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Not JSON.
    #[error("{source_name} file is not valid JSON: {error}")]
    NotJson {
        /// Which file.
        source_name: &'static str,
        /// The parser's complaint, with line and column.
        error: serde_json::Error,
    },
    /// JSON, but not an array of records.
    #[error("{source_name} file must hold a JSON array of records")]
    NotAnArray {
        /// Which file.
        source_name: &'static str,
    },
}

/// Collects one record's field errors while it is being read.
struct Record<'a> {
    source: Source,
    index: usize,
    fields: &'a Map<String, Value>,
    issues: &'a mut Vec<ImportIssue>,
}

impl Record<'_> {
    fn issue(&mut self, field: &str, code: &'static str, message: String) {
        let (source, index) = (self.source, self.index);
        self.issues.push(ImportIssue {
            source,
            index,
            field: Some(field.to_owned()),
            code,
            message,
        });
    }

    /// The field parsed by `parse`, or `None` with an issue recorded.
    fn field<T, E: Problem>(
        &mut self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        match self.fields.get(name) {
            None | Some(Value::Null) => {
                self.issue(
                    name,
                    "field-missing",
                    format!("the field `{name}` is missing"),
                );
                None
            }
            Some(Value::String(text)) => match parse(text) {
                Ok(value) => Some(value),
                Err(e) => {
                    self.issue(name, e.code(), e.to_string());
                    None
                }
            },
            Some(_) => {
                self.issue(
                    name,
                    "field-not-string",
                    format!("the field `{name}` must be a string"),
                );
                None
            }
        }
    }

    /// Like [`Record::field`], but a missing or null field is `Some(None)`.
    fn optional<T, E: Problem>(
        &mut self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        match self.fields.get(name) {
            None | Some(Value::Null) => Some(None),
            Some(_) => self.field(name, parse).map(Some),
        }
    }

    fn refuse_unknown(&mut self, known: &[&str]) {
        let unknown: Vec<String> = self
            .fields
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in unknown {
            self.issue(
                &key,
                "field-unknown",
                format!("`{key}` is not a field of this format"),
            );
        }
    }
}

fn records(text: &str, source: Source) -> Result<Vec<Value>, FileError> {
    let source_name = source.as_str();
    match serde_json::from_str(text) {
        Ok(Value::Array(items)) => Ok(items),
        Ok(_) => Err(FileError::NotAnArray { source_name }),
        Err(error) => Err(FileError::NotJson { source_name, error }),
    }
}

fn each_object(
    items: &[Value],
    source: Source,
    issues: &mut Vec<ImportIssue>,
    mut read: impl FnMut(&mut Record<'_>),
) {
    for (index, item) in items.iter().enumerate() {
        match item.as_object() {
            Some(fields) => read(&mut Record {
                source,
                index,
                fields,
                issues,
            }),
            None => issues.push(ImportIssue {
                source,
                index,
                field: None,
                code: "record-not-object",
                message: "each record must be a JSON object".to_owned(),
            }),
        }
    }
}

/// Reads the patients file into `batch`, recording every bad record in
/// `issues`. Dates of birth are checked against `today`.
pub fn read_patients(
    text: &str,
    today: NaiveDate,
    batch: &mut ImportBatch,
    issues: &mut Vec<ImportIssue>,
) -> Result<(), FileError> {
    let items = records(text, Source::Patients)?;
    each_object(&items, Source::Patients, issues, |r| {
        r.refuse_unknown(&["nhs_number", "name", "date_of_birth", "postcode"]);
        let before = r.issues.len();
        let nhs_number = r.field("nhs_number", NhsNumber::parse);
        let name = r.field("name", PersonName::parse);
        let date_of_birth = r.field("date_of_birth", |s| DateOfBirth::parse(s, today));
        let postcode = r.field("postcode", Postcode::parse);
        if let (Some(nhs_number), Some(name), Some(date_of_birth), Some(postcode), true) = (
            nhs_number,
            name,
            date_of_birth,
            postcode,
            r.issues.len() == before,
        ) {
            let record = Patient {
                nhs_number,
                name,
                date_of_birth,
                postcode,
                version: 1,
            };
            batch.patients.push(Indexed {
                index: r.index,
                record,
            });
        }
    });
    Ok(())
}

/// Reads the appointments file into `batch`, recording every bad record in
/// `issues`.
pub fn read_appointments(
    text: &str,
    batch: &mut ImportBatch,
    issues: &mut Vec<ImportIssue>,
) -> Result<(), FileError> {
    let items = records(text, Source::Appointments)?;
    each_object(&items, Source::Appointments, issues, |r| {
        r.refuse_unknown(&[
            "id",
            "patient",
            "status",
            "time",
            "duration",
            "clinician",
            "department",
            "postcode",
        ]);
        let before = r.issues.len();
        let id = r.field("id", AppointmentId::parse);
        let patient = r.field("patient", NhsNumber::parse);
        let status = r.field("status", AppointmentStatus::parse);
        let start = r.field("time", parse_instant);
        let duration = r.field("duration", AppointmentDuration::parse);
        let clinician = r.field("clinician", PersonName::parse);
        let department = r.field("department", Label::parse);
        let postcode = r.optional("postcode", Postcode::parse);
        if r.issues.len() != before {
            return;
        }
        if let (
            Some(id),
            Some(patient),
            Some(status),
            Some(start),
            Some(duration),
            Some(clinician),
            Some(department),
            Some(postcode),
        ) = (
            id, patient, status, start, duration, clinician, department, postcode,
        ) {
            let record = ImportedAppointment {
                id,
                patient,
                clinician,
                department,
                postcode,
                start,
                duration,
                status,
            };
            batch.appointments.push(Indexed {
                index: r.index,
                record,
            });
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    /// (file, index, field, code) of each issue.
    type Flat = Vec<(Source, usize, Option<String>, &'static str)>;

    fn issues_of(patients: &str, appointments: &str) -> (ImportBatch, Flat) {
        let mut batch = ImportBatch::default();
        let mut issues = Vec::new();
        read_patients(patients, today(), &mut batch, &mut issues).unwrap();
        read_appointments(appointments, &mut batch, &mut issues).unwrap();
        let flat = issues
            .into_iter()
            .map(|i| (i.source, i.index, i.field, i.code))
            .collect();
        (batch, flat)
    }

    #[test]
    fn every_record_of_the_brief_s_example_files_reads_cleanly() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples");
        let patients = std::fs::read_to_string(format!("{dir}/example_patients.json")).unwrap();
        let appointments =
            std::fs::read_to_string(format!("{dir}/example_appointments.json")).unwrap();
        let (batch, issues) = issues_of(&patients, &appointments);
        assert_eq!(issues, vec![]);
        assert_eq!((batch.patients.len(), batch.appointments.len()), (100, 100));
    }

    #[test]
    fn names_and_offsets_are_read_exactly() {
        let patients = r#"[{"nhs_number": "9434765919", "name": "कुलकर्णी, तृष्णा", "date_of_birth": "1980-01-02", "postcode": "sw1a1aa"}]"#;
        let appointments = r#"[{"patient": "9434765919", "status": "attended", "time": "2025-06-04T16:30:00+01:00",
            "duration": "1h30m", "clinician": "Jason Holloway", "department": "oncology", "postcode": "UB56 7XQ",
            "id": "343d31d4-5993-47ef-a468-7884a467ae80"}]"#;
        let (batch, issues) = issues_of(patients, appointments);
        assert!(issues.is_empty(), "{issues:?}");
        let p = &batch.patients[0].record;
        assert_eq!(p.name.as_ref(), "कुलकर्णी, तृष्णा");
        assert_eq!(p.postcode.as_ref(), "SW1A 1AA");
        let a = &batch.appointments[0].record;
        assert_eq!(a.start.to_rfc3339(), "2025-06-04T15:30:00+00:00");
        assert_eq!(a.duration.minutes(), 90);
    }

    #[test]
    fn every_bad_field_of_every_record_is_reported_with_file_index_and_field() {
        let patients = r#"[
            {"nhs_number": "9434765919", "name": "Ok", "date_of_birth": "1980-01-02", "postcode": "N6 2FA"},
            {"nhs_number": "4010232138", "name": "", "date_of_birth": "2099-01-01", "postcode": "nowhere", "extra": 1},
            "not an object",
            {"nhs_number": 9434765919}
        ]"#;
        let appointments = r#"[{"patient": "9434765919", "status": "booked", "time": "2025-06-04T16:30:00",
            "duration": "90", "clinician": "X", "department": "d", "id": "42"}]"#;
        let (batch, issues) = issues_of(patients, appointments);
        assert_eq!(batch.patients.len(), 1);
        assert!(batch.appointments.is_empty());
        let p = |i, f: &str, c| (Source::Patients, i, Some(f.to_owned()), c);
        let a = |f: &str, c| (Source::Appointments, 0, Some(f.to_owned()), c);
        assert_eq!(
            issues,
            vec![
                p(1, "extra", "field-unknown"),
                p(1, "nhs_number", "nhs-number-checksum"),
                p(1, "name", "text-empty"),
                p(1, "date_of_birth", "date-of-birth-in-future"),
                p(1, "postcode", "postcode-format"),
                (Source::Patients, 2, None, "record-not-object"),
                p(3, "nhs_number", "field-not-string"),
                p(3, "name", "field-missing"),
                p(3, "date_of_birth", "field-missing"),
                p(3, "postcode", "field-missing"),
                a("id", "id-format"),
                a("status", "status-unknown"),
                a("time", "timestamp-offset-missing"),
                a("duration", "duration-format"),
            ]
        );
    }

    #[test]
    fn a_missing_postcode_means_no_location() {
        let appointments = r#"[{"patient": "9434765919", "status": "active", "time": "2030-01-15T09:00:00Z",
            "duration": "30m", "clinician": "X", "department": "d", "id": "343d31d4-5993-47ef-a468-7884a467ae80"}]"#;
        let (batch, issues) = issues_of("[]", appointments);
        assert!(issues.is_empty());
        assert_eq!(batch.appointments[0].record.postcode, None);
    }

    #[test]
    fn a_file_that_is_not_a_json_array_is_refused_whole() {
        let mut batch = ImportBatch::default();
        let mut issues = Vec::new();
        let not_json = read_patients("{", today(), &mut batch, &mut issues);
        assert!(matches!(not_json, Err(FileError::NotJson { .. })));
        let object = read_appointments("{}", &mut batch, &mut issues);
        assert!(matches!(object, Err(FileError::NotAnArray { .. })));
    }
}
