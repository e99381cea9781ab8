//! The repositories of the directory's named records (departments,
//! organisations, locations), defined once: [`named_repository!`] writes
//! the insert, read, versioned update and page for a table, its row type
//! and its record; each record adds what it has of its own.

/// `impl $trait for Database` over `$table`, whose rows are `$row` and
/// whose records are `$record` with ids `$id`. `set` lists the columns an
/// update writes besides the version, from the record `$r`; `extra` holds
/// the trait's other methods.
macro_rules! named_repository {
    (
        $trait:ident for $table:ident, $row:ident, $record:ident, $id:ident,
        set |$r:ident| ($($set:expr),* $(,)?)
        $(, extra { $($extra:tt)* })?
    ) => {
        impl $trait for Database {
            fn insert(&self, record: &$record, audit: &AuditRecord) -> Result<$record, RepositoryError> {
                self.write(|conn| {
                    crate::audit::append(conn, audit)?;
                    diesel::insert_into($table::table)
                        .values($row::new(record, 1))
                        .execute(conn)
                        .map_err(repository_error)?;
                    Ok($record {
                        version: 1,
                        ..record.clone()
                    })
                })
            }

            fn get(&self, id: $id) -> Result<Option<$record>, RepositoryError> {
                self.read(|conn| {
                    $table::table
                        .find(id.to_string())
                        .select($row::as_select())
                        .first(conn)
                        .optional()
                        .map_err(repository_error)?
                        .map($row::into_domain)
                        .transpose()
                })
            }

            fn update(&self, record: &$record, audit: &AuditRecord) -> Result<$record, RepositoryError> {
                let key = record.id.to_string();
                let $r = record;
                self.write(|conn| {
                    crate::audit::append(conn, audit)?;
                    let updated = diesel::update(
                        $table::table
                            .filter($table::id.eq(&key))
                            .filter($table::version.eq($r.version)),
                    )
                    .set(($($set,)* $table::version.eq($table::version + 1)))
                    .execute(conn)
                    .map_err(repository_error)?;
                    settle_update(updated, || {
                        diesel::select(diesel::dsl::exists($table::table.find(&key))).get_result(conn)
                    })?;
                    Ok($record {
                        version: record.version + 1,
                        ..record.clone()
                    })
                })
            }

            fn list(&self, page: PageRequest) -> Result<Page<$record>, RepositoryError> {
                self.scan(|conn| {
                    let count: i64 = $table::table
                        .count()
                        .get_result(conn)
                        .map_err(repository_error)?;
                    let rows: Vec<$row> = $table::table
                        .order(($table::name, $table::id))
                        .offset(offset(page))
                        .limit(limit(page))
                        .select($row::as_select())
                        .load(conn)
                        .map_err(repository_error)?;
                    let items = rows
                        .into_iter()
                        .map($row::into_domain)
                        .collect::<Result<_, _>>()?;
                    Ok(Page {
                        items,
                        total: total(count),
                    })
                })
            }

            $($($extra)*)?
        }
    };
}

pub(super) use named_repository;
