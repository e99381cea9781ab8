//! Export across page boundaries.

use super::*;
use crate::support::nhs_numbers;

#[test]
fn an_export_of_many_pages_with_shared_start_times_holds_every_appointment_once() {
    let db = TestDatabase::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let numbers = nhs_numbers(1_100);
    let patients: Vec<Value> = numbers
        .iter()
        .map(|n| serde_json::json!({"nhs_number": n, "name": "P", "date_of_birth": "1970-01-01", "postcode": "N6 2FA"}))
        .collect();
    // Three start times shared by hundreds of clinicians each, so that
    // pages of 500 end in the middle of a start time.
    let appointments: Vec<Value> = numbers
        .iter()
        .enumerate()
        .map(|(i, n)| {
            serde_json::json!({"patient": n, "status": "attended", "time": format!("2024-01-0{}T09:00:00Z", 1 + i % 3),
                "duration": "30m", "clinician": format!("Dr {i}"), "department": "oncology", "postcode": "N6 2FA",
                "id": format!("00000000-0000-4000-8000-{i:012}")})
        })
        .collect();
    let (p, a) = (dir.path().join("p.json"), dir.path().join("a.json"));
    std::fs::write(&p, serde_json::to_string(&patients).unwrap()).unwrap();
    std::fs::write(&a, serde_json::to_string(&appointments).unwrap()).unwrap();
    import(db.url(), &p, &a);
    let (_, exported) = export(db.url(), dir.path(), "many");
    let exported: Vec<Value> = serde_json::from_str(&exported).unwrap();
    let mut ids: Vec<&str> = exported.iter().map(|r| text(r, "id")).collect();
    ids.sort_unstable();
    let mut expected: Vec<&str> = appointments.iter().map(|r| text(r, "id")).collect();
    expected.sort_unstable();
    assert_eq!(ids, expected);
}
