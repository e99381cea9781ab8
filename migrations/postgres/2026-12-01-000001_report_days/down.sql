DROP TRIGGER report_days_track ON appointments;
DROP FUNCTION report_days_track();
DROP TABLE report_days;
