-- Availability (docs/adr/0011-availability.md): working patterns, absences
-- and holds. Same tables, names and rules as
-- ../../postgres/2026-11-30-000004_availability/up.sql.

-- A practitioner's weekly pattern. Its sessions are one text value
-- (`monday 09:00 12:30 <location id or ->` per line): read and written
-- whole, with the pattern, in one row.
CREATE TABLE practitioner_schedules (
    practitioner_id TEXT PRIMARY KEY NOT NULL REFERENCES practitioners (id),
    time_zone       TEXT NOT NULL,
    valid_from      DATE NOT NULL,
    valid_until     DATE NULL,
    sessions        TEXT NOT NULL
);

CREATE TABLE practitioner_absences (
    id              TEXT PRIMARY KEY NOT NULL,
    practitioner_id TEXT NOT NULL REFERENCES practitioners (id),
    start_at        TIMESTAMP NOT NULL,
    end_at          TIMESTAMP NOT NULL,
    reason          TEXT NULL,
    CHECK (end_at > start_at)
);
CREATE INDEX practitioner_absences_practitioner
    ON practitioner_absences (practitioner_id, start_at, end_at);

-- A hold reserves a practitioner's time for a few minutes. The time itself
-- is taken in appointment_slots, like an appointment's, so the primary key
-- there keeps holds and bookings apart; `expires_at` is copied to the slot
-- rows so that a writer can take over an expired hold's slots in the same
-- statement that would otherwise fail (no background job frees them).
CREATE TABLE holds (
    id              TEXT PRIMARY KEY NOT NULL,
    practitioner_id TEXT NOT NULL REFERENCES practitioners (id),
    start_at        TIMESTAMP NOT NULL,
    end_at          TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL
);
CREATE INDEX holds_practitioner ON holds (practitioner_id, start_at);
CREATE INDEX holds_expiry ON holds (expires_at);

-- A slot is held by an appointment or by a hold, never both.
CREATE TABLE appointment_slots_new (
    practitioner_id TEXT NOT NULL,
    slot_start      TIMESTAMP NOT NULL,
    appointment_id  TEXT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    hold_id         TEXT NULL,
    expires_at      TIMESTAMP NULL,
    CONSTRAINT appointment_slots_pkey PRIMARY KEY (practitioner_id, slot_start),
    CONSTRAINT appointment_slots_one_holder
        CHECK ((appointment_id IS NULL) <> (hold_id IS NULL)),
    CONSTRAINT appointment_slots_hold_expires
        CHECK ((hold_id IS NULL) = (expires_at IS NULL))
) WITHOUT ROWID;
INSERT INTO appointment_slots_new (practitioner_id, slot_start, appointment_id)
    SELECT practitioner_id, slot_start, appointment_id FROM appointment_slots;
DROP TABLE appointment_slots;
ALTER TABLE appointment_slots_new RENAME TO appointment_slots;
CREATE INDEX appointment_slots_appointment ON appointment_slots (appointment_id);
CREATE INDEX appointment_slots_hold ON appointment_slots (hold_id);
