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
