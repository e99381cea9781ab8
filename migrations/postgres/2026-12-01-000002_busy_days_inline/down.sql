-- The busy_days trigger as ../2026-11-30-000006_busy_days/up.sql wrote it.
CREATE OR REPLACE FUNCTION busy_days_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bits RECORD;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.appointment_id IS NOT NULL THEN
        bits := busy_days_bits(OLD.slot_start);
        UPDATE busy_days SET early = early & ~bits.early, late = late & ~bits.late
        WHERE practitioner_id = OLD.practitioner_id AND day = CAST(OLD.slot_start AS DATE);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.appointment_id IS NOT NULL THEN
        bits := busy_days_bits(NEW.slot_start);
        INSERT INTO busy_days (practitioner_id, day, early, late)
        VALUES (NEW.practitioner_id, CAST(NEW.slot_start AS DATE), bits.early, bits.late)
        ON CONFLICT (practitioner_id, day) DO UPDATE
            SET early = busy_days.early | EXCLUDED.early, late = busy_days.late | EXCLUDED.late;
    END IF;
    RETURN NULL;
END
$$;
