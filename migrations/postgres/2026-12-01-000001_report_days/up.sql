-- Daily totals for the missed-appointment report (docs/adr/0012-report-totals.md),
-- held by a trigger on appointments in the same transaction as every write.
-- Same table as ../../sqlite/2026-12-01-000001_report_days/up.sql, which says
-- what each column holds.
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
);

INSERT INTO report_days
SELECT department_id, COALESCE(organisation_id, ''), COALESCE(location_id, ''), start_day,
       COUNT(*) FILTER (WHERE status = 'active'),
       COALESCE(SUM(duration_minutes) FILTER (WHERE status = 'active'), 0),
       COUNT(*) FILTER (WHERE status = 'missed'),
       COALESCE(SUM(duration_minutes) FILTER (WHERE status = 'missed'), 0),
       COUNT(*) FILTER (WHERE status = 'attended'),
       COUNT(*) FILTER (WHERE status = 'cancelled')
FROM appointments
GROUP BY department_id, COALESCE(organisation_id, ''), COALESCE(location_id, ''), start_day;

CREATE FUNCTION report_days_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.department_id = NEW.department_id
       AND OLD.organisation_id IS NOT DISTINCT FROM NEW.organisation_id
       AND OLD.location_id IS NOT DISTINCT FROM NEW.location_id
       AND OLD.start_day = NEW.start_day
       AND OLD.duration_minutes = NEW.duration_minutes
       AND OLD.status = NEW.status THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE report_days SET
            active = active - (OLD.status = 'active')::INT,
            active_minutes = active_minutes
                - CASE WHEN OLD.status = 'active' THEN OLD.duration_minutes ELSE 0 END,
            missed = missed - (OLD.status = 'missed')::INT,
            missed_minutes = missed_minutes
                - CASE WHEN OLD.status = 'missed' THEN OLD.duration_minutes ELSE 0 END,
            attended = attended - (OLD.status = 'attended')::INT,
            cancelled = cancelled - (OLD.status = 'cancelled')::INT
        WHERE department_id = OLD.department_id AND day = OLD.start_day
          AND organisation_id = COALESCE(OLD.organisation_id, '')
          AND location_id = COALESCE(OLD.location_id, '');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO report_days
        VALUES (NEW.department_id, COALESCE(NEW.organisation_id, ''), COALESCE(NEW.location_id, ''),
                NEW.start_day,
                (NEW.status = 'active')::INT,
                CASE WHEN NEW.status = 'active' THEN NEW.duration_minutes ELSE 0 END,
                (NEW.status = 'missed')::INT,
                CASE WHEN NEW.status = 'missed' THEN NEW.duration_minutes ELSE 0 END,
                (NEW.status = 'attended')::INT,
                (NEW.status = 'cancelled')::INT)
        ON CONFLICT (department_id, day, organisation_id, location_id) DO UPDATE SET
            active = report_days.active + EXCLUDED.active,
            active_minutes = report_days.active_minutes + EXCLUDED.active_minutes,
            missed = report_days.missed + EXCLUDED.missed,
            missed_minutes = report_days.missed_minutes + EXCLUDED.missed_minutes,
            attended = report_days.attended + EXCLUDED.attended,
            cancelled = report_days.cancelled + EXCLUDED.cancelled;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_days_track AFTER INSERT OR UPDATE OR DELETE ON appointments
    FOR EACH ROW EXECUTE FUNCTION report_days_track();
