//! Recurring series: all or none, every refusal listed, the same local
//! time across a change of the clocks, and cancelling the rest.

use super::*;
use crate::appointment::series::{Count, Interval};
use crate::appointment::service::series::{SeriesError, SeriesRequest, SeriesService};
use crate::schedule::ports::MockSlotSource;
use crate::schedule::{BusyTime, TimeZone as Zone};

fn weekly(first: DateTime<Utc>, count: u32) -> SeriesRequest {
    SeriesRequest {
        patient: nhs(),
        practitioner_id: practitioner().id,
        first_start: first,
        every: Interval::parse("1w").unwrap(),
        count: Count::new(count).unwrap(),
        duration: None,
        location_id: None,
    }
}

fn series(ports: Ports, busy: BusyTime) -> SeriesService {
    let mut slots = MockSlotSource::new();
    slots
        .expect_busy()
        .returning(move |_, _, _, _, _| Ok(Some(busy.clone())));
    SeriesService {
        appointments: ports.service(),
        slots: Arc::new(slots),
        default_zone: Zone::LONDON,
    }
}

fn day(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 3, d, h, m, 0).unwrap()
}

#[test]
fn every_occurrence_is_booked_in_one_write_at_the_same_london_time() {
    let mut ports = Ports::new();
    ports
        .appointments
        .expect_insert_series()
        .times(1)
        .withf(|appointments, created, audits| {
            let series = appointments[0].series_id;
            appointments.len() == 3
                && created.len() == 3
                && audits.len() == 3
                && series.is_some()
                && appointments.iter().all(|a| a.series_id == series)
        })
        .returning(|_, _, _| Ok(()));
    // Tuesdays at 09:00 London: GMT until 31 March 2030, then BST.
    let (id, views) = series(ports, BusyTime::default())
        .book(weekly(day(19, 9, 0), 3), &Actor::Anonymous)
        .unwrap();
    let starts: Vec<_> = views.iter().map(|v| v.appointment.start).collect();
    assert_eq!(
        starts,
        [
            day(19, 9, 0),
            day(26, 9, 0),
            Utc.with_ymd_and_hms(2030, 4, 2, 8, 0, 0).unwrap()
        ]
    );
    assert!(views.iter().all(|v| v.appointment.series_id == Some(id)));
}

#[test]
fn one_bad_occurrence_books_nothing_and_every_bad_one_is_listed() {
    let mut ports = Ports::new();
    ports.appointments.expect_insert_series().never();
    let mut busy = BusyTime::default();
    busy.patient_days.insert(day(26, 0, 0).date_naive());
    busy.practitioners
        .insert(practitioner().id, vec![(day(5, 9, 15), day(5, 9, 45))]);
    let request = weekly(Utc.with_ymd_and_hms(2030, 1, 8, 9, 0, 0).unwrap(), 12);
    let error = series(ports, busy)
        .book(request, &Actor::Anonymous)
        .unwrap_err();
    let SeriesError::Refused(refused) = &error else {
        panic!("{error:?}");
    };
    let listed: Vec<_> = refused
        .0
        .iter()
        .map(|e| (e.field.as_str(), e.code))
        .collect();
    // 8 January is in the past (now is 15 January); 5 and 26 March clash.
    assert_eq!(
        listed,
        [
            ("occurrences[0]", "start-in-the-past"),
            ("occurrences[8]", "practitioner-unavailable"),
            ("occurrences[11]", "already-booked-that-day"),
        ]
    );
    assert_eq!(
        refused.0[8 - 7].params.last().map(|p| p.1.as_str()),
        Some("2030-03-05T09:00:00Z")
    );
    assert_eq!(
        (error.kind(), error.code()),
        (crate::ErrorKind::Conflict, "series-occurrences-refused")
    );
}

#[test]
fn occurrences_outside_the_working_pattern_are_refused() {
    use crate::schedule::{ClockTime, Diary, Session, WorkingPattern};
    let mut ports = Ports::new();
    ports.schedules = crate::schedule::ports::MockScheduleRepository::new();
    let tuesdays = Session {
        weekday: chrono::Weekday::Tue,
        start: ClockTime::parse("09:00").unwrap(),
        end: ClockTime::parse("10:00").unwrap(),
        location_id: None,
    };
    let from = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let diary = Diary {
        pattern: WorkingPattern::new(Zone::LONDON, from, None, vec![tuesdays]).unwrap(),
        absences: vec![(day(26, 0, 0), day(27, 0, 0))],
    };
    ports
        .schedules
        .expect_diary()
        .returning(move |_, _, _| Ok(Some(diary.clone())));
    ports.appointments.expect_insert_series().never();
    let error = series(ports, BusyTime::default())
        .book(weekly(day(19, 9, 0), 3), &Actor::Anonymous)
        .unwrap_err();
    let SeriesError::Refused(refused) = error else {
        panic!("{error:?}");
    };
    // The absence on the 26th; and the pattern's zone keeps 09:00 London.
    let listed: Vec<_> = refused
        .0
        .iter()
        .map(|e| (e.field.as_str(), e.code))
        .collect();
    assert_eq!(listed, [("occurrences[1]", "outside-working-hours")]);
}

#[test]
fn cancelling_the_rest_cancels_only_what_is_still_to_come() {
    let mut ports = Ports::new();
    let past = appointment(at(7, 0), AppointmentStatus::Active);
    let mut future = appointment(at(11, 0), AppointmentStatus::Active);
    future.appointment.id = AppointmentId::from_uuid(uuid(98));
    let mut attended = appointment(at(12, 0), AppointmentStatus::Attended);
    attended.appointment.id = AppointmentId::from_uuid(uuid(97));
    let views = vec![past, future.clone(), attended];
    ports
        .appointments
        .expect_series()
        .returning(move |_| Ok(views.clone()));
    ports
        .appointments
        .expect_get()
        .returning(move |_| Ok(Some(future.clone())));
    ports
        .appointments
        .expect_update()
        .times(1)
        .withf(|a, _, _| {
            a.id == AppointmentId::from_uuid(uuid(98))
                && a.stored_status == AppointmentStatus::Cancelled
        })
        .returning(|_, _, _| Ok(()));
    let id = crate::common::ids::SeriesId::from_uuid(uuid(50));
    let cancelled = series(ports, BusyTime::default())
        .cancel_rest(id, &Actor::Anonymous)
        .unwrap();
    assert_eq!(cancelled.len(), 1);

    let mut ports = Ports::new();
    ports.appointments.expect_series().returning(|_| Ok(vec![]));
    let error = series(ports, BusyTime::default())
        .cancel_rest(id, &Actor::Anonymous)
        .unwrap_err();
    assert_eq!(error.code(), "series-not-found");
}
