-- The glossary (termbase): concepts named by terms in several languages.
-- Chinese terms are what the editor finds in source segments; the other
-- languages hold the renderings a translator should (or must not) use.

CREATE TABLE concepts (
    id         INTEGER PRIMARY KEY,
    domain     TEXT NOT NULL DEFAULT '',
    definition TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id),
    updated_at TEXT NOT NULL
);

-- position keeps the order the terms were entered in: the first preferred
-- term of a language is the one offered first. folded is align.Key(text),
-- what lookups compare, so "politica" finds "política" and "ＣＥＬＡＣ" finds
-- "CELAC".
CREATE TABLE terms (
    id         INTEGER PRIMARY KEY,
    concept_id INTEGER NOT NULL REFERENCES concepts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    lang       TEXT NOT NULL,
    text       TEXT NOT NULL CHECK (text <> ''),
    folded     TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('preferred', 'admitted', 'forbidden')),
    gender     TEXT NOT NULL DEFAULT '',
    number     TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX terms_by_concept ON terms (concept_id, position);
CREATE INDEX terms_by_key ON terms (folded, lang);

-- The other inflected forms of a term (Spanish and Portuguese gender and
-- number), which the terminology check accepts as the term itself.
CREATE TABLE term_forms (
    term_id  INTEGER NOT NULL REFERENCES terms (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL CHECK (text <> ''),
    gender   TEXT NOT NULL DEFAULT '',
    number   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (term_id, position)
) WITHOUT ROWID;

-- Bumped by every glossary write, in the same transaction: readers rebuild
-- their cached matcher when it moved, whichever process wrote.
INSERT INTO settings (key, value) VALUES ('glossary_version', '0');
