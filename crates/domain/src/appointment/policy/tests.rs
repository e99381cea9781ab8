//! The booking rules, and the booking window.

mod window {
    use super::super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2030, 1, 15, 8, 10, 0).unwrap()
    }

    #[test]
    fn by_default_anything_from_now_to_a_year_ahead_may_be_booked() {
        let p = SchedulingPolicy::default();
        let half_hour = AppointmentDuration::HALF_HOUR;
        let soon = Utc.with_ymd_and_hms(2030, 1, 15, 8, 30, 0).unwrap();
        assert_eq!(p.check_booking(soon, half_hour, now()), Ok(()));
        let last = Utc.with_ymd_and_hms(2031, 1, 15, 8, 0, 0).unwrap();
        assert_eq!(p.check_booking(last, half_hour, now()), Ok(()));
        let beyond = Utc.with_ymd_and_hms(2031, 1, 15, 8, 30, 0).unwrap();
        assert_eq!(
            p.check_booking(beyond, half_hour, now()),
            Err(RuleViolation::OutsideBookingWindow {
                earliest: "2030-01-15T08:10:00Z".into(),
                latest: "2031-01-15T08:10:00Z".into(),
            })
        );
    }

    #[test]
    fn a_minimum_notice_refuses_starts_too_soon_and_says_the_range() {
        let p = SchedulingPolicy::default()
            .with_window(TimeDelta::hours(2), TimeDelta::days(14))
            .unwrap();
        let half_hour = AppointmentDuration::HALF_HOUR;
        let too_soon = Utc.with_ymd_and_hms(2030, 1, 15, 10, 0, 0).unwrap();
        let refused = p.check_booking(too_soon, half_hour, now()).unwrap_err();
        assert_eq!(refused.code(), "booking-outside-window");
        assert_eq!(
            refused.params(),
            vec![
                ("earliest", "2030-01-15T10:10:00Z".to_owned()),
                ("latest", "2030-01-29T08:10:00Z".to_owned()),
            ]
        );
        let enough = Utc.with_ymd_and_hms(2030, 1, 15, 10, 30, 0).unwrap();
        assert_eq!(p.check_booking(enough, half_hour, now()), Ok(()));
        // The past is still the past, whatever the window.
        let past = Utc.with_ymd_and_hms(2030, 1, 15, 8, 0, 0).unwrap();
        assert_eq!(
            p.check_booking(past, half_hour, now()),
            Err(RuleViolation::StartInThePast)
        );
    }

    #[test]
    fn a_window_must_be_a_window() {
        let p = SchedulingPolicy::default();
        for (notice, horizon) in [
            (TimeDelta::hours(-1), TimeDelta::days(1)),
            (TimeDelta::days(2), TimeDelta::days(1)),
            (TimeDelta::days(1), TimeDelta::days(1)),
            (TimeDelta::days(31), TimeDelta::days(60)),
            (TimeDelta::zero(), TimeDelta::days(5 * 366 + 1)),
        ] {
            assert_eq!(
                p.with_window(notice, horizon),
                Err(WindowError),
                "{notice} {horizon}"
            );
        }
        assert!(
            p.with_window(TimeDelta::zero(), TimeDelta::days(5 * 366))
                .is_ok()
        );
    }
}

mod rules {
    use super::super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2030, 1, 15, h, m, s)
            .single()
            .unwrap_or_default()
    }

    fn dur(m: u32) -> AppointmentDuration {
        AppointmentDuration::from_minutes(m).unwrap_or(AppointmentDuration::HALF_HOUR)
    }

    #[test]
    fn starts_on_the_hour_and_half_hour_are_on_the_grid() {
        let p = SchedulingPolicy::default();
        assert_eq!(p.check_grid(at(9, 0, 0)), Ok(()));
        assert_eq!(p.check_grid(at(9, 30, 0)), Ok(()));
    }

    #[test]
    fn other_minutes_seconds_and_sub_seconds_are_off_the_grid() {
        let p = SchedulingPolicy::default();
        let off = [
            at(9, 15, 0),
            at(9, 45, 0),
            at(9, 0, 1),
            at(9, 30, 0) + TimeDelta::nanoseconds(1),
        ];
        for start in off {
            assert_eq!(
                p.check_grid(start),
                Err(RuleViolation::NotOnGrid { grid: 30 }),
                "{start}"
            );
        }
    }

    #[test]
    fn durations_from_15_minutes_to_8_hours_in_15_minute_steps_are_allowed() {
        let p = SchedulingPolicy::default();
        for m in (15..=480).step_by(15) {
            assert_eq!(p.check_duration(dur(m)), Ok(()), "{m}");
        }
        for m in [1, 14, 20, 31, 495, 600] {
            assert!(p.check_duration(dur(m)).is_err(), "{m}");
        }
    }

    #[test]
    fn the_strict_policy_allows_30_minutes_only() {
        let p = SchedulingPolicy::strict();
        assert_eq!(p.check_duration(dur(30)), Ok(()));
        let refused = p.check_duration(dur(15));
        assert_eq!(
            refused,
            Err(RuleViolation::DurationNotAllowed {
                min: "30m".to_owned(),
                max: "30m".to_owned(),
                step: None,
            })
        );
    }

    #[test]
    fn the_default_duration_is_30_minutes() {
        assert_eq!(SchedulingPolicy::default().default_duration().minutes(), 30);
    }

    #[test]
    fn a_booking_must_start_strictly_after_now() {
        let p = SchedulingPolicy::default();
        let now = at(9, 0, 0);
        assert_eq!(
            p.check_booking(at(9, 0, 0), dur(30), now),
            Err(RuleViolation::StartInThePast)
        );
        assert_eq!(
            p.check_booking(at(8, 30, 0), dur(30), now),
            Err(RuleViolation::StartInThePast)
        );
        assert_eq!(p.check_booking(at(9, 30, 0), dur(30), now), Ok(()));
    }

    #[test]
    fn a_policy_whose_pieces_are_not_whole_slots_is_refused() {
        let range = DurationRule::Range {
            min: 15,
            max: 480,
            step: 15,
        };
        assert!(SchedulingPolicy::new(30, dur(30), range).is_ok());
        assert_eq!(SchedulingPolicy::new(20, dur(30), range), Err(PolicyError));
        assert_eq!(SchedulingPolicy::new(45, dur(45), range), Err(PolicyError));
        assert_eq!(
            SchedulingPolicy::new(30, dur(10), DurationRule::Exactly(10)),
            Err(PolicyError)
        );
        assert_eq!(
            SchedulingPolicy::new(30, dur(60), DurationRule::Exactly(30)),
            Err(PolicyError)
        );
    }

    #[test]
    fn the_utc_day_is_the_date_of_the_start_in_utc() {
        let late = at(23, 30, 0);
        assert_eq!(utc_day(late), late.date_naive());
        assert_ne!(utc_day(late), utc_day(late + TimeDelta::minutes(30)));
    }

    #[test]
    fn an_appointment_occupies_one_slot_per_15_minutes() {
        let slots: Vec<_> = occupied_slots(at(9, 0, 0), dur(90)).collect();
        assert_eq!(slots.len(), 6);
        assert_eq!(slots.first(), Some(&at(9, 0, 0)));
        assert_eq!(slots.last(), Some(&at(10, 15, 0)));
    }

    #[test]
    fn back_to_back_appointments_share_no_slot_but_overlapping_ones_do() {
        let first: Vec<_> = occupied_slots(at(9, 0, 0), dur(60)).collect();
        let next: Vec<_> = occupied_slots(at(10, 0, 0), dur(30)).collect();
        let overlapping: Vec<_> = occupied_slots(at(9, 30, 0), dur(30)).collect();
        assert!(next.iter().all(|s| !first.contains(s)));
        assert!(overlapping.iter().any(|s| first.contains(s)));
    }
}
