//! Statements whose text is built at run time (the report's grouping, the
//! search's branches, upserts), with their values bound in order: the only
//! difference the two backends make is the placeholder.

use crate::connection::{DbConnection, MultiBackend};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{Date, Nullable, Text, Timestamp};

/// Which SQL the text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The dialect of `conn`.
    pub(crate) fn of(conn: &DbConnection) -> Self {
        match conn {
            DbConnection::Sqlite(_) => Dialect::Sqlite,
            DbConnection::Pg(_) => Dialect::Postgres,
        }
    }

    /// The `n`th (1-based) bound parameter.
    fn placeholder(self, n: usize) -> String {
        match self {
            Dialect::Sqlite => format!("?{n}"),
            Dialect::Postgres => format!("${n}"),
        }
    }
}

/// A value bound to a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Bind {
    Text(String),
    Timestamp(NaiveDateTime),
    Date(NaiveDate),
    OptionalDate(Option<NaiveDate>),
}

/// A statement and the values of its placeholders, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statement {
    pub(crate) text: String,
    pub(crate) binds: Vec<Bind>,
}

impl Statement {
    /// An empty statement.
    pub(crate) fn new() -> Self {
        Self {
            text: String::new(),
            binds: Vec::new(),
        }
    }

    /// Binds `value` and returns its placeholder.
    pub(crate) fn bind(&mut self, dialect: Dialect, value: Bind) -> String {
        self.binds.push(value);
        dialect.placeholder(self.binds.len())
    }

    /// `prefix` and the text, with the values bound, ready to run.
    pub(crate) fn bound(self, prefix: &str) -> BoxedSqlQuery<'static, MultiBackend, SqlQuery> {
        let mut query = diesel::sql_query(format!("{prefix}{}", self.text)).into_boxed();
        for value in self.binds {
            query = match value {
                Bind::Text(text) => query.bind::<Text, _>(text),
                Bind::Timestamp(at) => query.bind::<Timestamp, _>(at),
                Bind::Date(day) => query.bind::<Date, _>(day),
                Bind::OptionalDate(day) => query.bind::<Nullable<Date>, _>(day),
            };
        }
        query
    }
}
