-- Fewer indexes written per booking (docs/benchmarks.md, "HTTP load"). Lists
-- by practitioner or department are served by the covering report indexes,
-- which lead with the same column. (The SQLite twin also rebuilds two
-- tables in forms PostgreSQL has no counterpart for.)
DROP INDEX appointments_practitioner_start;
DROP INDEX appointments_department_start;
