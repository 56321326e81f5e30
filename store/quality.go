package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrInvalidQA is returned (wrapped) for a silence without a check or
// finding, or an unknown check name.
var ErrInvalidQA = errors.New("invalid quality setting")

// Silence is a quality finding a reviewer marked as not an error. It holds
// for the texts it was made on only.
type Silence struct {
	SegmentID int64
	Lang      string
	Check     string
	Finding   string // the finding's key within its check
	Source    string // the texts when it was silenced
	Target    string
	By        int64
}

// TextHash is how silences remember a text.
func TextHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:16])
}

// SilenceFinding records that a finding is not an error for the segment's
// current texts.
func (s *Store) SilenceFinding(ctx context.Context, sl Silence) error {
	seg, err := s.Segment(ctx, sl.SegmentID)
	if err != nil {
		return err
	}
	if sl.Check == "" || sl.Finding == "" {
		return fmt.Errorf("silence segment %d: %w: no check or finding", sl.SegmentID, ErrInvalidQA)
	}
	return s.tx(ctx, func(tx *dbTx) error {
		if err := checkLanguage(ctx, tx, sl.Lang, true); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO qa_silenced
			(segment_id, lang, check_name, finding, source_hash, target_hash, silenced_by, silenced_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (segment_id, lang, check_name, finding) DO UPDATE SET
				source_hash = excluded.source_hash, target_hash = excluded.target_hash,
				silenced_by = excluded.silenced_by, silenced_at = excluded.silenced_at`,
			sl.SegmentID, sl.Lang, sl.Check, sl.Finding, TextHash(sl.Source), TextHash(sl.Target), nullID(sl.By), now()); err != nil {
			return fmt.Errorf("silence segment %d: %w", sl.SegmentID, err)
		}
		return logActivity(ctx, tx, sl.By, seg.DocumentID, "qa-silence",
			fmt.Sprintf("segment %d (%s): %s", seg.Position, sl.Lang, sl.Check))
	})
}

// SilenceKey names a silence among those of a document: segment, check and
// finding.
type SilenceKey struct {
	SegmentID int64
	Check     string
	Finding   string
}

// SilenceHashes are the hashes of the texts a silence was made on.
type SilenceHashes struct{ Source, Target string }

// Silences returns the silenced findings of a document's translations into
// lang, or of one segment when segID is not 0.
func (s *Store) Silences(ctx context.Context, docID, segID int64, lang string) (map[SilenceKey]SilenceHashes, error) {
	q := `SELECT q.segment_id, q.check_name, q.finding, q.source_hash, q.target_hash FROM qa_silenced q`
	var args []any
	if segID != 0 {
		q += ` WHERE q.segment_id = ? AND q.lang = ?`
		args = append(args, segID, lang)
	} else {
		q += ` JOIN segments s ON s.id = q.segment_id WHERE s.document_id = ? AND q.lang = ?`
		args = append(args, docID, lang)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("silenced findings: %w", err)
	}
	defer rows.Close()
	out := map[SilenceKey]SilenceHashes{}
	for rows.Next() {
		var k SilenceKey
		var h SilenceHashes
		if err := rows.Scan(&k.SegmentID, &k.Check, &k.Finding, &h.Source, &h.Target); err != nil {
			return nil, fmt.Errorf("silenced findings: %w", err)
		}
		out[k] = h
	}
	return out, rows.Err()
}

// DisabledChecks returns the quality checks switched off for a document.
func (s *Store) DisabledChecks(ctx context.Context, docID int64) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT check_name FROM qa_disabled_checks WHERE document_id = ? ORDER BY check_name`, docID)
	if err != nil {
		return nil, fmt.Errorf("checks of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("checks of document %d: %w", docID, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetDisabledChecks replaces the checks switched off for a document. The
// caller names the valid checks (they are the quality service's); unknown
// names are refused and nothing changes.
func (s *Store) SetDisabledChecks(ctx context.Context, docID int64, disabled, valid []string, by int64) error {
	if _, err := s.Document(ctx, docID); err != nil {
		return err
	}
	for _, c := range disabled {
		if !slices.Contains(valid, c) {
			return fmt.Errorf("checks of document %d: %w: unknown check %q", docID, ErrInvalidQA, c)
		}
	}
	return s.tx(ctx, func(tx *dbTx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM qa_disabled_checks WHERE document_id = ?`, docID); err != nil {
			return fmt.Errorf("checks of document %d: %w", docID, err)
		}
		for _, c := range disabled {
			if _, err := tx.ExecContext(ctx, `INSERT INTO qa_disabled_checks (document_id, check_name) VALUES (?, ?)
				ON CONFLICT DO NOTHING`, docID, c); err != nil {
				return fmt.Errorf("checks of document %d: %w", docID, err)
			}
		}
		detail := "all checks on"
		if len(disabled) > 0 {
			detail = "off: " + strings.Join(disabled, ", ")
		}
		return logActivity(ctx, tx, by, docID, "qa-checks", detail)
	})
}

// QAText is what the quality checks read of a segment: where it is, its
// source and its translation into one language.
type QAText struct {
	ID          int64
	Position    int
	ParagraphID int64
	Heading     bool
	Source      string
	Text        string // "" when not translated
	// Imported is the translation as the last file applied to the segment
	// brought it in, when it held inline codes (⟦…⟧): the codes the
	// translation must keep. "" otherwise.
	Imported string
}

// QATexts reads a document's live segments in order with their
// translations into lang, or only the translated ones — all a check of
// one save needs from the rest of the document. It reads no more than
// that, since a save waits for it.
func (s *Store) QATexts(ctx context.Context, docID int64, lang string, translatedOnly bool) ([]QAText, error) {
	if _, err := s.Document(ctx, docID); err != nil {
		return nil, err
	}
	if err := checkLanguage(ctx, s.r, lang, true); err != nil {
		return nil, err
	}
	q := `SELECT s.id, s.position, s.paragraph_id, s.heading, s.source, coalesce(t.text, '')
		FROM segments s LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = ?
		WHERE s.document_id = ? AND s.retired_into IS NULL`
	if translatedOnly {
		q += ` AND t.text <> ''`
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY s.position`, lang, docID)
	if err != nil {
		return nil, fmt.Errorf("texts of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []QAText
	for rows.Next() {
		var t QAText
		if err := rows.Scan(&t.ID, &t.Position, &t.ParagraphID, &t.Heading, &t.Source, &t.Text); err != nil {
			return nil, fmt.Errorf("texts of document %d: %w", docID, err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("texts of document %d: %w", docID, err)
	}
	imported, err := s.importedCodes(ctx, docID, lang)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Imported = imported[out[i].ID]
	}
	return out, nil
}

// importedCodes reads, for the live segments of a document, the text of
// the last revision into lang that a file brought in (origin "import"),
// when it holds an inline code.
func (s *Store) importedCodes(ctx context.Context, docID int64, lang string) (map[int64]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT r.segment_id, r.text FROM segments s
		JOIN revisions r ON r.segment_id = s.id AND r.lang = ? AND r.origin = 'import'
		WHERE s.document_id = ? AND s.retired_into IS NULL
		ORDER BY r.segment_id, r.version`, lang, docID)
	if err != nil {
		return nil, fmt.Errorf("imported texts of document %d: %w", docID, err)
	}
	defer rows.Close()
	last := map[int64]string{}
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, fmt.Errorf("imported texts of document %d: %w", docID, err)
		}
		last[id] = text
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("imported texts of document %d: %w", docID, err)
	}
	for id, t := range last {
		if !strings.Contains(t, "⟦") {
			delete(last, id)
		}
	}
	return last, nil
}

// PreviousSource returns the source of the live segment before segID in
// its paragraph; false when segID opens its paragraph.
func (s *Store) PreviousSource(ctx context.Context, segID int64) (string, bool, error) {
	var src string
	err := s.r.QueryRowContext(ctx, `SELECT p.source FROM segments s
		JOIN segments p ON p.paragraph_id = s.paragraph_id AND p.position < s.position AND p.retired_into IS NULL
		WHERE s.id = ? ORDER BY p.position DESC LIMIT 1`, segID).Scan(&src)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("segment before %d: %w", segID, err)
	}
	return src, true, nil
}
