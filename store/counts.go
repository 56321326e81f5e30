package store

import (
	"context"
	"fmt"
	"unicode"

	"alinea/align/text"
)

// Translators quote and bill a Chinese source by its characters and a
// translation by its words; these are the counts the pages show.

// CharCount counts the characters of text that are not white space, the
// way a Chinese text is billed (punctuation counts, spaces do not).
func CharCount(text string) int {
	n := 0
	for _, r := range text {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// TargetCount is the size of what has been translated into one language.
type TargetCount struct {
	Words int // text.WordCount of every live segment's translation
	Chars int // CharCount of the same
}

// TargetCounts counts the translations of live segments per document and
// language; docID 0 means every document.
func (s *Store) TargetCounts(ctx context.Context, docID int64) (map[int64]map[string]TargetCount, error) {
	// One document's rows are found through its index, which a condition
	// like "? = 0 OR document_id = ?" would keep the planner from using.
	where, args := ``, []any(nil)
	if docID != 0 {
		where, args = ` AND s.document_id = ?`, []any{docID}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT s.document_id, t.lang, t.text
		FROM translations t JOIN segments s ON s.id = t.segment_id
		WHERE s.retired_into IS NULL AND t.text <> ''`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("target counts: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[string]TargetCount{}
	for rows.Next() {
		var doc int64
		var lang, body string
		if err := rows.Scan(&doc, &lang, &body); err != nil {
			return nil, fmt.Errorf("target counts: %w", err)
		}
		if out[doc] == nil {
			out[doc] = map[string]TargetCount{}
		}
		c := out[doc][lang]
		c.Words += text.WordCount(body)
		c.Chars += CharCount(body)
		out[doc][lang] = c
	}
	return out, rows.Err()
}
