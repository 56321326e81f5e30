-- The tag Chinese is written with in a document's exchange files: the
-- database says "zh", files say zh-Hans (simplified, the default), zh-CN,
-- zh-TW or zh-Hant, as the people the files go to expect.
ALTER TABLE documents ADD COLUMN zh_tag TEXT NOT NULL DEFAULT 'zh-Hans';

-- Glossary terms kept the tag of the file they came from, so one concept
-- could hold a term under "zh" and again under "zh-CN". A language is one
-- code: the regional tags of the workbench's languages become it, and a term
-- that is then there twice in a concept is kept once (the first entered).
UPDATE terms SET lang = lower(substr(lang, 1, 2))
 WHERE lower(substr(lang, 1, 3)) IN ('zh-', 'zh_', 'es-', 'es_', 'pt-', 'pt_', 'en-', 'en_')
    OR lang IN ('ZH', 'ES', 'PT', 'EN');
DELETE FROM terms WHERE id IN (
    SELECT later.id FROM terms later JOIN terms first
        ON first.concept_id = later.concept_id AND first.lang = later.lang
       AND first.text = later.text AND first.position < later.position);
UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'glossary_version';
