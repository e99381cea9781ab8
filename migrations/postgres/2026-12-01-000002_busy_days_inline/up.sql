-- The busy_days trigger without a call of the SQL function busy_days_bits
-- per slot row (docs/benchmarks.md, "Busy days without a SQL function"):
-- PostgreSQL before 18 parses and plans a SQL function's body on every
-- call made from PL/pgSQL, and that was 9% of the machine's CPU under a
-- booking load. The slot's bit is computed here with PL/pgSQL's own
-- arithmetic instead; the rows written are the same. busy_days_bits stays
-- for the backfill of ../2026-11-30-000006_busy_days/up.sql.
CREATE OR REPLACE FUNCTION busy_days_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unit INT;
    early_bit BIGINT;
    late_bit BIGINT;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.appointment_id IS NOT NULL THEN
        unit := (EXTRACT(HOUR FROM OLD.slot_start)::INT * 60 + EXTRACT(MINUTE FROM OLD.slot_start)::INT) / 15;
        IF unit < 48 THEN
            early_bit := 1::BIGINT << unit;
            late_bit := 0;
        ELSE
            early_bit := 0;
            late_bit := 1::BIGINT << (unit - 48);
        END IF;
        UPDATE busy_days SET early = early & ~early_bit, late = late & ~late_bit
        WHERE practitioner_id = OLD.practitioner_id AND day = CAST(OLD.slot_start AS DATE);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.appointment_id IS NOT NULL THEN
        unit := (EXTRACT(HOUR FROM NEW.slot_start)::INT * 60 + EXTRACT(MINUTE FROM NEW.slot_start)::INT) / 15;
        IF unit < 48 THEN
            early_bit := 1::BIGINT << unit;
            late_bit := 0;
        ELSE
            early_bit := 0;
            late_bit := 1::BIGINT << (unit - 48);
        END IF;
        INSERT INTO busy_days (practitioner_id, day, early, late)
        VALUES (NEW.practitioner_id, CAST(NEW.slot_start AS DATE), early_bit, late_bit)
        ON CONFLICT (practitioner_id, day) DO UPDATE
            SET early = busy_days.early | EXCLUDED.early, late = busy_days.late | EXCLUDED.late;
    END IF;
    RETURN NULL;
END
$$;
