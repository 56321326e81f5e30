package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"alinea/align/text"
	"alinea/workflow"
)

// Filter selects segments by the status of their translation.
type Filter string

const (
	FilterAll          Filter = "all"
	FilterUntranslated Filter = "untranslated" // nothing saved yet: status new
	FilterDraft        Filter = "draft"
	FilterTranslated   Filter = "translated"
	FilterReviewed     Filter = "reviewed"
	FilterApproved     Filter = "approved"
	// FilterWarnings selects the translations the terminology check warns
	// about: the segments in FindQuery.Warned.
	FilterWarnings Filter = "warnings"
	// FilterQAErrors selects the segments in FindQuery.Only: those the
	// quality checks find errors in, which the caller works out.
	FilterQAErrors Filter = "qa-errors"
	// FilterComments selects the segments with an open comment in the
	// language.
	FilterComments Filter = "comments"
)

// Filters lists the filters in the order the editor offers them.
var Filters = []Filter{FilterAll, FilterUntranslated, FilterDraft, FilterTranslated, FilterReviewed, FilterApproved, FilterWarnings, FilterQAErrors, FilterComments}

// Valid reports whether f is one of Filters.
func (f Filter) Valid() bool {
	for _, x := range Filters {
		if x == f {
			return true
		}
	}
	return false
}

// status is the translation status f selects, "" for all.
func (f Filter) status() workflow.Status {
	switch f {
	case FilterAll, "", FilterWarnings, FilterQAErrors, FilterComments:
		return ""
	case FilterUntranslated:
		return workflow.StatusNew
	}
	return workflow.Status(f)
}

// MaxSearchRunes bounds a search query; longer ones are refused.
const MaxSearchRunes = 200

// ErrBadFilter is returned (wrapped) for a filter outside Filters or a search
// longer than MaxSearchRunes.
var ErrBadFilter = errors.New("invalid filter")

// FindQuery selects one page of a document's live segments.
type FindQuery struct {
	Lang   string
	Filter Filter
	// Search is matched, folded (see Fold), as a substring of the source or
	// of the translation into Lang.
	Search string
	// From is a position: the page starts at the first match at or after it.
	From  int
	Limit int // page size; at least 1

	// Warned are the segments FilterWarnings selects, found by the caller
	// (the glossary service) before the query runs: the check is Go, not
	// SQL.
	Warned []int64
	// Only are the segments FilterQAErrors selects, found by the caller
	// (the quality service).
	Only []int64
}

// FindResult is one page of matches and where the pages around it start.
type FindResult struct {
	Rows   []Row
	Total  int // matches in the whole document
	Before int // matches before the first row of this page
	Prev   int // position where the previous page starts, 0 when none
	Next   int // position where the next page starts, 0 when none
	// Pages are the positions where the pages of the matches start when
	// counted from the first match: the page list a translator jumps with.
	Pages []int
}

// segmentFilter builds the WHERE clause shared by FindSegments and
// NextToTranslate. The query it goes into names segments s and the
// translation into lang t.
func segmentFilter(docID int64, q FindQuery, pg bool) (string, []any, error) {
	if q.Filter != "" && !q.Filter.Valid() {
		return "", nil, fmt.Errorf("%w: %q", ErrBadFilter, q.Filter)
	}
	if utf8.RuneCountInString(q.Search) > MaxSearchRunes {
		return "", nil, fmt.Errorf("%w: search longer than %d characters", ErrBadFilter, MaxSearchRunes)
	}
	where := []string{"s.document_id = ?", "s.retired_into IS NULL"}
	args := []any{docID}
	if st := q.Filter.status(); st != "" {
		where = append(where, "coalesce(t.status, 'new') = ?")
		args = append(args, st)
	}
	if q.Filter == FilterWarnings {
		where = append(where, "s.id IN ("+idList(q.Warned)+")")
	}
	if q.Filter == FilterQAErrors {
		where = append(where, "s.id IN ("+idList(q.Only)+")")
	}
	if q.Filter == FilterComments {
		where = append(where, "s.id IN (SELECT c.segment_id FROM comments c WHERE c.lang = ? AND c.resolved_at IS NULL)")
		args = append(args, q.Lang)
	}
	if needle := text.Key(q.Search); needle != "" {
		// SQLite: FTS5 (sqlite.go); PostgreSQL: pg_trgm (postgres.go).
		search := searchShort
		if utf8.RuneCountInString(needle) >= 3 {
			search = searchSubstring
		}
		if pg {
			search = pgSearchShort
			if utf8.RuneCountInString(needle) >= 3 {
				search = pgSearchSubstring
			}
		}
		clause, cargs := search(needle, q.Lang)
		where = append(where, clause)
		args = append(args, cargs...)
	}
	return strings.Join(where, " AND "), args, nil
}

const rowFrom = ` FROM segments s
	JOIN paragraphs p ON p.id = s.paragraph_id
	LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ?
	LEFT JOIN users u ON u.id = t.author_id `

// countFrom is rowFrom without the joins a count does not need; SQLite
// skips the translations join too when the filter does not read it.
const countFrom = ` FROM segments s
	LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ? `

const rowColumns = segmentColumns + `,
	coalesce(t.text, ''), coalesce(t.status, 'new'), coalesce(t.version, 0), coalesce(t.author_id, 0),
	coalesce(u.display_name, ''), coalesce(t.updated_at, '')`

func scanRow(rows scanner, lang string) (Row, error) {
	var r Row
	var at string
	t := &r.Translation
	if err := rows.Scan(&r.ID, &r.DocumentID, &r.Position, &r.ParagraphID, &r.Paragraph, &r.Heading, &r.Source, &r.Words, &r.RetiredInto,
		&t.Text, &t.Status, &t.Version, &t.AuthorID, &t.Author, &at); err != nil {
		return r, err
	}
	t.SegmentID, t.Lang, t.UpdatedAt = r.ID, lang, parseTime(at)
	return r, nil
}

// FindSegments returns the page of a document's live segments that match q,
// with their translations into q.Lang. Pages are keyed by position rather
// than offset, so a page stays put while segments elsewhere are merged or
// split, and the database never skips over rows to reach it.
func (s *Store) FindSegments(ctx context.Context, docID int64, q FindQuery) (FindResult, error) {
	var res FindResult
	if _, err := s.Document(ctx, docID); err != nil {
		return res, err
	}
	if err := checkLanguage(ctx, s.r, q.Lang, true); err != nil {
		return res, err
	}
	limit := max(q.Limit, 1)
	cond, args, err := segmentFilter(docID, q, s.pg)
	if err != nil {
		return res, err
	}
	fail := func(err error) (FindResult, error) {
		return FindResult{}, fmt.Errorf("find segments of document %d: %w", docID, err)
	}
	withLang := append([]any{q.Lang}, args...)

	err = s.r.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(CASE WHEN s.position < ? THEN 1 ELSE 0 END), 0)`+countFrom+`WHERE `+cond,
		append([]any{q.From}, withLang...)...).Scan(&res.Total, &res.Before)
	if err != nil {
		return fail(err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+rowColumns+rowFrom+`WHERE `+cond+` AND s.position >= ?
		ORDER BY s.position LIMIT ?`, append(withLang, q.From, limit+1)...)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRow(rows, q.Lang)
		if err != nil {
			return fail(err)
		}
		res.Rows = append(res.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	if len(res.Rows) > limit {
		res.Next = res.Rows[limit].Position
		res.Rows = res.Rows[:limit]
	}
	if res.Total > limit {
		// Every limit-th match starts a page (window functions: SQLite 3.25
		// and PostgreSQL alike).
		pages, err := s.r.QueryContext(ctx, `SELECT position FROM (SELECT s.position, row_number() OVER (ORDER BY s.position) AS n`+
			countFrom+`WHERE `+cond+`) numbered WHERE (n - 1) % ? = 0 ORDER BY position`, append(withLang, limit)...)
		if err != nil {
			return fail(err)
		}
		defer pages.Close()
		for pages.Next() {
			var pos int
			if err := pages.Scan(&pos); err != nil {
				return fail(err)
			}
			res.Pages = append(res.Pages, pos)
		}
		if err := pages.Err(); err != nil {
			return fail(err)
		}
	}
	if res.Before > 0 {
		// The previous page starts limit matches back, or at the beginning.
		if res.Before <= limit {
			res.Prev = 1
		} else if err := s.r.QueryRowContext(ctx, `SELECT s.position`+countFrom+`WHERE `+cond+` AND s.position < ?
			ORDER BY s.position DESC LIMIT 1 OFFSET ?`, append(withLang, q.From, limit-1)...).Scan(&res.Prev); err != nil {
			return fail(err)
		}
	}
	return res, nil
}

// NextToTranslate returns the first live segment after position after that
// matches q and still needs a translation (new or draft), and whether there
// is one.
func (s *Store) NextToTranslate(ctx context.Context, docID int64, q FindQuery, after int) (Row, bool, error) {
	if err := checkLanguage(ctx, s.r, q.Lang, true); err != nil {
		return Row{}, false, err
	}
	cond, args, err := segmentFilter(docID, q, s.pg)
	if err != nil {
		return Row{}, false, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+rowColumns+rowFrom+`WHERE `+cond+`
		AND coalesce(t.status, 'new') IN ('new', 'draft') AND s.position > ? ORDER BY s.position LIMIT 1`,
		append(append([]any{q.Lang}, args...), after)...)
	if err != nil {
		return Row{}, false, fmt.Errorf("next segment to translate in document %d: %w", docID, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return Row{}, false, rows.Err()
	}
	r, err := scanRow(rows, q.Lang)
	if err != nil {
		return Row{}, false, fmt.Errorf("next segment to translate in document %d: %w", docID, err)
	}
	return r, true, nil
}

// LanguageProgress counts one document's live segments, and their words, by
// status in one target language.
func (s *Store) LanguageProgress(ctx context.Context, docID int64, lang string) (Progress, error) {
	p := Progress{Lang: lang, Segments: map[workflow.Status]int{}, Words: map[workflow.Status]int{}, Chars: map[workflow.Status]int{}}
	err := s.totals(ctx, docID, lang, func(_ int64, _ string, got Progress) { p = got })
	if err != nil {
		return p, fmt.Errorf("progress of document %d (%s): %w", docID, lang, err)
	}
	return p, nil
}

// TranslationsOf returns the current translations of some segments into
// every target language, keyed by segment id and language; languages with
// nothing saved are absent.
func (s *Store) TranslationsOf(ctx context.Context, ids []int64) (map[int64]map[string]Translation, error) {
	out := map[int64]map[string]Translation{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.r.QueryContext(ctx, `SELECT t.segment_id, t.lang, t.text, t.status, t.version, coalesce(t.author_id, 0),
			coalesce(u.display_name, ''), t.updated_at
		FROM translations t LEFT JOIN users u ON u.id = t.author_id
		WHERE t.segment_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("translations of %d segments: %w", len(ids), err)
	}
	defer rows.Close()
	for rows.Next() {
		var t Translation
		var at string
		if err := rows.Scan(&t.SegmentID, &t.Lang, &t.Text, &t.Status, &t.Version, &t.AuthorID, &t.Author, &at); err != nil {
			return nil, fmt.Errorf("translations of %d segments: %w", len(ids), err)
		}
		t.UpdatedAt = parseTime(at)
		if out[t.SegmentID] == nil {
			out[t.SegmentID] = map[string]Translation{}
		}
		out[t.SegmentID][t.Lang] = t
	}
	return out, rows.Err()
}

// SegmentAt returns the live segment at a position of a document (the row
// number the editor shows).
func (s *Store) SegmentAt(ctx context.Context, docID int64, position int) (Segment, error) {
	var seg Segment
	err := scanSegment(s.r.QueryRowContext(ctx, `SELECT `+segmentColumns+`
		FROM segments s JOIN paragraphs p ON p.id = s.paragraph_id
		WHERE s.document_id = ? AND s.position = ? AND s.retired_into IS NULL`, docID, position), &seg)
	if errors.Is(err, sql.ErrNoRows) {
		return Segment{}, fmt.Errorf("segment #%d of document %d: %w", position, docID, ErrNotFound)
	}
	if err != nil {
		return Segment{}, fmt.Errorf("segment #%d of document %d: %w", position, docID, err)
	}
	return seg, nil
}
