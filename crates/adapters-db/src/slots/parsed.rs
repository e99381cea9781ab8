//! The candidates of earlier searches, already parsed, keyed by the text
//! they were parsed from.
//!
//! Parsing a practitioner's row (their id, name, department and working
//! pattern, a line per session) cost about a sixth of a free-slot search's
//! instructions: fifty practitioners a search, each with ten sessions.
//! The rows are still read on every search, and one is parsed again
//! whenever any of its text differs from what was parsed before, so a
//! change made by any instance is seen at once: this holds no state of the
//! database's, only what a function of the text returned.

use crate::rows::ScheduleRow;
use panda_domain::schedule::Candidate;
use std::collections::HashMap;
use std::sync::Mutex;

/// A practitioner's row as the search reads it: id, name, department's
/// name, working pattern.
pub(super) type CandidateRow = (String, String, String, ScheduleRow);

/// Candidates by the row they were parsed from; at most
/// [`ParsedCandidates::CAPACITY`] of them (then it starts again empty).
#[derive(Debug, Default)]
pub(crate) struct ParsedCandidates {
    parsed: Mutex<HashMap<CandidateRow, Candidate>>,
}

impl ParsedCandidates {
    /// Rows kept: every diary of a large trust, and the rows' text is a few
    /// hundred bytes each.
    pub(crate) const CAPACITY: usize = 10_000;

    /// The candidate of each row, in order: from the rows parsed before,
    /// or by `parse` (whose failure is returned and not kept).
    pub(super) fn get_or_parse<E>(
        &self,
        rows: Vec<CandidateRow>,
        parse: impl Fn(&CandidateRow) -> Result<Candidate, E>,
    ) -> Result<Vec<Candidate>, E> {
        // A panic while the lock was held left nothing half-written that
        // matters: every entry is whole.
        let mut parsed = self.parsed.lock().unwrap_or_else(|e| e.into_inner());
        let mut candidates = Vec::with_capacity(rows.len());
        for row in rows {
            if let Some(candidate) = parsed.get(&row) {
                candidates.push(candidate.clone());
                continue;
            }
            let candidate = parse(&row)?;
            if parsed.len() >= Self::CAPACITY {
                parsed.clear();
            }
            parsed.insert(row, candidate.clone());
            candidates.push(candidate);
        }
        Ok(candidates)
    }

    /// How many rows are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.parsed.lock().map(|p| p.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use panda_domain::common::ids::PractitionerId;
    use panda_domain::common::text::{Label, PersonName};
    use panda_domain::schedule::{TimeZone, WorkingPattern};

    fn row(name: &str, sessions: &str) -> CandidateRow {
        let id = "0190b3f4-0000-7000-8000-000000000001".to_owned();
        let schedule = ScheduleRow {
            practitioner_id: id.clone(),
            time_zone: "Europe/London".to_owned(),
            valid_from: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            valid_until: None,
            sessions: sessions.to_owned(),
        };
        (id, name.to_owned(), "Cardiology".to_owned(), schedule)
    }

    fn parse(row: &CandidateRow, calls: &std::cell::Cell<u32>) -> Result<Candidate, String> {
        calls.set(calls.get() + 1);
        let pattern = row.3.clone().into_domain().map_err(|e| e.to_string())?;
        Ok(Candidate {
            practitioner_id: PractitionerId::parse(&row.0).map_err(|e| e.to_string())?,
            clinician: PersonName::parse(&row.1).map_err(|e| e.to_string())?,
            department: Label::parse(&row.2).map_err(|e| e.to_string())?,
            pattern,
        })
    }

    #[test]
    fn a_row_is_parsed_once_and_again_only_when_its_text_changes() {
        let cache = ParsedCandidates::default();
        let calls = std::cell::Cell::new(0);
        let monday = "monday 09:00 12:00 -";
        let first = cache
            .get_or_parse(vec![row("Dr Ada", monday)], |r| parse(r, &calls))
            .unwrap();
        let again = cache
            .get_or_parse(vec![row("Dr Ada", monday)], |r| parse(r, &calls))
            .unwrap();
        assert_eq!((first.clone(), calls.get()), (again, 1));
        // Another instance renamed her and moved her session: both are seen.
        let changed = cache
            .get_or_parse(vec![row("Dr Ada Byron", "monday 13:00 17:00 -")], |r| {
                parse(r, &calls)
            })
            .unwrap();
        assert_eq!(calls.get(), 2);
        assert_eq!(changed[0].clinician.as_ref(), "Dr Ada Byron");
        let expected = WorkingPattern::new(
            TimeZone::LONDON,
            NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            None,
            vec![panda_domain::schedule::Session {
                weekday: chrono::Weekday::Mon,
                start: panda_domain::schedule::ClockTime::parse("13:00").unwrap(),
                end: panda_domain::schedule::ClockTime::parse("17:00").unwrap(),
                location_id: None,
            }],
        )
        .unwrap();
        assert_eq!(changed[0].pattern, expected);
        assert_ne!(first[0].pattern, changed[0].pattern);
    }

    #[test]
    fn a_row_that_fails_to_parse_is_reported_every_time_and_not_kept() {
        let cache = ParsedCandidates::default();
        let calls = std::cell::Cell::new(0);
        for _ in 0..2 {
            let result = cache.get_or_parse(vec![row("Dr Ada", "someday 09:00 12:00 -")], |r| {
                parse(r, &calls)
            });
            assert!(result.is_err());
        }
        assert_eq!((calls.get(), cache.len()), (2, 0));
    }

    #[test]
    fn the_cache_starts_again_empty_when_full() {
        let cache = ParsedCandidates::default();
        let calls = std::cell::Cell::new(0);
        for i in 0..=ParsedCandidates::CAPACITY {
            let name = format!("Dr {i}");
            cache
                .get_or_parse(vec![row(&name, "monday 09:00 12:00 -")], |r| {
                    parse(r, &calls)
                })
                .unwrap();
        }
        assert_eq!(cache.len(), 1);
    }
}
