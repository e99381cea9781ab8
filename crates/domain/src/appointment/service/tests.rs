//! The appointment use cases against mocked ports.

use super::*;
use crate::appointment::ports::MockAppointmentRepository;
use crate::appointment::{RuleViolation, TransitionError};
use crate::common::error::Problem;
use crate::common::ids::{DepartmentId, OrganisationId, RoleId};
use crate::common::ports::{MockClock, MockIdSource};
use crate::common::postcode::Postcode;
use crate::common::repository::{Conflict, RepositoryError};
use crate::common::text::{Label, PersonName};
use crate::patient::ports::MockPatientRepository;
use crate::patient::{DateOfBirth, Patient};
use crate::practitioner::ports::{
    MockDepartmentRepository, MockLocationRepository, MockPractitionerRepository,
};
use crate::practitioner::{Department, Location, Practitioner, PractitionerRole};
use chrono::{NaiveDate, TimeZone};
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 15, 8, 10, 0).unwrap()
}
fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 15, h, m, 0).unwrap()
}
fn nhs() -> NhsNumber {
    NhsNumber::parse("9434765919").unwrap()
}
fn uuid(n: u128) -> Uuid {
    Uuid::from_u128(n)
}
fn home() -> Department {
    Department {
        id: DepartmentId::from_uuid(uuid(10)),
        name: Label::parse("oncology").unwrap(),
        version: 1,
    }
}
fn practitioner() -> Practitioner {
    Practitioner {
        id: PractitionerId::from_uuid(uuid(1)),
        name: PersonName::parse("Jason Holloway").unwrap(),
        department: home(),
        version: 1,
    }
}
fn location() -> Location {
    Location {
        id: LocationId::from_uuid(uuid(20)),
        name: Label::parse("Whittington").unwrap(),
        postcode: Postcode::parse("N19 5NF").unwrap(),
        version: 1,
    }
}
fn appointment(start: DateTime<Utc>, status: AppointmentStatus) -> AppointmentView {
    AppointmentView {
        appointment: Appointment {
            id: AppointmentId::from_uuid(uuid(99)),
            patient: Some(nhs()),
            practitioner_id: practitioner().id,
            department_id: home().id,
            organisation_id: None,
            location_id: None,
            start,
            duration: AppointmentDuration::HALF_HOUR,
            stored_status: status,
            version: 4,
        },
        clinician: practitioner().name,
        department: home().name,
        postcode: None,
    }
}

/// The mocks a test may configure before the service is built.
struct Ports {
    appointments: MockAppointmentRepository,
    patients: MockPatientRepository,
    practitioners: MockPractitionerRepository,
    departments: MockDepartmentRepository,
    locations: MockLocationRepository,
}

impl Ports {
    /// Everyone exists; no roles; nothing stored yet.
    fn new() -> Self {
        let mut patients = MockPatientRepository::new();
        patients.expect_get().returning(|n| {
            Ok(Some(Patient {
                nhs_number: n.clone(),
                name: PersonName::parse("Mary Thomas").unwrap(),
                date_of_birth: DateOfBirth::from_trusted(
                    NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
                ),
                postcode: Postcode::parse("N6 2FA").unwrap(),
                version: 1,
            }))
        });
        let mut practitioners = MockPractitionerRepository::new();
        practitioners
            .expect_get()
            .returning(|_| Ok(Some(practitioner())));
        practitioners.expect_roles().returning(|_| Ok(vec![]));
        let mut locations = MockLocationRepository::new();
        locations.expect_get().returning(|_| Ok(Some(location())));
        Self {
            appointments: MockAppointmentRepository::new(),
            patients,
            practitioners,
            departments: MockDepartmentRepository::new(),
            locations,
        }
    }

    fn service(self) -> AppointmentService {
        let mut clock = MockClock::new();
        clock.expect_now().returning(now);
        let mut ids = MockIdSource::new();
        ids.expect_new_id().returning(|| uuid(99));
        AppointmentService {
            appointments: Arc::new(self.appointments),
            patients: Arc::new(self.patients),
            practitioners: Arc::new(self.practitioners),
            departments: Arc::new(self.departments),
            locations: Arc::new(self.locations),
            clock: Arc::new(clock),
            ids: Arc::new(ids),
            policy: SchedulingPolicy::default(),
        }
    }
}

fn request(start: DateTime<Utc>) -> BookingRequest {
    BookingRequest {
        patient: nhs(),
        practitioner_id: practitioner().id,
        start,
        duration: None,
        location_id: None,
    }
}

#[test]
fn a_valid_booking_is_stored_active_for_30_minutes_with_its_creation_in_history() {
    let mut ports = Ports::new();
    ports
        .appointments
        .expect_insert()
        .withf(|a, h| {
            a.start == at(9, 0)
                && a.duration.minutes() == 30
                && a.stored_status == AppointmentStatus::Active
                && a.department_id == home().id
                && a.version == 1
                && h.field == ChangedField::Created
                && h.to.as_deref() == Some("active")
                && h.actor == "anonymous"
        })
        .times(1)
        .returning(|_, _| Ok(()));
    let view = ports
        .service()
        .book(request(at(9, 0)), &Actor::Anonymous)
        .unwrap();
    assert_eq!(view.clinician.as_ref(), "Jason Holloway");
    assert_eq!(view.department.as_ref(), "oncology");
    assert_eq!(view.appointment.end(), at(9, 30));
}

#[test]
fn a_start_off_the_half_hour_grid_is_refused_before_anything_is_read_or_written() {
    let mut ports = Ports::new();
    ports.appointments.expect_insert().never();
    let result = ports.service().book(request(at(9, 15)), &Actor::Anonymous);
    assert!(matches!(
        result,
        Err(AppointmentError::Rule(RuleViolation::NotOnGrid {
            grid: 30
        }))
    ));
}

#[test]
fn a_start_in_the_past_is_refused() {
    let result = Ports::new()
        .service()
        .book(request(at(8, 0)), &Actor::Anonymous);
    assert!(matches!(
        result,
        Err(AppointmentError::Rule(RuleViolation::StartInThePast))
    ));
}

#[test]
fn a_duration_the_policy_does_not_allow_is_refused() {
    let mut req = request(at(9, 0));
    req.duration = Some(AppointmentDuration::from_minutes(20).unwrap());
    let result = Ports::new().service().book(req, &Actor::Anonymous);
    assert!(matches!(
        result,
        Err(AppointmentError::Rule(
            RuleViolation::DurationNotAllowed { .. }
        ))
    ));
}

#[test]
fn booking_for_an_unknown_patient_is_patient_not_found() {
    let mut ports = Ports::new();
    ports.patients = MockPatientRepository::new();
    ports.patients.expect_get().never();
    ports
        .appointments
        .expect_insert()
        .returning(|_, _| Err(RepositoryError::NotFound));
    let result = ports.service().book(request(at(9, 0)), &Actor::Anonymous);
    assert!(matches!(result, Err(AppointmentError::PatientNotFound)));
}

#[test]
fn booking_with_an_unknown_practitioner_is_practitioner_not_found() {
    let mut ports = Ports::new();
    ports.practitioners = MockPractitionerRepository::new();
    ports.practitioners.expect_get().returning(|_| Ok(None));
    let result = ports.service().book(request(at(9, 0)), &Actor::Anonymous);
    assert!(matches!(
        result,
        Err(AppointmentError::PractitionerNotFound)
    ));
}

#[test]
fn the_database_s_rules_come_back_as_domain_conflicts() {
    for (conflict, code) in [
        (
            Conflict::PatientAlreadyBookedThatDay,
            "already-booked-that-day",
        ),
        (
            Conflict::PractitionerUnavailable,
            "practitioner-unavailable",
        ),
    ] {
        let mut ports = Ports::new();
        ports
            .appointments
            .expect_insert()
            .returning(move |_, _| Err(RepositoryError::Conflict(conflict)));
        let error = ports
            .service()
            .book(request(at(9, 0)), &Actor::Anonymous)
            .unwrap_err();
        assert_eq!(error.code(), code);
        assert_eq!(error.kind(), crate::ErrorKind::Conflict);
    }
}

#[test]
fn a_booking_at_a_location_counts_against_the_role_held_there() {
    let mut ports = Ports::new();
    let surgery = Department {
        id: DepartmentId::from_uuid(uuid(11)),
        name: Label::parse("surgery").unwrap(),
        version: 1,
    };
    let org = OrganisationId::from_uuid(uuid(30));
    ports.practitioners = MockPractitionerRepository::new();
    ports
        .practitioners
        .expect_get()
        .returning(|_| Ok(Some(practitioner())));
    let dept = surgery.clone();
    ports.practitioners.expect_roles().returning(move |_| {
        Ok(vec![PractitionerRole {
            id: RoleId::from_uuid(uuid(40)),
            practitioner_id: practitioner().id,
            organisation_id: Some(org),
            location_id: location().id,
            department_id: dept.id,
        }])
    });
    let dept = surgery.clone();
    ports
        .departments
        .expect_get()
        .returning(move |_| Ok(Some(dept.clone())));
    ports
        .appointments
        .expect_insert()
        .withf(move |a, _| a.department_id == surgery.id && a.organisation_id == Some(org))
        .returning(|_, _| Ok(()));
    let mut req = request(at(9, 0));
    req.location_id = Some(location().id);
    let view = ports.service().book(req, &Actor::Anonymous).unwrap();
    assert_eq!(view.department.as_ref(), "surgery");
    assert_eq!(
        view.postcode.map(|p| p.to_string()).as_deref(),
        Some("N19 5NF")
    );
}

#[test]
fn a_practitioner_with_roles_cannot_be_booked_where_they_hold_none() {
    let mut ports = Ports::new();
    ports.practitioners = MockPractitionerRepository::new();
    ports
        .practitioners
        .expect_get()
        .returning(|_| Ok(Some(practitioner())));
    ports.practitioners.expect_roles().returning(|_| {
        Ok(vec![PractitionerRole {
            id: RoleId::from_uuid(uuid(40)),
            practitioner_id: practitioner().id,
            organisation_id: None,
            location_id: LocationId::from_uuid(uuid(21)),
            department_id: home().id,
        }])
    });
    let mut req = request(at(9, 0));
    req.location_id = Some(location().id);
    let result = ports.service().book(req, &Actor::Anonymous);
    assert!(matches!(
        result,
        Err(AppointmentError::PractitionerNotAtLocation)
    ));
}

fn with_stored(ports: &mut Ports, view: AppointmentView) {
    ports
        .appointments
        .expect_get()
        .returning(move |_| Ok(Some(view.clone())));
}

#[test]
fn a_cancelled_appointment_accepts_no_change_at_all() {
    let mut ports = Ports::new();
    with_stored(
        &mut ports,
        appointment(at(10, 0), AppointmentStatus::Cancelled),
    );
    ports.appointments.expect_update().never();
    let changes = [
        AppointmentChange {
            status: Some(AppointmentStatus::Cancelled),
            ..Default::default()
        },
        AppointmentChange {
            start: Some(at(11, 0)),
            ..Default::default()
        },
    ];
    let service = ports.service();
    for change in changes {
        let result = service.change(
            AppointmentId::from_uuid(uuid(99)),
            change,
            &Actor::Anonymous,
        );
        assert!(matches!(
            result,
            Err(AppointmentError::Transition(TransitionError::Cancelled))
        ));
    }
}

#[test]
fn cancelling_records_the_change_in_history_and_bumps_the_version() {
    let mut ports = Ports::new();
    with_stored(
        &mut ports,
        appointment(at(10, 0), AppointmentStatus::Active),
    );
    ports
        .appointments
        .expect_update()
        .withf(|a, h| {
            a.stored_status == AppointmentStatus::Cancelled
                && a.version == 4
                && h.len() == 1
                && h[0].field == ChangedField::Status
                && h[0].from.as_deref() == Some("active")
                && h[0].to.as_deref() == Some("cancelled")
        })
        .times(1)
        .returning(|_, _| Ok(()));
    let change = AppointmentChange {
        status: Some(AppointmentStatus::Cancelled),
        ..Default::default()
    };
    let view = ports
        .service()
        .change(
            AppointmentId::from_uuid(uuid(99)),
            change,
            &Actor::Anonymous,
        )
        .unwrap();
    assert_eq!(view.appointment.version, 5);
}

#[test]
fn a_missed_appointment_can_be_corrected_to_attended() {
    let mut ports = Ports::new();
    // Ended at 07:30, still stored active: it is missed now.
    with_stored(&mut ports, appointment(at(7, 0), AppointmentStatus::Active));
    ports
        .appointments
        .expect_update()
        .withf(|a, h| {
            a.stored_status == AppointmentStatus::Attended && h[0].from.as_deref() == Some("missed")
        })
        .returning(|_, _| Ok(()));
    let change = AppointmentChange {
        status: Some(AppointmentStatus::Attended),
        ..Default::default()
    };
    let view = ports
        .service()
        .change(
            AppointmentId::from_uuid(uuid(99)),
            change,
            &Actor::Anonymous,
        )
        .unwrap();
    assert_eq!(
        view.appointment.status_at(now()),
        AppointmentStatus::Attended
    );
}

#[test]
fn attended_cannot_be_recorded_before_the_start() {
    let mut ports = Ports::new();
    with_stored(
        &mut ports,
        appointment(at(10, 0), AppointmentStatus::Active),
    );
    let change = AppointmentChange {
        status: Some(AppointmentStatus::Attended),
        ..Default::default()
    };
    let result = ports.service().change(
        AppointmentId::from_uuid(uuid(99)),
        change,
        &Actor::Anonymous,
    );
    assert!(matches!(
        result,
        Err(AppointmentError::Transition(
            TransitionError::NotStarted { .. }
        ))
    ));
}

#[test]
fn rescheduling_reapplies_the_booking_rules() {
    let mut ports = Ports::new();
    with_stored(
        &mut ports,
        appointment(at(10, 0), AppointmentStatus::Active),
    );
    ports.appointments.expect_update().never();
    let service = ports.service();
    let id = AppointmentId::from_uuid(uuid(99));
    let off_grid = AppointmentChange {
        start: Some(at(11, 15)),
        ..Default::default()
    };
    assert!(matches!(
        service.change(id, off_grid, &Actor::Anonymous),
        Err(AppointmentError::Rule(RuleViolation::NotOnGrid { .. }))
    ));
    let past = AppointmentChange {
        start: Some(at(8, 0)),
        ..Default::default()
    };
    assert!(matches!(
        service.change(id, past, &Actor::Anonymous),
        Err(AppointmentError::Rule(RuleViolation::StartInThePast))
    ));
}

#[test]
fn rescheduling_writes_one_history_entry_per_changed_field() {
    let mut ports = Ports::new();
    with_stored(
        &mut ports,
        appointment(at(10, 0), AppointmentStatus::Active),
    );
    ports
        .appointments
        .expect_update()
        .withf(|a, h| {
            let fields: Vec<_> = h.iter().map(|e| e.field).collect();
            a.start == at(11, 0)
                && a.duration.minutes() == 60
                && fields == [ChangedField::Time, ChangedField::Duration]
                && h[0].from.as_deref() == Some("2030-01-15T10:00:00Z")
                && h[0].to.as_deref() == Some("2030-01-15T11:00:00Z")
                && h[1].to.as_deref() == Some("1h")
        })
        .times(1)
        .returning(|_, _| Ok(()));
    let change = AppointmentChange {
        start: Some(at(11, 0)),
        duration: Some(AppointmentDuration::from_minutes(60).unwrap()),
        ..Default::default()
    };
    ports
        .service()
        .change(
            AppointmentId::from_uuid(uuid(99)),
            change,
            &Actor::Anonymous,
        )
        .unwrap();
}

#[test]
fn an_appointment_that_has_started_cannot_be_rescheduled() {
    let mut ports = Ports::new();
    with_stored(&mut ports, appointment(at(8, 0), AppointmentStatus::Active));
    let change = AppointmentChange {
        start: Some(at(11, 0)),
        ..Default::default()
    };
    let result = ports.service().change(
        AppointmentId::from_uuid(uuid(99)),
        change,
        &Actor::Anonymous,
    );
    assert!(matches!(
        result,
        Err(AppointmentError::NotReschedulable {
            status: AppointmentStatus::Active
        })
    ));
}

#[test]
fn a_stale_if_match_version_is_refused_without_writing() {
    let mut ports = Ports::new();
    with_stored(
        &mut ports,
        appointment(at(10, 0), AppointmentStatus::Active),
    );
    ports.appointments.expect_update().never();
    let change = AppointmentChange {
        status: Some(AppointmentStatus::Cancelled),
        expected_version: Some(3),
        ..Default::default()
    };
    let result = ports.service().change(
        AppointmentId::from_uuid(uuid(99)),
        change,
        &Actor::Anonymous,
    );
    assert!(matches!(result, Err(AppointmentError::StaleVersion)));
}

#[test]
fn a_change_that_changes_nothing_writes_nothing() {
    let mut ports = Ports::new();
    with_stored(
        &mut ports,
        appointment(at(10, 0), AppointmentStatus::Active),
    );
    ports.appointments.expect_update().never();
    let change = AppointmentChange {
        start: Some(at(10, 0)),
        status: Some(AppointmentStatus::Active),
        ..Default::default()
    };
    let view = ports
        .service()
        .change(
            AppointmentId::from_uuid(uuid(99)),
            change,
            &Actor::Anonymous,
        )
        .unwrap();
    assert_eq!(view.appointment.version, 4);
}

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
        Err(AppointmentError::PatientNotFound)
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
        Err(AppointmentError::AppointmentNotFound)
    ));
    assert!(matches!(
        service.history(id),
        Err(AppointmentError::AppointmentNotFound)
    ));
}
