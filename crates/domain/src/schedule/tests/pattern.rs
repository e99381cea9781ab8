//! Working patterns and diaries.

use super::*;

#[test]
fn a_london_morning_session_is_nine_utc_in_winter_and_eight_in_summer() {
    let p = pattern(vec![session(Weekday::Mon, "09:00", "12:00")]);
    let january = utc(2030, 1, 14, 0, 0);
    assert_eq!(
        spans_on(&p, january),
        vec![(utc(2030, 1, 14, 9, 0), utc(2030, 1, 14, 12, 0))]
    );
    let july = utc(2030, 7, 15, 0, 0);
    assert_eq!(
        spans_on(&p, july),
        vec![(utc(2030, 7, 15, 8, 0), utc(2030, 7, 15, 11, 0))]
    );
}

#[test]
fn the_days_the_clocks_change_move_a_session_by_the_hour() {
    // 2030: British Summer Time from Sunday 31 March to Sunday 27 October.
    let p = pattern(vec![session(Weekday::Sun, "09:00", "12:00")]);
    for (day, start_hour) in [
        (utc(2030, 3, 24, 0, 0), 9),
        (utc(2030, 3, 31, 0, 0), 8),
        (utc(2030, 10, 20, 0, 0), 8),
        (utc(2030, 10, 27, 0, 0), 9),
    ] {
        let start = day + hours(start_hour);
        assert_eq!(spans_on(&p, day), vec![(start, start + hours(3))], "{day}");
    }
}

#[test]
fn local_days_shared_by_many_patterns_give_each_its_own_spans() {
    // One table of local midnights, asked in any order, across the spring
    // and autumn changes and for two zones, must give what a fresh look-up
    // of each pattern gives.
    let every_day = |zone: &str, from: NaiveDate| {
        let sessions = WEEKDAYS
            .into_iter()
            .flat_map(|d| [session(d, "00:30", "02:30"), session(d, "09:00", "17:00")])
            .collect();
        let zone = TimeZone::parse(zone).unwrap();
        WorkingPattern::new(zone, from, None, sessions).unwrap()
    };
    let patterns = [
        every_day("Europe/London", date(2030, 3, 20)),
        // Valid only from later on, then from earlier than the first asked.
        every_day("Europe/London", date(2030, 3, 30)),
        every_day("America/New_York", date(2030, 1, 1)),
        every_day("Europe/London", date(2030, 1, 1)),
    ];
    let mut shared = LocalDays::default();
    for (from, to) in [
        (utc(2030, 3, 25, 0, 0), utc(2030, 4, 8, 0, 0)),
        (utc(2030, 3, 1, 0, 0), utc(2030, 3, 15, 0, 0)),
        (utc(2030, 10, 20, 0, 0), utc(2030, 11, 6, 0, 0)),
    ] {
        for p in &patterns {
            assert_eq!(p.spans_with(from, to, &mut shared), p.spans(from, to));
        }
    }
    // The spring change in London: the clocks jump from 01:00 GMT to
    // 02:00 BST, so 00:30-02:30 local is one hour long.
    let spring =
        patterns[0].spans_with(utc(2030, 3, 31, 0, 0), utc(2030, 3, 31, 4, 0), &mut shared);
    assert_eq!(
        spring.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
        vec![(utc(2030, 3, 31, 0, 30), utc(2030, 3, 31, 1, 30))]
    );
}

#[test]
fn a_session_over_the_spring_gap_is_an_hour_shorter() {
    // 00:30 GMT to 02:30 BST: the clocks skip 01:00 to 02:00.
    let p = pattern(vec![session(Weekday::Sun, "00:30", "02:30")]);
    assert_eq!(
        spans_on(&p, utc(2030, 3, 31, 0, 0)),
        vec![(utc(2030, 3, 31, 0, 30), utc(2030, 3, 31, 1, 30))]
    );
    // A session that starts inside the gap starts when the clocks jump.
    let p = pattern(vec![session(Weekday::Sun, "01:00", "03:00")]);
    assert_eq!(
        spans_on(&p, utc(2030, 3, 31, 0, 0)),
        vec![(utc(2030, 3, 31, 1, 0), utc(2030, 3, 31, 2, 0))]
    );
}

#[test]
fn a_session_in_the_repeated_autumn_hour_starts_at_its_first_showing() {
    // 01:00 is shown twice on 27 October 2030: first at 00:00 UTC (BST).
    let p = pattern(vec![session(Weekday::Sun, "01:00", "02:00")]);
    assert_eq!(
        spans_on(&p, utc(2030, 10, 27, 0, 0)),
        vec![(utc(2030, 10, 27, 0, 0), utc(2030, 10, 27, 2, 0))]
    );
}

#[test]
fn other_time_zones_follow_their_own_rules() {
    let zone = TimeZone::parse("America/New_York").unwrap();
    let p = WorkingPattern::new(
        zone,
        date(2030, 1, 1),
        None,
        vec![session(Weekday::Mon, "09:00", "10:00")],
    )
    .unwrap();
    assert_eq!(
        spans_on(&p, utc(2030, 1, 14, 0, 0)),
        vec![(utc(2030, 1, 14, 14, 0), utc(2030, 1, 14, 15, 0))]
    );
}

#[test]
fn sessions_apply_only_between_valid_from_and_valid_until() {
    let p = WorkingPattern::new(
        TimeZone::LONDON,
        date(2030, 1, 14),
        Some(date(2030, 1, 20)),
        vec![session(Weekday::Mon, "09:00", "10:00")],
    )
    .unwrap();
    assert_eq!(spans_on(&p, utc(2030, 1, 7, 0, 0)), vec![]);
    assert_eq!(spans_on(&p, utc(2030, 1, 14, 0, 0)).len(), 1);
    assert_eq!(spans_on(&p, utc(2030, 1, 21, 0, 0)), vec![]);
}

#[test]
fn a_session_may_end_at_midnight() {
    let p = pattern(vec![session(Weekday::Mon, "22:00", "24:00")]);
    assert_eq!(
        spans_on(&p, utc(2030, 1, 14, 0, 0)),
        vec![(utc(2030, 1, 14, 22, 0), utc(2030, 1, 15, 0, 0))]
    );
}

#[test]
fn times_of_day_are_hh_mm_on_the_half_hour() {
    assert_eq!(time("09:30").minutes(), 570);
    assert_eq!(time("24:00").to_string(), "24:00");
    assert_eq!(ClockTime::parse("09:15"), Err(PatternError::TimeNotOnGrid));
    for bad in [
        "9:00", "09:60", "24:30", "ab:cd", "09-00", "", "009:00", "+9:00",
    ] {
        assert_eq!(
            ClockTime::parse(bad),
            Err(PatternError::TimeFormat),
            "{bad}"
        );
    }
}

#[test]
fn time_zones_are_iana_names_and_weekdays_english_names() {
    assert_eq!(TimeZone::parse("Europe/London"), Ok(TimeZone::LONDON));
    for bad in [
        "Mars/Olympus",
        "europe/london",
        "",
        "GMT+25",
        &"A".repeat(100),
    ] {
        assert_eq!(
            TimeZone::parse(bad),
            Err(PatternError::UnknownTimeZone),
            "{bad}"
        );
    }
    assert_eq!(parse_weekday("monday"), Ok(Weekday::Mon));
    assert_eq!(weekday_name(Weekday::Sun), "sunday");
    assert_eq!(parse_weekday("Mon"), Err(PatternError::UnknownWeekday));
}

#[test]
fn a_pattern_refuses_overlaps_and_backward_sessions_naming_each_field() {
    let error = WorkingPattern::new(
        TimeZone::LONDON,
        date(2030, 1, 1),
        Some(date(2029, 12, 31)),
        vec![
            session(Weekday::Mon, "09:00", "12:00"),
            session(Weekday::Mon, "11:30", "13:00"),
            session(Weekday::Tue, "12:00", "12:00"),
            // The same hours on another day do not overlap.
            session(Weekday::Wed, "09:00", "12:00"),
            // Adjacent sessions do not overlap.
            session(Weekday::Mon, "12:00", "13:00"),
        ],
    )
    .unwrap_err();
    assert_eq!(
        field_names(error),
        [
            "valid_until",
            "sessions[1]",
            "sessions[2].end",
            "sessions[4]"
        ]
    );
}

#[test]
fn a_pattern_has_at_most_seventy_sessions() {
    let many: Vec<Session> = (0..71)
        .map(|i| {
            let day = Weekday::try_from((i % 7) as u8).unwrap();
            let start = ClockTime::from_minutes((i / 7) as u16 * 60).unwrap();
            let end = ClockTime::from_minutes((i / 7) as u16 * 60 + 30).unwrap();
            Session {
                weekday: day,
                start,
                end,
                location_id: None,
            }
        })
        .collect();
    let error = WorkingPattern::new(TimeZone::LONDON, date(2030, 1, 1), None, many).unwrap_err();
    assert_eq!(field_names(error), ["sessions"]);
}

#[test]
fn an_absence_ends_after_it_starts_and_lasts_at_most_400_days() {
    let start = utc(2030, 1, 14, 9, 0);
    assert!(Absence::check_period(start, start + hours(1)).is_ok());
    assert!(Absence::check_period(start, start).is_err());
    assert!(Absence::check_period(start, start + TimeDelta::days(401)).is_err());
}

#[test]
fn a_diary_admits_only_time_wholly_inside_one_session_and_outside_absences() {
    let mut clinic = session(Weekday::Mon, "09:00", "12:00");
    clinic.location_id = Some(location(1));
    let diary = Diary {
        pattern: pattern(vec![clinic, session(Weekday::Mon, "12:00", "13:00")]),
        absences: vec![(utc(2030, 1, 14, 10, 0), utc(2030, 1, 14, 10, 30))],
    };
    let at = |h, m| utc(2030, 1, 14, h, m);
    assert!(diary.admits(at(9, 0), at(9, 30), None));
    assert!(diary.admits(at(9, 0), at(9, 30), Some(location(1))));
    assert!(
        !diary.admits(at(9, 0), at(9, 30), Some(location(2))),
        "elsewhere"
    );
    assert!(!diary.admits(at(8, 30), at(9, 30), None), "starts before");
    assert!(
        !diary.admits(at(11, 30), at(12, 30), None),
        "spans two sessions"
    );
    assert!(!diary.admits(at(10, 0), at(10, 30), None), "absent");
    assert!(
        !diary.admits(at(9, 30), at(10, 30), None),
        "runs into the absence"
    );
    assert!(diary.admits(at(10, 30), at(11, 0), None));
    assert!(
        diary.admits(at(12, 0), at(13, 0), Some(location(2))),
        "anywhere"
    );
    assert!(!diary.admits(utc(2030, 1, 15, 9, 0), utc(2030, 1, 15, 9, 30), None));
}
