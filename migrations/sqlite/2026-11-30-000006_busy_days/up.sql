-- Which 15-minute slots of each UTC day a practitioner's appointments take
-- (docs/adr/0011-availability.md): the free-slot search reads one row per
-- practitioner and day instead of every appointment. Bit i of `early` is
-- the slot starting i x 15 minutes after midnight (i < 48); bit i of
-- `late`, slot 48 + i. Held by triggers on appointment_slots, in the same
-- transaction as every write of a slot row, whatever writes it; rows of
-- holds (no appointment_id) are left out, since a hold lapses by the
-- clock. A practitioner's appointments never share a slot, so summing
-- their bits is the same as OR-ing them.
CREATE TABLE busy_days (
    practitioner_id TEXT NOT NULL,
    day             DATE NOT NULL,
    early           BIGINT NOT NULL,
    late            BIGINT NOT NULL,
    CONSTRAINT busy_days_pkey PRIMARY KEY (practitioner_id, day)
) WITHOUT ROWID;

INSERT INTO busy_days (practitioner_id, day, early, late)
SELECT practitioner_id, substr(slot_start, 1, 10),
       SUM(CASE WHEN unit < 48 THEN 1 << unit ELSE 0 END),
       SUM(CASE WHEN unit >= 48 THEN 1 << (unit - 48) ELSE 0 END)
FROM (
    SELECT practitioner_id, slot_start,
           (CAST(substr(slot_start, 12, 2) AS INTEGER) * 60
            + CAST(substr(slot_start, 15, 2) AS INTEGER)) / 15 AS unit
    FROM appointment_slots
    WHERE appointment_id IS NOT NULL
)
GROUP BY practitioner_id, substr(slot_start, 1, 10);

CREATE TRIGGER busy_days_insert AFTER INSERT ON appointment_slots
WHEN NEW.appointment_id IS NOT NULL
BEGIN
    INSERT INTO busy_days (practitioner_id, day, early, late)
    VALUES (
        NEW.practitioner_id, substr(NEW.slot_start, 1, 10),
        CASE WHEN (CAST(substr(NEW.slot_start, 12, 2) AS INTEGER) * 60 + CAST(substr(NEW.slot_start, 15, 2) AS INTEGER)) / 15 < 48
             THEN 1 << ((CAST(substr(NEW.slot_start, 12, 2) AS INTEGER) * 60 + CAST(substr(NEW.slot_start, 15, 2) AS INTEGER)) / 15)
             ELSE 0 END,
        CASE WHEN (CAST(substr(NEW.slot_start, 12, 2) AS INTEGER) * 60 + CAST(substr(NEW.slot_start, 15, 2) AS INTEGER)) / 15 >= 48
             THEN 1 << ((CAST(substr(NEW.slot_start, 12, 2) AS INTEGER) * 60 + CAST(substr(NEW.slot_start, 15, 2) AS INTEGER)) / 15 - 48)
             ELSE 0 END)
    ON CONFLICT (practitioner_id, day) DO UPDATE
        SET early = early | excluded.early, late = late | excluded.late;
END;

CREATE TRIGGER busy_days_delete AFTER DELETE ON appointment_slots
WHEN OLD.appointment_id IS NOT NULL
BEGIN
    UPDATE busy_days
    SET early = early & ~(CASE WHEN (CAST(substr(OLD.slot_start, 12, 2) AS INTEGER) * 60 + CAST(substr(OLD.slot_start, 15, 2) AS INTEGER)) / 15 < 48
                               THEN 1 << ((CAST(substr(OLD.slot_start, 12, 2) AS INTEGER) * 60 + CAST(substr(OLD.slot_start, 15, 2) AS INTEGER)) / 15)
                               ELSE 0 END),
        late = late & ~(CASE WHEN (CAST(substr(OLD.slot_start, 12, 2) AS INTEGER) * 60 + CAST(substr(OLD.slot_start, 15, 2) AS INTEGER)) / 15 >= 48
                             THEN 1 << ((CAST(substr(OLD.slot_start, 12, 2) AS INTEGER) * 60 + CAST(substr(OLD.slot_start, 15, 2) AS INTEGER)) / 15 - 48)
                             ELSE 0 END)
    WHERE practitioner_id = OLD.practitioner_id AND day = substr(OLD.slot_start, 1, 10);
END;

-- A hold's row taken over by an appointment (ADR 0011): it becomes busy.
CREATE TRIGGER busy_days_take_over AFTER UPDATE OF appointment_id ON appointment_slots
WHEN OLD.appointment_id IS NULL AND NEW.appointment_id IS NOT NULL
BEGIN
    INSERT INTO busy_days (practitioner_id, day, early, late)
    VALUES (
        NEW.practitioner_id, substr(NEW.slot_start, 1, 10),
        CASE WHEN (CAST(substr(NEW.slot_start, 12, 2) AS INTEGER) * 60 + CAST(substr(NEW.slot_start, 15, 2) AS INTEGER)) / 15 < 48
             THEN 1 << ((CAST(substr(NEW.slot_start, 12, 2) AS INTEGER) * 60 + CAST(substr(NEW.slot_start, 15, 2) AS INTEGER)) / 15)
             ELSE 0 END,
        CASE WHEN (CAST(substr(NEW.slot_start, 12, 2) AS INTEGER) * 60 + CAST(substr(NEW.slot_start, 15, 2) AS INTEGER)) / 15 >= 48
             THEN 1 << ((CAST(substr(NEW.slot_start, 12, 2) AS INTEGER) * 60 + CAST(substr(NEW.slot_start, 15, 2) AS INTEGER)) / 15 - 48)
             ELSE 0 END)
    ON CONFLICT (practitioner_id, day) DO UPDATE
        SET early = early | excluded.early, late = late | excluded.late;
END;
