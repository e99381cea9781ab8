-- Idempotency keys (docs/api.md, "Retries"): one entry per caller and key.
-- The first migration's placeholder was never written to; it is replaced
-- by the shape the protocol needs.
DROP TABLE idempotency_keys;

CREATE TABLE idempotency_keys (
    -- The caller's credential (`token:<id>`, `oidc:<subject>`).
    scope       TEXT NOT NULL,
    key         TEXT NOT NULL,
    -- SHA-256 (hex) of the method, target and body of the first request.
    fingerprint TEXT NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    -- The answer: NULL while the first request runs.
    status      INTEGER,
    headers     TEXT,
    body        BYTEA,
    -- The patient the answer is about: erasure deletes the entry with them.
    patient_nhs TEXT,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
CREATE INDEX idempotency_keys_patient ON idempotency_keys (patient_nhs);
