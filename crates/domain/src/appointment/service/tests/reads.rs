//! Reading appointments.

use super::*;

#[test]
fn a_patient_s_appointments_come_from_one_read_and_an_unknown_patient_is_not_found() {
    let mut ports = Ports::new();
    ports.appointments.expect_for_patient().returning(|n| {
        Ok((n == &nhs()).then(|| vec![appointment(at(10, 0), AppointmentStatus::Active)]))
    });
    let service = ports.service();
    assert_eq!(service.for_patient(&nhs()).map(|v| v.len()).ok(), Some(1));
    let other = NhsNumber::parse("4010232137").unwrap();
    assert!(matches!(
        service.for_patient(&other),
        Err(ReadError::PatientNotFound)
    ));
}

#[test]
fn an_unknown_appointment_is_appointment_not_found() {
    let mut ports = Ports::new();
    ports.appointments.expect_get().returning(|_| Ok(None));
    ports
        .appointments
        .expect_history()
        .returning(|_| Err(RepositoryError::NotFound));
    let service = ports.service();
    let id = AppointmentId::from_uuid(uuid(5));
    assert!(matches!(
        service.get(id),
        Err(ReadError::AppointmentNotFound)
    ));
    assert!(matches!(
        service.history(id),
        Err(ReadError::AppointmentNotFound)
    ));
}
