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

/// The answer of a future that is already done (the mocks' are), without
/// an executor: the domain names none.
fn done<T>(future: impl std::future::Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(value) => value,
        std::task::Poll::Pending => panic!("the mock's future is not done"),
    }
}

#[test]
fn a_store_that_answers_later_gives_the_same_answers_as_one_that_answers_at_once() {
    let mut ports = Ports::new();
    ports
        .appointments
        .expect_for_patient_later()
        .returning(|n| {
            let found =
                (n == &nhs()).then(|| vec![appointment(at(10, 0), AppointmentStatus::Active)]);
            Some(Box::pin(std::future::ready(Ok(found))))
        });
    let service = ports.service();
    let theirs = service.for_patient_later(&nhs()).map(done);
    assert_eq!(theirs.map(|r| r.map(|v| v.len()).ok()), Some(Some(1)));
    let other = NhsNumber::parse("4010232137").unwrap();
    assert!(matches!(
        service.for_patient_later(&other).map(done),
        Some(Err(ReadError::PatientNotFound))
    ));
}

#[test]
fn a_store_that_answers_at_once_says_so_and_is_asked_nothing_more() {
    let mut ports = Ports::new();
    ports
        .appointments
        .expect_for_patient_later()
        .returning(|_| None);
    ports.appointments.expect_for_patient().never();
    assert!(ports.service().for_patient_later(&nhs()).is_none());
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
