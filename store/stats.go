package store

import (
	"context"
	"fmt"
	"strconv"

	"alinea/workflow"
)

// Progress counts a document's live segments, and their words, by status in
// one target language.
type Progress struct {
	Lang     string
	Segments map[workflow.Status]int
	Words    map[workflow.Status]int
	// Chars counts the source characters (white space left out), what a
	// Chinese source is billed by.
	Chars map[workflow.Status]int
}

// Total is the number of segments counted.
func (p Progress) Total() int {
	n := 0
	for _, c := range p.Segments {
		n += c
	}
	return n
}

// Progress returns per target language the status counts of every document,
// keyed by document id; languages come in display order.
func (s *Store) Progress(ctx context.Context) (map[int64][]Progress, error) {
	return s.progress(ctx, 0)
}

// DocumentProgress returns the status counts of one document per target
// language.
func (s *Store) DocumentProgress(ctx context.Context, docID int64) ([]Progress, error) {
	if _, err := s.Document(ctx, docID); err != nil {
		return nil, err
	}
	m, err := s.progress(ctx, docID)
	if err != nil {
		return nil, err
	}
	return m[docID], nil
}

func (s *Store) progress(ctx context.Context, docID int64) (map[int64][]Progress, error) {
	langs, err := s.TargetLanguages(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64][]Progress{}
	err = s.totals(ctx, docID, "", func(doc int64, lang string, p Progress) {
		for i, l := range langs {
			if l != lang {
				continue
			}
			ps, ok := out[doc]
			if !ok {
				ps = make([]Progress, len(langs))
				for j, l := range langs {
					ps[j] = Progress{Lang: l, Segments: map[workflow.Status]int{}, Words: map[workflow.Status]int{}, Chars: map[workflow.Status]int{}}
				}
				out[doc] = ps
			}
			ps[i] = p
		}
	})
	if err != nil {
		return nil, fmt.Errorf("progress: %w", err)
	}
	return out, nil
}

// totals reads the counts the triggers of migration 0012 keep (document_totals,
// status_totals) for every document with live segments, or docID alone,
// in every target language, or lang alone, and calls f with each.
// Segments without a translation count as new.
func (s *Store) totals(ctx context.Context, docID int64, lang string, f func(doc int64, lang string, p Progress)) error {
	rows, err := s.r.QueryContext(ctx, `SELECT dt.document_id, l.code, coalesce(st.status, ''), dt.segments, dt.words, dt.chars,
			coalesce(st.segments, 0), coalesce(st.words, 0), coalesce(st.chars, 0)
		FROM document_totals dt CROSS JOIN languages l
		LEFT JOIN status_totals st ON st.document_id = dt.document_id AND st.lang = l.code
			AND st.status <> 'new' AND st.segments <> 0
		WHERE dt.segments > 0 AND (? = 0 OR dt.document_id = ?) AND (? = '' AND l.is_target = 1 OR l.code = ?)
		ORDER BY dt.document_id, l.code`, docID, docID, lang, lang)
	if err != nil {
		return err
	}
	defer rows.Close()
	var cur Progress
	var curDoc int64
	flush := func() {
		if cur.Segments != nil {
			f(curDoc, cur.Lang, cur)
		}
	}
	for rows.Next() {
		var doc int64
		var l string
		var st workflow.Status
		var total, words, chars, n, w, c int
		if err := rows.Scan(&doc, &l, &st, &total, &words, &chars, &n, &w, &c); err != nil {
			return err
		}
		if cur.Segments == nil || doc != curDoc || l != cur.Lang {
			flush()
			curDoc = doc
			cur = Progress{Lang: l, Segments: map[workflow.Status]int{workflow.StatusNew: total},
				Words: map[workflow.Status]int{workflow.StatusNew: words}, Chars: map[workflow.Status]int{workflow.StatusNew: chars}}
		}
		if st != "" {
			cur.Segments[st] += n
			cur.Words[st] += w
			cur.Chars[st] += c
			cur.Segments[workflow.StatusNew] -= n
			cur.Words[workflow.StatusNew] -= w
			cur.Chars[workflow.StatusNew] -= c
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	flush()
	return nil
}

// Stamps are counters the triggers of migration 0012 advance with every
// change: a result computed from the data they cover stays true while
// they stay the same, in this process or any other.
type Stamps struct {
	// Document changes with the document's live segments, their sources
	// and the checks switched off for it.
	Document int64
	// Language changes with the document's translations into the language
	// and the findings silenced there.
	Language int64
	// Glossary changes with any concept or term.
	Glossary int64
}

// StampsOf reads the stamps covering document docID in lang.
func (s *Store) StampsOf(ctx context.Context, docID int64, lang string) (Stamps, error) {
	var st Stamps
	var glossary string
	err := s.r.QueryRowContext(ctx, `SELECT
			coalesce((SELECT stamp FROM document_totals WHERE document_id = ?), 0),
			coalesce((SELECT stamp FROM language_stamps WHERE document_id = ? AND lang = ?), 0),
			coalesce((SELECT value FROM settings WHERE key = 'glossary_version'), '')`,
		docID, docID, lang).Scan(&st.Document, &st.Language, &glossary)
	if err != nil {
		return st, fmt.Errorf("stamps of document %d (%s): %w", docID, lang, err)
	}
	// As GlossaryVersion reads it.
	st.Glossary, _ = strconv.ParseInt(glossary, 10, 64)
	return st, nil
}

// DocumentStamps reads the Document stamp (see Stamps) of every document
// with live segments, keyed by document id.
func (s *Store) DocumentStamps(ctx context.Context) (map[int64]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT document_id, stamp FROM document_totals WHERE segments > 0`)
	if err != nil {
		return nil, fmt.Errorf("document stamps: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var doc, stamp int64
		if err := rows.Scan(&doc, &stamp); err != nil {
			return nil, fmt.Errorf("document stamps: %w", err)
		}
		out[doc] = stamp
	}
	return out, rows.Err()
}

// LanguageStamps reads the Language stamp (see Stamps) of every document
// and language with translations, keyed by document id and language.
func (s *Store) LanguageStamps(ctx context.Context) (map[int64]map[string]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT document_id, lang, stamp FROM language_stamps`)
	if err != nil {
		return nil, fmt.Errorf("language stamps: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[string]int64{}
	for rows.Next() {
		var doc, stamp int64
		var lang string
		if err := rows.Scan(&doc, &lang, &stamp); err != nil {
			return nil, fmt.Errorf("language stamps: %w", err)
		}
		if out[doc] == nil {
			out[doc] = map[string]int64{}
		}
		out[doc][lang] = stamp
	}
	return out, rows.Err()
}
