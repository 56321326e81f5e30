package store

import (
	"context"
	"fmt"
	"iter"
	"strings"
)

// ExportRow is a live segment with its translations into the languages an
// export asked for, in their order. A language with nothing saved has
// Version 0 and StatusNew.
type ExportRow struct {
	Segment
	Translations []Translation
}

// ExportRows yields a document's live segments in order, each with its
// translations into langs. The rows come from one query read as it goes, so
// exporting a document of any length holds one row at a time; the reading
// connection is held until the loop ends, so callers should not stop in the
// middle for long. The document and languages are checked before the first
// row.
func (s *Store) ExportRows(ctx context.Context, docID int64, langs []string) iter.Seq2[ExportRow, error] {
	return func(yield func(ExportRow, error) bool) {
		fail := func(err error) { yield(ExportRow{}, fmt.Errorf("export document %d: %w", docID, err)) }
		if _, err := s.Document(ctx, docID); err != nil {
			yield(ExportRow{}, err)
			return
		}
		for _, l := range langs {
			if err := checkLanguage(ctx, s.r, l, true); err != nil {
				fail(err)
				return
			}
		}
		// One LEFT JOIN per language gives one result row per segment, so no
		// grouping is needed while streaming.
		var q strings.Builder
		q.WriteString(`SELECT ` + segmentColumns)
		for i := range langs {
			fmt.Fprintf(&q, `, coalesce(t%[1]d.text, ''), coalesce(t%[1]d.status, 'new'), coalesce(t%[1]d.version, 0), coalesce(t%[1]d.author_id, 0), coalesce(t%[1]d.updated_at, '')`, i)
		}
		q.WriteString(` FROM segments s JOIN paragraphs p ON p.id = s.paragraph_id`)
		args := make([]any, 0, len(langs)+1)
		for i, l := range langs {
			fmt.Fprintf(&q, ` LEFT JOIN translations t%[1]d ON t%[1]d.segment_id = s.id AND t%[1]d.lang = ?`, i)
			args = append(args, l)
		}
		q.WriteString(` WHERE s.document_id = ? AND s.retired_into IS NULL ORDER BY s.position`)
		args = append(args, docID)
		rows, err := s.r.QueryContext(ctx, q.String(), args...)
		if err != nil {
			fail(err)
			return
		}
		defer rows.Close()
		at := make([]string, len(langs))
		dest := make([]any, 0, 9+5*len(langs))
		for rows.Next() {
			var r ExportRow
			r.Translations = make([]Translation, len(langs))
			dest = append(dest[:0], &r.ID, &r.DocumentID, &r.Position, &r.ParagraphID, &r.Paragraph, &r.Heading, &r.Source, &r.Words, &r.RetiredInto)
			for i := range langs {
				t := &r.Translations[i]
				dest = append(dest, &t.Text, &t.Status, &t.Version, &t.AuthorID, &at[i])
			}
			if err := rows.Scan(dest...); err != nil {
				fail(err)
				return
			}
			for i, l := range langs {
				t := &r.Translations[i]
				t.SegmentID, t.Lang, t.UpdatedAt = r.ID, l, parseTime(at[i])
			}
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			fail(err)
		}
	}
}
