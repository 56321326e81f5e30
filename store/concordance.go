package store

import (
	"context"

	"alinea/align/text"
	"errors"
	"fmt"
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
// A limited search reads the first segments in document order first, as
// a frequent query finds its hits there sooner than the indexes order
// them all.
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
	q, args := concordanceIndexQuery(s.pg, needle, lang)
	var out []ConcordanceHit
	var err error
	indexed := true
	switch {
	case utf8.RuneCountInString(needle) < 3 && !allHan(needle):
		// Without an index every text is read anyway; reading them in
		// document order stops at the limit, which a letter as common as
		// "o" reaches within the first document.
		wq, wargs := concordanceWalk(s.pg, needle, lang, 0, limit)
		out, err = s.concordanceRows(ctx, wq, wargs)
		indexed = false
	case limit > 0:
		// A query found in a large share of the segments has its first
		// hits among the first segments: reading those texts is cheaper
		// than gathering and ordering every hit the index holds. A sample
		// of the first segments tells which case this is; when too few of
		// them hold the query, the index finds all hits.
		wq, wargs := concordanceWalk(s.pg, needle, lang, concordanceSample, limit)
		out, err = s.concordanceRows(ctx, wq, wargs)
		// Hits are rarely spread evenly (a word of one book of a corpus):
		// reading just as many segments as the sample's rate asks for
		// falls short as often as not, and then the index is asked too.
		// Reading concordanceWalkRows at once is what measured best.
		if err == nil && len(out) < limit && len(out)*concordanceWalkRows/concordanceSample >= limit {
			wq, wargs = concordanceWalk(s.pg, needle, lang, concordanceWalkRows, limit)
			out, err = s.concordanceRows(ctx, wq, wargs)
		}
		indexed = err == nil && len(out) < limit
	}
	if err == nil && indexed {
		if limit > 0 {
			q += ` LIMIT ?`
			args = append(args, limit)
		}
		out, err = s.concordanceRows(ctx, q, args)
	}
	if err == nil {
		err = s.concordanceTargets(ctx, out, needle, lang)
	}
	if err != nil {
		return nil, fmt.Errorf("concordance %q: %w", query, err)
	}
	return out, nil
}

// concordanceIndexQuery is the query asking the indexes for the live
// segments whose source or translation into lang (any when "") holds
// needle, in document order.
func concordanceIndexQuery(pg bool, needle, lang string) (string, []any) {
	// SQLite: FTS5 MATCH on the trigram and Han indexes;
	// PostgreSQL: pg_trgm with strpos, and a GIN index on the characters.
	var srcSQL, tgtSQL string
	var srcArgs, tgtArgs []any
	switch {
	case pg:
		srcSQL, srcArgs, tgtSQL, tgtArgs = pgConcordance(needle)
	case utf8.RuneCountInString(needle) >= 3:
		// A trigram phrase is a substring match of the folded text: no
		// need to read the text again (FTS5's case folding joins no two
		// characters that text.Key keeps apart; a test holds it).
		phrase := `"` + strings.ReplaceAll(needle, `"`, `""`) + `"`
		srcSQL = `SELECT rowid FROM source_search WHERE source_search MATCH ?`
		srcArgs = []any{phrase}
		tgtSQL = `SELECT k.segment_id, k.lang FROM target_search f JOIN target_search_keys k ON k.id = f.rowid
			WHERE target_search MATCH ?`
		tgtArgs = []any{phrase}
	case allHan(needle):
		var terms []string
		for _, r := range needle {
			terms = append(terms, `"`+string(r)+`"`)
		}
		match := strings.Join(terms, " AND ")
		if len(terms) == 1 {
			// The index holds the characters of the folded text, so one
			// character found there is in the text: no need to read it.
			srcSQL = `SELECT rowid FROM source_han WHERE source_han MATCH ?`
			srcArgs = []any{match}
			tgtSQL = `SELECT k.segment_id, k.lang FROM target_han h JOIN target_search_keys k ON k.id = h.rowid WHERE target_han MATCH ?`
			tgtArgs = []any{match}
			break
		}
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
	if lang != "" {
		tgtSQL += ` AND k.lang = ?`
		tgtArgs = append(tgtArgs, lang)
	}
	// The search, the order and the limit in one statement: a frequent
	// character is in a large share of a million segments, too many to
	// bring out of the database to keep the first thousand.
	q := `SELECT s.id, s.document_id, d.title, s.position, s.source
		FROM segments s JOIN documents d ON d.id = s.document_id
		WHERE s.retired_into IS NULL AND s.id IN (` + srcSQL + ` UNION SELECT t.segment_id FROM (` + tgtSQL + `) t)
		ORDER BY s.document_id, s.position`
	if pg {
		// PostgreSQL: left to itself, the planner joins the hits to a
		// scan of every segment; OFFSET 0 keeps the lateral subquery a
		// lookup per hit (15,000 hits: 0.9 s become a few ms of
		// lookups).
		q = `SELECT s.id, s.document_id, d.title, s.position, s.source
		FROM (` + srcSQL + ` UNION SELECT t.segment_id FROM (` + tgtSQL + `) t) h (id)
		CROSS JOIN LATERAL (SELECT id, document_id, position, source FROM segments
			WHERE id = h.id AND retired_into IS NULL OFFSET 0) s
		JOIN documents d ON d.id = s.document_id
		ORDER BY s.document_id, s.position`
	}
	return q, append(append([]any{}, srcArgs...), tgtArgs...)
}

// concordanceTargets tells, for each hit, whether its source holds needle
// and which translation to show: the first language, in order, that holds
// needle, else the one in lang.
func (s *Store) concordanceTargets(ctx context.Context, hits []ConcordanceHit, needle, lang string) error {
	for i := range hits {
		hits[i].InSource = strings.Contains(text.Key(hits[i].Source), needle)
	}
	// For the hits kept only, a bounded batch at a time; the fold is the
	// indexes' (alinea_fold is text.Key).
	for start := 0; start < len(hits); start += 500 {
		chunk := hits[start:min(start+500, len(hits))]
		at := make(map[int64]*ConcordanceHit, len(chunk))
		ids := make([]int64, len(chunk))
		for i := range chunk {
			ids[i], at[chunk[i].SegmentID] = chunk[i].SegmentID, &chunk[i]
		}
		tq := `SELECT segment_id, lang, text FROM translations WHERE segment_id IN (` + idList(ids) + `)`
		var targs []any
		if lang != "" {
			tq += ` AND lang = ?`
			targs = append(targs, lang)
		}
		rows, err := s.r.QueryContext(ctx, tq, targs...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var l, t string
			if err := rows.Scan(&id, &l, &t); err != nil {
				rows.Close()
				return err
			}
			h := at[id]
			switch {
			case strings.Contains(text.Key(t), needle):
				if !h.InTarget || l < h.Lang {
					h.InTarget, h.Lang, h.Target = true, l, t
				}
			case !h.InTarget && l == lang:
				h.Lang, h.Target = l, t
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for i := range hits {
		if hits[i].Lang == "" {
			hits[i].Lang = lang
		}
	}
	return nil
}

// concordanceSample is how many segments, in document order, are read
// first to tell a frequent query from a rare one: a few milliseconds at
// any size.
const concordanceSample = 2_000

// concordanceWalkRows is how many segments, in document order, are read
// when the sample suggests they hold limit hits: reading them (about 3 µs
// each on SQLite, 6 µs on PostgreSQL) costs less than ordering the tens of
// thousands of hits the index would return for such a query.
const concordanceWalkRows = 20_000

// concordanceWalk is the query reading the folded texts of the live
// segments in document order, the first rows of them when rows > 0, for
// the first limit (all when 0) that hold needle in their source or their
// translation into lang (any when "").
func concordanceWalk(pg bool, needle, lang string, rows, limit int) (string, []any) {
	from := `segments`
	var args []any
	if rows > 0 {
		from = `(SELECT id, document_id, position, source, retired_into FROM segments
			WHERE retired_into IS NULL ORDER BY document_id, position LIMIT ?)`
		args = append(args, rows)
	}
	// SQLite: the folded texts are read from the FTS5 tables' content
	// tables (%_content, text in column c0), by rowid; through the virtual
	// tables each read costs twice as much. PostgreSQL: the search tables
	// and strpos.
	holds := `instr((SELECT f.c0 FROM source_search_content f WHERE f.id = s.id), ?) > 0
			OR EXISTS (SELECT 1 FROM target_search_keys k JOIN target_search_content f ON f.id = k.id
				WHERE k.segment_id = s.id AND instr(f.c0, ?) > 0`
	if pg {
		holds = `strpos((SELECT f.text FROM source_search f WHERE f.segment_id = s.id), ?) > 0
			OR EXISTS (SELECT 1 FROM target_search k WHERE k.segment_id = s.id AND strpos(k.text, ?) > 0`
	}
	if lang != "" {
		holds += ` AND k.lang = ?`
	}
	q := `SELECT s.id, s.document_id, d.title, s.position, s.source
		FROM ` + from + ` s JOIN documents d ON d.id = s.document_id
		WHERE s.retired_into IS NULL AND (` + holds + `))
		ORDER BY s.document_id, s.position`
	args = append(args, needle, needle)
	if lang != "" {
		args = append(args, lang)
	}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	return q, args
}

// concordanceRows runs a concordance query of the segments' id, document,
// title, position and source.
func (s *Store) concordanceRows(ctx context.Context, q string, args []any) ([]ConcordanceHit, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ConcordanceHit
	for rows.Next() {
		var h ConcordanceHit
		if err := rows.Scan(&h.SegmentID, &h.DocumentID, &h.Document, &h.Position, &h.Source); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
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
