//! The free-slot search.

use super::*;

pub(super) fn practitioner(n: u128) -> PractitionerId {
    PractitionerId::from_uuid(Uuid::from_u128(n))
}
fn candidate(n: u128, name: &str, sessions: Vec<Session>) -> Candidate {
    Candidate {
        practitioner_id: practitioner(n),
        clinician: PersonName::parse(name).unwrap(),
        department: Label::parse("oncology").unwrap(),
        pattern: pattern(sessions),
    }
}
fn query(from: DateTime<Utc>, to: DateTime<Utc>, minutes: u32) -> SlotQuery {
    let filter = SlotFilter {
        practitioner_id: Some(practitioner(1)),
        ..SlotFilter::default()
    };
    SlotQuery::new(
        from,
        to,
        AppointmentDuration::from_minutes(minutes).unwrap(),
        filter,
        None,
    )
    .unwrap()
}
fn starts(slots: &[Slot]) -> Vec<(u128, String)> {
    slots
        .iter()
        .map(|s| {
            (
                s.practitioner_id.as_uuid().as_u128(),
                s.start.format("%d %H:%M").to_string(),
            )
        })
        .collect()
}

const NOW: fn() -> DateTime<Utc> = || utc(2030, 1, 1, 0, 0);

#[test]
fn free_slots_are_the_grid_starts_inside_sessions_left_free() {
    let c = [candidate(
        1,
        "A",
        vec![session(Weekday::Mon, "09:00", "11:00")],
    )];
    let q = query(utc(2030, 1, 14, 0, 0), utc(2030, 1, 15, 0, 0), 30);
    let mut busy = BusyTime::default();
    busy.practitioners.insert(
        practitioner(1),
        vec![(utc(2030, 1, 14, 9, 30), utc(2030, 1, 14, 10, 0))],
    );
    let slots = free_slots(&q, &c, &busy, &SchedulingPolicy::default(), NOW());
    assert_eq!(
        starts(&slots),
        [
            (1, "14 09:00".into()),
            (1, "14 10:00".into()),
            (1, "14 10:30".into())
        ]
    );
    assert_eq!(slots[0].end, utc(2030, 1, 14, 9, 30));
    // An hour fits only where an hour is free, wholly inside the session.
    let q = query(utc(2030, 1, 14, 0, 0), utc(2030, 1, 15, 0, 0), 60);
    let slots = free_slots(&q, &c, &busy, &SchedulingPolicy::default(), NOW());
    assert_eq!(starts(&slots), [(1, "14 10:00".into())]);
}

#[test]
fn free_slots_start_inside_the_range_and_obey_the_booking_window() {
    let c = [candidate(
        1,
        "A",
        vec![session(Weekday::Mon, "09:00", "11:00")],
    )];
    // From 09:10: the first grid start is 09:30.
    let q = query(utc(2030, 1, 14, 9, 10), utc(2030, 1, 14, 10, 30), 30);
    let slots = free_slots(
        &q,
        &c,
        &BusyTime::default(),
        &SchedulingPolicy::default(),
        NOW(),
    );
    assert_eq!(
        starts(&slots),
        [(1, "14 09:30".into()), (1, "14 10:00".into())]
    );
    // With two days' notice from Saturday 12th 09:45, Monday's slots before
    // 09:45 are too soon.
    let policy = SchedulingPolicy::default()
        .with_window(TimeDelta::days(2), TimeDelta::days(365))
        .unwrap();
    let q = query(utc(2030, 1, 14, 0, 0), utc(2030, 1, 15, 0, 0), 30);
    let slots = free_slots(
        &q,
        &c,
        &BusyTime::default(),
        &policy,
        utc(2030, 1, 12, 9, 45),
    );
    assert_eq!(starts(&slots)[0], (1, "14 10:00".into()));
    // Nothing in the past.
    let slots = free_slots(
        &q,
        &c,
        &BusyTime::default(),
        &SchedulingPolicy::default(),
        utc(2030, 1, 14, 10, 0),
    );
    assert_eq!(starts(&slots), [(1, "14 10:30".into())]);
}

#[test]
fn free_slots_leave_out_the_patients_booked_days_and_other_locations() {
    let mut away = session(Weekday::Tue, "09:00", "10:00");
    away.location_id = Some(location(2));
    let c = [candidate(
        1,
        "A",
        vec![session(Weekday::Mon, "09:00", "10:00"), away],
    )];
    let q = query(utc(2030, 1, 14, 0, 0), utc(2030, 1, 16, 0, 0), 30);
    let mut busy = BusyTime::default();
    busy.patient_days.insert(date(2030, 1, 14));
    let slots = free_slots(&q, &c, &busy, &SchedulingPolicy::default(), NOW());
    assert_eq!(
        starts(&slots),
        [(1, "15 09:00".into()), (1, "15 09:30".into())]
    );
    assert_eq!(slots[0].location_id, Some(location(2)));
    let mut at_one = q.clone();
    at_one = SlotQuery::new(
        at_one.from(),
        at_one.to(),
        at_one.duration(),
        SlotFilter {
            location_id: Some(location(1)),
            ..SlotFilter::default()
        },
        None,
    )
    .unwrap();
    let slots = free_slots(
        &at_one,
        &c,
        &BusyTime::default(),
        &SchedulingPolicy::default(),
        NOW(),
    );
    assert_eq!(slots, vec![]);
}

#[test]
fn free_slots_of_several_clinicians_come_in_start_then_name_order() {
    let c = [
        candidate(2, "Zed", vec![session(Weekday::Mon, "09:00", "10:00")]),
        candidate(1, "Amy", vec![session(Weekday::Mon, "09:30", "10:30")]),
    ];
    let q = query(utc(2030, 1, 14, 0, 0), utc(2030, 1, 15, 0, 0), 30);
    let slots = free_slots(
        &q,
        &c,
        &BusyTime::default(),
        &SchedulingPolicy::default(),
        NOW(),
    );
    assert_eq!(
        starts(&slots),
        [
            (2, "14 09:00".into()),
            (1, "14 09:30".into()),
            (2, "14 09:30".into()),
            (1, "14 10:00".into()),
        ]
    );
}

#[test]
fn a_search_covers_at_most_31_days_and_names_whose_diary() {
    let from = utc(2030, 1, 14, 0, 0);
    let d = AppointmentDuration::HALF_HOUR;
    let filter = SlotFilter {
        department_id: Some(crate::common::ids::DepartmentId::from_uuid(Uuid::nil())),
        ..SlotFilter::default()
    };
    assert!(SlotQuery::new(from, from + TimeDelta::days(31), d, filter.clone(), None).is_ok());
    let too_long = SlotQuery::new(from, from + TimeDelta::days(32), d, filter.clone(), None);
    assert_eq!(
        too_long.map_err(|e| e.errors[0].code),
        Err("slots-range-too-long")
    );
    let empty = SlotQuery::new(from, from, d, filter, None);
    assert_eq!(
        empty.map_err(|e| e.errors[0].code),
        Err("slots-range-empty")
    );
    let patient = NhsNumber::parse("9434765919").ok();
    let unfiltered = SlotQuery::new(from, from + hours(1), d, SlotFilter::default(), patient);
    assert_eq!(
        unfiltered.map_err(|e| e.errors[0].code),
        Err("slots-filter-missing")
    );
}

#[test]
fn booked_slots_of_a_day_keep_their_time_out_of_the_search() {
    use super::slots::BookedDay;
    let c = [candidate(
        1,
        "A",
        vec![session(Weekday::Mon, "09:00", "11:00")],
    )];
    let q = query(utc(2030, 1, 14, 0, 0), utc(2030, 1, 15, 0, 0), 30);
    // 09:45 to 10:00 is slot 39 of the day (15-minute slots).
    let mut busy = BusyTime::default();
    busy.booked.insert(
        practitioner(1),
        vec![BookedDay {
            day: date(2030, 1, 14),
            slots: 1 << 39,
        }],
    );
    let slots = free_slots(&q, &c, &busy, &SchedulingPolicy::default(), NOW());
    assert_eq!(
        starts(&slots),
        [
            (1, "14 09:00".into()),
            (1, "14 10:00".into()),
            (1, "14 10:30".into())
        ]
    );
    // New York's evening is past midnight UTC: a slot booked at 00:00 UTC
    // on the next day keeps out every slot that runs into it.
    let evening = WorkingPattern::new(
        TimeZone::parse("America/New_York").unwrap(),
        date(2030, 1, 1),
        None,
        vec![session(Weekday::Mon, "18:00", "21:00")],
    )
    .unwrap();
    let c = [Candidate {
        pattern: evening,
        ..candidate(1, "A", vec![])
    }];
    let q = query(utc(2030, 1, 14, 0, 0), utc(2030, 1, 16, 0, 0), 90);
    let mut busy = BusyTime::default();
    busy.booked.insert(
        practitioner(1),
        vec![BookedDay {
            day: date(2030, 1, 15),
            slots: 1,
        }],
    );
    let free = free_slots(&q, &c, &busy, &SchedulingPolicy::default(), NOW());
    assert_eq!(starts(&free), [(1, "15 00:30".into())]);
    assert_eq!(BookedDay::SLOTS, 96);
}

#[test]
fn a_full_day_before_the_range_takes_nothing_from_the_range() {
    use super::slots::BookedDay;
    let c = [candidate(
        1,
        "A",
        vec![session(Weekday::Mon, "00:00", "02:00")],
    )];
    let q = query(utc(2030, 1, 14, 0, 0), utc(2030, 1, 15, 0, 0), 30);
    let mut busy = BusyTime::default();
    let every_slot = (1u128 << BookedDay::SLOTS) - 1;
    busy.booked.insert(
        practitioner(1),
        vec![BookedDay {
            day: date(2030, 1, 13),
            slots: every_slot,
        }],
    );
    let policy = SchedulingPolicy::default();
    let free = free_slots(&q, &c, &busy, &policy, NOW());
    assert_eq!(
        starts(&free),
        [
            (1, "14 00:00".into()),
            (1, "14 00:30".into()),
            (1, "14 01:00".into()),
            (1, "14 01:30".into())
        ]
    );
    // The same day's slots do: the first hour booked leaves the second.
    busy.booked.insert(
        practitioner(1),
        vec![BookedDay {
            day: date(2030, 1, 14),
            slots: 0b1111,
        }],
    );
    let free = free_slots(&q, &c, &busy, &policy, NOW());
    assert_eq!(
        starts(&free),
        [(1, "14 01:00".into()), (1, "14 01:30".into())]
    );
}
