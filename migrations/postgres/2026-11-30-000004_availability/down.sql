DROP INDEX appointment_slots_hold;
DELETE FROM appointment_slots WHERE appointment_id IS NULL;
ALTER TABLE appointment_slots
    DROP CONSTRAINT appointment_slots_hold_expires,
    DROP CONSTRAINT appointment_slots_one_holder,
    DROP COLUMN expires_at,
    DROP COLUMN hold_id,
    ALTER COLUMN appointment_id SET NOT NULL;

DROP TABLE holds;
DROP TABLE practitioner_absences;
DROP TABLE practitioner_schedules;
