//! Files and records that are refused: specific messages, exit code 3, nothing written.

use super::*;

#[test]
fn a_missing_or_malformed_file_is_refused_with_exit_code_3_and_no_panic() {
    let db = TestDatabase::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let not_json = dir.path().join("not.json");
    std::fs::write(&not_json, "{").unwrap();
    let object = dir.path().join("object.json");
    std::fs::write(&object, "{}").unwrap();
    let missing = dir.path().join("missing.json");
    for (file, says) in [
        (&missing, "cannot read"),
        (&not_json, "not valid JSON"),
        (&object, "JSON array"),
    ] {
        let output = panda(
            db.url(),
            &["import", "--appointments", file.to_str().unwrap()],
        );
        let errors = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(3), "{errors}");
        assert!(errors.contains(says), "{errors}");
        assert!(!errors.contains("panicked"), "{errors}");
    }
}

#[test]
fn a_bad_record_is_listed_by_file_index_and_field_and_nothing_is_written() {
    let db = TestDatabase::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let mut appointments = records(&example("example_appointments.json"));
    appointments[12]["time"] = Value::from("2025-06-04T16:30:00");
    let file = dir.path().join("appointments.json");
    std::fs::write(&file, serde_json::to_string(&appointments).unwrap()).unwrap();
    let patients = example("example_patients.json");
    let args = [
        "import",
        "--patients",
        patients.to_str().unwrap(),
        "--appointments",
        file.to_str().unwrap(),
    ];
    let output = panda(db.url(), &args);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(3), "{text}");
    assert!(
        text.contains("appointments[12].time: timestamp-offset-missing: "),
        "{text}"
    );
    assert!(text.contains("nothing was written"), "{text}");
    let (p, a) = export(db.url(), dir.path(), "empty");
    assert_eq!((p.trim(), a.trim()), ("[]", "[]"));

    let skip = panda(db.url(), &[&args[..], &["--skip-invalid"]].concat());
    let text = stdout(&skip);
    assert!(skip.status.success(), "{text}");
    assert_eq!(
        summary_line(&text, "appointments"),
        "appointments created 99 unchanged 0"
    );
    assert_eq!(summary_line(&text, "rejected"), "rejected 1");

    // All or nothing still checks the parsed records against the stored
    // ones, so one run lists every bad record.
    appointments[3]["status"] = Value::from(if appointments[3]["status"] == "missed" {
        "attended"
    } else {
        "missed"
    });
    std::fs::write(&file, serde_json::to_string(&appointments).unwrap()).unwrap();
    let output = panda(db.url(), &args);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(3), "{text}");
    assert!(
        text.contains("appointments[3].status: import-differs: "),
        "{text}"
    );
    assert!(
        text.contains("appointments[12].time: timestamp-offset-missing: "),
        "{text}"
    );
}
