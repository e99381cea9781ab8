//! A recurring series is stored whole or not at all, and read back by id.

use crate::fixtures::{appointment, at, audit, book, clinic, created, patient};
use panda_adapters_db::Database;
use panda_domain::appointment::{Appointment, AppointmentRepository};
use panda_domain::common::ids::SeriesId;
use panda_domain::{Conflict, RepositoryError};
use uuid::Uuid;

contract!(
    a_series_is_stored_whole_and_read_back_in_start_order,
    a_series_with_one_clash_stores_nothing,
);

fn weekly(c: &crate::fixtures::Clinic, series: SeriesId, weeks: i64) -> Vec<Appointment> {
    (0..weeks)
        .rev()
        .map(|w| Appointment {
            series_id: Some(series),
            ..appointment(
                &c.patient,
                &c.practitioner,
                at(3, 4, 9, 0) + chrono::TimeDelta::weeks(w),
                30,
            )
        })
        .collect()
}

fn store(db: &Database, appointments: &[Appointment]) -> Result<(), RepositoryError> {
    let entries: Vec<_> = appointments
        .iter()
        .map(|_| created(at(1, 1, 8, 0)))
        .collect();
    let audits: Vec<_> = appointments.iter().map(|_| audit()).collect();
    db.insert_series(appointments, &entries, &audits)
}

fn a_series_is_stored_whole_and_read_back_in_start_order(db: &Database) {
    let c = clinic(db);
    let id = SeriesId::from_uuid(Uuid::new_v4());
    let appointments = weekly(&c, id, 4);
    store(db, &appointments).unwrap();
    let read = db.series(id).unwrap();
    let starts: Vec<_> = read.iter().map(|v| v.appointment.start).collect();
    let mut expected: Vec<_> = appointments.iter().map(|a| a.start).collect();
    expected.sort();
    assert_eq!(starts, expected);
    assert!(read.iter().all(|v| v.appointment.series_id == Some(id)));
    assert_eq!(
        db.series(SeriesId::from_uuid(Uuid::new_v4())).unwrap(),
        vec![]
    );
}

fn a_series_with_one_clash_stores_nothing(db: &Database) {
    let c = clinic(db);
    let other = patient(db, 1, "Other Patient");
    // The third week is taken by someone else.
    book(
        db,
        &appointment(&other, &c.practitioner, at(3, 18, 9, 0), 30),
    )
    .unwrap();
    let id = SeriesId::from_uuid(Uuid::new_v4());
    let refused = store(db, &weekly(&c, id, 4));
    assert!(
        matches!(
            refused,
            Err(RepositoryError::Conflict(Conflict::PractitionerUnavailable))
        ),
        "{refused:?}"
    );
    assert_eq!(db.series(id).unwrap(), vec![]);
    let theirs = panda_domain::appointment::AppointmentFilter {
        patient: Some(c.patient.nhs_number.clone()),
        ..Default::default()
    };
    let listed = AppointmentRepository::list(db, &theirs, at(1, 1, 0, 0), Default::default());
    assert_eq!(listed.unwrap().total, 0);
}
