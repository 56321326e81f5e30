package store

import (
	"context"
	"fmt"
	"time"

	"alinea/workflow"
)

// ProgressPoint is how far one language of a document had come at the end of
// a day (UTC).
type ProgressPoint struct {
	Day time.Time
	// Done counts the segments translated, reviewed or approved, and Words
	// their words.
	Done, Words int
}

// ProgressHistory replays the revisions of every document's live segments
// (docID's alone, unless 0) in the order they were saved and returns, per
// document and target language, one point per day on which something
// changed. Segments merged away are left out, since today's totals do not
// count them either.
func (s *Store) ProgressHistory(ctx context.Context, docID int64) (map[int64]map[string][]ProgressPoint, error) {
	// As in TargetCounts, one document's condition is written only when
	// there is one, for the planner to use its index.
	where, args := ``, []any(nil)
	if docID != 0 {
		where, args = ` AND s.document_id = ?`, []any{docID}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT s.document_id, r.lang, r.segment_id, r.status, r.created_at, s.words
		FROM revisions r JOIN segments s ON s.id = r.segment_id
		WHERE s.retired_into IS NULL`+where+` ORDER BY r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("progress history: %w", err)
	}
	defer rows.Close()
	type key struct {
		seg  int64
		lang string
	}
	done := map[key]bool{}
	out := map[int64]map[string][]ProgressPoint{}
	for rows.Next() {
		var doc, seg int64
		var lang, at string
		var st workflow.Status
		var words int
		if err := rows.Scan(&doc, &lang, &seg, &st, &at, &words); err != nil {
			return nil, fmt.Errorf("progress history: %w", err)
		}
		byLang := out[doc]
		if byLang == nil {
			byLang = map[string][]ProgressPoint{}
			out[doc] = byLang
		}
		pts := byLang[lang]
		day := parseTime(at).Truncate(24 * time.Hour)
		if len(pts) == 0 || !pts[len(pts)-1].Day.Equal(day) {
			var last ProgressPoint
			if len(pts) > 0 {
				last = pts[len(pts)-1]
			}
			pts = append(pts, ProgressPoint{Day: day, Done: last.Done, Words: last.Words})
		}
		p := &pts[len(pts)-1]
		k := key{seg, lang}
		now := st.Rank() >= workflow.StatusTranslated.Rank()
		switch {
		case now && !done[k]:
			p.Done++
			p.Words += words
		case !now && done[k]:
			p.Done--
			p.Words -= words
		}
		done[k] = now
		byLang[lang] = pts
	}
	return out, rows.Err()
}
