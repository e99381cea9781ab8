//! Booking: the rules checked before the write, and the ones the store holds.

use super::*;

#[test]
fn a_valid_booking_is_stored_active_for_30_minutes_with_its_creation_in_history() {
    let mut ports = Ports::new();
    ports
        .appointments
        .expect_insert()
        .withf(|a, h, _| {
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
        .returning(|_, _, _| Ok(()));
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
        Err(BookingError::Rule(RuleViolation::NotOnGrid { grid: 30 }))
    ));
}

#[test]
fn a_start_in_the_past_is_refused() {
    let result = Ports::new()
        .service()
        .book(request(at(8, 0)), &Actor::Anonymous);
    assert!(matches!(
        result,
        Err(BookingError::Rule(RuleViolation::StartInThePast))
    ));
}

#[test]
fn a_duration_the_policy_does_not_allow_is_refused() {
    let mut req = request(at(9, 0));
    req.duration = Some(AppointmentDuration::from_minutes(20).unwrap());
    let result = Ports::new().service().book(req, &Actor::Anonymous);
    assert!(matches!(
        result,
        Err(BookingError::Rule(RuleViolation::DurationNotAllowed { .. }))
    ));
}

#[test]
fn booking_for_an_unknown_patient_is_patient_not_found() {
    let mut ports = Ports::new();
    ports
        .appointments
        .expect_insert()
        .returning(|_, _, _| Err(RepositoryError::NotFound));
    let result = ports.service().book(request(at(9, 0)), &Actor::Anonymous);
    assert!(matches!(result, Err(BookingError::PatientNotFound)));
}

#[test]
fn booking_with_an_unknown_practitioner_is_practitioner_not_found() {
    let mut ports = Ports::new();
    ports.practitioners = MockPractitionerRepository::new();
    ports.practitioners.expect_get().returning(|_| Ok(None));
    let result = ports.service().book(request(at(9, 0)), &Actor::Anonymous);
    assert!(matches!(
        result,
        Err(BookingError::Placement(
            PlacementError::PractitionerNotFound
        ))
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
            .returning(move |_, _, _| Err(RepositoryError::Conflict(conflict)));
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
        .withf(move |a, _, _| a.department_id == surgery.id && a.organisation_id == Some(org))
        .returning(|_, _, _| Ok(()));
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
        Err(BookingError::Placement(
            PlacementError::PractitionerNotAtLocation
        ))
    ));
}

#[test]
fn a_booking_is_audited_with_its_patient_as_personal_data_and_the_rest_plain() {
    use crate::audit::{AuditAction, AuditValue, Entity};
    let mut ports = Ports::new();
    ports
        .appointments
        .expect_insert()
        .withf(|a, _, audit| {
            let value = |field: &str| {
                audit
                    .changes
                    .iter()
                    .find(|c| c.field == field)
                    .and_then(|c| c.new.clone())
            };
            audit.action == AuditAction::Create
                && audit.entity == Entity::Appointment
                && audit.entity_id == Some(a.id.to_string())
                && audit.subject == a.patient
                && matches!(value("patient"), Some(AuditValue::Personal(_)))
                && value("time") == Some(AuditValue::plain("2030-01-15T09:00:00Z"))
                && value("status") == Some(AuditValue::plain("active"))
                && value("duration") == Some(AuditValue::plain("30m"))
        })
        .times(1)
        .returning(|_, _, _| Ok(()));
    ports
        .service()
        .book(request(at(9, 0)), &Actor::Anonymous)
        .unwrap();
}

/// A diary of Tuesday 15 January 2030, 09:00 to 10:00 London (UTC in
/// winter), with nobody absent.
fn tuesday_morning() -> crate::schedule::Diary {
    use crate::schedule::{ClockTime, Session, TimeZone, WorkingPattern};
    let session = Session {
        weekday: chrono::Weekday::Tue,
        start: ClockTime::parse("09:00").unwrap(),
        end: ClockTime::parse("10:00").unwrap(),
        location_id: None,
    };
    let valid_from = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    crate::schedule::Diary {
        pattern: WorkingPattern::new(TimeZone::LONDON, valid_from, None, vec![session]).unwrap(),
        absences: vec![],
    }
}

#[test]
fn a_practitioner_with_a_pattern_is_booked_only_inside_a_session() {
    let mut ports = Ports::new();
    ports.schedules = crate::schedule::ports::MockScheduleRepository::new();
    ports
        .schedules
        .expect_diary()
        .returning(|_, _, _| Ok(Some(tuesday_morning())));
    ports
        .appointments
        .expect_insert()
        .times(1)
        .returning(|_, _, _| Ok(()));
    let service = ports.service();
    assert!(service.book(request(at(9, 30)), &Actor::Anonymous).is_ok());
    for start in [at(10, 0), at(11, 0)] {
        let error = service.book(request(start), &Actor::Anonymous).unwrap_err();
        assert!(
            matches!(error, BookingError::OutsideWorkingHours),
            "{start}"
        );
        assert_eq!(
            (error.kind(), error.code()),
            (crate::ErrorKind::Conflict, "outside-working-hours")
        );
    }
}

#[test]
fn a_reschedule_out_of_the_sessions_is_refused() {
    let mut ports = Ports::new();
    ports.schedules = crate::schedule::ports::MockScheduleRepository::new();
    ports
        .schedules
        .expect_diary()
        .returning(|_, _, _| Ok(Some(tuesday_morning())));
    with_stored(&mut ports, appointment(at(9, 0), AppointmentStatus::Active));
    ports.appointments.expect_update().never();
    let change = AppointmentChange {
        start: Some(at(12, 0)),
        ..AppointmentChange::default()
    };
    let error = ports
        .service()
        .change(
            AppointmentId::from_uuid(uuid(99)),
            change,
            &Actor::Anonymous,
        )
        .unwrap_err();
    assert_eq!(error.code(), "outside-working-hours");
}

#[test]
fn a_booking_that_names_a_hold_converts_it_and_a_dead_hold_is_a_conflict() {
    let hold = crate::common::ids::HoldId::from_uuid(uuid(5));
    let mut ports = Ports::new();
    ports.appointments.expect_insert().never();
    ports
        .appointments
        .expect_insert_held()
        .withf(move |a, h, at, _, _| a.start == super::at(9, 0) && *h == hold && *at == now())
        .times(1)
        .returning(|_, _, _, _, _| Err(RepositoryError::Conflict(Conflict::HoldNotLive)));
    let mut req = request(at(9, 0));
    req.hold = Some(hold);
    let error = ports.service().book(req, &Actor::Anonymous).unwrap_err();
    assert_eq!(
        (error.kind(), error.code()),
        (crate::ErrorKind::Conflict, "hold-not-live")
    );
}
