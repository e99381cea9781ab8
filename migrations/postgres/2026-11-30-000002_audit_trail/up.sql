-- The audit trail (docs/adr/0009-audit-trail.md). Same tables, names and
-- rules as ../../sqlite/2026-11-30-000002_audit_trail/up.sql.
--
-- audit_log is append-only, and the database holds that: no UPDATE,
-- DELETE or TRUNCATE succeeds, whoever issues it. A patient's personal
-- data never enters it: a record names its patient by pseudonym
-- (`subject`), and personal values are references into audit_vault.
-- Erasing the patient deletes their pseudonym's vault rows and the
-- pseudonym's link to their NHS number; the trail itself is untouched.
CREATE TABLE audit_subjects (
    pseudonym  TEXT PRIMARY KEY NOT NULL,
    nhs_number TEXT NOT NULL,
    CONSTRAINT audit_subjects_nhs_number_key UNIQUE (nhs_number)
);

CREATE TABLE audit_vault (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pseudonym TEXT NOT NULL,
    value     TEXT NOT NULL
);
CREATE INDEX audit_vault_pseudonym ON audit_vault (pseudonym);

CREATE TABLE audit_log (
    sequence   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         TIMESTAMP NOT NULL,
    actor      TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NULL,
    subject    TEXT NULL,
    changes    TEXT NOT NULL
);
-- One index: a record is found by what it is about (for a patient, their
-- pseudonym). Appointment ids grow with time, so a booking's record lands
-- at the index's end; a second index (on `subject`) cost every booking a
-- random B-tree insert (docs/benchmarks.md, "Audit trail").
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
