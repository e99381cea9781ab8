-- Seeds a migrated, EMPTY PANDA PostgreSQL database for the missed-appointment
-- report benchmark (docs/benchmarks.md). The same records as sqlite.sql (see
-- there for how they are laid out so that PANDA's rules hold).
-- Run through scripts/seed_reports.sh, with the migrations of busy_days and
-- report_days taken back: their tables are filled by those migrations'
-- backfill afterwards, set-based, not row by row by their triggers.

\set ON_ERROR_STOP on
SET synchronous_commit = off;
BEGIN;

INSERT INTO departments (id, name, version)
SELECT '00000000-0000-4000-8002-' || lpad(to_hex(i), 12, '0'), 'Department ' || (i + 1), 1
FROM generate_series(0, 9) i;

INSERT INTO organisations (id, name, version)
SELECT '00000000-0000-4000-8003-' || lpad(to_hex(i), 12, '0'), 'Trust ' || (i + 1), 1
FROM generate_series(0, 4) i;

INSERT INTO locations (id, name, postcode, version)
SELECT '00000000-0000-4000-8004-' || lpad(to_hex(i), 12, '0'), 'Clinic ' || (i + 1), 'SW1A 1AA', 1
FROM generate_series(0, 19) i;

INSERT INTO practitioners (id, name, department_id, version)
SELECT '00000000-0000-4000-8001-' || lpad(to_hex(i), 12, '0'), 'Clinician ' || (i + 1),
       '00000000-0000-4000-8002-' || lpad(to_hex(i % 10), 12, '0'), 1
FROM generate_series(0, @LAST_CLINICIAN@) i;

-- NHS numbers: nine digits and the modulus-11 check digit (10 is invalid).
CREATE TEMP TABLE seed_patients (i INTEGER PRIMARY KEY, nhs TEXT NOT NULL);
WITH w AS (
    SELECT x, 10 * (x / 100000000 % 10) + 9 * (x / 10000000 % 10) + 8 * (x / 1000000 % 10)
            + 7 * (x / 100000 % 10) + 6 * (x / 10000 % 10) + 5 * (x / 1000 % 10)
            + 4 * (x / 100 % 10) + 3 * (x / 10 % 10) + 2 * (x % 10) AS s
    FROM generate_series(100000000, @LAST_NHS_PREFIX@) x
),
c AS (SELECT x, (11 - s % 11) % 11 AS d FROM w)
INSERT INTO seed_patients (i, nhs)
SELECT row_number() OVER (ORDER BY x) - 1, x::text || d::text FROM c WHERE d <> 10 ORDER BY x LIMIT @PATIENTS@;

INSERT INTO patients (nhs_number, name, date_of_birth, postcode, version)
SELECT nhs, 'Patient ' || (i + 1), DATE '1980-01-01', 'SW1A 1AA', 1 FROM seed_patients;

INSERT INTO appointments (id, patient_nhs, practitioner_id, department_id, organisation_id,
                          location_id, start_at, end_at, start_day, duration_minutes, status, version)
SELECT '00000000-0000-4000-8000-' || lpad(to_hex(t.i), 12, '0'),
       p.nhs,
       '00000000-0000-4000-8001-' || lpad(to_hex(t.c), 12, '0'),
       '00000000-0000-4000-8002-' || lpad(to_hex(t.c % 10), 12, '0'),
       CASE WHEN t.r % 10 = 0 THEN NULL ELSE '00000000-0000-4000-8003-' || lpad(to_hex(t.c % 5), 12, '0') END,
       CASE WHEN t.r % 25 = 1 THEN NULL ELSE '00000000-0000-4000-8004-' || lpad(to_hex(t.c % 20), 12, '0') END,
       t.start_at,
       t.start_at + make_interval(mins => t.minutes),
       t.start_at::date,
       t.minutes,
       CASE WHEN t.r < 80 THEN 'cancelled' WHEN t.r < 180 THEN 'missed'
            WHEN t.r < 200 THEN 'active' ELSE 'attended' END,
       1
FROM (
    SELECT a.*, TIMESTAMP '2021-01-01 00:00:00'
                + make_interval(days => (a.j * 1826 / 5000)::int, mins => (480 + (a.j % 4) * 120)::int)
                AS start_at
    FROM (
        SELECT i, i % @CLINICIANS@ AS c, i / @CLINICIANS@ AS j, ((i * 2654435761) % 4294967296) * 1000 / 4294967296 AS r,
               CASE (i / 7) % 5 WHEN 0 THEN 15 WHEN 1 THEN 30 WHEN 2 THEN 45 WHEN 3 THEN 60 ELSE 90 END AS minutes
        FROM generate_series(0::bigint, @LAST_APPOINTMENT@::bigint) i
    ) a
) t
JOIN seed_patients p ON p.i = t.i % @PATIENTS@
ORDER BY t.i;

-- Every non-cancelled appointment holds its 15-minute slots.
INSERT INTO appointment_slots (practitioner_id, slot_start, appointment_id)
SELECT a.practitioner_id, a.start_at + make_interval(mins => (s.k * 15)::int), a.id
FROM appointments a
JOIN generate_series(0, 5) s(k) ON s.k * 15 < a.duration_minutes
WHERE a.status <> 'cancelled';

COMMIT;
-- busy_days and report_days are made afterwards by their migrations'
-- own backfill (seed_reports.sh), then everything is vacuumed there:
-- index-only scans need the visibility map that VACUUM writes.
