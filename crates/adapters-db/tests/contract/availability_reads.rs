//! The free-slot search's reads: the candidates for a filter, and the busy
//! time (absences, booked slots, live holds, the patient's booked days)
//! over a range, on both backends.

use crate::availability::{absence, audit_at, created, hold, weekday_mornings};
use crate::fixtures::{
    appointment, at, audit, book, change, clinic, department, location, organisation, patient,
    practitioner,
};
use chrono::{NaiveDate, TimeDelta};
use panda_adapters_db::Database;
use panda_domain::appointment::{AppointmentRepository, AppointmentStatus};
use panda_domain::common::ids::RoleId;
use panda_domain::directory::{PractitionerRepository as _, PractitionerRole};
use panda_domain::schedule::{
    BookedDay, HoldRepository, ScheduleRepository, SlotFilter, SlotSource, TimeZone, WorkingPattern,
};
use uuid::Uuid;

contract!(
    candidates_are_the_practitioners_with_patterns_matching_every_filter,
    busy_time_is_absences_live_bookings_and_live_holds,
    the_patients_booked_days_come_with_the_busy_time,
    booked_slots_follow_every_write,
);

fn candidates_are_the_practitioners_with_patterns_matching_every_filter(db: &Database) {
    let oncology = department(db, "Oncology");
    let cardiology = department(db, "Cardiology");
    let trust = organisation(db, "Trust");
    let clinic_a = location(db, "A", "N6 2FA");
    let with_pattern = |name: &str, dept| {
        let p = practitioner(db, name, dept);
        db.set_pattern(p.id, &weekday_mornings(), &audit()).unwrap();
        p
    };
    let bell = with_pattern("Dr Bell", &oncology);
    let adams = with_pattern("Dr Adams", &oncology);
    let heart = with_pattern("Dr Heart", &cardiology);
    let _idle = practitioner(db, "Dr Idle", &oncology);
    let at_a = practitioner(db, "Dr At A", &cardiology);
    let mut away = weekday_mornings().sessions().to_vec();
    away[0].location_id = Some(clinic_a.id);
    let pattern = WorkingPattern::new(
        TimeZone::LONDON,
        NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
        None,
        away,
    )
    .unwrap();
    db.set_pattern(at_a.id, &pattern, &audit()).unwrap();
    db.add_role(
        &PractitionerRole {
            id: RoleId::from_uuid(Uuid::new_v4()),
            practitioner_id: heart.id,
            organisation_id: Some(trust.id),
            location_id: clinic_a.id,
            department_id: cardiology.id,
        },
        &audit(),
    )
    .unwrap();
    let names = |filter: SlotFilter, limit| -> Vec<String> {
        db.candidates(&filter, limit)
            .unwrap()
            .into_iter()
            .map(|c| c.clinician.to_string())
            .collect()
    };
    let by_department = SlotFilter {
        department_id: Some(oncology.id),
        ..SlotFilter::default()
    };
    assert_eq!(names(by_department.clone(), 10), ["Dr Adams", "Dr Bell"]);
    assert_eq!(names(by_department, 1), ["Dr Adams"]);
    let one = SlotFilter {
        practitioner_id: Some(bell.id),
        ..SlotFilter::default()
    };
    assert_eq!(names(one, 10), ["Dr Bell"]);
    let by_organisation = SlotFilter {
        organisation_id: Some(trust.id),
        ..SlotFilter::default()
    };
    assert_eq!(names(by_organisation, 10), ["Dr Heart"]);
    let by_location = SlotFilter {
        location_id: Some(clinic_a.id),
        ..SlotFilter::default()
    };
    assert_eq!(names(by_location, 10), ["Dr At A"]);
    let both = SlotFilter {
        department_id: Some(oncology.id),
        practitioner_id: Some(heart.id),
        ..SlotFilter::default()
    };
    assert_eq!(names(both, 10), Vec::<String>::new());
    let found = db
        .candidates(
            &SlotFilter {
                practitioner_id: Some(adams.id),
                ..SlotFilter::default()
            },
            10,
        )
        .unwrap();
    assert_eq!(found[0].pattern, weekday_mornings());
    assert_eq!(found[0].department.to_string(), "Oncology");
}

fn busy_time_is_absences_live_bookings_and_live_holds(db: &Database) {
    let c = clinic(db);
    let colleague = practitioner(db, "Dr Other", &c.department);
    let other = patient(db, 1, "Other Patient");
    let now = at(3, 1, 8, 0);
    let (from, to) = (at(3, 4, 0, 0), at(3, 5, 0, 0));
    // The night before, into the range; inside; cancelled; after the range.
    let overnight = appointment(&c.patient, &c.practitioner, at(3, 3, 23, 0), 120);
    let inside = appointment(&other, &c.practitioner, at(3, 4, 9, 0), 30);
    let mut cancelled = appointment(&c.patient, &colleague, at(3, 4, 10, 0), 30);
    let after = appointment(&other, &c.practitioner, at(3, 5, 0, 0), 30);
    for a in [&overnight, &inside, &cancelled, &after] {
        book(db, a).unwrap();
    }
    cancelled.stored_status = AppointmentStatus::Cancelled;
    change(db, &cancelled).unwrap();
    let leave = absence(colleague.id, at(3, 4, 12, 0), at(3, 9, 0, 0));
    db.add_absence(&leave, &audit()).unwrap();
    let live = hold(colleague.id, at(3, 4, 9, 0), now + TimeDelta::minutes(5));
    let lapsed = hold(colleague.id, at(3, 4, 11, 0), now + TimeDelta::minutes(1));
    HoldRepository::insert(db, &live, now, &audit_at(now)).unwrap();
    HoldRepository::insert(db, &lapsed, now, &audit_at(now)).unwrap();
    let busy = db
        .busy(
            &[c.practitioner.id, colleague.id],
            None,
            from,
            to,
            now + TimeDelta::minutes(2),
        )
        .unwrap()
        .unwrap();
    // The appointments, as the 15-minute slots they take day by day, from
    // the range's first day (a slot takes time from its start on, so the
    // day before cannot matter) to the day its end falls on: the one from
    // the night before as far as it runs into the range, the one inside,
    // and the one just after; the cancelled one takes nothing.
    let mut mine = busy.booked[&c.practitioner.id].clone();
    mine.sort_by_key(|d| d.day);
    assert_eq!(
        mine,
        [
            booked_day(3, 4, (0..4).chain(36..38)),
            booked_day(3, 5, 0..2)
        ]
    );
    // The colleague's cancelled appointment left its day's row empty.
    let cleared = busy.booked.get(&colleague.id);
    assert!(
        cleared.is_none_or(|days| days.iter().all(|d| d.slots == 0)),
        "{cleared:?}"
    );
    assert!(!busy.practitioners.contains_key(&c.practitioner.id));
    let mut theirs = busy.practitioners[&colleague.id].clone();
    theirs.sort();
    assert_eq!(theirs, [(live.start, live.end()), (leave.start, leave.end)]);
    assert!(busy.patient_days.is_empty());
    // Nobody named: nothing read.
    let none = db.busy(&[], None, from, to, now).unwrap().unwrap();
    assert!(none.practitioners.is_empty());
}

fn booked_day(month: u32, day: u32, slots: impl IntoIterator<Item = u32>) -> BookedDay {
    BookedDay {
        day: NaiveDate::from_ymd_opt(2030, month, day).unwrap(),
        slots: slots.into_iter().fold(0, |mask, slot| mask | 1 << slot),
    }
}

/// The booked slots of every day, as the triggers keep them, against the
/// appointments stored, after bookings, a cancellation, a reschedule
/// across midnight and a hold taken over by a booking.
fn booked_slots_follow_every_write(db: &Database) {
    let c = clinic(db);
    let other = patient(db, 1, "Other Patient");
    let now = at(3, 1, 8, 0);
    let (from, to) = (at(3, 3, 0, 0), at(3, 7, 0, 0));
    let mut moved = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 60);
    let mut cancelled = appointment(&other, &c.practitioner, at(3, 4, 11, 0), 30);
    book(db, &moved).unwrap();
    book(db, &cancelled).unwrap();
    cancelled.stored_status = AppointmentStatus::Cancelled;
    change(db, &cancelled).unwrap();
    moved.start = at(3, 5, 23, 30);
    change(db, &moved).unwrap();
    // A hold that lapses, and a booking that takes its slot over.
    let lapsed = hold(
        c.practitioner.id,
        at(3, 6, 10, 0),
        now + TimeDelta::minutes(1),
    );
    HoldRepository::insert(db, &lapsed, now, &audit_at(now)).unwrap();
    let late = now + TimeDelta::minutes(2);
    let takeover = appointment(&other, &c.practitioner, at(3, 6, 10, 0), 30);
    AppointmentRepository::insert(db, &takeover, &created(late), &audit_at(late)).unwrap();
    let live = hold(
        c.practitioner.id,
        at(3, 6, 14, 0),
        late + TimeDelta::minutes(5),
    );
    HoldRepository::insert(db, &live, late, &audit_at(late)).unwrap();
    let busy = db
        .busy(&[c.practitioner.id], None, from, to, late)
        .unwrap()
        .unwrap();
    let mut days = busy.booked[&c.practitioner.id].clone();
    days.retain(|d| d.slots != 0);
    days.sort_by_key(|d| d.day);
    assert_eq!(
        days,
        [
            booked_day(3, 5, 94..96),
            booked_day(3, 6, (0..2).chain(40..42)),
        ]
    );
    // The live hold is a period, not a booked slot.
    assert_eq!(
        busy.practitioners[&c.practitioner.id],
        [(live.start, live.end())]
    );
}

fn the_patients_booked_days_come_with_the_busy_time(db: &Database) {
    let c = clinic(db);
    let now = at(3, 1, 8, 0);
    let booked = appointment(&c.patient, &c.practitioner, at(3, 5, 23, 30), 30);
    let mut cancelled = appointment(&c.patient, &c.practitioner, at(3, 6, 9, 0), 30);
    book(db, &booked).unwrap();
    book(db, &cancelled).unwrap();
    cancelled.stored_status = AppointmentStatus::Cancelled;
    change(db, &cancelled).unwrap();
    let busy = db
        .busy(
            &[],
            Some(c.patient.nhs_number.clone()),
            at(3, 4, 0, 0),
            at(3, 8, 0, 0),
            now,
        )
        .unwrap()
        .unwrap();
    let days: Vec<_> = busy.patient_days.into_iter().collect();
    assert_eq!(days, [NaiveDate::from_ymd_opt(2030, 3, 5).unwrap()]);
    // A patient with nothing booked exists all the same; nobody does not.
    let free = patient(db, 1, "Free Patient");
    let busy = db.busy(
        &[],
        Some(free.nhs_number),
        at(3, 4, 0, 0),
        at(3, 8, 0, 0),
        now,
    );
    assert!(busy.unwrap().unwrap().patient_days.is_empty());
    let nobody = crate::fixtures::nhs(99);
    assert_eq!(
        db.busy(&[], Some(nobody), at(3, 4, 0, 0), at(3, 8, 0, 0), now)
            .unwrap(),
        None
    );
}
