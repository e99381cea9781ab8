//! [`DepartmentRepository`] for [`Database`].

use crate::connection::Database;
use crate::errors::repository_error;
use crate::paging::{limit, offset, settle_update, total};
use crate::rows::DepartmentRow;
use crate::schema::departments;
use diesel::prelude::*;
use panda_domain::audit::AuditRecord;
use panda_domain::common::ids::DepartmentId;
use panda_domain::common::text::Label;
use panda_domain::directory::{Department, DepartmentRepository};
use panda_domain::{Page, PageRequest, RepositoryError};

impl DepartmentRepository for Database {
    fn insert(
        &self,
        department: &Department,
        audit: &AuditRecord,
    ) -> Result<Department, RepositoryError> {
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            diesel::insert_into(departments::table)
                .values(DepartmentRow::new(department, 1))
                .execute(conn)
                .map_err(repository_error)?;
            Ok(Department {
                version: 1,
                ..department.clone()
            })
        })
    }

    fn get(&self, id: DepartmentId) -> Result<Option<Department>, RepositoryError> {
        self.read(|conn| {
            departments::table
                .find(id.to_string())
                .select(DepartmentRow::as_select())
                .first(conn)
                .optional()
                .map_err(repository_error)?
                .map(DepartmentRow::into_domain)
                .transpose()
        })
    }

    fn find_by_name(&self, name: &Label) -> Result<Option<Department>, RepositoryError> {
        self.read(|conn| {
            departments::table
                .filter(departments::name.eq(name.as_ref()))
                .select(DepartmentRow::as_select())
                .first(conn)
                .optional()
                .map_err(repository_error)?
                .map(DepartmentRow::into_domain)
                .transpose()
        })
    }

    fn update(
        &self,
        department: &Department,
        audit: &AuditRecord,
    ) -> Result<Department, RepositoryError> {
        let key = department.id.to_string();
        self.write(|conn| {
            crate::audit::append(conn, audit)?;
            let updated = diesel::update(
                departments::table
                    .filter(departments::id.eq(&key))
                    .filter(departments::version.eq(department.version)),
            )
            .set((
                departments::name.eq(department.name.as_ref()),
                departments::version.eq(departments::version + 1),
            ))
            .execute(conn)
            .map_err(repository_error)?;
            settle_update(updated, || {
                diesel::select(diesel::dsl::exists(departments::table.find(&key))).get_result(conn)
            })?;
            Ok(Department {
                version: department.version + 1,
                ..department.clone()
            })
        })
    }

    fn list(&self, page: PageRequest) -> Result<Page<Department>, RepositoryError> {
        self.scan(|conn| {
            let count: i64 = departments::table
                .count()
                .get_result(conn)
                .map_err(repository_error)?;
            let rows: Vec<DepartmentRow> = departments::table
                .order((departments::name, departments::id))
                .offset(offset(page))
                .limit(limit(page))
                .select(DepartmentRow::as_select())
                .load(conn)
                .map_err(repository_error)?;
            let items = rows
                .into_iter()
                .map(DepartmentRow::into_domain)
                .collect::<Result<_, _>>()?;
            Ok(Page {
                items,
                total: total(count),
            })
        })
    }
}
