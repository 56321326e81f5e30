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

var (
	// ErrNoNextSegment is returned (wrapped) when merging the last segment.
	ErrNoNextSegment = errors.New("no segment follows")
	// ErrAcrossParagraphs is returned (wrapped) when a merge would join two
	// paragraphs. Paragraphs come from the source's line structure, which
	// exports reproduce, so a merge stays inside one.
	ErrAcrossParagraphs = errors.New("the next segment starts a new paragraph")
	// ErrBadSplit is returned (wrapped) for a split point that would leave a
	// part without text.
	ErrBadSplit = errors.New("invalid split point")
	// ErrSegmentationChanged is returned (wrapped) when the segments are no
	// longer what the client saw: someone merged or split them meanwhile.
	ErrSegmentationChanged = errors.New("the segmentation changed")
)

// Merge joins a segment with the live segment after it.
type Merge struct {
	SegmentID int64
	// NextID is the segment the client expects to follow; 0 skips the
	// check.
	NextID   int64
	AuthorID int64
}

// MergeWithNext joins a segment and the next one in the same paragraph, in
// one transaction: the first keeps its id and gets both sources; the second
// is retired into it (its history stays readable) and the live segments after
// it move up one position. In every target language where either has a
// translation, the first gets the two joined, with the lower of their
// statuses (at least draft once it has text), as a revision of origin merge.
func (s *Store) MergeWithNext(ctx context.Context, m Merge) (Segment, error) {
	var out Segment
	err := s.tx(ctx, func(tx *dbTx) error {
		a, err := liveSegment(ctx, tx, m.SegmentID)
		if err != nil {
			return err
		}
		b, err := scanOne(tx.QueryRowContext(ctx, `SELECT `+segmentColumns+`
			FROM segments s JOIN paragraphs p ON p.id = s.paragraph_id
			WHERE s.document_id = ? AND s.retired_into IS NULL AND s.position > ?
			ORDER BY s.position LIMIT 1`, a.DocumentID, a.Position))
		if errors.Is(err, ErrNotFound) {
			return ErrNoNextSegment
		}
		if err != nil {
			return err
		}
		if m.NextID != 0 && b.ID != m.NextID {
			return fmt.Errorf("%w: segment %d follows, not %d", ErrSegmentationChanged, b.ID, m.NextID)
		}
		if b.ParagraphID != a.ParagraphID {
			return ErrAcrossParagraphs
		}
		source := a.Source + b.Source
		if _, err := tx.ExecContext(ctx, `UPDATE segments SET source = ?, words = ? WHERE id = ?`,
			source, text.WordCount(source), a.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE segments SET retired_into = ?, position = ? WHERE id = ?`,
			a.ID, a.Position, b.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE segments SET position = position - 1
			WHERE document_id = ? AND retired_into IS NULL AND position > ?`, a.DocumentID, b.Position); err != nil {
			return err
		}
		langs, err := targetLanguages(ctx, tx)
		if err != nil {
			return err
		}
		for _, lang := range langs {
			ta, err := translation(ctx, tx, a.ID, lang)
			if err != nil {
				return err
			}
			tb, err := translation(ctx, tx, b.ID, lang)
			if err != nil {
				return err
			}
			if ta.Version == 0 && tb.Version == 0 {
				continue
			}
			text := joinTranslations(ta.Text, tb.Text, lang)
			st := ta.Status
			if tb.Status.Rank() < st.Rank() {
				st = tb.Status
			}
			if st == workflow.StatusNew && strings.TrimSpace(text) != "" {
				st = workflow.StatusDraft
			}
			if _, err := saveTranslation(ctx, tx, Save{SegmentID: a.ID, Lang: lang, Text: text, Status: st,
				BaseVersion: ta.Version, AuthorID: m.AuthorID, Origin: "merge"}); err != nil {
				return err
			}
		}
		// The merged segment's comment threads continue on the segment that
		// took it in.
		if _, err := tx.ExecContext(ctx, `UPDATE comments SET segment_id = ? WHERE segment_id = ?`, a.ID, b.ID); err != nil {
			return err
		}
		if err := refreshMemoryContext(ctx, tx, a.ID); err != nil {
			return err
		}
		if err := logActivity(ctx, tx, m.AuthorID, a.DocumentID, "merge", fmt.Sprintf("segment=%d merged=%d", a.ID, b.ID)); err != nil {
			return err
		}
		out, err = liveSegment(ctx, tx, a.ID)
		return err
	})
	if err != nil {
		return Segment{}, fmt.Errorf("merge segment %d with the next: %w", m.SegmentID, err)
	}
	return out, nil
}

// joinTranslations joins the translations of two merged segments: with one
// space in languages that separate words, directly in those that don't.
func joinTranslations(a, b, lang string) string {
	switch {
	case strings.TrimSpace(a) == "":
		return b
	case strings.TrimSpace(b) == "":
		return a
	case lang == "zh" || strings.HasPrefix(lang, "zh-") || lang == "ja" || lang == "ko":
		return a + b
	}
	return strings.TrimRightFunc(a, isSpace) + " " + strings.TrimLeftFunc(b, isSpace)
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' }

// Split cuts a segment in two.
type Split struct {
	SegmentID int64
	// At is where the second part starts, in characters (code points) from
	// the start of the source.
	At int
	// Source is the source the client saw; "" skips the check.
	Source   string
	AuthorID int64
}

// SplitSegment cuts a segment's source at sp.At in one transaction: the
// segment keeps the first part, a new segment right after it in the same
// paragraph gets the second, and the live segments after it move down one
// position. In every target language the segment had a translation in, the
// translation stays on the first part and both parts become draft (origin
// split), since neither part is translated as it now stands.
func (s *Store) SplitSegment(ctx context.Context, sp Split) (first, second Segment, err error) {
	err = s.tx(ctx, func(tx *dbTx) error {
		a, err := liveSegment(ctx, tx, sp.SegmentID)
		if err != nil {
			return err
		}
		if sp.Source != "" && sp.Source != a.Source {
			return fmt.Errorf("%w: segment %d has another source now", ErrSegmentationChanged, a.ID)
		}
		cut, ok := runeOffset(a.Source, sp.At)
		if !ok || strings.TrimSpace(a.Source[:cut]) == "" || strings.TrimSpace(a.Source[cut:]) == "" {
			return fmt.Errorf("%w: %d in a segment of %d characters", ErrBadSplit, sp.At, utf8.RuneCountInString(a.Source))
		}
		head, tail := a.Source[:cut], a.Source[cut:]
		if _, err := tx.ExecContext(ctx, `UPDATE segments SET position = position + 1
			WHERE document_id = ? AND retired_into IS NULL AND position > ?`, a.DocumentID, a.Position); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE segments SET source = ?, words = ? WHERE id = ?`,
			head, text.WordCount(head), a.ID); err != nil {
			return err
		}
		newID, err := insertID(ctx, tx, `INSERT INTO segments (document_id, paragraph_id, position, heading, source, words)
			VALUES (?, ?, ?, ?, ?, ?)`, a.DocumentID, a.ParagraphID, a.Position+1, a.Heading, tail, text.WordCount(tail))
		if err != nil {
			return err
		}
		langs, err := targetLanguages(ctx, tx)
		if err != nil {
			return err
		}
		for _, lang := range langs {
			ta, err := translation(ctx, tx, a.ID, lang)
			if err != nil {
				return err
			}
			if ta.Version == 0 {
				continue
			}
			if _, err := saveTranslation(ctx, tx, Save{SegmentID: a.ID, Lang: lang, Text: ta.Text, Status: workflow.StatusDraft,
				BaseVersion: ta.Version, AuthorID: sp.AuthorID, Origin: "split"}); err != nil {
				return err
			}
			if _, err := saveTranslation(ctx, tx, Save{SegmentID: newID, Lang: lang, Text: "", Status: workflow.StatusDraft,
				AuthorID: sp.AuthorID, Origin: "split"}); err != nil {
				return err
			}
		}
		if err := refreshMemoryContext(ctx, tx, a.ID, newID); err != nil {
			return err
		}
		if err := logActivity(ctx, tx, sp.AuthorID, a.DocumentID, "split", fmt.Sprintf("segment=%d new=%d", a.ID, newID)); err != nil {
			return err
		}
		if first, err = liveSegment(ctx, tx, a.ID); err != nil {
			return err
		}
		second, err = liveSegment(ctx, tx, newID)
		return err
	})
	if err != nil {
		return Segment{}, Segment{}, fmt.Errorf("split segment %d: %w", sp.SegmentID, err)
	}
	return first, second, nil
}

// runeOffset turns a character offset into a byte offset strictly inside s.
func runeOffset(s string, at int) (int, bool) {
	if at <= 0 {
		return 0, false
	}
	n := 0
	for i := range s {
		if n == at {
			return i, true
		}
		n++
	}
	return 0, false
}

func scanOne(row scanner) (Segment, error) {
	var seg Segment
	err := scanSegment(row, &seg)
	if errors.Is(err, sql.ErrNoRows) {
		return seg, ErrNotFound
	}
	return seg, err
}

func liveSegment(ctx context.Context, q querier, id int64) (Segment, error) {
	seg, err := scanOne(q.QueryRowContext(ctx, `SELECT `+segmentColumns+`
		FROM segments s JOIN paragraphs p ON p.id = s.paragraph_id WHERE s.id = ?`, id))
	if err == nil && seg.RetiredInto != 0 {
		err = ErrNotFound
	}
	if err != nil {
		return seg, fmt.Errorf("segment %d: %w", id, err)
	}
	return seg, nil
}

func targetLanguages(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT code FROM languages WHERE is_target = 1 ORDER BY position, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SegmentWithHistory returns a segment, live or merged away, so the history
// of a retired segment stays reachable.
func (s *Store) SegmentWithHistory(ctx context.Context, id int64) (Segment, error) {
	return s.segment(ctx, id, true)
}

// MergedInto returns the segments that were merged into segment id, oldest
// first.
func (s *Store) MergedInto(ctx context.Context, id int64) ([]Segment, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+segmentColumns+`
		FROM segments s JOIN paragraphs p ON p.id = s.paragraph_id WHERE s.retired_into = ? ORDER BY s.id`, id)
	if err != nil {
		return nil, fmt.Errorf("segments merged into %d: %w", id, err)
	}
	defer rows.Close()
	var out []Segment
	for rows.Next() {
		var seg Segment
		if err := scanSegment(rows, &seg); err != nil {
			return nil, fmt.Errorf("segments merged into %d: %w", id, err)
		}
		out = append(out, seg)
	}
	return out, rows.Err()
}
