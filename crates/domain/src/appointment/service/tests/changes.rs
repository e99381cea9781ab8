//! Changes to a booked appointment: the status lifecycle and rescheduling.

use super::*;

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
            Err(ChangeError::Transition(TransitionError::Cancelled))
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
        .withf(|a, h, _| {
            a.stored_status == AppointmentStatus::Cancelled
                && a.version == 4
                && h.len() == 1
                && h[0].field == ChangedField::Status
                && h[0].from.as_deref() == Some("active")
                && h[0].to.as_deref() == Some("cancelled")
        })
        .times(1)
        .returning(|_, _, _| Ok(()));
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
        .withf(|a, h, _| {
            a.stored_status == AppointmentStatus::Attended && h[0].from.as_deref() == Some("missed")
        })
        .returning(|_, _, _| Ok(()));
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
        Err(ChangeError::Transition(TransitionError::NotStarted { .. }))
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
        Err(ChangeError::Rule(RuleViolation::NotOnGrid { .. }))
    ));
    let past = AppointmentChange {
        start: Some(at(8, 0)),
        ..Default::default()
    };
    assert!(matches!(
        service.change(id, past, &Actor::Anonymous),
        Err(ChangeError::Rule(RuleViolation::StartInThePast))
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
        .withf(|a, h, _| {
            let fields: Vec<_> = h.iter().map(|e| e.field).collect();
            a.start == at(11, 0)
                && a.duration.minutes() == 60
                && fields == [ChangedField::Time, ChangedField::Duration]
                && h[0].from.as_deref() == Some("2030-01-15T10:00:00Z")
                && h[0].to.as_deref() == Some("2030-01-15T11:00:00Z")
                && h[1].to.as_deref() == Some("1h")
        })
        .times(1)
        .returning(|_, _, _| Ok(()));
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
        Err(ChangeError::NotReschedulable {
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
    assert!(matches!(result, Err(ChangeError::StaleVersion)));
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
