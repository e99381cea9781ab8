-- Recurring series (POST /api/v1/patients/{nhs_number}/appointment-series):
-- the appointments booked together carry the series' id, so the rest of a
-- series can be found and cancelled in one request. Few appointments
-- belong to one, so the index holds only those that do.
ALTER TABLE appointments ADD COLUMN series_id TEXT NULL;
CREATE INDEX appointments_series ON appointments (series_id, start_at) WHERE series_id IS NOT NULL;
