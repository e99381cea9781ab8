-- Seeds a migrated, EMPTY PANDA SQLite database for the missed-appointment
-- report benchmark (docs/benchmarks.md): 10 departments, 5 organisations,
-- 20 locations, and for N appointments (1,000,000 by default) N / 5,000
-- clinicians and N / 100 patients, over 5 years (2021-01-01 to 2025-12-31),
-- with the slot rows that hold PANDA's rules. Deterministic: every run
-- gives the same records. Same records as postgres.sql. Run through
-- scripts/seed_reports.sh, which writes the numbers in for the @NAMES@.
--
-- Appointment n belongs to clinician n % C (C clinicians), whose j = n / C-th
-- appointment it is; j is spread over the 1,826 days (2 or 3 a day), at
-- 08:00, 10:00, 12:00 or 14:00 by j % 4, lasting 15 to 90 minutes: a
-- clinician's appointments never overlap. The appointments of one day are
-- at most 3C consecutive n, so patient n % P (P = 50C patients) is booked
-- at most once a day. Statuses by a (Knuth multiplicative) hash of n: 8% cancelled, 10% missed, 2% never recorded
-- (shown as missed), 80% attended. History entries are not seeded.

PRAGMA synchronous = OFF;
-- One transaction of millions of rows: a WAL would hold every page it
-- writes until the commit, and SQLite's default 2 MB cache re-reads them
-- from it on every insert (hours at 10,000,000). A rollback journal of an
-- empty database stays small, and a 4 GB cache holds the B-trees being built.
PRAGMA journal_mode = DELETE;
PRAGMA cache_size = -4000000;
BEGIN;

WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9)
INSERT INTO departments (id, name, version)
SELECT printf('00000000-0000-4000-8002-%012x', i), 'Department ' || (i + 1), 1 FROM n;

WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4)
INSERT INTO organisations (id, name, version)
SELECT printf('00000000-0000-4000-8003-%012x', i), 'Trust ' || (i + 1), 1 FROM n;

WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19)
INSERT INTO locations (id, name, postcode, version)
SELECT printf('00000000-0000-4000-8004-%012x', i), 'Clinic ' || (i + 1), 'SW1A 1AA', 1 FROM n;

WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @LAST_CLINICIAN@)
INSERT INTO practitioners (id, name, department_id, version)
SELECT printf('00000000-0000-4000-8001-%012x', i), 'Clinician ' || (i + 1),
       printf('00000000-0000-4000-8002-%012x', i % 10), 1
FROM n;

-- NHS numbers: nine digits and the modulus-11 check digit (10 is invalid).
CREATE TEMP TABLE seed_patients (i INTEGER PRIMARY KEY, nhs TEXT NOT NULL);
WITH RECURSIVE p(x) AS (SELECT 100000000 UNION ALL SELECT x + 1 FROM p WHERE x < @LAST_NHS_PREFIX@),
w(x, s) AS (
    SELECT x, 10 * (x / 100000000 % 10) + 9 * (x / 10000000 % 10) + 8 * (x / 1000000 % 10)
            + 7 * (x / 100000 % 10) + 6 * (x / 10000 % 10) + 5 * (x / 1000 % 10)
            + 4 * (x / 100 % 10) + 3 * (x / 10 % 10) + 2 * (x % 10)
    FROM p
),
c(x, d) AS (SELECT x, (11 - s % 11) % 11 FROM w)
INSERT INTO seed_patients (i, nhs)
SELECT row_number() OVER (ORDER BY x) - 1, x || d FROM c WHERE d <> 10 ORDER BY x LIMIT @PATIENTS@;

INSERT INTO patients (nhs_number, name, date_of_birth, postcode, version)
SELECT nhs, 'Patient ' || (i + 1), '1980-01-01', 'SW1A 1AA', 1 FROM seed_patients;

WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @LAST_APPOINTMENT@),
a AS (
    SELECT i, i % @CLINICIANS@ AS c, i / @CLINICIANS@ AS j, ((i * 2654435761) % 4294967296) * 1000 / 4294967296 AS r,
           CASE (i / 7) % 5 WHEN 0 THEN 15 WHEN 1 THEN 30 WHEN 2 THEN 45 WHEN 3 THEN 60 ELSE 90 END AS minutes
    FROM n
),
t AS (
    SELECT a.*, datetime('2021-01-01', '+' || (j * 1826 / 5000) || ' days',
                         '+' || (480 + (j % 4) * 120) || ' minutes') AS start_at
    FROM a
)
INSERT INTO appointments (id, patient_nhs, practitioner_id, department_id, organisation_id,
                          location_id, start_at, end_at, start_day, duration_minutes, status, version)
SELECT printf('00000000-0000-4000-8000-%012x', t.i),
       p.nhs,
       printf('00000000-0000-4000-8001-%012x', t.c),
       printf('00000000-0000-4000-8002-%012x', t.c % 10),
       CASE WHEN t.r % 10 = 0 THEN NULL ELSE printf('00000000-0000-4000-8003-%012x', t.c % 5) END,
       CASE WHEN t.r % 25 = 1 THEN NULL ELSE printf('00000000-0000-4000-8004-%012x', t.c % 20) END,
       t.start_at,
       datetime(t.start_at, '+' || t.minutes || ' minutes'),
       date(t.start_at),
       t.minutes,
       CASE WHEN t.r < 80 THEN 'cancelled' WHEN t.r < 180 THEN 'missed'
            WHEN t.r < 200 THEN 'active' ELSE 'attended' END,
       1
FROM t JOIN seed_patients p ON p.i = t.i % @PATIENTS@
ORDER BY t.i;

-- Every non-cancelled appointment holds its 15-minute slots.
INSERT INTO appointment_slots (practitioner_id, slot_start, appointment_id)
SELECT a.practitioner_id, datetime(a.start_at, '+' || (s.k * 15) || ' minutes'), a.id
FROM appointments a
JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
      UNION ALL SELECT 4 UNION ALL SELECT 5) s ON s.k * 15 < a.duration_minutes
WHERE a.status <> 'cancelled';

COMMIT;
ANALYZE;
PRAGMA journal_mode = WAL;
