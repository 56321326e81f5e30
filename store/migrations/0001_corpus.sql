-- The corpus: documents split into paragraphs and segments, translations per
-- segment and target language, and the append-only history of every save.

-- Languages are data: adding a target language is an INSERT, not a release.
CREATE TABLE languages (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    is_target INTEGER NOT NULL DEFAULT 1 CHECK (is_target IN (0, 1)),
    position  INTEGER NOT NULL
);
INSERT INTO languages (code, name, is_target, position) VALUES
    ('zh', '中文', 0, 0),
    ('es', 'Español', 1, 1),
    ('pt', 'Português', 1, 2),
    ('en', 'English', 1, 3);

CREATE TABLE users (
    id           INTEGER PRIMARY KEY,
    login        TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    source_lang  TEXT NOT NULL REFERENCES languages (code),
    file_name    TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    encoding     TEXT NOT NULL DEFAULT 'UTF-8',
    imported_at  TEXT NOT NULL,
    imported_by  INTEGER REFERENCES users (id)
);
CREATE INDEX documents_by_hash ON documents (content_hash);

CREATE TABLE paragraphs (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    heading     INTEGER NOT NULL DEFAULT 0 CHECK (heading IN (0, 1))
);
CREATE INDEX paragraphs_by_document ON paragraphs (document_id, position);

-- position orders the live segments of a document. A segment merged into its
-- neighbour is retired, not deleted, so its history stays readable.
CREATE TABLE segments (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    paragraph_id INTEGER NOT NULL REFERENCES paragraphs (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    heading      INTEGER NOT NULL DEFAULT 0 CHECK (heading IN (0, 1)),
    source       TEXT NOT NULL,
    words        INTEGER NOT NULL DEFAULT 0,
    retired_into INTEGER REFERENCES segments (id)
);
CREATE INDEX segments_by_document ON segments (document_id, position);

CREATE TABLE translations (
    segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL REFERENCES languages (code),
    text       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('new', 'draft', 'translated', 'reviewed', 'approved')),
    version    INTEGER NOT NULL CHECK (version > 0),
    author_id  INTEGER REFERENCES users (id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (segment_id, lang)
) WITHOUT ROWID;
CREATE INDEX translations_by_lang ON translations (lang, status);

-- Every save is a revision; origin says how it came (edit, restore, merge,
-- split, import, align).
CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY,
    segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL REFERENCES languages (code),
    version    INTEGER NOT NULL,
    text       TEXT NOT NULL,
    status     TEXT NOT NULL,
    author_id  INTEGER REFERENCES users (id),
    origin     TEXT NOT NULL DEFAULT 'edit',
    created_at TEXT NOT NULL
);
CREATE INDEX revisions_by_segment ON revisions (segment_id, lang, version);

CREATE TRIGGER revisions_append_only BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only');
END;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
