-- The search index folds text the way the glossary does (alinea_fold is now
-- the glossary's key): dashes, curly quotes and middle dots are unified, and
-- spaces next to Han characters dropped. Rebuild both indexes so that text
-- stored before this migration is found like text saved after it.
-- SQLite-specific: source_search and target_search are FTS5 tables.
DELETE FROM source_search;
INSERT INTO source_search (rowid, text) SELECT id, alinea_fold(source) FROM segments;

DELETE FROM target_search;
INSERT INTO target_search (rowid, text)
    SELECT k.id, alinea_fold(t.text) FROM translations t
    JOIN target_search_keys k ON k.segment_id = t.segment_id AND k.lang = t.lang;
