-- Search for the editor: every segment's source and every translation, folded
-- by alinea_fold (case, width and diacritics; registered by the store on each
-- connection), in FTS5 trigram indexes that find substrings of three
-- characters or more, Chinese included. Triggers keep the indexes in step
-- with every writer, so no save path can forget them.

-- rowid = segments.id
CREATE VIRTUAL TABLE source_search USING fts5 (text, tokenize = 'trigram');

-- translations has no rowid, so each (segment, language) gets a key here and
-- target_search rows use it as their rowid.
CREATE TABLE target_search_keys (
    id         INTEGER PRIMARY KEY,
    segment_id INTEGER NOT NULL,
    lang       TEXT NOT NULL,
    UNIQUE (segment_id, lang)
);
CREATE VIRTUAL TABLE target_search USING fts5 (text, tokenize = 'trigram');

INSERT INTO source_search (rowid, text) SELECT id, alinea_fold(source) FROM segments;
INSERT INTO target_search_keys (segment_id, lang) SELECT segment_id, lang FROM translations;
INSERT INTO target_search (rowid, text)
    SELECT k.id, alinea_fold(t.text) FROM translations t
    JOIN target_search_keys k ON k.segment_id = t.segment_id AND k.lang = t.lang;

CREATE TRIGGER source_search_insert AFTER INSERT ON segments
BEGIN
    INSERT INTO source_search (rowid, text) VALUES (new.id, alinea_fold(new.source));
END;

CREATE TRIGGER source_search_update AFTER UPDATE OF source ON segments
BEGIN
    DELETE FROM source_search WHERE rowid = old.id;
    INSERT INTO source_search (rowid, text) VALUES (new.id, alinea_fold(new.source));
END;

CREATE TRIGGER search_delete AFTER DELETE ON segments
BEGIN
    DELETE FROM source_search WHERE rowid = old.id;
    DELETE FROM target_search WHERE rowid IN (SELECT id FROM target_search_keys WHERE segment_id = old.id);
    DELETE FROM target_search_keys WHERE segment_id = old.id;
END;

CREATE TRIGGER target_search_insert AFTER INSERT ON translations
BEGIN
    INSERT OR IGNORE INTO target_search_keys (segment_id, lang) VALUES (new.segment_id, new.lang);
    DELETE FROM target_search WHERE rowid =
        (SELECT id FROM target_search_keys WHERE segment_id = new.segment_id AND lang = new.lang);
    INSERT INTO target_search (rowid, text)
        SELECT id, alinea_fold(new.text) FROM target_search_keys WHERE segment_id = new.segment_id AND lang = new.lang;
END;

CREATE TRIGGER target_search_update AFTER UPDATE OF text ON translations
BEGIN
    DELETE FROM target_search WHERE rowid =
        (SELECT id FROM target_search_keys WHERE segment_id = new.segment_id AND lang = new.lang);
    INSERT INTO target_search (rowid, text)
        SELECT id, alinea_fold(new.text) FROM target_search_keys WHERE segment_id = new.segment_id AND lang = new.lang;
END;

