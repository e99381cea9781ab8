CREATE TABLE appointment_slots_old (
    practitioner_id TEXT NOT NULL,
    slot_start      TIMESTAMP NOT NULL,
    appointment_id  TEXT NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    CONSTRAINT appointment_slots_pkey PRIMARY KEY (practitioner_id, slot_start)
) WITHOUT ROWID;
INSERT INTO appointment_slots_old (practitioner_id, slot_start, appointment_id)
    SELECT practitioner_id, slot_start, appointment_id FROM appointment_slots
    WHERE appointment_id IS NOT NULL;
DROP TABLE appointment_slots;
ALTER TABLE appointment_slots_old RENAME TO appointment_slots;
CREATE INDEX appointment_slots_appointment ON appointment_slots (appointment_id);

DROP TABLE holds;
DROP TABLE practitioner_absences;
DROP TABLE practitioner_schedules;
