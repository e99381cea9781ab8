-- Nothing to change on SQLite: its busy_days triggers
-- (../2026-11-30-000006_busy_days/up.sql) compute the slot's bit inline
-- already. This folder keeps the two backends' migrations in step
-- (../../postgres/2026-12-01-000002_busy_days_inline/up.sql).
SELECT 1;
