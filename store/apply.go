package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"alinea/workflow"
)

// Update is one translation read from an exchange file, to be applied to a
// document.
type Update struct {
	// Ref and Line say where the unit is in the file, for reports; Ref is
	// the unit's own id there, if it has one.
	Ref  string
	Line int
	// SegmentID is the segment the file says it belongs to; 0 when the file
	// does not carry ours, and Source decides.
	SegmentID int64
	Source    string
	Lang      string
	Text      string
	Status    workflow.Status
	// BaseVersion is the version of the translation when the file was
	// exported (0: nothing was saved then, or unknown). The translation is
	// written only if it is still at that version.
	BaseVersion int64
}

// ApplyOptions says who applies a file and what they may do.
type ApplyOptions struct {
	UserID int64
	// MaxStatus caps the statuses the file may set ("" for no cap). The
	// user's rights cap them too: a translator's file that says approved is
	// saved as translated.
	MaxStatus workflow.Status
	// Detail is recorded in the activity log with the counts, e.g. the file
	// name and format.
	Detail string
	// Overwrite saves the file's text over a translation changed since the
	// export (or never exported, as in files from other tools) instead of
	// reporting a conflict; the workbench's text stays in the history. Only
	// those who may review a language may overwrite in it
	// (ErrOverwriteNotAllowed).
	Overwrite bool
}

// ErrOverwriteNotAllowed is returned when a user below reviewer asks to
// overwrite translations with a file.
var ErrOverwriteNotAllowed = errors.New("only reviewers and administrators may overwrite translations with a file")

// ErrNothingMatched is returned, with nothing changed, when a file holds
// translations and not one of them belongs to a segment of the document:
// a file for another document or in another language is a mistake to
// report, not an import of nothing.
var ErrNothingMatched = errors.New("no translation in the file matches a segment of the document")

// ApplyIssue is an update that was not applied, and why.
type ApplyIssue struct {
	Ref       string `json:"ref,omitempty"`
	Line      int    `json:"line,omitempty"`
	SegmentID int64  `json:"segment_id,omitempty"`
	Lang      string `json:"lang"`
	// For conflicts: the version the file was based on and the current one.
	BaseVersion    int64  `json:"base_version,omitempty"`
	CurrentVersion int64  `json:"current_version,omitempty"`
	Reason         string `json:"reason"`
}

// Reasons of ApplyIssue.
const (
	ReasonChanged        = "changed"         // saved in the workbench since the export
	ReasonNoSegment      = "no-segment"      // no live segment of the document has this id
	ReasonSourceDiffers  = "source-differs"  // the id matches but the source text does not
	ReasonNoSource       = "no-source-match" // no segment has this source text
	ReasonUnknownLang    = "unknown-language"
	ReasonInvalidStatus  = "invalid-status"
	ReasonMergedOrSplit  = "retired" // the segment was merged or split since
	maxIssuesPerCategory = 1000
)

// ApplyResult sums up an apply. Applied counts new revisions; Unchanged the
// updates whose text and status the workbench already had.
type ApplyResult struct {
	Applied int `json:"applied"`
	// Overwritten counts the applied translations saved over a text
	// changed since the export (with ApplyOptions.Overwrite).
	Overwritten int          `json:"overwritten"`
	Unchanged   int          `json:"unchanged"`
	Conflicts   []ApplyIssue `json:"conflicts"`
	Unmatched   []ApplyIssue `json:"unmatched"`
	// The counts include the issues past the first thousand, which the
	// lists leave out.
	ConflictCount  int `json:"conflict_count"`
	UnmatchedCount int `json:"unmatched_count"`
	// Saved are the translations written, for telling open editors.
	Saved []Translation `json:"-"`
}

func (r *ApplyResult) conflict(i ApplyIssue) {
	r.ConflictCount++
	if len(r.Conflicts) < maxIssuesPerCategory {
		r.Conflicts = append(r.Conflicts, i)
	}
}

func (r *ApplyResult) unmatched(i ApplyIssue) {
	r.UnmatchedCount++
	if len(r.Unmatched) < maxIssuesPerCategory {
		r.Unmatched = append(r.Unmatched, i)
	}
}

// ApplyTranslations saves the updates to a document's segments in one
// transaction, each as a new revision with origin "import". An update goes
// to the segment it names, or, without one, to every live segment with
// exactly its source text. A translation saved in the workbench since the
// export (its version is no longer BaseVersion, and the text differs) is
// left alone and reported as a conflict (or, with Overwrite, saved over);
// updates that match no segment are reported as unmatched, and a file of
// which nothing matches is refused (ErrNothingMatched). The activity log records the import with its
// counts, in the same transaction.
//
// Every update obeys the rules of saves: a file with a unit whose text is
// refused (too long, a forbidden character) is refused whole with a
// *UnitError, and so is a file with a language the user may not edit.
func (s *Store) ApplyTranslations(ctx context.Context, docID int64, ups []Update, opt ApplyOptions) (ApplyResult, error) {
	res := ApplyResult{Conflicts: []ApplyIssue{}, Unmatched: []ApplyIssue{}}
	if _, err := s.Document(ctx, docID); err != nil {
		return res, err
	}
	if opt.MaxStatus != "" && !opt.MaxStatus.Valid() {
		return res, fmt.Errorf("apply: %w: %q", ErrInvalidStatus, opt.MaxStatus)
	}
	err := s.tx(ctx, func(tx *dbTx) error {
		langs, err := targetLanguages(ctx, tx)
		if err != nil {
			return err
		}
		isTarget := map[string]bool{}
		for _, l := range langs {
			isTarget[l] = true
		}
		segs, bySource, err := liveSegments(ctx, tx, docID)
		if err != nil {
			return err
		}
		if opt.Overwrite {
			checked := map[string]bool{}
			for _, up := range ups {
				if !isTarget[up.Lang] || checked[up.Lang] {
					continue
				}
				checked[up.Lang] = true
				rights, err := authorRights(ctx, tx, opt.UserID, docID, up.Lang)
				if err != nil {
					return err
				}
				if !rights.Review {
					return ErrOverwriteNotAllowed
				}
			}
		}
		caps := map[string]workflow.Status{}
		capFor := func(lang string) (workflow.Status, error) {
			if c, ok := caps[lang]; ok {
				return c, nil
			}
			rights, err := authorRights(ctx, tx, opt.UserID, docID, lang)
			if err != nil {
				return "", err
			}
			if !rights.Edit {
				return "", fmt.Errorf("%w: user %d may not edit document %d in %s", ErrForbidden, opt.UserID, docID, lang)
			}
			c := opt.MaxStatus
			if !rights.Review && (c == "" || c.Rank() > workflow.StatusTranslated.Rank()) {
				c = workflow.StatusTranslated
			}
			caps[lang] = c
			return c, nil
		}
		for _, up := range ups {
			issue := ApplyIssue{Ref: up.Ref, Line: up.Line, SegmentID: up.SegmentID, Lang: up.Lang}
			if !isTarget[up.Lang] {
				issue.Reason = ReasonUnknownLang
				res.unmatched(issue)
				continue
			}
			if !up.Status.Valid() {
				issue.Reason = ReasonInvalidStatus
				res.unmatched(issue)
				continue
			}
			maxStatus, err := capFor(up.Lang)
			if err != nil {
				return err
			}
			if err := CheckContent(up.Text, up.Status); err != nil {
				return &UnitError{Ref: up.Ref, Line: up.Line, Lang: up.Lang, Err: err}
			}
			var targets []int64
			if up.SegmentID != 0 {
				src, ok := segs[up.SegmentID]
				switch {
				case !ok:
					issue.Reason = ReasonNoSegment
					if retired, _ := isRetiredIn(ctx, tx, docID, up.SegmentID); retired {
						issue.Reason = ReasonMergedOrSplit
					}
				case up.Source != "" && strings.TrimSpace(up.Source) != strings.TrimSpace(src):
					issue.Reason = ReasonSourceDiffers
				default:
					targets = []int64{up.SegmentID}
				}
			} else {
				targets = bySource[strings.TrimSpace(up.Source)]
				if len(targets) == 0 {
					issue.Reason = ReasonNoSource
				}
			}
			if len(targets) == 0 {
				res.unmatched(issue)
				continue
			}
			status, capped := up.Status, false
			if maxStatus != "" && status.Rank() > maxStatus.Rank() {
				status, capped = maxStatus, true
			}
			for _, id := range targets {
				cur, err := translation(ctx, tx, id, up.Lang)
				if err != nil {
					return err
				}
				if cur.Text == up.Text && (cur.Status == status || cur.Version != up.BaseVersion || capped) {
					// Only the status differs, and the workbench's is newer
					// than the file's or the file's is not the user's to set.
					res.Unchanged++
					continue
				}
				overwrite := cur.Version != up.BaseVersion
				if overwrite && !opt.Overwrite {
					is := issue
					is.SegmentID, is.BaseVersion, is.CurrentVersion, is.Reason = id, up.BaseVersion, cur.Version, ReasonChanged
					res.conflict(is)
					continue
				}
				saved, err := saveTranslation(ctx, tx, Save{SegmentID: id, Lang: up.Lang, Text: up.Text, Status: status,
					BaseVersion: cur.Version, AuthorID: opt.UserID, Origin: "import"})
				if err != nil {
					return &UnitError{Ref: up.Ref, Line: up.Line, Lang: up.Lang, Err: fmt.Errorf("segment %d: %w", id, err)}
				}
				res.Applied++
				if overwrite {
					res.Overwritten++
				}
				res.Saved = append(res.Saved, saved)
			}
		}
		if len(ups) > 0 && res.Applied+res.Unchanged+res.ConflictCount == 0 {
			return ErrNothingMatched
		}
		detail := fmt.Sprintf("applied=%d unchanged=%d conflicts=%d unmatched=%d", res.Applied, res.Unchanged, res.ConflictCount, res.UnmatchedCount)
		if opt.Overwrite {
			detail += " overwrite"
		}
		if opt.Detail != "" {
			detail = opt.Detail + " " + detail
		}
		return logActivity(ctx, tx, opt.UserID, docID, "exchange-import", detail)
	})
	if errors.Is(err, ErrNothingMatched) {
		// The unmatched units say why; nothing was saved.
		res.Saved = nil
		return res, fmt.Errorf("apply translations to document %d: %w", docID, err)
	}
	if err != nil {
		return ApplyResult{Conflicts: []ApplyIssue{}, Unmatched: []ApplyIssue{}}, fmt.Errorf("apply translations to document %d: %w", docID, err)
	}
	return res, nil
}

// liveSegments reads the sources of a document's live segments, by id and
// by trimmed source text.
func liveSegments(ctx context.Context, q querier, docID int64) (map[int64]string, map[string][]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, source FROM segments WHERE document_id = ? AND retired_into IS NULL ORDER BY position`, docID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	byID := map[int64]string{}
	bySource := map[string][]int64{}
	for rows.Next() {
		var id int64
		var src string
		if err := rows.Scan(&id, &src); err != nil {
			return nil, nil, err
		}
		byID[id] = src
		k := strings.TrimSpace(src)
		bySource[k] = append(bySource[k], id)
	}
	return byID, bySource, rows.Err()
}

func isRetiredIn(ctx context.Context, q querier, docID, segID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM segments WHERE id = ? AND document_id = ? AND retired_into IS NOT NULL`, segID, docID).Scan(&n)
	return n > 0, err
}
