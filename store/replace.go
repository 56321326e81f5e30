package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"alinea/workflow"
)

// Find and replace in the target column of a document: a preview of every
// change, then one revision per changed segment, all in one transaction,
// recorded as a batch that can be undone as one.

// ReplaceQuery says what to replace in the translations of a document into
// Lang.
type ReplaceQuery struct {
	Lang        string
	Find        string
	Replacement string
	WholeWord   bool // the match may not start or end inside a word
	MatchCase   bool // otherwise letters match in either case
	// MaxStatus, when set, caps the status a changed segment keeps: a
	// translator's replacement in a reviewed segment leaves it translated.
	MaxStatus workflow.Status
}

// ErrBadReplace is returned (wrapped) for an empty or too long search.
var ErrBadReplace = errors.New("invalid find and replace")

func (q ReplaceQuery) check() error {
	if q.Find == "" {
		return fmt.Errorf("%w: nothing to find", ErrBadReplace)
	}
	if !utf8.ValidString(q.Find) || !utf8.ValidString(q.Replacement) ||
		utf8.RuneCountInString(q.Find) > MaxSearchRunes || utf8.RuneCountInString(q.Replacement) > MaxSearchRunes {
		return fmt.Errorf("%w: longer than %d characters", ErrBadReplace, MaxSearchRunes)
	}
	return nil
}

// ReplaceText replaces every match of q.Find in text, left to right without
// overlaps, and says how many there were. Without MatchCase, letters match
// by simple case folding, rune for rune (so the length of a match is the
// length of Find in runes). Text that is not valid UTF-8 is not changed.
func ReplaceText(text string, q ReplaceQuery) (string, int) {
	// Invalid UTF-8 is left alone: its bytes would come back as U+FFFD.
	if q.Find == "" || !utf8.ValidString(text) || !utf8.ValidString(q.Find) || !utf8.ValidString(q.Replacement) {
		return text, 0
	}
	find := []rune(q.Find)
	src := []rune(text)
	var b strings.Builder
	n := 0
	for i := 0; i < len(src); {
		if i+len(find) <= len(src) && runesMatch(src[i:i+len(find)], find, q.MatchCase) &&
			(!q.WholeWord || wordEdge(src, i) && wordEdge(src, i+len(find))) {
			b.WriteString(q.Replacement)
			i += len(find)
			n++
			continue
		}
		b.WriteRune(src[i])
		i++
	}
	if n == 0 {
		return text, 0
	}
	return b.String(), n
}

func runesMatch(a, b []rune, matchCase bool) bool {
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if matchCase || unicode.SimpleFold(a[i]) == a[i] && unicode.SimpleFold(b[i]) == b[i] {
			return false
		}
		if !sameFold(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sameFold reports whether r and s are the same letter in some case.
func sameFold(r, s rune) bool {
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f == s {
			return true
		}
	}
	return false
}

// wordEdge reports whether position i of src is not inside a word: a
// letter or digit on both sides is inside.
func wordEdge(src []rune, i int) bool {
	inWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) }
	if i == 0 || i == len(src) {
		return true
	}
	return !(inWord(src[i-1]) && inWord(src[i]))
}

// ReplaceChange is one segment a replacement changes.
type ReplaceChange struct {
	SegmentID int64
	Position  int
	Version   int64 // the version the change starts from
	Before    string
	After     string
	Count     int // matches in the segment
}

// PreviewReplace lists the changes a replacement would make in the live
// segments of a document, in document order; nothing is written.
func (s *Store) PreviewReplace(ctx context.Context, docID int64, q ReplaceQuery) ([]ReplaceChange, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	if err := checkLanguage(ctx, s.r, q.Lang, true); err != nil {
		return nil, err
	}
	return previewReplace(ctx, s.r, docID, q)
}

func previewReplace(ctx context.Context, db querier, docID int64, q ReplaceQuery) ([]ReplaceChange, error) {
	rows, err := db.QueryContext(ctx, `SELECT s.id, s.position, t.version, t.text FROM translations t
		JOIN segments s ON s.id = t.segment_id
		WHERE s.document_id = ? AND s.retired_into IS NULL AND t.lang = ? AND t.text <> ''
		ORDER BY s.position`, docID, q.Lang)
	if err != nil {
		return nil, fmt.Errorf("preview replace in document %d: %w", docID, err)
	}
	defer rows.Close()
	out := []ReplaceChange{}
	for rows.Next() {
		var c ReplaceChange
		if err := rows.Scan(&c.SegmentID, &c.Position, &c.Version, &c.Before); err != nil {
			return nil, fmt.Errorf("preview replace in document %d: %w", docID, err)
		}
		if c.After, c.Count = ReplaceText(c.Before, q); c.Count > 0 && c.After != c.Before {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}

// ReplaceBatch is a replacement that was applied.
type ReplaceBatch struct {
	ID      int64
	Changed []Translation
}

// ApplyReplace makes the replacement in the segments chosen from a preview
// (all of them when only is nil), each starting from the version the
// preview showed: one revision per changed segment (origin replace), the
// status kept, all in one transaction. A segment saved since the preview
// refuses the whole batch with a *ConflictError, writing nothing.
func (s *Store) ApplyReplace(ctx context.Context, docID int64, q ReplaceQuery, only map[int64]int64, by int64) (ReplaceBatch, error) {
	if err := q.check(); err != nil {
		return ReplaceBatch{}, err
	}
	var out ReplaceBatch
	err := s.tx(ctx, func(tx *dbTx) error {
		if err := checkLanguage(ctx, tx, q.Lang, true); err != nil {
			return err
		}
		changes, err := previewReplace(ctx, tx, docID, q)
		if err != nil {
			return err
		}
		if out.ID, err = insertID(ctx, tx, `INSERT INTO replace_batches (document_id, lang, find, replacement, whole_word, match_case, user_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, docID, q.Lang, q.Find, q.Replacement, q.WholeWord, q.MatchCase, nullID(by), now()); err != nil {
			return err
		}
		byID := map[int64]ReplaceChange{}
		for _, c := range changes {
			byID[c.SegmentID] = c
		}
		// A chosen segment that no longer matches, or moved on, was changed
		// since the preview.
		for id, version := range only {
			if c, ok := byID[id]; !ok || c.Version != version {
				cur, err := translation(ctx, tx, id, q.Lang)
				if err != nil {
					return err
				}
				return &ConflictError{Current: cur}
			}
		}
		for _, c := range changes {
			if only != nil {
				if _, ok := only[c.SegmentID]; !ok {
					continue
				}
			}
			cur, err := translation(ctx, tx, c.SegmentID, q.Lang)
			if err != nil {
				return err
			}
			st := cur.Status
			if q.MaxStatus != "" && st.Rank() > q.MaxStatus.Rank() {
				st = q.MaxStatus
			}
			t, err := saveTranslation(ctx, tx, Save{SegmentID: c.SegmentID, Lang: q.Lang, Text: c.After, Status: st,
				BaseVersion: c.Version, AuthorID: by, Origin: "replace"})
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO replace_changes (batch_id, segment_id, version_before, version_after) VALUES (?, ?, ?, ?)`,
				out.ID, c.SegmentID, c.Version, t.Version); err != nil {
				return err
			}
			out.Changed = append(out.Changed, t)
		}
		return logActivity(ctx, tx, by, docID, "replace", fmt.Sprintf("batch=%d lang=%s changed=%d", out.ID, q.Lang, len(out.Changed)))
	})
	if err != nil {
		return ReplaceBatch{}, fmt.Errorf("replace in document %d (%s): %w", docID, q.Lang, err)
	}
	return out, nil
}

// UndoReport says what undoing a batch did.
type UndoReport struct {
	Restored []Translation
	// Kept are the segments saved again after the batch: their newer text
	// is kept, not overwritten.
	Kept []int64
}

// ErrAlreadyUndone is returned (wrapped) for a batch undone before.
var ErrAlreadyUndone = errors.New("already undone")

// UndoReplace takes a batch back in one transaction: every segment still
// at the version the batch left gets the text and status it had before, as
// a new revision (origin restore); segments saved since are kept and
// reported.
func (s *Store) UndoReplace(ctx context.Context, docID, batchID int64, by int64) (UndoReport, error) {
	var rep UndoReport
	err := s.tx(ctx, func(tx *dbTx) error {
		var lang string
		var undone sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT lang, undone_at FROM replace_batches WHERE id = ? AND document_id = ?`, batchID, docID).Scan(&lang, &undone)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("batch %d: %w", batchID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if undone.Valid {
			return fmt.Errorf("batch %d: %w", batchID, ErrAlreadyUndone)
		}
		rows, err := tx.QueryContext(ctx, `SELECT c.segment_id, c.version_after, r.text, r.status
			FROM replace_changes c JOIN revisions r ON r.segment_id = c.segment_id AND r.lang = ? AND r.version = c.version_before
			WHERE c.batch_id = ? ORDER BY c.segment_id`, lang, batchID)
		if err != nil {
			return err
		}
		type back struct {
			seg    int64
			after  int64
			text   string
			status workflow.Status
		}
		var todo []back
		for rows.Next() {
			var b back
			if err := rows.Scan(&b.seg, &b.after, &b.text, &b.status); err != nil {
				rows.Close()
				return err
			}
			todo = append(todo, b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, b := range todo {
			cur, err := translation(ctx, tx, b.seg, lang)
			if err != nil {
				return err
			}
			if cur.Version != b.after {
				rep.Kept = append(rep.Kept, b.seg)
				continue
			}
			t, err := saveTranslation(ctx, tx, Save{SegmentID: b.seg, Lang: lang, Text: b.text, Status: b.status,
				BaseVersion: cur.Version, AuthorID: by, Origin: "restore"})
			if err != nil {
				return err
			}
			rep.Restored = append(rep.Restored, t)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE replace_batches SET undone_at = ? WHERE id = ?`, now(), batchID); err != nil {
			return err
		}
		return logActivity(ctx, tx, by, docID, "replace-undo", fmt.Sprintf("batch=%d lang=%s restored=%d kept=%d", batchID, lang, len(rep.Restored), len(rep.Kept)))
	})
	if err != nil {
		return UndoReport{}, fmt.Errorf("undo replacement %d: %w", batchID, err)
	}
	return rep, nil
}
