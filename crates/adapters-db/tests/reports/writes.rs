//! The report as records change: an appointment the clock has made missed,
//! every kind of write at every hour of the day, and the daily totals a
//! migration counts for appointments that were there before it.

use super::*;

contract!(
    an_active_appointment_that_has_ended_counts_as_missed_as_the_record_api_shows_it,
    the_report_follows_every_write_at_every_hour,
    the_daily_totals_of_existing_appointments_are_counted_when_the_migration_runs,
);

fn an_active_appointment_that_has_ended_counts_as_missed_as_the_record_api_shows_it(db: &Database) {
    use panda_domain::PageRequest;
    use panda_domain::appointment::{
        AppointmentDuration, AppointmentFilter, AppointmentRepository, AppointmentStatus,
    };
    let world = seed(db, SEED, 0);
    let now = now();
    let template = |n: i64, status: AppointmentStatus, minutes: u32| {
        let mut rng = seed::Rng::new(n as u64 + 1);
        panda_domain::appointment::Appointment {
            id: panda_domain::common::ids::AppointmentId::from_uuid(rng.uuid()),
            patient: None,
            practitioner_id: world.practitioners[0],
            department_id: world.departments[0],
            organisation_id: None,
            location_id: None,
            // Two hours apart, ending before `now`, then one running at
            // `now` and one in the future.
            start: utc(2030, 6, 12, 0, 0) + TimeDelta::hours(2 * n),
            duration: AppointmentDuration::from_minutes(minutes).unwrap(),
            stored_status: status,
            series_id: None,
            version: 1,
        }
    };
    use AppointmentStatus::*;
    let records = [
        template(0, Attended, 30),
        template(1, Missed, 45),
        template(2, Active, 60), // ended 03:00, never recorded: missed
        template(3, Cancelled, 15),
        template(5, Missed, 120), // 10:00-12:00, recorded early: not yet due
        template(6, Active, 30),  // 12:00: in the future
    ];
    let created = panda_domain::appointment::HistoryEntry {
        at: now,
        actor: "system".to_owned(),
        field: panda_domain::appointment::ChangedField::Created,
        from: None,
        to: Some("active".to_owned()),
    };
    for r in &records {
        AppointmentRepository::insert(db, r, &created, &audit()).unwrap();
    }
    let rows = db
        .missed(&query(vec![Dimension::Department], None), now, usize::MAX)
        .unwrap();
    assert_eq!(rows.len(), 1);
    let c = &rows[0].counts;
    assert_eq!((c.due, c.missed, c.attended, c.cancelled), (3, 2, 1, 1));
    assert_eq!(c.missed_minutes, 45 + 60);
    // The record API shows the same appointments as missed, plus the one
    // recorded missed before its end, which the report counts once it ends.
    let filter = AppointmentFilter {
        status: Some(Missed),
        ..AppointmentFilter::default()
    };
    let listed = db.list(&filter, now, PageRequest::default()).unwrap();
    let ended = listed.items.iter().filter(|v| v.appointment.end() <= now);
    assert_eq!(ended.count() as u64, c.missed);
    assert_eq!(listed.total, c.missed + 1);
}

/// The daily totals (migration `report_days`) are kept by the writes
/// themselves, and which days they answer depends on the clock: after
/// status changes, moves across days and between groups, and
/// cancellations, the report still equals a brute-force count at instants
/// around the seeded appointments, at midnight, and long before and after
/// them all.
fn the_report_follows_every_write_at_every_hour(db: &Database) {
    use panda_domain::appointment::{AppointmentRepository, AppointmentStatus};
    let mut world = seed(db, SEED, APPOINTMENTS);
    let mut rng = seed::Rng::new(7);
    let mut written = 0;
    for i in 0..world.appointments.len() {
        if rng.below(3) != 0 {
            continue;
        }
        let mut changed = world.appointments[i].clone();
        match rng.below(5) {
            0 => changed.stored_status = AppointmentStatus::Attended,
            1 => changed.stored_status = AppointmentStatus::Missed,
            2 => changed.stored_status = AppointmentStatus::Cancelled,
            3 => changed.start += TimeDelta::minutes(15 * (rng.below(96 * 4) as i64 - 96 * 2)),
            _ => {
                changed.department_id = world.departments[rng.below(3) as usize];
                changed.location_id = None;
            }
        }
        match AppointmentRepository::update(db, &changed, &[], &audit()) {
            Ok(()) => {
                changed.version += 1;
                world.appointments[i] = changed;
                written += 1;
            }
            // A move onto a taken slot or the patient's booked day.
            Err(panda_domain::RepositoryError::Conflict(_)) => {}
            Err(other) => panic!("{other:?}"),
        }
    }
    assert!(written > 60, "enough writes to mean something: {written}");
    let mut starts: Vec<_> = world.appointments.iter().map(|a| a.start).collect();
    starts.sort();
    let middle = starts[starts.len() / 2];
    // Just after midnight, with yesterday's appointment still running.
    let running = world
        .appointments
        .iter()
        .find(|a| {
            a.stored_status != AppointmentStatus::Cancelled
                && a.end().date_naive() > a.start.date_naive()
                && a.end().time() > chrono::NaiveTime::from_hms_opt(0, 1, 0).unwrap()
        })
        .unwrap();
    let nows = [
        running
            .end()
            .date_naive()
            .and_hms_opt(0, 1, 0)
            .unwrap()
            .and_utc(),
        now(),
        middle,
        middle + TimeDelta::minutes(10),
        middle.date_naive().and_hms_opt(0, 0, 0).unwrap().and_utc(),
        starts[0] - TimeDelta::days(30),
        starts[starts.len() - 1] + TimeDelta::days(30),
    ];
    let ranges = windows(&world);
    for at in nows {
        for &(from, to) in &ranges {
            for group_by in groupings() {
                for period in [None, Some(Period::Day), Some(Period::Month)] {
                    let mut q = query(group_by.clone(), period);
                    (q.from, q.to) = (from, to);
                    let got = db.missed(&q, at, usize::MAX).unwrap();
                    assert_eq!(got, brute::report(&world, &q, at), "{q:?} at {at}");
                }
            }
        }
    }
}

/// A database that had appointments before the daily totals existed: the
/// migration that adds them counts what is there.
fn the_daily_totals_of_existing_appointments_are_counted_when_the_migration_runs(db: &Database) {
    let world = seed(db, SEED, APPOINTMENTS);
    // Back to before `report_days`, through any migration added since.
    let mut reverted = 0;
    loop {
        let version = db.revert_last_migration().unwrap();
        reverted += 1;
        if version == "20261201000001" {
            break;
        }
        assert!(version.as_str() > "20261201000001", "{version}");
    }
    assert_eq!(db.run_migrations().unwrap().len(), reverted);
    for group_by in groupings() {
        for period in [None, Some(Period::Day), Some(Period::Week)] {
            check(db, &world, &query(group_by.clone(), period));
        }
    }
}
