-- API tokens (docs/security.md). Only the SHA-256 of a secret is kept, as
-- 64 hex digits; the secret itself is shown once and never stored. Same
-- table on PostgreSQL (../../postgres/2026-11-30-000001_api_tokens).
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'clinic', 'analyst')),
    secret_hash  TEXT NOT NULL CHECK (length(secret_hash) = 64),
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NULL,
    last_used_at TIMESTAMP NULL,
    revoked_at   TIMESTAMP NULL,
    CONSTRAINT api_tokens_name_key UNIQUE (name),
    CONSTRAINT api_tokens_secret_hash_key UNIQUE (secret_hash)
);
