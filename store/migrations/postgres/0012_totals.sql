-- Progress kept as the data changes, and the stamps that tell when a
-- document's checks must run again: SQLite's migration 0012, in PostgreSQL's
-- types and trigger functions. Triggers keep them; nothing else writes them.
CREATE TABLE document_totals (
    document_id BIGINT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    segments    BIGINT NOT NULL,
    words       BIGINT NOT NULL,
    chars       BIGINT NOT NULL,
    stamp       BIGINT NOT NULL
);
CREATE TABLE status_totals (
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    status      TEXT NOT NULL,
    segments    BIGINT NOT NULL,
    words       BIGINT NOT NULL,
    chars       BIGINT NOT NULL,
    PRIMARY KEY (document_id, lang, status)
);
CREATE TABLE language_stamps (
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    stamp       BIGINT NOT NULL,
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

-- Adds n times segment seg's share (one segment, its words and
-- characters) to the counts of its translation into l at status st, when
-- the segment is live. Joining documents keeps a document being deleted
-- from getting rows back from its cascade.
CREATE FUNCTION status_totals_add(seg BIGINT, l TEXT, st TEXT, n BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO status_totals (document_id, lang, status, segments, words, chars)
        SELECT d.id, l, st, n, n * s.words, n * length(replace(s.source, ' ', ''))
        FROM segments s JOIN documents d ON d.id = s.document_id
        WHERE s.id = seg AND s.retired_into IS NULL
    ON CONFLICT (document_id, lang, status) DO UPDATE SET segments = status_totals.segments + excluded.segments,
        words = status_totals.words + excluded.words, chars = status_totals.chars + excluded.chars;
$$;

CREATE FUNCTION language_stamps_bump(seg BIGINT, l TEXT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO language_stamps (document_id, lang, stamp)
        SELECT d.id, l, 1 FROM segments s JOIN documents d ON d.id = s.document_id WHERE s.id = seg
    ON CONFLICT (document_id, lang) DO UPDATE SET stamp = language_stamps.stamp + 1;
$$;

-- Adds (or takes out, n = -1) a live segment row's share to its document's
-- totals and to its translations' counts.
CREATE FUNCTION segment_totals_add(doc BIGINT, seg BIGINT, seg_words BIGINT, seg_source TEXT, n BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO document_totals (document_id, segments, words, chars, stamp)
        SELECT d.id, n, n * seg_words, n * length(replace(seg_source, ' ', '')), 1 FROM documents d WHERE d.id = doc
    ON CONFLICT (document_id) DO UPDATE SET segments = document_totals.segments + excluded.segments,
        words = document_totals.words + excluded.words, chars = document_totals.chars + excluded.chars,
        stamp = document_totals.stamp + 1;
    INSERT INTO status_totals (document_id, lang, status, segments, words, chars)
        SELECT d.id, t.lang, t.status, n, n * seg_words, n * length(replace(seg_source, ' ', ''))
        FROM translations t JOIN documents d ON d.id = doc WHERE t.segment_id = seg
    ON CONFLICT (document_id, lang, status) DO UPDATE SET segments = status_totals.segments + excluded.segments,
        words = status_totals.words + excluded.words, chars = status_totals.chars + excluded.chars;
$$;

CREATE FUNCTION totals_segment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.retired_into IS NULL THEN
        PERFORM segment_totals_add(OLD.document_id, OLD.id, OLD.words, OLD.source, -1);
    END IF;
    IF NEW.retired_into IS NULL THEN
        PERFORM segment_totals_add(NEW.document_id, NEW.id, NEW.words, NEW.source, 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER totals_segment AFTER INSERT OR UPDATE OF retired_into, words, source ON segments
    FOR EACH ROW EXECUTE FUNCTION totals_segment();

CREATE FUNCTION totals_translation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' AND OLD.status <> NEW.status THEN
        PERFORM status_totals_add(OLD.segment_id, OLD.lang, OLD.status, -1);
    END IF;
    IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' AND OLD.status <> NEW.status THEN
        PERFORM status_totals_add(NEW.segment_id, NEW.lang, NEW.status, 1);
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM language_stamps_bump(OLD.segment_id, OLD.lang);
    ELSE
        PERFORM language_stamps_bump(NEW.segment_id, NEW.lang);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER totals_translation AFTER INSERT OR UPDATE OR DELETE ON translations
    FOR EACH ROW EXECUTE FUNCTION totals_translation();

CREATE FUNCTION stamps_silenced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM language_stamps_bump(OLD.segment_id, OLD.lang);
    ELSE
        PERFORM language_stamps_bump(NEW.segment_id, NEW.lang);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER stamps_silenced AFTER INSERT OR UPDATE OR DELETE ON qa_silenced
    FOR EACH ROW EXECUTE FUNCTION stamps_silenced();

CREATE FUNCTION stamps_checks() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    doc BIGINT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        doc := OLD.document_id;
    ELSE
        doc := NEW.document_id;
    END IF;
    INSERT INTO document_totals (document_id, segments, words, chars, stamp)
        SELECT d.id, 0, 0, 0, 1 FROM documents d WHERE d.id = doc
    ON CONFLICT (document_id) DO UPDATE SET stamp = document_totals.stamp + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER stamps_checks AFTER INSERT OR UPDATE OR DELETE ON qa_disabled_checks
    FOR EACH ROW EXECUTE FUNCTION stamps_checks();
