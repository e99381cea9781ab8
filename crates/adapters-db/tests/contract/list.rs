//! Listing appointments: filters, effective status, order and pages.

use crate::fixtures::{appointment, at, book, clinic, department, patient, practitioner};
use chrono::{DateTime, Utc};
use panda_adapters_db::Database;
use panda_domain::PageRequest;
use panda_domain::appointment::{
    Appointment, AppointmentFilter, AppointmentRepository, AppointmentStatus,
};
use panda_domain::common::ids::AppointmentId;
use std::sync::Barrier;

contract!(
    the_filters_select_by_patient_practitioner_department_and_time,
    the_status_filter_uses_the_effective_status_at_now,
    appointments_are_ordered_by_start_then_id_and_paged_with_the_total,
    a_patient_s_appointments_come_in_start_order_and_an_unknown_patient_is_none,
    concurrent_reads_of_many_patients_each_get_that_patient_s_appointments,
    a_read_answered_later_gives_what_a_read_at_once_gives,
);

/// Waits for `future` on this thread (the adapter's futures need no
/// executor of their own: whatever answers them wakes this thread).
fn wait<T>(future: impl std::future::Future<Output = T>) -> T {
    struct Unpark(std::thread::Thread);
    impl std::task::Wake for Unpark {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = std::sync::Arc::new(Unpark(std::thread::current())).into();
    let mut context = std::task::Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(value) => return value,
            std::task::Poll::Pending => std::thread::park(),
        }
    }
}

/// A store may answer a patient's appointments later (PostgreSQL's does,
/// SQLite's reads at once and says so); the answer is the same either way.
fn a_read_answered_later_gives_what_a_read_at_once_gives(db: &Database) {
    let c = clinic(db);
    book(
        db,
        &appointment(&c.patient, &c.practitioner, at(3, 5, 9, 0), 30),
    )
    .unwrap();
    let none_yet = patient(db, 3, "No Appointments");
    let asked = [
        c.patient.nhs_number,
        none_yet.nhs_number,
        crate::fixtures::nhs(4),
    ];
    let later: Vec<_> = asked.iter().map(|n| db.for_patient_later(n)).collect();
    if later.iter().all(Option::is_none) {
        return;
    }
    for (nhs, later) in asked.iter().zip(later) {
        let later = wait(later.expect("a store answers all of these later or none"));
        assert_eq!(later.unwrap(), db.for_patient(nhs).unwrap(), "{nhs}");
    }
}

/// Reads of many patients at once, several of the same patient, some with
/// no appointments and one of nobody: each caller gets exactly the answer
/// its own read would give (on PostgreSQL they are read in groups).
fn concurrent_reads_of_many_patients_each_get_that_patient_s_appointments(db: &Database) {
    const READERS: usize = 48;
    let c = clinic(db);
    let mut patients = vec![c.patient.clone()];
    patients.extend((0..5).map(|n| patient(db, 10 + n, &format!("Patient {n}"))));
    // Patient i has i appointments, on days of their own, latest first.
    for (i, p) in patients.iter().enumerate() {
        for d in (0..i).rev() {
            let day = u32::try_from(i * 5 + d + 1).unwrap();
            book(db, &appointment(p, &c.practitioner, at(5, day, 9, 0), 30)).unwrap();
        }
    }
    let mut nhs: Vec<_> = patients.iter().map(|p| p.nhs_number.clone()).collect();
    nhs.push(crate::fixtures::nhs(99));
    let alone: Vec<_> = nhs.iter().map(|n| db.for_patient(n).unwrap()).collect();
    assert_eq!(alone.last(), Some(&None));
    for (i, got) in alone.iter().take(patients.len()).enumerate() {
        let got = got.as_ref().unwrap();
        assert_eq!(got.len(), i);
        assert!(
            got.iter()
                .all(|v| v.appointment.patient.as_ref() == Some(&nhs[i]))
        );
        assert!(got.is_sorted_by_key(|v| v.appointment.start));
    }
    let barrier = Barrier::new(READERS);
    let together: Vec<_> = std::thread::scope(|s| {
        let reads: Vec<_> = (0..READERS)
            .map(|r| {
                let (nhs, barrier) = (&nhs, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    (r % nhs.len(), db.for_patient(&nhs[r % nhs.len()]).unwrap())
                })
            })
            .collect();
        reads.into_iter().map(|r| r.join().unwrap()).collect()
    });
    for (i, got) in together {
        assert_eq!(got, alone[i], "patient {i}");
    }
}

fn a_patient_s_appointments_come_in_start_order_and_an_unknown_patient_is_none(db: &Database) {
    let c = clinic(db);
    let other = patient(db, 2, "刘桂荣");
    let later = appointment(&c.patient, &c.practitioner, at(3, 5, 9, 0), 30);
    let earlier = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 90);
    let not_theirs = appointment(&other, &c.practitioner, at(3, 6, 9, 0), 30);
    for x in [&later, &earlier, &not_theirs] {
        book(db, x).unwrap();
    }
    let theirs = db.for_patient(&c.patient.nhs_number).unwrap().unwrap();
    let got: Vec<_> = theirs.iter().map(|v| v.appointment.clone()).collect();
    assert_eq!(got, [earlier, later]);
    assert_eq!(theirs[0].clinician, c.practitioner.name);
    let none_yet = patient(db, 3, "No Appointments");
    assert_eq!(db.for_patient(&none_yet.nhs_number).unwrap(), Some(vec![]));
    assert_eq!(db.for_patient(&crate::fixtures::nhs(4)).unwrap(), None);
}

fn ids(db: &Database, filter: AppointmentFilter, now: DateTime<Utc>) -> Vec<AppointmentId> {
    let page = db.list(&filter, now, PageRequest::default()).unwrap();
    assert_eq!(page.total as usize, page.items.len());
    page.items.iter().map(|v| v.appointment.id).collect()
}

fn the_filters_select_by_patient_practitioner_department_and_time(db: &Database) {
    let c = clinic(db);
    let other_patient = patient(db, 2, "Other Patient");
    let cardiology = department(db, "Cardiology");
    let heart = practitioner(db, "Dr Heart", &cardiology);
    let a = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    let b = appointment(&other_patient, &c.practitioner, at(3, 4, 10, 0), 30);
    let d = appointment(&c.patient, &heart, at(3, 5, 9, 0), 30);
    for x in [&a, &b, &d] {
        book(db, x).unwrap();
    }
    let now = at(1, 1, 0, 0);
    let all = AppointmentFilter::default();
    assert_eq!(ids(db, all.clone(), now), [a.id, b.id, d.id]);
    let of_patient = AppointmentFilter {
        patient: Some(c.patient.nhs_number.clone()),
        ..all.clone()
    };
    assert_eq!(ids(db, of_patient.clone(), now), [a.id, d.id]);
    let with_clark = AppointmentFilter {
        practitioner_id: Some(c.practitioner.id),
        ..all.clone()
    };
    assert_eq!(ids(db, with_clark, now), [a.id, b.id]);
    let in_cardiology = AppointmentFilter {
        department_id: Some(cardiology.id),
        ..all.clone()
    };
    assert_eq!(ids(db, in_cardiology, now), [d.id]);
    // `from` is inclusive, `to` exclusive.
    let window = AppointmentFilter {
        from: Some(at(3, 4, 10, 0)),
        to: Some(at(3, 5, 9, 0)),
        ..all.clone()
    };
    assert_eq!(ids(db, window, now), [b.id]);
    let combined = AppointmentFilter {
        from: Some(at(3, 4, 9, 30)),
        ..of_patient
    };
    assert_eq!(ids(db, combined, now), [d.id]);
    let view = &db.list(&all, now, PageRequest::default()).unwrap().items[2];
    assert_eq!(
        (view.clinician.as_ref(), view.department.as_ref()),
        ("Dr Heart", "Cardiology")
    );
}

fn the_status_filter_uses_the_effective_status_at_now(db: &Database) {
    let c = clinic(db);
    let with = |n: u32, day: u32, status: AppointmentStatus| {
        let p = patient(db, n, &format!("Patient {n}"));
        let x = Appointment {
            stored_status: status,
            series_id: None,
            ..appointment(&p, &c.practitioner, at(3, day, 9, 0), 60)
        };
        book(db, &x).unwrap();
        x.id
    };
    let ended_active = with(1, 1, AppointmentStatus::Active);
    let recorded_missed = with(2, 2, AppointmentStatus::Missed);
    let attended = with(3, 3, AppointmentStatus::Attended);
    let cancelled = with(4, 4, AppointmentStatus::Cancelled);
    let running_active = with(5, 5, AppointmentStatus::Active);
    let future_active = with(6, 6, AppointmentStatus::Active);
    // 09:59 on the 5th: the appointment of the 5th (09:00-10:00) is running.
    let now = at(3, 5, 9, 59);
    let status = |s: AppointmentStatus| AppointmentFilter {
        status: Some(s),
        ..AppointmentFilter::default()
    };
    assert_eq!(
        ids(db, status(AppointmentStatus::Missed), now),
        [ended_active, recorded_missed]
    );
    assert_eq!(
        ids(db, status(AppointmentStatus::Active), now),
        [running_active, future_active]
    );
    assert_eq!(
        ids(db, status(AppointmentStatus::Attended), now),
        [attended]
    );
    assert_eq!(
        ids(db, status(AppointmentStatus::Cancelled), now),
        [cancelled]
    );
    // At exactly its end, an active appointment is missed.
    let at_end = at(3, 5, 10, 0);
    assert_eq!(
        ids(db, status(AppointmentStatus::Missed), at_end),
        [ended_active, recorded_missed, running_active]
    );
    let read = db.get(ended_active).unwrap().unwrap().appointment;
    assert_eq!(read.status_at(now), AppointmentStatus::Missed);
}

fn appointments_are_ordered_by_start_then_id_and_paged_with_the_total(db: &Database) {
    let c = clinic(db);
    let colleague = practitioner(db, "Dr Colleague", &c.department);
    let mut expected = Vec::new();
    for n in 0..6u32 {
        let p = patient(db, n + 1, &format!("Patient {n}"));
        // Two appointments per start (two practitioners), starts out of order.
        let start = at(3, 4, 9 + (5 - n) / 2, 0);
        let who = if n % 2 == 0 {
            &c.practitioner
        } else {
            &colleague
        };
        let x = appointment(&p, who, start, 30);
        book(db, &x).unwrap();
        expected.push((x.start, x.id));
    }
    expected.sort();
    let now = at(1, 1, 0, 0);
    let page = db
        .list(&AppointmentFilter::default(), now, PageRequest::new(2, 3))
        .unwrap();
    assert_eq!(page.total, 6);
    let got: Vec<_> = page
        .items
        .iter()
        .map(|v| (v.appointment.start, v.appointment.id))
        .collect();
    assert_eq!(got, expected[2..5]);
    let filtered = AppointmentFilter {
        practitioner_id: Some(colleague.id),
        ..AppointmentFilter::default()
    };
    let page = db.list(&filtered, now, PageRequest::new(0, 1)).unwrap();
    assert_eq!((page.total, page.items.len()), (3, 1));
}
