//! [`IdempotencyStore`] for [`Database`]: one row per caller and key, so
//! every PANDA instance over one database sees the same keys.

use crate::connection::{Database, DbConnection};
use crate::errors::{corrupt, repository_error};
use crate::rows::{instant_from_db, instant_to_db};
use crate::schema::idempotency_keys as keys;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamp};
use panda_domain::RepositoryError;
use panda_domain::idempotency::{
    Entry, Fingerprint, IdempotencyKey, IdempotencyStore, Scope, StoredResponse,
};
use panda_domain::patient::NhsNumber;

/// A key's row, as read.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = keys)]
struct KeyRow {
    fingerprint: String,
    started_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    status: Option<i32>,
    headers: Option<String>,
    body: Option<Vec<u8>>,
    patient_nhs: Option<String>,
}

impl KeyRow {
    fn into_entry(self, key: &str) -> Result<Entry, RepositoryError> {
        let response = match (self.status, self.headers, self.body) {
            (Some(status), Some(headers), Some(body)) => Some(StoredResponse {
                status: u16::try_from(status)
                    .map_err(|_| corrupt("idempotency key", key, "status"))?,
                headers: serde_json::from_str(&headers)
                    .map_err(|_| corrupt("idempotency key", key, "headers"))?,
                body,
                patient: self
                    .patient_nhs
                    .map(|nhs| NhsNumber::parse(&nhs))
                    .transpose()
                    .map_err(|_| corrupt("idempotency key", key, "patient"))?,
            }),
            (None, _, _) => None,
            _ => return Err(corrupt("idempotency key", key, "response")),
        };
        Ok(Entry {
            fingerprint: Fingerprint::from_stored(self.fingerprint),
            started_at: instant_from_db(self.started_at),
            expires_at: instant_from_db(self.expires_at),
            response,
        })
    }
}

/// The row for (`scope`, `key`).
macro_rules! the_key {
    ($scope:expr, $key:expr) => {
        keys::table
            .filter(keys::scope.eq(&$scope.0))
            .filter(keys::key.eq($key.as_str()))
    };
}

impl IdempotencyStore for Database {
    fn insert(
        &self,
        scope: &Scope,
        key: &IdempotencyKey,
        entry: &Entry,
    ) -> Result<bool, RepositoryError> {
        // Two instances may insert the same key at once: the primary key
        // keeps one, and the other learns it lost (0 rows) rather than
        // failing.
        let sql = match self.backend() {
            crate::Backend::Sqlite => {
                "INSERT INTO idempotency_keys (scope, key, fingerprint, started_at, expires_at) \
                 VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO NOTHING"
            }
            crate::Backend::Postgres => {
                "INSERT INTO idempotency_keys (scope, key, fingerprint, started_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (scope, key) DO NOTHING"
            }
        };
        let inserted = self.write(|conn: &mut DbConnection| {
            diesel::sql_query(sql)
                .into_boxed()
                .bind::<Text, _>(&scope.0)
                .bind::<Text, _>(key.as_str())
                .bind::<Text, _>(entry.fingerprint.as_str())
                .bind::<Timestamp, _>(instant_to_db(entry.started_at))
                .bind::<Timestamp, _>(instant_to_db(entry.expires_at))
                .execute(conn)
                .map_err(repository_error)
        })?;
        Ok(inserted == 1)
    }

    fn get(&self, scope: &Scope, key: &IdempotencyKey) -> Result<Option<Entry>, RepositoryError> {
        let row = self.read(|conn| {
            the_key!(scope, key)
                .select(KeyRow::as_select())
                .first(conn)
                .optional()
                .map_err(repository_error)
        })?;
        row.map(|row| row.into_entry(key.as_str())).transpose()
    }

    fn replace(
        &self,
        scope: &Scope,
        key: &IdempotencyKey,
        replaced: DateTime<Utc>,
        entry: &Entry,
    ) -> Result<bool, RepositoryError> {
        let swapped = self.write(|conn| {
            diesel::update(
                the_key!(scope, key).filter(keys::started_at.eq(instant_to_db(replaced))),
            )
            .set((
                keys::fingerprint.eq(entry.fingerprint.as_str()),
                keys::started_at.eq(instant_to_db(entry.started_at)),
                keys::expires_at.eq(instant_to_db(entry.expires_at)),
                keys::status.eq(None::<i32>),
                keys::headers.eq(None::<String>),
                keys::body.eq(None::<Vec<u8>>),
                keys::patient_nhs.eq(None::<String>),
            ))
            .execute(conn)
            .map_err(repository_error)
        })?;
        Ok(swapped == 1)
    }

    fn complete(
        &self,
        scope: &Scope,
        key: &IdempotencyKey,
        started_at: DateTime<Utc>,
        response: &StoredResponse,
    ) -> Result<(), RepositoryError> {
        let headers =
            serde_json::to_string(&response.headers).map_err(RepositoryError::unexpected)?;
        self.write(|conn| {
            diesel::update(
                the_key!(scope, key).filter(keys::started_at.eq(instant_to_db(started_at))),
            )
            .set((
                keys::status.eq(Some(i32::from(response.status))),
                keys::headers.eq(Some(&headers)),
                keys::body.eq(Some(&response.body)),
                keys::patient_nhs.eq(response.patient.as_ref().map(|p| p.as_ref())),
            ))
            .execute(conn)
            .map_err(repository_error)
        })?;
        Ok(())
    }

    fn release(
        &self,
        scope: &Scope,
        key: &IdempotencyKey,
        started_at: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        self.write(|conn| {
            diesel::delete(
                the_key!(scope, key)
                    .filter(keys::started_at.eq(instant_to_db(started_at)))
                    .filter(keys::status.is_null()),
            )
            .execute(conn)
            .map_err(repository_error)
        })?;
        Ok(())
    }

    fn purge(&self, now: DateTime<Utc>) -> Result<u64, RepositoryError> {
        let deleted = self.write(|conn| {
            diesel::delete(keys::table.filter(keys::expires_at.le(instant_to_db(now))))
                .execute(conn)
                .map_err(repository_error)
        })?;
        Ok(deleted as u64)
    }
}

/// Deletes the kept answers about `patient`, inside an erasure's
/// transaction: an answer may quote their NHS number.
pub(crate) fn forget(conn: &mut DbConnection, patient: &NhsNumber) -> Result<(), RepositoryError> {
    diesel::delete(keys::table.filter(keys::patient_nhs.eq(patient.as_ref())))
        .execute(conn)
        .map_err(repository_error)?;
    Ok(())
}
