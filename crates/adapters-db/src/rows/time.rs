//! Timestamps and dates read from SQLite without chrono's format strings.
//!
//! SQLite keeps a `TIMESTAMP` as text, and Diesel reads each one by trying
//! format strings through chrono, which parses the format itself on every
//! call: three per appointment, about 5% of the CPU of a read of a
//! patient's appointments (docs/benchmarks.md). What PANDA writes is always
//! `YYYY-MM-DD HH:MM:SS` (whole seconds; a fraction only for instants taken
//! from the clock) and `YYYY-MM-DD`: these are read here digit by digit, and
//! anything else, including every fraction, goes to Diesel's own reader. On
//! PostgreSQL, whose timestamps are binary, Diesel's reader is used as is.

use crate::connection::MultiBackend;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::pg::{Pg, PgValue};
use diesel::sql_types::{Date, Timestamp};
use diesel::sqlite::{Sqlite, SqliteType, SqliteValue};

/// A `TIMESTAMP` column as read (`deserialize_as` on a row's field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromSqlRow)]
pub(crate) struct StoredTimestamp(pub(crate) NaiveDateTime);

/// A `DATE` column as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromSqlRow)]
pub(crate) struct StoredDate(pub(crate) NaiveDate);

impl From<StoredTimestamp> for NaiveDateTime {
    fn from(stored: StoredTimestamp) -> Self {
        stored.0
    }
}

impl From<StoredDate> for NaiveDate {
    fn from(stored: StoredDate) -> Self {
        stored.0
    }
}

impl FromSql<Timestamp, Sqlite> for StoredTimestamp {
    fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        if value.value_type() == Some(SqliteType::Text)
            && let Some(at) = parse_timestamp(value.read_text().as_bytes())
        {
            return Ok(Self(at));
        }
        <NaiveDateTime as FromSql<Timestamp, Sqlite>>::from_sql(value).map(Self)
    }
}

impl FromSql<Date, Sqlite> for StoredDate {
    fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        if value.value_type() == Some(SqliteType::Text)
            && let Some(day) = parse_date(value.read_text().as_bytes())
        {
            return Ok(Self(day));
        }
        <NaiveDate as FromSql<Date, Sqlite>>::from_sql(value).map(Self)
    }
}

impl FromSql<Timestamp, Pg> for StoredTimestamp {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<Timestamp, Pg>>::from_sql(value).map(Self)
    }
}

impl FromSql<Date, Pg> for StoredDate {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        <NaiveDate as FromSql<Date, Pg>>::from_sql(value).map(Self)
    }
}

impl FromSql<Timestamp, MultiBackend> for StoredTimestamp {
    fn from_sql(value: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        value.from_sql::<Self, Timestamp>()
    }
}

impl FromSql<Date, MultiBackend> for StoredDate {
    fn from_sql(value: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        value.from_sql::<Self, Date>()
    }
}

/// `YYYY-MM-DD HH:MM:SS`, exactly; `None` for anything else.
fn parse_timestamp(text: &[u8]) -> Option<NaiveDateTime> {
    let [date @ .., b' ', h1, h2, b':', m1, m2, b':', s1, s2] = text else {
        return None;
    };
    let day = parse_date(date)?;
    let time = NaiveTime::from_hms_opt(
        two_digits(*h1, *h2)?,
        two_digits(*m1, *m2)?,
        two_digits(*s1, *s2)?,
    )?;
    Some(day.and_time(time))
}

/// `YYYY-MM-DD`, exactly; `None` for anything else.
fn parse_date(text: &[u8]) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *text else {
        return None;
    };
    let year = two_digits(y1, y2)? * 100 + two_digits(y3, y4)?;
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        two_digits(m1, m2)?,
        two_digits(d1, d2)?,
    )
}

fn two_digits(tens: u8, units: u8) -> Option<u32> {
    let digit = |b: u8| b.is_ascii_digit().then(|| u32::from(b - b'0'));
    Some(digit(tens)? * 10 + digit(units)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_panda_writes_read_back_exactly() {
        let at = NaiveDate::from_ymd_opt(2030, 1, 15)
            .and_then(|d| d.and_hms_opt(9, 30, 0))
            .expect("a valid instant");
        assert_eq!(parse_timestamp(b"2030-01-15 09:30:00"), Some(at));
        assert_eq!(parse_date(b"2030-01-15"), Some(at.date()));
        // What Diesel writes, for every second of a day and every day of a
        // leap year, reads back as the value written.
        let start = NaiveDate::from_ymd_opt(2028, 1, 1).expect("a valid day");
        for day in start.iter_days().take(366) {
            let written = day.format("%F").to_string();
            assert_eq!(parse_date(written.as_bytes()), Some(day), "{written}");
        }
        let midnight = start.and_hms_opt(0, 0, 0).expect("a valid instant");
        for second in (0..86_400).step_by(7) {
            let instant = midnight + chrono::Duration::seconds(second);
            let written = instant.format("%F %T%.f").to_string();
            assert_eq!(
                parse_timestamp(written.as_bytes()),
                Some(instant),
                "{written}"
            );
        }
    }

    #[test]
    fn anything_else_is_left_to_diesel() {
        for text in [
            "2030-01-15 09:30:00.5",
            "2030-01-15T09:30:00",
            "2030-01-15 09:30",
            "2030-01-15 09:30:00Z",
            "2030-1-15 09:30:00",
            "2030-01-15 9:30:00 ",
            "2030-02-30 09:30:00",
            "2030-01-15 24:00:00",
            "2030-01-15 09:60:00",
            "2030-01-15 09:30:61",
            "2030-0a-15 09:30:00",
            "",
        ] {
            assert_eq!(parse_timestamp(text.as_bytes()), None, "{text}");
        }
        for text in [
            "2030-02-29",
            "2030-13-01",
            "2030-00-10",
            "+030-01-15",
            "2030-01-1",
            "",
        ] {
            assert_eq!(parse_date(text.as_bytes()), None, "{text}");
        }
    }
}
