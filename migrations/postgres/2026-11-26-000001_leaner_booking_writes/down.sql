CREATE INDEX appointments_practitioner_start ON appointments (practitioner_id, start_at);
CREATE INDEX appointments_department_start ON appointments (department_id, start_at);
