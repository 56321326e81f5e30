-- Accounts: roles, password hashes, sessions, API tokens, per-document and
-- per-language assignments, sign-in throttling and an activity log.

ALTER TABLE users ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'viewer'
    CHECK (role IN ('admin', 'reviewer', 'translator', 'viewer'));
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
-- A password someone else chose (the first admin's, one set by an admin)
-- must be replaced at the next sign-in.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));

-- Only hashes of the random session and API tokens are stored: a copy of
-- the database does not let anyone in.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used  TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

CREATE TABLE assignments (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL REFERENCES languages (code),
    PRIMARY KEY (user_id, document_id, lang)
) WITHOUT ROWID;

CREATE TABLE signin_failures (
    id      INTEGER PRIMARY KEY,
    login   TEXT NOT NULL,
    address TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX signin_failures_by_login ON signin_failures (login, at);
CREATE INDEX signin_failures_by_address ON signin_failures (address, at);

-- What happened to a document besides translation saves (which are in
-- revisions): imports, segmentation fixes, alignments, exchange imports,
-- assignments. detail is a short machine-readable summary.
CREATE TABLE activity (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user_id     INTEGER REFERENCES users (id),
    document_id INTEGER REFERENCES documents (id) ON DELETE CASCADE,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX activity_by_document ON activity (document_id, at);
