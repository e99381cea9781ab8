-- Availability (docs/adr/0011-availability.md): working patterns, absences
-- and holds. Same tables, names and rules as
-- ../../sqlite/2026-11-30-000004_availability/up.sql.

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
ALTER TABLE appointment_slots
    ALTER COLUMN appointment_id DROP NOT NULL,
    ADD COLUMN hold_id TEXT NULL,
    ADD COLUMN expires_at TIMESTAMP NULL,
    ADD CONSTRAINT appointment_slots_one_holder
        CHECK ((appointment_id IS NULL) <> (hold_id IS NULL)),
    ADD CONSTRAINT appointment_slots_hold_expires
        CHECK ((hold_id IS NULL) = (expires_at IS NULL));
CREATE INDEX appointment_slots_hold ON appointment_slots (hold_id);
