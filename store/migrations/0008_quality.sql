-- Quality checks: findings a reviewer marked as not an error, and the checks
-- an admin switched off for a document. A silenced finding holds the texts
-- it was silenced for (as hashes): once either side changes, it is reported
-- again.

CREATE TABLE qa_silenced (
    segment_id  INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL REFERENCES languages (code),
    check_name  TEXT NOT NULL,
    -- finding names the finding within its check: its message and the
    -- text it points at, so silencing one number leaves the others.
    finding     TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    target_hash TEXT NOT NULL,
    silenced_by INTEGER REFERENCES users (id),
    silenced_at TEXT NOT NULL,
    PRIMARY KEY (segment_id, lang, check_name, finding)
);

CREATE TABLE qa_disabled_checks (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    check_name  TEXT NOT NULL,
    PRIMARY KEY (document_id, check_name)
);
