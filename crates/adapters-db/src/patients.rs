//! [`PatientRepository`] for [`Database`].

use crate::connection::{Database, DbConnection};
use crate::errors::repository_error;
use crate::paging::{like_literal, limit, offset, settle_update, total};
use crate::rows::{PatientRow, instant_to_db};
use crate::schema::{appointments, patients};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use panda_domain::audit::AuditRecord;
use panda_domain::patient::{NhsNumber, Patient, PatientFilter, PatientRepository};
use panda_domain::{Conflict, Page, PageRequest, RepositoryError};

diesel::define_sql_function! {
    /// SQL `lower()`. SQLite's folds ASCII letters only, PostgreSQL's every
    /// letter; name search is therefore fully case-insensitive on
    /// PostgreSQL and ASCII-case-insensitive on SQLite.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

type BoxedPatients<'a> = patients::BoxedQuery<'a, crate::connection::MultiBackend>;

/// The patients `filter` selects, not yet ordered or paged.
fn filtered(filter: &PatientFilter) -> BoxedPatients<'static> {
    let mut query = patients::table.into_boxed();
    if let Some(name) = &filter.name_contains {
        let pattern = format!("%{}%", like_literal(name));
        query = query.filter(lower(patients::name).like(lower(pattern)).escape('\\'));
    }
    if let Some(prefix) = &filter.postcode_prefix {
        let pattern = format!("{}%", like_literal(prefix));
        query = query.filter(patients::postcode.like(pattern).escape('\\'));
    }
    query
}

/// Locks the patient's row until the transaction ends, so that a booking
/// cannot slip in between erase's check and its delete. PostgreSQL only:
/// SQLite's `BEGIN IMMEDIATE` already holds the whole database.
fn lock_patient(conn: &mut DbConnection, nhs_number: &str) -> QueryResult<Option<i64>> {
    let query = patients::table
        .filter(patients::nhs_number.eq(nhs_number))
        .select(patients::version);
    match conn {
        DbConnection::Pg(pg) => query.for_update().first(pg).optional(),
        DbConnection::Sqlite(_) => query.first(conn).optional(),
    }
}

impl PatientRepository for Database {
    fn insert(&self, patient: &Patient, audit: &AuditRecord) -> Result<Patient, RepositoryError> {
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            diesel::insert_into(patients::table)
                .values(PatientRow::new(patient, 1))
                .execute(conn)
                .map_err(repository_error)?;
            Ok(Patient {
                version: 1,
                ..patient.clone()
            })
        })
    }

    fn get(&self, nhs_number: &NhsNumber) -> Result<Option<Patient>, RepositoryError> {
        self.read(|conn| {
            patients::table
                .find(nhs_number.as_ref())
                .select(PatientRow::as_select())
                .first(conn)
                .optional()
                .map_err(repository_error)?
                .map(PatientRow::into_domain)
                .transpose()
        })
    }

    fn update(&self, patient: &Patient, audit: &AuditRecord) -> Result<Patient, RepositoryError> {
        let key = patient.nhs_number.as_ref();
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            let updated = diesel::update(
                patients::table
                    .filter(patients::nhs_number.eq(key))
                    .filter(patients::version.eq(patient.version)),
            )
            .set((
                patients::name.eq(patient.name.as_ref()),
                patients::date_of_birth.eq(patient.date_of_birth.date()),
                patients::postcode.eq(patient.postcode.as_ref()),
                patients::version.eq(patients::version + 1),
            ))
            .execute(conn)
            .map_err(repository_error)?;
            settle_update(updated, || {
                diesel::select(diesel::dsl::exists(patients::table.find(key))).get_result(conn)
            })?;
            Ok(Patient {
                version: patient.version + 1,
                ..patient.clone()
            })
        })
    }

    fn list(
        &self,
        filter: &PatientFilter,
        page: PageRequest,
    ) -> Result<Page<Patient>, RepositoryError> {
        self.scan(|conn| {
            let count: i64 = filtered(filter)
                .count()
                .get_result(conn)
                .map_err(repository_error)?;
            let rows: Vec<PatientRow> = filtered(filter)
                .order(patients::nhs_number)
                .offset(offset(page))
                .limit(limit(page))
                .select(PatientRow::as_select())
                .load(conn)
                .map_err(repository_error)?;
            let items = rows
                .into_iter()
                .map(PatientRow::into_domain)
                .collect::<Result<_, _>>()?;
            Ok(Page {
                items,
                total: total(count),
            })
        })
    }

    fn erase(
        &self,
        nhs_number: &NhsNumber,
        now: DateTime<Utc>,
        expected_version: Option<i64>,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError> {
        let key = nhs_number.as_ref();
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            let Some(version) = lock_patient(conn, key).map_err(repository_error)? else {
                return Err(RepositoryError::NotFound);
            };
            if expected_version.is_some_and(|expected| expected != version) {
                return Err(RepositoryError::Conflict(Conflict::StaleVersion));
            }
            let theirs = appointments::table.filter(appointments::patient_nhs.eq(key));
            let upcoming: bool = diesel::select(diesel::dsl::exists(
                theirs
                    .filter(appointments::status.eq("active"))
                    .filter(appointments::end_at.gt(instant_to_db(now))),
            ))
            .get_result(conn)
            .map_err(repository_error)?;
            if upcoming {
                return Err(RepositoryError::Conflict(
                    Conflict::PatientHasUpcomingAppointments,
                ));
            }
            diesel::update(theirs)
                .set((
                    appointments::patient_nhs.eq(None::<String>),
                    appointments::version.eq(appointments::version + 1),
                ))
                .execute(conn)
                .map_err(repository_error)?;
            diesel::delete(patients::table.find(key))
                .execute(conn)
                .map_err(repository_error)?;
            crate::idempotency::forget(conn, nhs_number)?;
            crate::audit::forget(conn, nhs_number)
        })
    }
}
