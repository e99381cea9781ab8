DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE audit_vault;
DROP TABLE audit_subjects;
