DROP TABLE idempotency_keys;

CREATE TABLE idempotency_keys (
    key             TEXT PRIMARY KEY NOT NULL,
    request_hash    TEXT NOT NULL,
    response_status INTEGER NOT NULL,
    response_body   TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
