package store

import (
	"context"

	"alinea/align/text"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ConcordanceHit is a live segment whose source or translation holds a
// concordance query.
type ConcordanceHit struct {
	DocumentID int64
	Document   string
	SegmentID  int64
	Position   int
	Source     string
	Lang       string // of Target
	Target     string
	InSource   bool
	InTarget   bool
}

// ErrEmptyQuery is returned for a concordance query with nothing to find.
var ErrEmptyQuery = errors.New("empty query")

// Concordance finds every live segment of every document whose source, or
// whose translation into lang (any language when lang is ""), holds query,
// case, width and accents aside, in document order; at most limit of them
// when limit > 0. Queries of three characters or more use the trigram
// indexes, one or two Chinese characters the character index of migration
// 0007; anything else (one or two Latin letters) reads the folded texts.
func (s *Store) Concordance(ctx context.Context, query, lang string, limit int) ([]ConcordanceHit, error) {
	needle := text.Key(strings.TrimSpace(query))
	if needle == "" {
		return nil, ErrEmptyQuery
	}
	if utf8.RuneCountInString(needle) > MaxSearchRunes {
		return nil, fmt.Errorf("%w: query longer than %d characters", ErrBadFilter, MaxSearchRunes)
	}
	if lang != "" {
		if err := checkLanguage(ctx, s.r, lang, true); err != nil {
			return nil, err
		}
	}
	// SQLite: FTS5 MATCH on the trigram and Han indexes and instr;
	// PostgreSQL: pg_trgm with strpos, and a GIN index on the characters.
	var srcSQL, tgtSQL string
	var srcArgs, tgtArgs []any
	switch {
	case utf8.RuneCountInString(needle) >= 3:
		phrase := `"` + strings.ReplaceAll(needle, `"`, `""`) + `"`
		srcSQL = `SELECT rowid FROM source_search WHERE source_search MATCH ? AND instr(text, ?) > 0`
		srcArgs = []any{phrase, needle}
		tgtSQL = `SELECT k.segment_id, k.lang FROM target_search f JOIN target_search_keys k ON k.id = f.rowid
			WHERE target_search MATCH ? AND instr(f.text, ?) > 0`
		tgtArgs = []any{phrase, needle}
	case allHan(needle):
		var terms []string
		for _, r := range needle {
			terms = append(terms, `"`+string(r)+`"`)
		}
		match := strings.Join(terms, " AND ")
		srcSQL = `SELECT h.rowid FROM source_han h JOIN source_search f ON f.rowid = h.rowid
			WHERE source_han MATCH ? AND instr(f.text, ?) > 0`
		srcArgs = []any{match, needle}
		tgtSQL = `SELECT k.segment_id, k.lang FROM target_han h JOIN target_search_keys k ON k.id = h.rowid
			JOIN target_search f ON f.rowid = h.rowid WHERE target_han MATCH ? AND instr(f.text, ?) > 0`
		tgtArgs = []any{match, needle}
	default:
		srcSQL = `SELECT rowid FROM source_search WHERE instr(text, ?) > 0`
		srcArgs = []any{needle}
		tgtSQL = `SELECT k.segment_id, k.lang FROM target_search f JOIN target_search_keys k ON k.id = f.rowid
			WHERE instr(f.text, ?) > 0`
		tgtArgs = []any{needle}
	}
	if s.pg {
		srcSQL, srcArgs, tgtSQL, tgtArgs = pgConcordance(needle)
	}
	if lang != "" {
		tgtSQL += ` AND k.lang = ?`
		tgtArgs = append(tgtArgs, lang)
	}
	hits := map[int64]*ConcordanceHit{}
	rows, err := s.r.QueryContext(ctx, srcSQL, srcArgs...)
	if err != nil {
		return nil, fmt.Errorf("concordance %q: %w", query, err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("concordance %q: %w", query, err)
		}
		hits[id] = &ConcordanceHit{SegmentID: id, InSource: true}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("concordance %q: %w", query, err)
	}
	rows, err = s.r.QueryContext(ctx, tgtSQL, tgtArgs...)
	if err != nil {
		return nil, fmt.Errorf("concordance %q: %w", query, err)
	}
	for rows.Next() {
		var id int64
		var l string
		if err := rows.Scan(&id, &l); err != nil {
			rows.Close()
			return nil, fmt.Errorf("concordance %q: %w", query, err)
		}
		h := hits[id]
		if h == nil {
			h = &ConcordanceHit{SegmentID: id}
			hits[id] = h
		}
		if !h.InTarget || l < h.Lang {
			h.InTarget, h.Lang = true, l
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("concordance %q: %w", query, err)
	}
	// Fill in the segments, dropping retired ones.
	ids := make([]int64, 0, len(hits))
	for id := range hits {
		ids = append(ids, id)
	}
	var out []ConcordanceHit
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		rows, err := s.r.QueryContext(ctx, `SELECT s.id, s.document_id, d.title, s.position, s.source
			FROM segments s JOIN documents d ON d.id = s.document_id
			WHERE s.retired_into IS NULL AND s.id IN (`+idList(chunk)+`)`)
		if err != nil {
			return nil, fmt.Errorf("concordance %q: %w", query, err)
		}
		for rows.Next() {
			var id int64
			var h ConcordanceHit
			if err := rows.Scan(&id, &h.DocumentID, &h.Document, &h.Position, &h.Source); err != nil {
				rows.Close()
				return nil, fmt.Errorf("concordance %q: %w", query, err)
			}
			src := hits[id]
			h.SegmentID, h.InSource, h.InTarget, h.Lang = id, src.InSource, src.InTarget, src.Lang
			out = append(out, h)
		}
		rows.Close()
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].DocumentID != out[j].DocumentID {
			return out[i].DocumentID < out[j].DocumentID
		}
		return out[i].Position < out[j].Position
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	// The translation shown: the one that matched, else the one in lang.
	for i := range out {
		h := &out[i]
		l := h.Lang
		if l == "" {
			l = lang
		}
		if l == "" {
			continue
		}
		t, err := translation(ctx, s.r, h.SegmentID, l)
		if err != nil {
			return nil, fmt.Errorf("concordance %q: %w", query, err)
		}
		h.Lang, h.Target = l, t.Text
	}
	return out, nil
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// HanChars is the distinct Han characters of s, folded, in order of first
// appearance and separated by spaces: the tokens of the one- and
// two-character concordance index (alinea_han, migration 0007).
func HanChars(s string) string {
	var b strings.Builder
	seen := map[rune]bool{}
	for _, r := range text.Key(s) {
		if !unicode.Is(unicode.Han, r) || seen[r] {
			continue
		}
		seen[r] = true
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
