-- Indexes for the missed-appointment report (docs/adr/0006). Same names as
-- ../../sqlite/2026-11-25-000001_report_indexes/up.sql.
--
-- The report groups by (key, UTC day) first, then folds days into periods.
-- Each index below is in (key, start_day) order, so that first GROUP BY
-- streams over the index with no sort, and INCLUDEs every other column the
-- report reads, so an index-only scan answers it.
CREATE INDEX appointments_report_department
    ON appointments (department_id, start_day) INCLUDE (status, end_at, duration_minutes, start_at);
CREATE INDEX appointments_report_practitioner
    ON appointments (practitioner_id, start_day) INCLUDE (status, end_at, duration_minutes, start_at);
