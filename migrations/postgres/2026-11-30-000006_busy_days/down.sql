DROP TRIGGER busy_days_track ON appointment_slots;
DROP FUNCTION busy_days_track();
DROP FUNCTION busy_days_bits(TIMESTAMP);
DROP TABLE busy_days;
