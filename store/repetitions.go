package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"alinea/align/text"
)

// SameSource returns the live segments of every document whose source has
// the same folded key (text.Key) as source, in document order: the
// candidates for repetitions, which the caller narrows to its own notion of
// "the same". Unlike Concordance it reads the source side only, compares
// whole keys rather than substrings, and takes sources of any length.
func (s *Store) SameSource(ctx context.Context, source string) ([]ConcordanceHit, error) {
	key := text.Key(source)
	if key == "" {
		return nil, nil
	}
	// SQLite: FTS5 MATCH on the trigram index (three characters or
	// more) or on the Han character index of migration 0007 (one or two
	// Chinese characters) narrows the rows; the equality on the folded text
	// decides.
	var q string
	var args []any
	switch {
	case utf8.RuneCountInString(key) >= 3:
		q = `SELECT rowid FROM source_search WHERE source_search MATCH ? AND text = ?`
		args = []any{sampleTrigrams(key), key}
	case allHan(key):
		var terms []string
		for _, r := range key {
			terms = append(terms, `"`+string(r)+`"`)
		}
		q = `SELECT h.rowid FROM source_han h JOIN source_search f ON f.rowid = h.rowid
			WHERE source_han MATCH ? AND f.text = ?`
		args = []any{strings.Join(terms, " AND "), key}
	default:
		q = `SELECT rowid FROM source_search WHERE text = ?`
		args = []any{key}
	}
	if s.pg {
		// PostgreSQL: a hash index on the folded text.
		q, args = `SELECT segment_id FROM source_search WHERE text = ?`, []any{key}
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("same source as %q: %w", source, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("same source as %q: %w", source, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("same source as %q: %w", source, err)
	}
	var out []ConcordanceHit
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		rows, err := s.r.QueryContext(ctx, `SELECT s.id, s.document_id, d.title, s.position, s.source
			FROM segments s JOIN documents d ON d.id = s.document_id
			WHERE s.retired_into IS NULL AND s.id IN (`+idList(chunk)+`)`)
		if err != nil {
			return nil, fmt.Errorf("same source as %q: %w", source, err)
		}
		for rows.Next() {
			h := ConcordanceHit{InSource: true}
			if err := rows.Scan(&h.SegmentID, &h.DocumentID, &h.Document, &h.Position, &h.Source); err != nil {
				rows.Close()
				return nil, fmt.Errorf("same source as %q: %w", source, err)
			}
			out = append(out, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("same source as %q: %w", source, err)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].DocumentID != out[j].DocumentID {
			return out[i].DocumentID < out[j].DocumentID
		}
		return out[i].Position < out[j].Position
	})
	return out, nil
}

// sampleTrigrams is an FTS5 query for a few trigrams spread over key (at
// most four): every row with the whole key has them all, and the few
// posting lists read make it fast where a phrase of every trigram of a long
// sentence is not.
func sampleTrigrams(key string) string {
	r := []rune(key)
	n := len(r) - 2 // trigrams
	var terms []string
	seen := map[string]bool{}
	for _, at := range []int{0, n / 3, 2 * n / 3, n - 1} {
		tri := string(r[at : at+3])
		if seen[tri] {
			continue
		}
		seen[tri] = true
		terms = append(terms, `"`+strings.ReplaceAll(tri, `"`, `""`)+`"`)
	}
	return strings.Join(terms, " AND ")
}
