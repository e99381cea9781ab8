-- Which 15-minute slots of each UTC day a practitioner's appointments take
-- (docs/adr/0011-availability.md): the free-slot search reads one row per
-- practitioner and day instead of every appointment. Bit i of `early` is
-- the slot starting i x 15 minutes after midnight (i < 48); bit i of
-- `late`, slot 48 + i. Held by a trigger on appointment_slots, in the same
-- transaction as every write of a slot row, whatever writes it; rows of
-- holds (no appointment_id) are left out, since a hold lapses by the
-- clock. Same table as ../../sqlite/2026-11-30-000006_busy_days/up.sql.
CREATE TABLE busy_days (
    practitioner_id TEXT NOT NULL,
    day             DATE NOT NULL,
    early           BIGINT NOT NULL,
    late            BIGINT NOT NULL,
    CONSTRAINT busy_days_pkey PRIMARY KEY (practitioner_id, day)
);

-- The slot's bit in `early` and in `late` (one of them is 0).
CREATE FUNCTION busy_days_bits(slot TIMESTAMP, OUT early BIGINT, OUT late BIGINT)
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN u < 48 THEN 1::BIGINT << u ELSE 0 END,
           CASE WHEN u >= 48 THEN 1::BIGINT << (u - 48) ELSE 0 END
    FROM (SELECT (EXTRACT(HOUR FROM slot)::INT * 60 + EXTRACT(MINUTE FROM slot)::INT) / 15 AS u) AS unit
$$;

INSERT INTO busy_days (practitioner_id, day, early, late)
SELECT s.practitioner_id, CAST(s.slot_start AS DATE), SUM(b.early), SUM(b.late)
FROM appointment_slots s, busy_days_bits(s.slot_start) b
WHERE s.appointment_id IS NOT NULL
GROUP BY s.practitioner_id, CAST(s.slot_start AS DATE);

CREATE FUNCTION busy_days_track() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER busy_days_track AFTER INSERT OR UPDATE OR DELETE ON appointment_slots
    FOR EACH ROW EXECUTE FUNCTION busy_days_track();
