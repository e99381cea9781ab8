DROP INDEX appointments_patient_start;
CREATE INDEX appointments_patient_start ON appointments (patient_nhs, start_at);
