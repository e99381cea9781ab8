//! Rows as stored, and their conversion to and from the domain's types.
//! Reading back goes through the domain's own parsers, so a row changed
//! behind PANDA's back comes out as an error, never as an invalid value.

mod appointment;
mod directory;
mod patient;
mod schedule;
pub(crate) mod time;

pub(crate) use appointment::{AppointmentRow, HistoryRow, NewHistoryRow, SlotRow, ViewRow};
pub(crate) use directory::{DepartmentRow, LocationRow, OrganisationRow, PractitionerRow, RoleRow};
pub(crate) use patient::PatientRow;
pub(crate) use schedule::{AbsenceRow, HoldRow, ScheduleRow};

use crate::errors::corrupt;
use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use panda_domain::RepositoryError;
use std::fmt::Display;

/// An instant as stored: naive UTC, to the microsecond, which is as fine as
/// PostgreSQL's TIMESTAMP keeps. Both backends drop the same digits, so an
/// instant reads back the same wherever it was written.
pub(crate) fn instant_to_db(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.trunc_subsecs(6).naive_utc()
}

/// A stored instant, which is UTC by construction.
pub(crate) fn instant_from_db(stored: NaiveDateTime) -> DateTime<Utc> {
    stored.and_utc()
}

/// Parses a stored value with the domain's parser; `what` and `key` name
/// the record in the error.
pub(crate) fn parse<T, E: Display>(
    what: &str,
    key: &str,
    stored: &str,
    parser: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, RepositoryError> {
    parser(stored).map_err(|e| corrupt(what, key, format!("{stored:?}: {e}")))
}

/// Parses an optional stored value.
pub(crate) fn parse_opt<T, E: Display>(
    what: &str,
    key: &str,
    stored: Option<&str>,
    parser: impl FnOnce(&str) -> Result<T, E>,
) -> Result<Option<T>, RepositoryError> {
    stored.map(|s| parse(what, key, s, parser)).transpose()
}

#[cfg(all(test, feature = "test-support"))]
mod tests {
    use crate::schema::{patients, practitioners};
    use crate::testing::TestDatabase;
    use diesel::prelude::*;
    use panda_domain::directory::PractitionerRepository;
    use panda_domain::patient::{NhsNumber, PatientRepository};
    use panda_domain::{PageRequest, RepositoryError};

    #[test]
    fn a_stored_row_that_no_longer_parses_is_unexpected_not_a_panic() {
        let db = TestDatabase::sqlite();
        let mut conn = db.connection().unwrap();
        let nhs = "9434765919";
        diesel::insert_into(patients::table)
            .values((
                patients::nhs_number.eq(nhs),
                patients::name.eq("Mary Thomas"),
                patients::date_of_birth.eq(chrono::NaiveDate::MIN),
                patients::postcode.eq("not a postcode"),
                patients::version.eq(1_i64),
            ))
            .execute(&mut *conn)
            .unwrap();
        drop(conn);
        let nhs = NhsNumber::parse(nhs).unwrap();
        let read = PatientRepository::get(&*db, &nhs);
        assert!(
            matches!(read, Err(RepositoryError::Unexpected(_))),
            "{read:?}"
        );
        let listed = PatientRepository::list(&*db, &Default::default(), PageRequest::default());
        assert!(matches!(listed, Err(RepositoryError::Unexpected(_))));
    }

    #[test]
    fn a_practitioner_whose_stored_id_is_not_a_uuid_is_unexpected() {
        let db = TestDatabase::sqlite();
        let mut conn = db.connection().unwrap();
        diesel::sql_query(
            "INSERT INTO departments (id, name, version) VALUES ('d', 'Oncology', 1)",
        )
        .execute(&mut *conn)
        .unwrap();
        diesel::insert_into(practitioners::table)
            .values((
                practitioners::id.eq("42"),
                practitioners::name.eq("Dr Clark"),
                practitioners::department_id.eq("d"),
                practitioners::version.eq(1_i64),
            ))
            .execute(&mut *conn)
            .unwrap();
        drop(conn);
        let listed = PractitionerRepository::list(&*db, None, PageRequest::default());
        assert!(matches!(listed, Err(RepositoryError::Unexpected(_))));
    }
}
