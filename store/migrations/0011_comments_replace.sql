-- Segment comments: a thread per segment and target language, visible to
-- everyone who opens the document. A comment is resolved by anyone who may
-- edit there; the thread is open while one of its comments is not.
CREATE TABLE comments (
    id          INTEGER PRIMARY KEY,
    segment_id  INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL REFERENCES languages (code),
    author_id   INTEGER REFERENCES users (id),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    -- rejection marks the comment a reviewer gave with sending a
    -- translation back to draft.
    rejection   INTEGER NOT NULL DEFAULT 0,
    resolved_at TEXT,
    resolved_by INTEGER REFERENCES users (id)
);
CREATE INDEX comments_segment ON comments (segment_id, lang);
-- The editor's filter and the documents page count open threads.
CREATE INDEX comments_open ON comments (lang, segment_id) WHERE resolved_at IS NULL;

-- Find and replace in the translations of a document: each run is a batch
-- that remembers, per changed segment, the versions before and after, so
-- the batch can be undone as one.
CREATE TABLE replace_batches (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL REFERENCES languages (code),
    find        TEXT NOT NULL,
    replacement TEXT NOT NULL,
    whole_word  INTEGER NOT NULL DEFAULT 0,
    match_case  INTEGER NOT NULL DEFAULT 0,
    user_id     INTEGER REFERENCES users (id),
    created_at  TEXT NOT NULL,
    undone_at   TEXT
);
CREATE TABLE replace_changes (
    batch_id       INTEGER NOT NULL REFERENCES replace_batches (id) ON DELETE CASCADE,
    segment_id     INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    version_before INTEGER NOT NULL,
    version_after  INTEGER NOT NULL,
    PRIMARY KEY (batch_id, segment_id)
);
