package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"alinea/align"
	"alinea/workflow"
)

// Alignment states.
const (
	AlignmentOpen     = "open"
	AlignmentAccepted = "accepted"
)

// Bead outcomes, set by AcceptAlignment.
const (
	OutcomeAccepted     = "accepted"     // the text became the first segment's translation
	OutcomeExisting     = "existing"     // skipped: the segment already had a translation
	OutcomeBelow        = "below"        // skipped: confidence under the threshold
	OutcomeUntranslated = "untranslated" // skipped: marked as having no translation
	OutcomeChanged      = "changed"      // skipped: the segment was merged away since
)

var (
	// ErrAlignmentChanged is returned (wrapped) when an edit starts from a
	// version of the alignment that is no longer current.
	ErrAlignmentChanged = errors.New("the alignment changed")
	// ErrAlignmentClosed is returned (wrapped) for an edit or accept of an
	// alignment that was already accepted.
	ErrAlignmentClosed = errors.New("the alignment was already accepted")
	// ErrBadEdit is returned (wrapped) for an edit that does not apply to
	// the bead it names (nothing to move, no neighbour, nothing to split).
	ErrBadEdit = errors.New("edit does not apply")
	// ErrBadAlignment is returned (wrapped) by CreateAlignment for beads that
	// do not cover the sources and sentences exactly once, in order.
	ErrBadAlignment = errors.New("invalid alignment")
)

// TargetSentence is one sentence of the translation being aligned.
type TargetSentence struct {
	Index     int
	Paragraph int // 0-based paragraph of the translation
	Text      string
}

// AlignedSource is one source segment as an alignment refers to it.
type AlignedSource struct {
	Index     int
	SegmentID int64
	Paragraph int64 // paragraph id
	Source    string
	Live      bool // false once the segment was merged into another
}

// AlignmentBead is one bead of a stored alignment: SrcCount sources from
// SrcFirst, TgtCount sentences from TgtFirst (either count may be 0).
type AlignmentBead struct {
	Position           int
	SrcFirst, SrcCount int
	TgtFirst, TgtCount int
	Confidence         float64
	Reviewed           bool
	Untranslated       bool
	Outcome            string
}

// Type is the bead's shape, "1-1", "2-1", "0-1"…
func (b AlignmentBead) Type() string { return fmt.Sprintf("%d-%d", b.SrcCount, b.TgtCount) }

// Trust is the confidence accepting goes by: a bead a person changed or
// confirmed is taken as certain.
func (b AlignmentBead) Trust() float64 {
	if b.Reviewed {
		return 1
	}
	return b.Confidence
}

// Alignment is a translation aligned with a document's segments.
type Alignment struct {
	ID         int64
	DocumentID int64
	Lang       string
	FileName   string
	CreatedBy  int64
	Creator    string // display name
	CreatedAt  time.Time
	State      string
	Version    int64
	AcceptedAt time.Time
	AcceptedBy int64
	Sources    []AlignedSource
	Sentences  []TargetSentence
	Beads      []AlignmentBead
}

// NewAlignment is what CreateAlignment stores.
type NewAlignment struct {
	DocumentID int64
	Lang       string
	FileName   string
	CreatedBy  int64
	// Segments are the ids of the live segments aligned, in document
	// order; bead source indices refer to them.
	Segments  []int64
	Sentences []TargetSentence
	Beads     []align.Bead
}

// CreateAlignment stores an alignment in one transaction. Every segment must
// be live and belong to the document, and the beads must cover segments and
// sentences exactly once, in order.
func (s *Store) CreateAlignment(ctx context.Context, na NewAlignment) (Alignment, error) {
	if err := align.CheckBeads(na.Beads, len(na.Segments), len(na.Sentences)); err != nil {
		return Alignment{}, fmt.Errorf("create alignment: %w: %v", ErrBadAlignment, err)
	}
	var id int64
	err := s.tx(ctx, func(tx *dbTx) error {
		if _, err := scanDocument(tx.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents d WHERE d.id = ?`, na.DocumentID)); err != nil {
			return fmt.Errorf("document %d: %w", na.DocumentID, err)
		}
		if err := checkLanguage(ctx, tx, na.Lang, true); err != nil {
			return err
		}
		at := now()
		var err error
		id, err = insertID(ctx, tx, `INSERT INTO alignments (document_id, lang, file_name, created_by, created_at)
			VALUES (?, ?, ?, ?, ?)`, na.DocumentID, na.Lang, na.FileName, nullID(na.CreatedBy), at)
		if err != nil {
			return err
		}
		insSrc, err := tx.PrepareContext(ctx, `INSERT INTO alignment_sources (alignment_id, idx, segment_id, paragraph)
			SELECT ?, ?, id, paragraph_id FROM segments WHERE id = ? AND document_id = ? AND retired_into IS NULL`)
		if err != nil {
			return err
		}
		defer insSrc.Close()
		for i, seg := range na.Segments {
			res, err := insSrc.ExecContext(ctx, id, i, seg, na.DocumentID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fmt.Errorf("segment %d of document %d: %w", seg, na.DocumentID, ErrSegmentationChanged)
			}
		}
		insSent, err := tx.PrepareContext(ctx, `INSERT INTO alignment_sentences (alignment_id, idx, paragraph, text) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insSent.Close()
		for i, sn := range na.Sentences {
			if _, err := insSent.ExecContext(ctx, id, i, sn.Paragraph, sn.Text); err != nil {
				return err
			}
		}
		beads := make([]AlignmentBead, len(na.Beads))
		for i, b := range na.Beads {
			beads[i] = fromAlignBead(i, b)
		}
		if err := writeBeads(ctx, tx, id, beads); err != nil {
			return err
		}
		return logActivity(ctx, tx, na.CreatedBy, na.DocumentID, "align",
			fmt.Sprintf("alignment=%d lang=%s sentences=%d beads=%d file=%s", id, na.Lang, len(na.Sentences), len(beads), na.FileName))
	})
	if err != nil {
		return Alignment{}, fmt.Errorf("create alignment: %w", err)
	}
	return s.Alignment(ctx, id)
}

// fromAlignBead turns an aligner bead into a stored one. An empty side still
// gets the index where it would start, so beads stay ordered on both sides.
func fromAlignBead(pos int, b align.Bead) AlignmentBead {
	return AlignmentBead{Position: pos, SrcFirst: firstOr(b.Src, -1), SrcCount: len(b.Src),
		TgtFirst: firstOr(b.Tgt, -1), TgtCount: len(b.Tgt), Confidence: b.Confidence}
}

func firstOr(xs []int, def int) int {
	if len(xs) == 0 {
		return def
	}
	return xs[0]
}

// renumber sets positions and, for empty sides, the index where the side
// would start, from the beads before.
func renumber(beads []AlignmentBead) {
	src, tgt := 0, 0
	for i := range beads {
		b := &beads[i]
		b.Position = i
		if b.SrcCount == 0 {
			b.SrcFirst = src
		}
		if b.TgtCount == 0 {
			b.TgtFirst = tgt
		}
		src = b.SrcFirst + b.SrcCount
		tgt = b.TgtFirst + b.TgtCount
	}
}

// writeBeads replaces every bead of an alignment. Edits rewrite them all:
// merges and splits shift every later position, and even a whole book has
// only thousands of beads, which SQLite rewrites in milliseconds.
func writeBeads(ctx context.Context, tx *dbTx, id int64, beads []AlignmentBead) error {
	renumber(beads)
	if _, err := tx.ExecContext(ctx, `DELETE FROM alignment_beads WHERE alignment_id = ?`, id); err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO alignment_beads (alignment_id, position, src_first, src_count,
		tgt_first, tgt_count, confidence, reviewed, untranslated, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, b := range beads {
		if _, err := ins.ExecContext(ctx, id, b.Position, b.SrcFirst, b.SrcCount, b.TgtFirst, b.TgtCount,
			b.Confidence, b.Reviewed, b.Untranslated, b.Outcome); err != nil {
			return err
		}
	}
	return nil
}

// Alignment loads an alignment with its sources, sentences and beads.
func (s *Store) Alignment(ctx context.Context, id int64) (Alignment, error) {
	a, err := loadAlignment(ctx, s.r, id)
	if err != nil {
		return Alignment{}, fmt.Errorf("alignment %d: %w", id, err)
	}
	return a, nil
}

const alignmentColumns = `a.id, a.document_id, a.lang, a.file_name, coalesce(a.created_by, 0), coalesce(u.display_name, ''),
	a.created_at, a.state, a.version, coalesce(a.accepted_at, ''), coalesce(a.accepted_by, 0)`

func scanAlignment(row scanner) (Alignment, error) {
	var a Alignment
	var created, accepted string
	err := row.Scan(&a.ID, &a.DocumentID, &a.Lang, &a.FileName, &a.CreatedBy, &a.Creator, &created, &a.State, &a.Version, &accepted, &a.AcceptedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	a.CreatedAt, a.AcceptedAt = parseTime(created), parseTime(accepted)
	return a, err
}

func loadAlignment(ctx context.Context, q querier, id int64) (Alignment, error) {
	a, err := scanAlignment(q.QueryRowContext(ctx, `SELECT `+alignmentColumns+`
		FROM alignments a LEFT JOIN users u ON u.id = a.created_by WHERE a.id = ?`, id))
	if err != nil {
		return a, err
	}
	rows, err := q.QueryContext(ctx, `SELECT x.idx, x.segment_id, x.paragraph, s.source, s.retired_into IS NULL
		FROM alignment_sources x JOIN segments s ON s.id = x.segment_id
		WHERE x.alignment_id = ? ORDER BY x.idx`, id)
	if err != nil {
		return a, err
	}
	for rows.Next() {
		var src AlignedSource
		if err := rows.Scan(&src.Index, &src.SegmentID, &src.Paragraph, &src.Source, &src.Live); err != nil {
			rows.Close()
			return a, err
		}
		a.Sources = append(a.Sources, src)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return a, err
	}
	rows, err = q.QueryContext(ctx, `SELECT idx, paragraph, text FROM alignment_sentences WHERE alignment_id = ? ORDER BY idx`, id)
	if err != nil {
		return a, err
	}
	for rows.Next() {
		var sn TargetSentence
		if err := rows.Scan(&sn.Index, &sn.Paragraph, &sn.Text); err != nil {
			rows.Close()
			return a, err
		}
		a.Sentences = append(a.Sentences, sn)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return a, err
	}
	a.Beads, err = loadBeads(ctx, q, id)
	return a, err
}

func loadBeads(ctx context.Context, q querier, id int64) ([]AlignmentBead, error) {
	rows, err := q.QueryContext(ctx, `SELECT position, src_first, src_count, tgt_first, tgt_count, confidence, reviewed, untranslated, outcome
		FROM alignment_beads WHERE alignment_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AlignmentBead
	for rows.Next() {
		var b AlignmentBead
		if err := rows.Scan(&b.Position, &b.SrcFirst, &b.SrcCount, &b.TgtFirst, &b.TgtCount, &b.Confidence, &b.Reviewed, &b.Untranslated, &b.Outcome); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// AlignmentSummary is a line of a document's list of alignments.
type AlignmentSummary struct {
	ID        int64
	Lang      string
	FileName  string
	Creator   string
	CreatedAt time.Time
	State     string
	Beads     int
}

// Alignments lists a document's alignments, newest first.
func (s *Store) Alignments(ctx context.Context, docID int64) ([]AlignmentSummary, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.lang, a.file_name, coalesce(u.display_name, ''), a.created_at, a.state,
			(SELECT count(*) FROM alignment_beads b WHERE b.alignment_id = a.id)
		FROM alignments a LEFT JOIN users u ON u.id = a.created_by
		WHERE a.document_id = ? ORDER BY a.id DESC`, docID)
	if err != nil {
		return nil, fmt.Errorf("alignments of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []AlignmentSummary
	for rows.Next() {
		var x AlignmentSummary
		var at string
		if err := rows.Scan(&x.ID, &x.Lang, &x.FileName, &x.Creator, &at, &x.State, &x.Beads); err != nil {
			return nil, fmt.Errorf("alignments of document %d: %w", docID, err)
		}
		x.CreatedAt = parseTime(at)
		out = append(out, x)
	}
	return out, rows.Err()
}

// EditOp names an edit of an alignment's beads.
type EditOp string

const (
	// EditMoveUp moves the bead's first target sentence to the end of the
	// bead before it.
	EditMoveUp EditOp = "move-up"
	// EditMoveDown moves the bead's last target sentence to the start of the
	// bead after it.
	EditMoveDown EditOp = "move-down"
	// EditMerge joins the bead with the next one.
	EditMerge EditOp = "merge"
	// EditSplit cuts the bead in two after SrcAt sources and TgtAt
	// sentences (see splitDefaults for when both are 0).
	EditSplit EditOp = "split"
	// EditUntranslated marks the bead's sources as having no translation:
	// its sentences, if any, become a bead of their own after it. On a
	// bead already marked, it removes the mark.
	EditUntranslated EditOp = "untranslated"
	// EditConfirm marks the bead as checked by a person as it stands.
	EditConfirm EditOp = "confirm"
)

// EditOps lists the edits.
var EditOps = []EditOp{EditMoveUp, EditMoveDown, EditMerge, EditSplit, EditUntranslated, EditConfirm}

// Edit is one change to an alignment's beads.
type Edit struct {
	AlignmentID int64
	Op          EditOp
	Position    int // the bead
	// BaseVersion is the alignment version the reviewer saw; 0 skips the
	// check.
	BaseVersion  int64
	SrcAt, TgtAt int // for EditSplit
	By           int64
}

// EditAlignment applies one edit in a transaction and returns the alignment
// as it now is. Beads a person changed are marked reviewed.
func (s *Store) EditAlignment(ctx context.Context, e Edit) (Alignment, error) {
	err := s.tx(ctx, func(tx *dbTx) error {
		a, err := scanAlignment(tx.QueryRowContext(ctx, `SELECT `+alignmentColumns+`
			FROM alignments a LEFT JOIN users u ON u.id = a.created_by WHERE a.id = ?`, e.AlignmentID))
		if err != nil {
			return err
		}
		if a.State != AlignmentOpen {
			return ErrAlignmentClosed
		}
		if e.BaseVersion != 0 && e.BaseVersion != a.Version {
			return ErrAlignmentChanged
		}
		beads, err := loadBeads(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		beads, err = ApplyEdit(beads, e)
		if err != nil {
			return err
		}
		if err := writeBeads(ctx, tx, a.ID, beads); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE alignments SET version = version + 1 WHERE id = ?`, a.ID)
		return err
	})
	if err != nil {
		return Alignment{}, fmt.Errorf("%s bead %d of alignment %d: %w", e.Op, e.Position, e.AlignmentID, err)
	}
	return s.Alignment(ctx, e.AlignmentID)
}

// ApplyEdit returns beads with the edit applied (positions renumbered), or
// ErrBadEdit when it does not apply. beads is not modified.
func ApplyEdit(beads []AlignmentBead, e Edit) ([]AlignmentBead, error) {
	i := e.Position
	if i < 0 || i >= len(beads) {
		return nil, fmt.Errorf("%w: no bead %d", ErrBadEdit, i)
	}
	out := append([]AlignmentBead(nil), beads...)
	b := out[i]
	switch e.Op {
	case EditMoveUp:
		if i == 0 || b.TgtCount == 0 {
			return nil, fmt.Errorf("%w: nothing to move up", ErrBadEdit)
		}
		prev := &out[i-1]
		if prev.TgtCount == 0 {
			prev.TgtFirst = b.TgtFirst
		}
		prev.TgtCount++
		prev.Reviewed, prev.Outcome = true, ""
		prev.Untranslated = false
		b.TgtFirst++
		b.TgtCount--
		b.Reviewed = true
		out[i] = b
	case EditMoveDown:
		if i == len(out)-1 || b.TgtCount == 0 {
			return nil, fmt.Errorf("%w: nothing to move down", ErrBadEdit)
		}
		next := &out[i+1]
		next.TgtFirst = b.TgtFirst + b.TgtCount - 1
		next.TgtCount++
		next.Reviewed, next.Untranslated = true, false
		b.TgtCount--
		b.Reviewed = true
		out[i] = b
	case EditMerge:
		if i == len(out)-1 {
			return nil, fmt.Errorf("%w: no bead to merge with", ErrBadEdit)
		}
		next := out[i+1]
		m := AlignmentBead{SrcFirst: b.SrcFirst, SrcCount: b.SrcCount + next.SrcCount,
			TgtFirst: b.TgtFirst, TgtCount: b.TgtCount + next.TgtCount,
			Confidence: min(b.Confidence, next.Confidence), Reviewed: true}
		if b.SrcCount == 0 {
			m.SrcFirst = next.SrcFirst
		}
		if b.TgtCount == 0 {
			m.TgtFirst = next.TgtFirst
		}
		out = append(out[:i], append([]AlignmentBead{m}, out[i+2:]...)...)
	case EditSplit:
		srcAt, tgtAt := e.SrcAt, e.TgtAt
		if srcAt == 0 && tgtAt == 0 {
			srcAt, tgtAt = splitDefaults(b)
		}
		if srcAt < 0 || srcAt > b.SrcCount || tgtAt < 0 || tgtAt > b.TgtCount ||
			srcAt+tgtAt == 0 || srcAt+tgtAt == b.SrcCount+b.TgtCount {
			return nil, fmt.Errorf("%w: cannot split a %s bead after %d and %d", ErrBadEdit, b.Type(), srcAt, tgtAt)
		}
		first := AlignmentBead{SrcFirst: b.SrcFirst, SrcCount: srcAt, TgtFirst: b.TgtFirst, TgtCount: tgtAt,
			Confidence: b.Confidence, Reviewed: true}
		second := AlignmentBead{SrcFirst: b.SrcFirst + srcAt, SrcCount: b.SrcCount - srcAt,
			TgtFirst: b.TgtFirst + tgtAt, TgtCount: b.TgtCount - tgtAt, Confidence: b.Confidence, Reviewed: true}
		out = append(out[:i], append([]AlignmentBead{first, second}, out[i+1:]...)...)
	case EditUntranslated:
		if b.SrcCount == 0 {
			return nil, fmt.Errorf("%w: the bead has no source", ErrBadEdit)
		}
		if b.Untranslated {
			b.Untranslated = false
			out[i] = b
			break
		}
		marked := AlignmentBead{SrcFirst: b.SrcFirst, SrcCount: b.SrcCount, Confidence: b.Confidence, Reviewed: true, Untranslated: true}
		if b.TgtCount == 0 {
			out[i] = marked
			break
		}
		rest := AlignmentBead{TgtFirst: b.TgtFirst, TgtCount: b.TgtCount, Confidence: b.Confidence, Reviewed: true}
		out = append(out[:i], append([]AlignmentBead{marked, rest}, out[i+1:]...)...)
	case EditConfirm:
		b.Reviewed = true
		out[i] = b
	default:
		return nil, fmt.Errorf("%w: unknown edit %q", ErrBadEdit, e.Op)
	}
	// A bead left with nothing on either side is no bead.
	kept := out[:0]
	for _, x := range out {
		if x.SrcCount+x.TgtCount > 0 {
			kept = append(kept, x)
		}
	}
	renumber(kept)
	return kept, nil
}

// splitDefaults is where a split cuts when the reviewer does not say: after
// the first source and the first sentence when either side has more than
// one (2-2 becomes 1-1 and 1-1, 1-2 becomes 1-1 and 0-1), and between the
// two sides of a 1-1 bead (1-0 and 0-1).
func splitDefaults(b AlignmentBead) (srcAt, tgtAt int) {
	srcAt = min(1, b.SrcCount)
	if b.SrcCount > 1 || b.TgtCount > 1 {
		tgtAt = min(1, b.TgtCount)
	}
	if b.SrcCount == 0 {
		tgtAt = 1
	}
	return srcAt, tgtAt
}

// AcceptOptions says which beads become translations.
type AcceptOptions struct {
	AlignmentID int64
	// Threshold is the least confidence (Trust) of a bead accepted.
	Threshold float64
	// Overwrite replaces translations segments already have; without it
	// they are skipped and reported.
	Overwrite bool
	By        int64
}

// AcceptedSegment is a segment accepting wrote to or skipped.
type AcceptedSegment struct {
	SegmentID int64
	Position  int // bead position
	Text      string
}

// AcceptReport says what AcceptAlignment did.
type AcceptReport struct {
	Accepted     int // segments that got a translation
	Replaced     int // of which already had one (with Overwrite)
	Below        int // beads under the threshold
	Untranslated int // beads marked untranslated
	Changed      int // beads whose first segment was merged away since
	Unmatched    int // beads without source or without target
	// Existing are the segments skipped because they had a translation.
	Existing []AcceptedSegment
	// Covered are the further segments of many-to-one beads: their text
	// went to the bead's first segment, and they were left as they were.
	Covered []AcceptedSegment
}

// AcceptAlignment turns the alignment's beads into translations in one
// transaction and closes it. A bead with both sides and a Trust of at least
// the threshold gives its sentences, joined by spaces, to its first source
// segment as a draft, through the revision-keeping save (origin align,
// author By). When a bead covers several source segments, the text goes on
// the first one only: the translation does not say where to cut it, and a
// reviewer merges the segments or splits the text in the editor; the others
// are listed in Covered, keep whatever they had, and stay linked to it
// (SharedTranslations). Segments with a
// translation already are skipped and listed in Existing unless Overwrite is
// set.
func (s *Store) AcceptAlignment(ctx context.Context, o AcceptOptions) (AcceptReport, error) {
	var rep AcceptReport
	err := s.tx(ctx, func(tx *dbTx) error {
		a, err := loadAlignment(ctx, tx, o.AlignmentID)
		if err != nil {
			return err
		}
		if a.State != AlignmentOpen {
			return ErrAlignmentClosed
		}
		// Checked before the beads, so that one who may not edit cannot
		// close an alignment that gives no segment a text either.
		rights, err := authorRights(ctx, tx, o.By, a.DocumentID, a.Lang)
		if err != nil {
			return err
		}
		if err := rights.check(workflow.StatusDraft); err != nil {
			return err
		}
		for i := range a.Beads {
			b := &a.Beads[i]
			b.Outcome = ""
			switch {
			case b.Untranslated:
				b.Outcome = OutcomeUntranslated
				rep.Untranslated++
				continue
			case b.SrcCount == 0 || b.TgtCount == 0:
				rep.Unmatched++
				continue
			case b.Trust() < o.Threshold:
				b.Outcome = OutcomeBelow
				rep.Below++
				continue
			}
			first := a.Sources[b.SrcFirst]
			if !first.Live {
				b.Outcome = OutcomeChanged
				rep.Changed++
				continue
			}
			text := beadText(a.Sentences[b.TgtFirst : b.TgtFirst+b.TgtCount])
			cur, err := translation(ctx, tx, first.SegmentID, a.Lang)
			if err != nil {
				return err
			}
			had := cur.Version > 0 && strings.TrimSpace(cur.Text) != ""
			if had && !o.Overwrite {
				b.Outcome = OutcomeExisting
				rep.Existing = append(rep.Existing, AcceptedSegment{SegmentID: first.SegmentID, Position: b.Position, Text: cur.Text})
				continue
			}
			if _, err := saveTranslation(ctx, tx, Save{SegmentID: first.SegmentID, Lang: a.Lang, Text: text,
				Status: workflow.StatusDraft, BaseVersion: cur.Version, AuthorID: o.By, Origin: "align"}); err != nil {
				return fmt.Errorf("bead %d: %w", b.Position, err)
			}
			b.Outcome = OutcomeAccepted
			rep.Accepted++
			if had {
				rep.Replaced++
			}
			for _, src := range a.Sources[b.SrcFirst+1 : b.SrcFirst+b.SrcCount] {
				rep.Covered = append(rep.Covered, AcceptedSegment{SegmentID: src.SegmentID, Position: b.Position})
			}
		}
		if err := writeBeads(ctx, tx, a.ID, a.Beads); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE alignments SET state = ?, accepted_at = ?, accepted_by = ?, version = version + 1 WHERE id = ?`,
			AlignmentAccepted, now(), nullID(o.By), a.ID); err != nil {
			return err
		}
		return logActivity(ctx, tx, o.By, a.DocumentID, "align-accept",
			fmt.Sprintf("alignment=%d lang=%s threshold=%.2f accepted=%d existing=%d below=%d", a.ID, a.Lang, o.Threshold, rep.Accepted, len(rep.Existing), rep.Below))
	})
	if err != nil {
		return AcceptReport{}, fmt.Errorf("accept alignment %d: %w", o.AlignmentID, err)
	}
	return rep, nil
}

// beadText joins a bead's sentences as one translation.
func beadText(sents []TargetSentence) string {
	parts := make([]string, 0, len(sents))
	for _, sn := range sents {
		if t := strings.TrimSpace(sn.Text); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " ")
}

// SharedTranslation links the segments of an accepted many-to-one bead: one
// translation came for all of them and went on the first, the Holder. A
// reviewer then merges the segments or splits the text; once they are
// merged, the link is gone.
type SharedTranslation struct {
	Holder   int64 // the segment that got the text
	HolderAt int   // its position in the document
	Covered  []int // positions of the other segments, in order
}

// SharedTranslations returns, for every live segment of the document that
// shares a translation in lang through an accepted alignment, its link
// (the holder and the covered segments map to the same value). A later
// alignment's link replaces an earlier one's for the same segments.
func (s *Store) SharedTranslations(ctx context.Context, docID int64, lang string) (map[int64]*SharedTranslation, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT b.alignment_id, b.position, src.idx = b.src_first, seg.id, seg.position
		FROM alignments a
		JOIN alignment_beads b ON b.alignment_id = a.id
		JOIN alignment_sources src ON src.alignment_id = a.id AND src.idx >= b.src_first AND src.idx < b.src_first + b.src_count
		JOIN segments seg ON seg.id = src.segment_id
		WHERE a.document_id = ? AND a.lang = ? AND a.state = ? AND b.outcome = ? AND b.src_count > 1 AND seg.retired_into IS NULL
		ORDER BY a.accepted_at, a.id, b.position, src.idx`, docID, lang, AlignmentAccepted, OutcomeAccepted)
	if err != nil {
		return nil, fmt.Errorf("shared translations of document %d: %w", docID, err)
	}
	defer rows.Close()
	out := map[int64]*SharedTranslation{}
	var cur *SharedTranslation
	var curAlign int64
	curBead := -1
	for rows.Next() {
		var alignID, segID int64
		var bead, pos int
		var first bool
		if err := rows.Scan(&alignID, &bead, &first, &segID, &pos); err != nil {
			return nil, err
		}
		if alignID != curAlign || bead != curBead {
			curAlign, curBead, cur = alignID, bead, nil
		}
		if first {
			cur = &SharedTranslation{Holder: segID, HolderAt: pos}
			out[segID] = cur
			continue
		}
		// The holder was merged away: its text went with it, and this
		// segment is on its own again.
		if cur == nil {
			continue
		}
		cur.Covered = append(cur.Covered, pos)
		out[segID] = cur
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// A holder whose covered segments were all merged into it, or merged
	// away, shares nothing any more.
	for id, l := range out {
		if len(l.Covered) == 0 {
			delete(out, id)
		}
	}
	return out, nil
}
