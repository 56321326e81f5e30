-- Translation memory: named memories of imported units, and the live
-- translations of every document at status translated or above, each unit a
-- Chinese source with one target. The fuzzy index is held in memory by the
-- process that searches (align/fuzzy) and built from tm_units; tm_log tells
-- it, and any other process, which units changed since it last looked.

CREATE TABLE tm_memories (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);

-- A unit belongs to a memory (memory_id) or follows a document's live
-- translation (segment_id); source_key is the normalized source when it
-- differs from the source (NULL: normalize the source).
CREATE TABLE tm_units (
    id          INTEGER PRIMARY KEY,
    memory_id   INTEGER REFERENCES tm_memories (id) ON DELETE CASCADE,
    segment_id  INTEGER REFERENCES segments (id) ON DELETE CASCADE,
    document_id INTEGER REFERENCES documents (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    source      TEXT NOT NULL,
    source_key  TEXT,
    target      TEXT NOT NULL,
    status      TEXT NOT NULL,
    author_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author      TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    prev_source TEXT NOT NULL DEFAULT '',
    next_source TEXT NOT NULL DEFAULT '',
    origin      TEXT NOT NULL DEFAULT '',
    CHECK ((memory_id IS NULL) <> (segment_id IS NULL))
);
CREATE INDEX tm_units_by_memory ON tm_units (memory_id, lang);
CREATE UNIQUE INDEX tm_units_by_segment ON tm_units (segment_id, lang) WHERE segment_id IS NOT NULL;

-- Every insert, change of source and delete of a unit, in order.
CREATE TABLE tm_log (
    seq     INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL,
    lang    TEXT NOT NULL
);

CREATE TRIGGER tm_log_insert AFTER INSERT ON tm_units
BEGIN
    INSERT INTO tm_log (unit_id, lang) VALUES (new.id, new.lang);
END;
CREATE TRIGGER tm_log_update AFTER UPDATE OF source, source_key ON tm_units
BEGIN
    INSERT INTO tm_log (unit_id, lang) VALUES (new.id, new.lang);
END;
CREATE TRIGGER tm_log_delete AFTER DELETE ON tm_units
BEGIN
    INSERT INTO tm_log (unit_id, lang) VALUES (old.id, old.lang);
END;

-- The live half follows every save, whichever code path makes it (each save
-- writes a revision): a unit exists while the translation is translated or
-- above, or is a draft that came from an accepted alignment.
CREATE TRIGGER tm_live_save AFTER INSERT ON revisions
BEGIN
    DELETE FROM tm_units WHERE segment_id = new.segment_id AND lang = new.lang;
    INSERT INTO tm_units (segment_id, document_id, lang, source, target, status, author_id, updated_at, origin, prev_source, next_source)
    SELECT s.id, s.document_id, new.lang, s.source, new.text, new.status, new.author_id, new.created_at,
        CASE WHEN new.origin = 'align' THEN 'align' ELSE 'document' END,
        coalesce((SELECT p.source FROM segments p WHERE p.document_id = s.document_id AND p.retired_into IS NULL
            AND p.position < s.position ORDER BY p.position DESC LIMIT 1), ''),
        coalesce((SELECT n.source FROM segments n WHERE n.document_id = s.document_id AND n.retired_into IS NULL
            AND n.position > s.position ORDER BY n.position LIMIT 1), '')
    FROM segments s
    WHERE s.id = new.segment_id AND s.retired_into IS NULL AND new.text <> ''
        AND (new.status IN ('translated', 'reviewed', 'approved') OR new.status = 'draft' AND new.origin = 'align');
END;

CREATE TRIGGER tm_live_delete AFTER DELETE ON translations
BEGIN
    DELETE FROM tm_units WHERE segment_id = old.segment_id AND lang = old.lang;
END;

CREATE TRIGGER tm_live_source AFTER UPDATE OF source ON segments
BEGIN
    UPDATE tm_units SET source = new.source, source_key = NULL WHERE segment_id = new.id;
END;

CREATE TRIGGER tm_live_retire AFTER UPDATE OF retired_into ON segments WHEN new.retired_into IS NOT NULL
BEGIN
    DELETE FROM tm_units WHERE segment_id = new.id;
END;

-- Translations saved before the memory existed.
INSERT INTO tm_units (segment_id, document_id, lang, source, target, status, author_id, updated_at, origin)
SELECT s.id, s.document_id, t.lang, s.source, t.text, t.status, t.author_id, t.updated_at, 'document'
FROM translations t JOIN segments s ON s.id = t.segment_id
WHERE s.retired_into IS NULL AND t.text <> '' AND t.status IN ('translated', 'reviewed', 'approved');

-- SQLite: FTS5 tables (contentless, with contentless_delete) and the
-- alinea_han function; PostgreSQL would index the Han characters with GIN.
-- Concordance: the trigram indexes of migration 0003 find substrings of three
-- characters or more. For one and two Chinese characters, each segment's and
-- each translation's distinct Han characters (alinea_han, registered by the
-- store on each connection) are indexed as single-character tokens; a
-- two-character query intersects its two characters and checks adjacency.
CREATE VIRTUAL TABLE source_han USING fts5 (text, tokenize = 'unicode61', detail = none, content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE target_han USING fts5 (text, tokenize = 'unicode61', detail = none, content = '', contentless_delete = 1);

INSERT INTO source_han (rowid, text) SELECT id, alinea_han(source) FROM segments;
INSERT INTO target_han (rowid, text)
    SELECT k.id, alinea_han(t.text) FROM translations t
    JOIN target_search_keys k ON k.segment_id = t.segment_id AND k.lang = t.lang;

CREATE TRIGGER source_han_insert AFTER INSERT ON segments
BEGIN
    INSERT INTO source_han (rowid, text) VALUES (new.id, alinea_han(new.source));
END;
CREATE TRIGGER source_han_update AFTER UPDATE OF source ON segments
BEGIN
    DELETE FROM source_han WHERE rowid = old.id;
    INSERT INTO source_han (rowid, text) VALUES (new.id, alinea_han(new.source));
END;
CREATE TRIGGER source_han_delete AFTER DELETE ON segments
BEGIN
    DELETE FROM source_han WHERE rowid = old.id;
END;
-- The order triggers fire in is not defined, so this one makes the key of
-- migration 0003 itself when it comes first.
CREATE TRIGGER target_han_insert AFTER INSERT ON translations
BEGIN
    INSERT OR IGNORE INTO target_search_keys (segment_id, lang) VALUES (new.segment_id, new.lang);
    DELETE FROM target_han WHERE rowid =
        (SELECT id FROM target_search_keys WHERE segment_id = new.segment_id AND lang = new.lang);
    INSERT INTO target_han (rowid, text)
        SELECT id, alinea_han(new.text) FROM target_search_keys WHERE segment_id = new.segment_id AND lang = new.lang;
END;
CREATE TRIGGER target_han_update AFTER UPDATE OF text ON translations
BEGIN
    DELETE FROM target_han WHERE rowid =
        (SELECT id FROM target_search_keys WHERE segment_id = new.segment_id AND lang = new.lang);
    INSERT INTO target_han (rowid, text)
        SELECT id, alinea_han(new.text) FROM target_search_keys WHERE segment_id = new.segment_id AND lang = new.lang;
END;
