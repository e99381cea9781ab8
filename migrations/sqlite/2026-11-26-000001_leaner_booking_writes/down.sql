CREATE TABLE appointment_history_old (
    id             INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    appointment_id TEXT NOT NULL REFERENCES appointments (id),
    at             TIMESTAMP NOT NULL,
    actor          TEXT NOT NULL,
    field          TEXT NOT NULL,
    from_value     TEXT NULL,
    to_value       TEXT NULL
);
INSERT INTO appointment_history_old (id, appointment_id, at, actor, field, from_value, to_value)
    SELECT id, appointment_id, at, actor, field, from_value, to_value FROM appointment_history;
DROP TABLE appointment_history;
ALTER TABLE appointment_history_old RENAME TO appointment_history;
CREATE INDEX appointment_history_appointment ON appointment_history (appointment_id, id);

CREATE TABLE appointment_slots_old (
    practitioner_id TEXT NOT NULL,
    slot_start      TIMESTAMP NOT NULL,
    appointment_id  TEXT NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    CONSTRAINT appointment_slots_pkey PRIMARY KEY (practitioner_id, slot_start)
);
INSERT INTO appointment_slots_old (practitioner_id, slot_start, appointment_id)
    SELECT practitioner_id, slot_start, appointment_id FROM appointment_slots;
DROP TABLE appointment_slots;
ALTER TABLE appointment_slots_old RENAME TO appointment_slots;
CREATE INDEX appointment_slots_appointment ON appointment_slots (appointment_id);

CREATE INDEX appointments_practitioner_start ON appointments (practitioner_id, start_at);
CREATE INDEX appointments_department_start ON appointments (department_id, start_at);
