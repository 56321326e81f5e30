package store

import (
	"context"
	"fmt"

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
