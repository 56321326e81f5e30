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
	rows, err := s.r.QueryContext(ctx, `SELECT s.document_id, l.code, coalesce(t.status, 'new'), count(*), coalesce(sum(s.words), 0),
			`+sourceChars+`
		FROM segments s CROSS JOIN languages l
		LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = l.code
		WHERE l.is_target = 1 AND s.retired_into IS NULL AND (? = 0 OR s.document_id = ?)
		GROUP BY 1, 2, 3`, docID, docID)
	if err != nil {
		return nil, fmt.Errorf("progress: %w", err)
	}
	defer rows.Close()
	out := map[int64][]Progress{}
	get := func(doc int64, lang string) *Progress {
		ps, ok := out[doc]
		if !ok {
			for _, l := range langs {
				ps = append(ps, Progress{Lang: l, Segments: map[workflow.Status]int{}, Words: map[workflow.Status]int{}, Chars: map[workflow.Status]int{}})
			}
			out[doc] = ps
		}
		for i := range ps {
			if ps[i].Lang == lang {
				return &ps[i]
			}
		}
		return nil
	}
	for rows.Next() {
		var doc int64
		var lang string
		var st workflow.Status
		var n, words, chars int
		if err := rows.Scan(&doc, &lang, &st, &n, &words, &chars); err != nil {
			return nil, fmt.Errorf("progress: %w", err)
		}
		if p := get(doc, lang); p != nil {
			p.Segments[st] += n
			p.Words[st] += words
			p.Chars[st] += chars
		}
	}
	return out, rows.Err()
}

// sourceChars sums the characters of the sources of segments s, white space
// left out as CharCount does (sources are single lines; tabs and ideographic
// spaces are rare enough that only the ordinary space is removed in SQL).
const sourceChars = `coalesce(sum(length(replace(s.source, ' ', ''))), 0)`
