-- PANDA's records on SQLite. Same tables, columns, names and rules as
-- ../../postgres/2026-11-24-000001_create_records/up.sql; only the types differ.
-- Ids are hyphenated lower-case UUID text; instants are naive UTC timestamps
-- (Diesel writes them as 'YYYY-MM-DD HH:MM:SS[.ffffff]' text, which sorts in
-- time order); dates are 'YYYY-MM-DD' text.

CREATE TABLE patients (
    nhs_number    TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    date_of_birth DATE NOT NULL,
    postcode      TEXT NOT NULL,
    version       BIGINT NOT NULL
);

CREATE TABLE departments (
    id      TEXT PRIMARY KEY NOT NULL,
    name    TEXT NOT NULL,
    version BIGINT NOT NULL,
    CONSTRAINT departments_name_key UNIQUE (name)
);

CREATE TABLE organisations (
    id      TEXT PRIMARY KEY NOT NULL,
    name    TEXT NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE locations (
    id       TEXT PRIMARY KEY NOT NULL,
    name     TEXT NOT NULL,
    postcode TEXT NOT NULL,
    version  BIGINT NOT NULL
);

CREATE TABLE practitioners (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    department_id TEXT NOT NULL REFERENCES departments (id),
    version       BIGINT NOT NULL
);
CREATE INDEX practitioners_department_name ON practitioners (department_id, name);
CREATE INDEX practitioners_name ON practitioners (name, id);

CREATE TABLE practitioner_roles (
    id              TEXT PRIMARY KEY NOT NULL,
    practitioner_id TEXT NOT NULL REFERENCES practitioners (id),
    organisation_id TEXT NULL REFERENCES organisations (id),
    location_id     TEXT NOT NULL REFERENCES locations (id),
    department_id   TEXT NOT NULL REFERENCES departments (id)
);
-- A role is unique per (practitioner, organisation, location, department).
-- NULLs are distinct in a unique index, so a role without an organisation
-- gets its own partial index: no sentinel value, no expression index.
CREATE UNIQUE INDEX practitioner_roles_unique_with_organisation
    ON practitioner_roles (practitioner_id, organisation_id, location_id, department_id)
    WHERE organisation_id IS NOT NULL;
CREATE UNIQUE INDEX practitioner_roles_unique_without_organisation
    ON practitioner_roles (practitioner_id, location_id, department_id)
    WHERE organisation_id IS NULL;

CREATE TABLE appointments (
    id               TEXT PRIMARY KEY NOT NULL,
    patient_nhs      TEXT NULL REFERENCES patients (nhs_number),
    practitioner_id  TEXT NOT NULL REFERENCES practitioners (id),
    department_id    TEXT NOT NULL REFERENCES departments (id),
    organisation_id  TEXT NULL REFERENCES organisations (id),
    location_id      TEXT NULL REFERENCES locations (id),
    start_at         TIMESTAMP NOT NULL,
    end_at           TIMESTAMP NOT NULL,
    start_day        DATE NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    status           TEXT NOT NULL CHECK (status IN ('active', 'attended', 'cancelled', 'missed')),
    version          BIGINT NOT NULL
);
-- Rule: one appointment per patient per UTC day, cancelled ones aside. Two
-- PANDA processes can race, so the database holds it.
CREATE UNIQUE INDEX appointments_patient_day_unique
    ON appointments (patient_nhs, start_day)
    WHERE status <> 'cancelled';
CREATE INDEX appointments_patient_start ON appointments (patient_nhs, start_at);
CREATE INDEX appointments_practitioner_start ON appointments (practitioner_id, start_at);
CREATE INDEX appointments_start ON appointments (start_at);
CREATE INDEX appointments_department_start ON appointments (department_id, start_at);

-- Rule: a practitioner's appointments never overlap. Every non-cancelled
-- appointment holds one row per 15-minute slot it occupies
-- (panda_domain::appointment::policy::occupied_slots); the primary key makes
-- two holders of one slot impossible.
CREATE TABLE appointment_slots (
    practitioner_id TEXT NOT NULL,
    slot_start      TIMESTAMP NOT NULL,
    appointment_id  TEXT NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    CONSTRAINT appointment_slots_pkey PRIMARY KEY (practitioner_id, slot_start)
);
CREATE INDEX appointment_slots_appointment ON appointment_slots (appointment_id);

-- Append-only: who changed what, when.
CREATE TABLE appointment_history (
    id             INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    appointment_id TEXT NOT NULL REFERENCES appointments (id),
    at             TIMESTAMP NOT NULL,
    actor          TEXT NOT NULL,
    field          TEXT NOT NULL,
    from_value     TEXT NULL,
    to_value       TEXT NULL
);
CREATE INDEX appointment_history_appointment ON appointment_history (appointment_id, id);

-- A seam for the idempotency issue: created empty now so that its
-- migration does not have to alter a table in use. Not read or written yet.
CREATE TABLE idempotency_keys (
    key             TEXT PRIMARY KEY NOT NULL,
    request_hash    TEXT NOT NULL,
    response_status INTEGER NOT NULL,
    response_body   TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
