//! Statements whose text is built at run time (the report's grouping, the
//! search's branches, upserts), with their values bound where they appear.
//! Diesel writes the placeholders (`?` or `$n`), and a statement whose text
//! repeats is prepared once per connection and then taken from its cache,
//! as Diesel's own queries are: the text must therefore hold no values,
//! only marks where they go.

use crate::connection::DbConnection;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::QueryResult;
use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::HasSqlType;
use diesel::sql_types::{Date, Nullable, Text, Timestamp, Untyped};
use std::marker::PhantomData;

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
}

/// A value bound to a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Bind {
    Text(String),
    Timestamp(NaiveDateTime),
    Date(NaiveDate),
    OptionalDate(Option<NaiveDate>),
}

/// Stands for the `n`th value in a statement's text: a character no SQL of
/// PANDA's holds, around the value's index.
const MARK: char = '\u{1}';

/// A statement and its values: the text marks where each value goes (a
/// value may go in more than one place).
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

    /// Binds `value` and returns the mark to write in the text where it
    /// goes.
    pub(crate) fn bind(&mut self, value: Bind) -> String {
        self.binds.push(value);
        Self::mark(self.binds.len() - 1)
    }

    /// The mark of the `n`th (0-based) value.
    pub(crate) fn mark(n: usize) -> String {
        format!("{MARK}{n}{MARK}")
    }

    /// `prefix` and the text, with the values bound, ready to run; rows
    /// are read by name (`QueryableByName`).
    pub(crate) fn bound(self, prefix: &str) -> Bound<Untyped> {
        self.typed(prefix)
    }

    /// `prefix` and the text, with the values bound, ready to run; rows
    /// are read by position as `ST` (`Queryable`), which is cheaper.
    pub(crate) fn typed<ST>(self, prefix: &str) -> Bound<ST> {
        Bound {
            text: format!("{prefix}{}", self.text),
            binds: self.binds,
            rows: PhantomData,
        }
    }
}

/// A [`Statement`] ready to run, whose rows are `ST`. Cached by Diesel by
/// its text.
#[derive(Debug)]
pub(crate) struct Bound<ST> {
    text: String,
    binds: Vec<Bind>,
    rows: PhantomData<ST>,
}

impl<ST> QueryId for Bound<ST> {
    type QueryId = ();
    // Keyed by the text rather than by the type: many texts share it.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<ST: 'static> Query for Bound<ST> {
    type SqlType = ST;
}

// On either backend's own connection too: a hot read may skip the
// MultiConnection's layer (`slots.rs`).
impl<ST, DB> QueryFragment<DB> for Bound<ST>
where
    DB: Backend + HasSqlType<Text> + HasSqlType<Timestamp> + HasSqlType<Date>,
    String: ToSql<Text, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
    NaiveDate: ToSql<Date, DB>,
    Option<NaiveDate>: ToSql<Nullable<Date>, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        // Text, then a value's index, then text, and so on.
        for (i, part) in self.text.split(MARK).enumerate() {
            if i % 2 == 0 {
                out.push_sql(part);
                continue;
            }
            let value = part
                .parse::<usize>()
                .ok()
                .and_then(|n| self.binds.get(n))
                .ok_or_else(|| {
                    diesel::result::Error::QueryBuilderError(
                        format!("a statement marks value {part:?}, which it does not have").into(),
                    )
                })?;
            match value {
                Bind::Text(text) => out.push_bind_param::<Text, _>(text)?,
                Bind::Timestamp(at) => out.push_bind_param::<Timestamp, _>(at)?,
                Bind::Date(day) => out.push_bind_param::<Date, _>(day)?,
                Bind::OptionalDate(day) => out.push_bind_param::<Nullable<Date>, _>(day)?,
            }
        }
        Ok(())
    }
}

impl<ST, C> diesel::RunQueryDsl<C> for Bound<ST> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_may_be_marked_more_than_once_and_each_mark_names_its_value() {
        let mut st = Statement::new();
        let a = st.bind(Bind::Text("a".into()));
        let b = st.bind(Bind::Text("b".into()));
        st.text = format!("SELECT {a}, {b}, {a}");
        let bound = st.bound("");
        let parts: Vec<&str> = bound.text.split(MARK).collect();
        assert_eq!(parts, ["SELECT ", "0", ", ", "1", ", ", "0", ""]);
    }
}
