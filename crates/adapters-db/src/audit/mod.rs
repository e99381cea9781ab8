//! The audit trail: [`append`], called inside every write's transaction,
//! [`forget`], called by a patient's erasure, and (in `read`)
//! `AuditRepository` for `Database`, which reads it back.
//!
//! A change's values are stored as JSON: `null`, a string (a plain value),
//! `{"vault": N}` (a patient's personal value, row N of `audit_vault`) or
//! `{"subject": true}` (the NHS number of the record's own patient, which
//! `audit_subjects` maps from the pseudonym). Erasure deletes the vault rows
//! and the mapping; both then read back as erased.

mod read;

use crate::connection::DbConnection;
use crate::errors::repository_error;
use crate::rows::{NewHistoryRow, instant_to_db};
use crate::schema::{appointment_history, audit_log, audit_subjects, audit_vault};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Nullable, Text, Timestamp};
use panda_domain::RepositoryError;
use panda_domain::audit::{AuditRecord, AuditValue, Entity};
use panda_domain::patient::NhsNumber;
use serde_json::{Value, json};

/// The pseudonym of `patient` in the trail, made on first use.
fn pseudonym(conn: &mut DbConnection, patient: &NhsNumber) -> Result<String, RepositoryError> {
    let known = |conn: &mut DbConnection| {
        audit_subjects::table
            .filter(audit_subjects::nhs_number.eq(patient.as_ref()))
            .select(audit_subjects::pseudonym)
            .first::<String>(conn)
            .optional()
            .map_err(repository_error)
    };
    if let Some(pseudonym) = known(conn)? {
        return Ok(pseudonym);
    }
    // Two transactions may both find none (on PostgreSQL they run side by
    // side): the unique index keeps one mapping, and the loser takes the
    // winner's instead of failing its write with a `Duplicate` that has
    // nothing to do with it.
    let insert = match conn {
        DbConnection::Sqlite(_) => {
            "INSERT INTO audit_subjects (pseudonym, nhs_number) VALUES (?, ?) ON CONFLICT (nhs_number) DO NOTHING"
        }
        DbConnection::Pg(_) => {
            "INSERT INTO audit_subjects (pseudonym, nhs_number) VALUES ($1, $2) ON CONFLICT (nhs_number) DO NOTHING"
        }
    };
    diesel::sql_query(insert)
        .into_boxed()
        .bind::<diesel::sql_types::Text, _>(uuid::Uuid::new_v4().to_string())
        .bind::<diesel::sql_types::Text, _>(patient.to_string())
        .execute(conn)
        .map_err(repository_error)?;
    known(conn)?.ok_or_else(|| RepositoryError::unexpected("the patient's pseudonym vanished"))
}

/// Appends `record` to the trail, on `conn` inside the caller's
/// transaction, so that the record and the write it describes are
/// committed (or rolled back) together.
pub(crate) fn append(conn: &mut DbConnection, record: &AuditRecord) -> Result<(), RepositoryError> {
    append_with_history(conn, record, None)
}

/// [`append`], and with it the appointment history row `history`, if any.
/// On PostgreSQL, when the record needs nothing from the vault (a booking
/// names only its own patient), the patient's pseudonym, the history row
/// and the record are written by ONE statement: a booking's round trips
/// are what its time goes on there (docs/benchmarks.md).
pub(crate) fn append_with_history(
    conn: &mut DbConnection,
    record: &AuditRecord,
    history: Option<&NewHistoryRow>,
) -> Result<(), RepositoryError> {
    if let (DbConnection::Pg(_), true) = (&*conn, in_one_statement(record)) {
        return append_in_one_statement(conn, record, history);
    }
    if let Some(row) = history {
        diesel::insert_into(appointment_history::table)
            .values(row)
            .execute(conn)
            .map_err(repository_error)?;
    }
    let subject = match &record.subject {
        Some(patient) => Some((pseudonym(conn, patient)?, patient)),
        None => None,
    };
    // A patient is found by their pseudonym: the trail never holds their
    // NHS number, and one index serves every kind of record.
    let entity_id = match (record.entity, &subject) {
        (Entity::Patient, Some((pseudonym, _))) => Some(pseudonym.clone()),
        _ => record.entity_id.clone(),
    };
    let mut changes = Vec::with_capacity(record.changes.len());
    for change in &record.changes {
        let mut side = |value: &Option<AuditValue>| stored(conn, value, subject.as_ref());
        let (old, new) = (side(&change.old)?, side(&change.new)?);
        changes.push(json!({ "field": change.field, "old": old, "new": new }));
    }
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(instant_to_db(record.at)),
            audit_log::actor.eq(record.actor.as_text()),
            audit_log::actor_name.eq(record.actor.display_name()),
            audit_log::action.eq(record.action.as_str()),
            audit_log::entity.eq(record.entity.as_str()),
            audit_log::entity_id.eq(&entity_id),
            audit_log::subject.eq(subject.map(|(pseudonym, _)| pseudonym)),
            audit_log::changes.eq(Value::Array(changes).to_string()),
        ))
        .execute(conn)
        .map(drop)
        .map_err(repository_error)
}

/// Whether `record` can be written by [`PgRecord`]: it names no personal
/// data but its own patient's NHS number, so nothing goes to the vault.
pub(crate) fn in_one_statement(record: &AuditRecord) -> bool {
    record.changes.iter().all(|c| {
        [&c.old, &c.new].into_iter().all(|v| match v {
            Some(AuditValue::Personal(text)) => {
                record.subject.as_ref().is_some_and(|p| p.as_ref() == text)
            }
            _ => true,
        })
    })
}

/// One value as stored: personal data other than the record's own
/// patient's NHS number goes to the vault, under their pseudonym.
fn stored(
    conn: &mut DbConnection,
    value: &Option<AuditValue>,
    subject: Option<&(String, &NhsNumber)>,
) -> Result<Value, RepositoryError> {
    Ok(match value {
        None | Some(AuditValue::Erased) => Value::Null,
        Some(AuditValue::Plain(text)) => Value::String(text.clone()),
        Some(AuditValue::Personal(text)) => match subject {
            Some((_, patient)) if patient.as_ref() == text => json!({ "subject": true }),
            Some((pseudonym, _)) => {
                let id: i64 = diesel::insert_into(audit_vault::table)
                    .values((
                        audit_vault::pseudonym.eq(pseudonym),
                        audit_vault::value.eq(text),
                    ))
                    .returning(audit_vault::id)
                    .get_result(conn)
                    .map_err(repository_error)?;
                json!({ "vault": id })
            }
            // Personal data with no patient to file it under would
            // outlive an erasure: refuse to write it.
            None => {
                return Err(RepositoryError::unexpected(
                    "an audit record holds personal data but names no patient",
                ));
            }
        },
    })
}

/// The changes of a record that names no personal data but its own
/// patient's NHS number, as stored.
fn plain_changes(record: &AuditRecord) -> String {
    let value = |v: &Option<AuditValue>| match v {
        Some(AuditValue::Plain(text)) => Value::String(text.clone()),
        Some(AuditValue::Personal(_)) => json!({ "subject": true }),
        None | Some(AuditValue::Erased) => Value::Null,
    };
    let changes: Vec<Value> = record
        .changes
        .iter()
        .map(|c| json!({ "field": c.field, "old": value(&c.old), "new": value(&c.new) }))
        .collect();
    Value::Array(changes).to_string()
}

/// PostgreSQL: the pseudonym (made if the patient has none), the history
/// row and the audit record in one statement.
fn append_in_one_statement(
    conn: &mut DbConnection,
    record: &AuditRecord,
    history: Option<&NewHistoryRow>,
) -> Result<(), RepositoryError> {
    let DbConnection::Pg(pg) = conn else {
        return Err(RepositoryError::unexpected(
            "a PostgreSQL statement was run on SQLite",
        ));
    };
    RecordStatement(PgRecord::new(record, history))
        .execute(pg)
        .map(drop)
        .map_err(repository_error)
}

/// An audit record (and an appointment's history row) as the tail of a
/// PostgreSQL statement: the common table expressions that find or make
/// the patient's pseudonym and append the history row, then the insert of
/// the record. A statement that writes more (a booking) puts its own
/// expressions first. Only for a record that needs nothing from the vault
/// (see [`append_with_history`]).
pub(crate) struct PgRecord<'a> {
    pseudonym: String,
    patient: Option<String>,
    at: chrono::NaiveDateTime,
    actor: String,
    actor_name: String,
    action: &'static str,
    entity: Entity,
    entity_id: Option<String>,
    changes: String,
    history: Option<&'a NewHistoryRow>,
    /// A common table expression the pseudonym, the history row and the
    /// record are written only beside: when it yields no row, none is
    /// written.
    after: Option<&'static str>,
}

impl<'a> PgRecord<'a> {
    /// `record` and its `history` row; `record` must name no personal
    /// data but its own patient's NHS number.
    pub(crate) fn new(record: &AuditRecord, history: Option<&'a NewHistoryRow>) -> Self {
        Self {
            pseudonym: uuid::Uuid::new_v4().to_string(),
            patient: record.subject.as_ref().map(|p| p.to_string()),
            at: instant_to_db(record.at),
            actor: record.actor.as_text(),
            actor_name: record.actor.display_name().to_owned(),
            action: record.action.as_str(),
            entity: record.entity,
            entity_id: record.entity_id.clone(),
            changes: plain_changes(record),
            history,
            after: None,
        }
    }

    /// Writes the history row and the record only beside a row of the
    /// common table expression `name`, which the statement defines first.
    pub(crate) fn after(mut self, name: &'static str) -> Self {
        self.after = Some(name);
        self
    }

    /// The expressions `s` (a new pseudonym), `p` (the patient's
    /// pseudonym: the subquery reads the table as it was before the
    /// statement, so a new one comes from `s`) and `h` (the history row),
    /// then the insert of the record. The caller has written `WITH ` or
    /// its own expressions and a comma.
    pub(crate) fn walk<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("s AS (INSERT INTO audit_subjects (pseudonym, nhs_number) SELECT ");
        out.push_bind_param::<Text, _>(&self.pseudonym)?;
        out.push_sql(", nhs FROM (SELECT ");
        out.push_bind_param::<Nullable<Text>, _>(&self.patient)?;
        out.push_sql(" AS nhs) AS given WHERE nhs IS NOT NULL");
        if let Some(name) = self.after {
            out.push_sql(" AND EXISTS (SELECT 1 FROM ");
            out.push_sql(name);
            out.push_sql(")");
        }
        out.push_sql(
            " ON CONFLICT (nhs_number) DO NOTHING RETURNING pseudonym), \
             p AS (SELECT COALESCE((SELECT pseudonym FROM s), \
             (SELECT pseudonym FROM audit_subjects WHERE nhs_number = ",
        );
        out.push_bind_param::<Nullable<Text>, _>(&self.patient)?;
        out.push_sql(")) AS pseudonym)");
        let beside = match self.after {
            Some(name) => format!(" FROM {name}"),
            None => String::new(),
        };
        if let Some(row) = self.history {
            out.push_sql(
                ", h AS (INSERT INTO appointment_history \
                 (appointment_id, at, actor, field, from_value, to_value) SELECT ",
            );
            out.push_bind_param::<Text, _>(&row.appointment_id)?;
            out.push_sql(", ");
            out.push_bind_param::<Timestamp, _>(&row.at)?;
            out.push_sql(", ");
            out.push_bind_param::<Text, _>(&row.actor)?;
            out.push_sql(", ");
            out.push_bind_param::<Text, _>(&row.field)?;
            out.push_sql(", ");
            out.push_bind_param::<Nullable<Text>, _>(&row.from_value)?;
            out.push_sql(", ");
            out.push_bind_param::<Nullable<Text>, _>(&row.to_value)?;
            out.push_sql(&beside);
            out.push_sql(")");
        }
        out.push_sql(
            " INSERT INTO audit_log \
             (at, actor, actor_name, action, entity, entity_id, subject, changes) SELECT ",
        );
        out.push_bind_param::<Timestamp, _>(&self.at)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&self.actor)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&self.actor_name)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(self.action)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(self.entity.as_str())?;
        // A patient's records are found by their pseudonym.
        if self.entity == Entity::Patient {
            out.push_sql(", p.pseudonym");
        } else {
            out.push_sql(", ");
            out.push_bind_param::<Nullable<Text>, _>(&self.entity_id)?;
        }
        out.push_sql(", p.pseudonym, ");
        out.push_bind_param::<Text, _>(&self.changes)?;
        out.push_sql(" FROM p");
        if let Some(name) = self.after {
            out.push_sql(", ");
            out.push_sql(name);
        }
        Ok(())
    }
}

/// [`PgRecord`] as a statement of its own. Its text depends only on the
/// record's shape, so Diesel prepares each shape once per connection and
/// caches it by its text.
struct RecordStatement<'a>(PgRecord<'a>);

impl QueryId for RecordStatement<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl QueryFragment<Pg> for RecordStatement<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("WITH ");
        self.0.walk(&mut out)
    }
}

impl RunQueryDsl<diesel::PgConnection> for RecordStatement<'_> {}

/// Forgets `patient` in the trail, inside their erasure's transaction: the
/// vault's copies of their personal data, and which NHS number their
/// pseudonym stood for. The trail's records stay, naming nobody.
pub(crate) fn forget(conn: &mut DbConnection, patient: &NhsNumber) -> Result<(), RepositoryError> {
    let pseudonym = audit_subjects::table
        .filter(audit_subjects::nhs_number.eq(patient.as_ref()))
        .select(audit_subjects::pseudonym)
        .first::<String>(conn)
        .optional()
        .map_err(repository_error)?;
    if let Some(pseudonym) = pseudonym {
        diesel::delete(audit_vault::table.filter(audit_vault::pseudonym.eq(&pseudonym)))
            .execute(conn)
            .map_err(repository_error)?;
        diesel::delete(audit_subjects::table.find(&pseudonym))
            .execute(conn)
            .map_err(repository_error)?;
    }
    Ok(())
}
