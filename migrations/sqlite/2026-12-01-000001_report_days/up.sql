-- Daily totals for the missed-appointment report (docs/adr/0012-report-totals.md):
-- per department, organisation, location and UTC day of the start, how many
-- appointments are in each stored status and, for active and missed ones,
-- their minutes. Held by triggers on appointments, in the same transaction
-- as every write of an appointment, whatever writes it. The report reads
-- these rows for whole days whose counts the clock can no longer change
-- (all ended, or none started) and the appointments themselves only for
-- yesterday, today and a partial first or last day. Same table as
-- ../../postgres/2026-12-01-000001_report_days/up.sql.
--
-- No organisation or location is '' here, not NULL: key columns of a
-- primary key. A row whose counts have all gone back to 0 is left in place
-- and skipped by the report.
CREATE TABLE report_days (
    department_id   TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    location_id     TEXT NOT NULL,
    day             DATE NOT NULL,
    active          BIGINT NOT NULL,
    active_minutes  BIGINT NOT NULL,
    missed          BIGINT NOT NULL,
    missed_minutes  BIGINT NOT NULL,
    attended        BIGINT NOT NULL,
    cancelled       BIGINT NOT NULL,
    CONSTRAINT report_days_pkey PRIMARY KEY (department_id, day, organisation_id, location_id)
) WITHOUT ROWID;

INSERT INTO report_days
SELECT department_id, COALESCE(organisation_id, ''), COALESCE(location_id, ''), start_day,
       SUM(status = 'active'), SUM(CASE WHEN status = 'active' THEN duration_minutes ELSE 0 END),
       SUM(status = 'missed'), SUM(CASE WHEN status = 'missed' THEN duration_minutes ELSE 0 END),
       SUM(status = 'attended'), SUM(status = 'cancelled')
FROM appointments
GROUP BY department_id, COALESCE(organisation_id, ''), COALESCE(location_id, ''), start_day;

-- Adds NEW's counts to its day.
CREATE TRIGGER report_days_insert AFTER INSERT ON appointments
BEGIN
    INSERT INTO report_days
    VALUES (NEW.department_id, COALESCE(NEW.organisation_id, ''), COALESCE(NEW.location_id, ''),
            NEW.start_day,
            NEW.status = 'active', CASE WHEN NEW.status = 'active' THEN NEW.duration_minutes ELSE 0 END,
            NEW.status = 'missed', CASE WHEN NEW.status = 'missed' THEN NEW.duration_minutes ELSE 0 END,
            NEW.status = 'attended', NEW.status = 'cancelled')
    ON CONFLICT (department_id, day, organisation_id, location_id) DO UPDATE SET
        active = active + excluded.active,
        active_minutes = active_minutes + excluded.active_minutes,
        missed = missed + excluded.missed,
        missed_minutes = missed_minutes + excluded.missed_minutes,
        attended = attended + excluded.attended,
        cancelled = cancelled + excluded.cancelled;
END;

-- Takes OLD's counts from its day.
CREATE TRIGGER report_days_delete AFTER DELETE ON appointments
BEGIN
    UPDATE report_days SET
        active = active - (OLD.status = 'active'),
        active_minutes = active_minutes - CASE WHEN OLD.status = 'active' THEN OLD.duration_minutes ELSE 0 END,
        missed = missed - (OLD.status = 'missed'),
        missed_minutes = missed_minutes - CASE WHEN OLD.status = 'missed' THEN OLD.duration_minutes ELSE 0 END,
        attended = attended - (OLD.status = 'attended'),
        cancelled = cancelled - (OLD.status = 'cancelled')
    WHERE department_id = OLD.department_id AND day = OLD.start_day
      AND organisation_id = COALESCE(OLD.organisation_id, '')
      AND location_id = COALESCE(OLD.location_id, '');
END;

-- Moves the counts when anything they depend on changes: OLD's out, NEW's in.
CREATE TRIGGER report_days_update
AFTER UPDATE OF department_id, organisation_id, location_id, start_day, duration_minutes, status
ON appointments
BEGIN
    UPDATE report_days SET
        active = active - (OLD.status = 'active'),
        active_minutes = active_minutes - CASE WHEN OLD.status = 'active' THEN OLD.duration_minutes ELSE 0 END,
        missed = missed - (OLD.status = 'missed'),
        missed_minutes = missed_minutes - CASE WHEN OLD.status = 'missed' THEN OLD.duration_minutes ELSE 0 END,
        attended = attended - (OLD.status = 'attended'),
        cancelled = cancelled - (OLD.status = 'cancelled')
    WHERE department_id = OLD.department_id AND day = OLD.start_day
      AND organisation_id = COALESCE(OLD.organisation_id, '')
      AND location_id = COALESCE(OLD.location_id, '');
    INSERT INTO report_days
    VALUES (NEW.department_id, COALESCE(NEW.organisation_id, ''), COALESCE(NEW.location_id, ''),
            NEW.start_day,
            NEW.status = 'active', CASE WHEN NEW.status = 'active' THEN NEW.duration_minutes ELSE 0 END,
            NEW.status = 'missed', CASE WHEN NEW.status = 'missed' THEN NEW.duration_minutes ELSE 0 END,
            NEW.status = 'attended', NEW.status = 'cancelled')
    ON CONFLICT (department_id, day, organisation_id, location_id) DO UPDATE SET
        active = active + excluded.active,
        active_minutes = active_minutes + excluded.active_minutes,
        missed = missed + excluded.missed,
        missed_minutes = missed_minutes + excluded.missed_minutes,
        attended = attended + excluded.attended,
        cancelled = cancelled + excluded.cancelled;
END;
