package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Segment is one source segment of a document.
type Segment struct {
	ID          int64
	DocumentID  int64
	Position    int // 1-based order in the document
	ParagraphID int64
	Paragraph   int // 1-based paragraph number in the document
	Heading     bool
	Source      string
	Words       int
	// RetiredInto is the segment this one was merged into, 0 while live.
	RetiredInto int64
}

// Row is a segment with its translation into one language.
type Row struct {
	Segment
	Translation Translation
}

// SegmentQuery selects a page of a document's segments with their
// translations into Lang.
type SegmentQuery struct {
	Lang   string
	Offset int
	Limit  int // 0 means all
}

const segmentColumns = `s.id, s.document_id, s.position, s.paragraph_id, p.position, s.heading, s.source, s.words, coalesce(s.retired_into, 0)`

func scanSegment(row scanner, seg *Segment) error {
	return row.Scan(&seg.ID, &seg.DocumentID, &seg.Position, &seg.ParagraphID, &seg.Paragraph, &seg.Heading, &seg.Source, &seg.Words, &seg.RetiredInto)
}

// Segment returns one live segment.
func (s *Store) Segment(ctx context.Context, id int64) (Segment, error) {
	return s.segment(ctx, id, false)
}

// segment returns a segment; retired ones only when withRetired is set (their
// history stays readable).
func (s *Store) segment(ctx context.Context, id int64, withRetired bool) (Segment, error) {
	var seg Segment
	err := scanSegment(s.r.QueryRowContext(ctx, `SELECT `+segmentColumns+`
		FROM segments s JOIN paragraphs p ON p.id = s.paragraph_id WHERE s.id = ?`, id), &seg)
	if errors.Is(err, sql.ErrNoRows) || err == nil && seg.RetiredInto != 0 && !withRetired {
		return Segment{}, fmt.Errorf("segment %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Segment{}, fmt.Errorf("segment %d: %w", id, err)
	}
	return seg, nil
}

// Segments returns a page of a document's live segments in order, each with
// its translation into q.Lang, and the number of live segments in all.
func (s *Store) Segments(ctx context.Context, docID int64, q SegmentQuery) ([]Row, int, error) {
	if _, err := s.Document(ctx, docID); err != nil {
		return nil, 0, err
	}
	if err := checkLanguage(ctx, s.r, q.Lang, true); err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM segments WHERE document_id = ? AND retired_into IS NULL`, docID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("segments of document %d: %w", docID, err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = noLimit
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+segmentColumns+`,
			coalesce(t.text, ''), coalesce(t.status, 'new'), coalesce(t.version, 0), coalesce(t.author_id, 0),
			coalesce(u.display_name, ''), coalesce(t.updated_at, '')
		FROM segments s
		JOIN paragraphs p ON p.id = s.paragraph_id
		LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ?
		LEFT JOIN users u ON u.id = t.author_id
		WHERE s.document_id = ? AND s.retired_into IS NULL
		ORDER BY s.position LIMIT ? OFFSET ?`, q.Lang, docID, limit, max(q.Offset, 0))
	if err != nil {
		return nil, 0, fmt.Errorf("segments of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		var at string
		t := &r.Translation
		if err := rows.Scan(&r.ID, &r.DocumentID, &r.Position, &r.ParagraphID, &r.Paragraph, &r.Heading, &r.Source, &r.Words, &r.RetiredInto,
			&t.Text, &t.Status, &t.Version, &t.AuthorID, &t.Author, &at); err != nil {
			return nil, 0, fmt.Errorf("segments of document %d: %w", docID, err)
		}
		t.SegmentID, t.Lang, t.UpdatedAt = r.ID, q.Lang, parseTime(at)
		out = append(out, r)
	}
	return out, total, rows.Err()
}
