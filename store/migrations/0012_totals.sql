-- Progress kept as the data changes: the documents page and the API read a
-- few rows per document instead of every segment and translation (seconds
-- at a million segments). Triggers keep them; nothing else writes them.
--
-- document_totals: a document's live segments, their source words and
-- characters (white space left out: sources are single lines, and tabs
-- and ideographic spaces are rare enough that only the ordinary space is
-- removed), and a stamp that changes with anything its checks depend on
-- besides the translations: the live segments and their sources, the
-- checks switched off.
CREATE TABLE document_totals (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    segments    INTEGER NOT NULL,
    words       INTEGER NOT NULL,
    chars       INTEGER NOT NULL,
    stamp       INTEGER NOT NULL
);
-- status_totals: the same counts over the live segments whose translation
-- into lang has status. Segments without a translation are the document's
-- totals less these.
CREATE TABLE status_totals (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    status      TEXT NOT NULL,
    segments    INTEGER NOT NULL,
    words       INTEGER NOT NULL,
    chars       INTEGER NOT NULL,
    PRIMARY KEY (document_id, lang, status)
);
-- language_stamps: changes with the translations of a document into lang
-- and the findings silenced there.
CREATE TABLE language_stamps (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    stamp       INTEGER NOT NULL,
    PRIMARY KEY (document_id, lang)
);

INSERT INTO document_totals (document_id, segments, words, chars, stamp)
    SELECT document_id, count(*), sum(words), sum(length(replace(source, ' ', ''))), 1
    FROM segments WHERE retired_into IS NULL GROUP BY document_id;
INSERT INTO status_totals (document_id, lang, status, segments, words, chars)
    SELECT s.document_id, t.lang, t.status, count(*), sum(s.words), sum(length(replace(s.source, ' ', '')))
    FROM translations t JOIN segments s ON s.id = t.segment_id
    WHERE s.retired_into IS NULL GROUP BY s.document_id, t.lang, t.status;
INSERT INTO language_stamps (document_id, lang, stamp)
    SELECT DISTINCT s.document_id, t.lang, 1 FROM translations t JOIN segments s ON s.id = t.segment_id;

-- Every upsert joins documents: while a document is deleted, the cascade
-- deletes its segments and translations, and their triggers must not
-- bring its rows back.

CREATE TRIGGER totals_segment_insert AFTER INSERT ON segments
BEGIN
    INSERT INTO document_totals (document_id, segments, words, chars, stamp)
        SELECT d.id, 1, new.words, length(replace(new.source, ' ', '')), 1
        FROM documents d WHERE d.id = new.document_id AND new.retired_into IS NULL
        ON CONFLICT (document_id) DO UPDATE SET segments = segments + 1, words = words + excluded.words,
            chars = chars + excluded.chars, stamp = stamp + 1;
END;

-- A merge retires segments, a split shortens one: the old row's share
-- comes out, the new row's goes in, for the document and for each of the
-- segment's translations.
CREATE TRIGGER totals_segment_update AFTER UPDATE OF retired_into, words, source ON segments
BEGIN
    INSERT INTO document_totals (document_id, segments, words, chars, stamp)
        SELECT d.id,
            (new.retired_into IS NULL) - (old.retired_into IS NULL),
            CASE WHEN new.retired_into IS NULL THEN new.words ELSE 0 END
                - CASE WHEN old.retired_into IS NULL THEN old.words ELSE 0 END,
            CASE WHEN new.retired_into IS NULL THEN length(replace(new.source, ' ', '')) ELSE 0 END
                - CASE WHEN old.retired_into IS NULL THEN length(replace(old.source, ' ', '')) ELSE 0 END,
            1
        FROM documents d WHERE d.id = new.document_id
        ON CONFLICT (document_id) DO UPDATE SET segments = segments + excluded.segments,
            words = words + excluded.words, chars = chars + excluded.chars, stamp = stamp + 1;
    INSERT INTO status_totals (document_id, lang, status, segments, words, chars)
        SELECT d.id, t.lang, t.status,
            (new.retired_into IS NULL) - (old.retired_into IS NULL),
            CASE WHEN new.retired_into IS NULL THEN new.words ELSE 0 END
                - CASE WHEN old.retired_into IS NULL THEN old.words ELSE 0 END,
            CASE WHEN new.retired_into IS NULL THEN length(replace(new.source, ' ', '')) ELSE 0 END
                - CASE WHEN old.retired_into IS NULL THEN length(replace(old.source, ' ', '')) ELSE 0 END
        FROM translations t JOIN documents d ON d.id = new.document_id WHERE t.segment_id = new.id
        ON CONFLICT (document_id, lang, status) DO UPDATE SET segments = segments + excluded.segments,
            words = words + excluded.words, chars = chars + excluded.chars;
END;

CREATE TRIGGER totals_translation_insert AFTER INSERT ON translations
BEGIN
    INSERT INTO status_totals (document_id, lang, status, segments, words, chars)
        SELECT d.id, new.lang, new.status, 1, s.words, length(replace(s.source, ' ', ''))
        FROM segments s JOIN documents d ON d.id = s.document_id
        WHERE s.id = new.segment_id AND s.retired_into IS NULL
        ON CONFLICT (document_id, lang, status) DO UPDATE SET segments = segments + 1,
            words = words + excluded.words, chars = chars + excluded.chars;
    INSERT INTO language_stamps (document_id, lang, stamp)
        SELECT d.id, new.lang, 1 FROM segments s JOIN documents d ON d.id = s.document_id WHERE s.id = new.segment_id
        ON CONFLICT (document_id, lang) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER totals_translation_status AFTER UPDATE OF status ON translations WHEN old.status <> new.status
BEGIN
    INSERT INTO status_totals (document_id, lang, status, segments, words, chars)
        SELECT d.id, new.lang, v.status, v.n, v.n * s.words, v.n * length(replace(s.source, ' ', ''))
        FROM segments s JOIN documents d ON d.id = s.document_id
            JOIN (SELECT old.status AS status, -1 AS n UNION ALL SELECT new.status, 1) v
        WHERE s.id = new.segment_id AND s.retired_into IS NULL
        ON CONFLICT (document_id, lang, status) DO UPDATE SET segments = segments + excluded.segments,
            words = words + excluded.words, chars = chars + excluded.chars;
END;

CREATE TRIGGER totals_translation_update AFTER UPDATE ON translations
BEGIN
    INSERT INTO language_stamps (document_id, lang, stamp)
        SELECT d.id, new.lang, 1 FROM segments s JOIN documents d ON d.id = s.document_id WHERE s.id = new.segment_id
        ON CONFLICT (document_id, lang) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER totals_translation_delete AFTER DELETE ON translations
BEGIN
    INSERT INTO status_totals (document_id, lang, status, segments, words, chars)
        SELECT d.id, old.lang, old.status, -1, -s.words, -length(replace(s.source, ' ', ''))
        FROM segments s JOIN documents d ON d.id = s.document_id
        WHERE s.id = old.segment_id AND s.retired_into IS NULL
        ON CONFLICT (document_id, lang, status) DO UPDATE SET segments = segments + excluded.segments,
            words = words + excluded.words, chars = chars + excluded.chars;
    INSERT INTO language_stamps (document_id, lang, stamp)
        SELECT d.id, old.lang, 1 FROM segments s JOIN documents d ON d.id = s.document_id WHERE s.id = old.segment_id
        ON CONFLICT (document_id, lang) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER stamps_silenced_insert AFTER INSERT ON qa_silenced
BEGIN
    INSERT INTO language_stamps (document_id, lang, stamp)
        SELECT d.id, new.lang, 1 FROM segments s JOIN documents d ON d.id = s.document_id WHERE s.id = new.segment_id
        ON CONFLICT (document_id, lang) DO UPDATE SET stamp = stamp + 1;
END;
CREATE TRIGGER stamps_silenced_update AFTER UPDATE ON qa_silenced
BEGIN
    INSERT INTO language_stamps (document_id, lang, stamp)
        SELECT d.id, new.lang, 1 FROM segments s JOIN documents d ON d.id = s.document_id WHERE s.id = new.segment_id
        ON CONFLICT (document_id, lang) DO UPDATE SET stamp = stamp + 1;
END;
CREATE TRIGGER stamps_silenced_delete AFTER DELETE ON qa_silenced
BEGIN
    INSERT INTO language_stamps (document_id, lang, stamp)
        SELECT d.id, old.lang, 1 FROM segments s JOIN documents d ON d.id = s.document_id WHERE s.id = old.segment_id
        ON CONFLICT (document_id, lang) DO UPDATE SET stamp = stamp + 1;
END;
CREATE TRIGGER stamps_checks_insert AFTER INSERT ON qa_disabled_checks
BEGIN
    INSERT INTO document_totals (document_id, segments, words, chars, stamp)
        SELECT d.id, 0, 0, 0, 1 FROM documents d WHERE d.id = new.document_id
        ON CONFLICT (document_id) DO UPDATE SET stamp = stamp + 1;
END;
CREATE TRIGGER stamps_checks_delete AFTER DELETE ON qa_disabled_checks
BEGIN
    INSERT INTO document_totals (document_id, segments, words, chars, stamp)
        SELECT d.id, 0, 0, 0, 1 FROM documents d WHERE d.id = old.document_id
        ON CONFLICT (document_id) DO UPDATE SET stamp = stamp + 1;
END;
