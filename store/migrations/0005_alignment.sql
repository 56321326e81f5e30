-- Alignments of an existing translation with a document, kept on the server
-- while they are reviewed so a review can be resumed, and after acceptance as
-- a record of where the translations came from.

CREATE TABLE alignments (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL REFERENCES languages (code),
    file_name   TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users (id),
    created_at  TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted')),
    -- version grows with every edit, so an edit made on a stale view is
    -- refused instead of applied to beads the reviewer did not see.
    version     INTEGER NOT NULL DEFAULT 1,
    accepted_at TEXT,
    accepted_by INTEGER REFERENCES users (id)
);
CREATE INDEX alignments_by_document ON alignments (document_id, lang);

-- The document's live segments when the alignment was made, in order; beads
-- refer to them by idx, so a later merge or split of the document cannot
-- shift what a bead covers (accept skips segments retired since).
CREATE TABLE alignment_sources (
    alignment_id INTEGER NOT NULL REFERENCES alignments (id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    segment_id   INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    paragraph    INTEGER NOT NULL,
    PRIMARY KEY (alignment_id, idx)
) WITHOUT ROWID;

-- The translation, segmented with the rules of its language.
CREATE TABLE alignment_sentences (
    alignment_id INTEGER NOT NULL REFERENCES alignments (id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    paragraph    INTEGER NOT NULL,
    text         TEXT NOT NULL,
    PRIMARY KEY (alignment_id, idx)
) WITHOUT ROWID;

-- Beads in order: src_first/src_count index alignment_sources,
-- tgt_first/tgt_count alignment_sentences. reviewed marks a bead a person
-- changed or confirmed; untranslated a source left without translation on
-- purpose; outcome what accepting did with the bead.
CREATE TABLE alignment_beads (
    alignment_id INTEGER NOT NULL REFERENCES alignments (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    src_first    INTEGER NOT NULL,
    src_count    INTEGER NOT NULL CHECK (src_count >= 0),
    tgt_first    INTEGER NOT NULL,
    tgt_count    INTEGER NOT NULL CHECK (tgt_count >= 0),
    confidence   REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    reviewed     INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1)),
    untranslated INTEGER NOT NULL DEFAULT 0 CHECK (untranslated IN (0, 1)),
    outcome      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (alignment_id, position)
) WITHOUT ROWID;
