package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"alinea/workflow"
)

// Translation is the current translation of a segment into one language.
// A segment nobody translated yet has Version 0 and workflow.StatusNew.
type Translation struct {
	SegmentID int64
	Lang      string
	Text      string
	Status    workflow.Status
	Version   int64
	AuthorID  int64
	Author    string // display name, "" when saved by the system
	UpdatedAt time.Time
}

// Save is one save of a translation.
type Save struct {
	SegmentID int64
	Lang      string
	Text      string
	Status    workflow.Status
	// BaseVersion is the version the editor started from; a save from any
	// other version is a conflict.
	BaseVersion int64
	AuthorID    int64
	// Origin records how the text came: edit (default), restore, import,
	// align, merge, split, or whatever a new source of translations names
	// itself (a pre-translation). Only merge and split skip the author's
	// rights, since their statuses are derived, not chosen.
	Origin string
}

// SaveTranslation writes a new version of a translation and its revision in
// one transaction, after the rules of rules.go: a known status and target
// language, allowed text, no empty text above draft, and an author who may
// edit the document in that language and set that status (AuthorID 0 is
// the system, which may). A refused save writes nothing.
//
// It returns a *ConflictError, writing nothing, when BaseVersion is not the
// current version and the save would change the translation. A save that
// changes neither text nor status writes nothing and returns the current
// translation, whatever version it started from: saving again what is
// stored is not a conflict.
func (s *Store) SaveTranslation(ctx context.Context, sv Save) (Translation, error) {
	var out Translation
	err := s.tx(ctx, func(tx *dbTx) error {
		var err error
		out, err = saveTranslation(ctx, tx, sv)
		return err
	})
	if err != nil {
		return Translation{}, fmt.Errorf("save segment %d (%s): %w", sv.SegmentID, sv.Lang, err)
	}
	return out, nil
}

// SaveTranslations saves many translations in one transaction, as
// SaveTranslation saves one: all of them, or none when one is refused.
func (s *Store) SaveTranslations(ctx context.Context, saves []Save) ([]Translation, error) {
	out := make([]Translation, 0, len(saves))
	err := s.tx(ctx, func(tx *dbTx) error {
		for _, sv := range saves {
			t, err := saveTranslation(ctx, tx, sv)
			if err != nil {
				return fmt.Errorf("save segment %d (%s): %w", sv.SegmentID, sv.Lang, err)
			}
			out = append(out, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// saveTranslation is SaveTranslation inside a caller's transaction, so merges,
// splits and imports save many translations atomically. It is the only
// function that writes translations.
func saveTranslation(ctx context.Context, tx *dbTx, sv Save) (Translation, error) {
	if err := CheckContent(sv.Text, sv.Status); err != nil {
		return Translation{}, err
	}
	if err := checkLanguage(ctx, tx, sv.Lang, true); err != nil {
		return Translation{}, err
	}
	var docID int64
	var retired sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT document_id, retired_into FROM segments WHERE id = ?`, sv.SegmentID).Scan(&docID, &retired)
	if errors.Is(err, sql.ErrNoRows) || retired.Valid {
		return Translation{}, fmt.Errorf("segment %d: %w", sv.SegmentID, ErrNotFound)
	}
	if err != nil {
		return Translation{}, err
	}
	if !structural(sv.Origin) {
		rights, err := authorRights(ctx, tx, sv.AuthorID, docID, sv.Lang)
		if err != nil {
			return Translation{}, err
		}
		if err := rights.check(sv.Status); err != nil {
			return Translation{}, err
		}
	}
	cur, err := translation(ctx, tx, sv.SegmentID, sv.Lang)
	if err != nil {
		return Translation{}, err
	}
	if cur.Version > 0 && cur.Text == sv.Text && cur.Status == sv.Status {
		return cur, nil
	}
	if cur.Version != sv.BaseVersion {
		return Translation{}, &ConflictError{Current: cur}
	}
	origin := sv.Origin
	if origin == "" {
		origin = "edit"
	}
	at := now()
	version := cur.Version + 1
	if _, err := tx.ExecContext(ctx, `INSERT INTO translations (segment_id, lang, text, status, version, author_id, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (segment_id, lang) DO UPDATE SET text = excluded.text, status = excluded.status,
			version = excluded.version, author_id = excluded.author_id, updated_at = excluded.updated_at`,
		sv.SegmentID, sv.Lang, sv.Text, sv.Status, version, nullID(sv.AuthorID), at); err != nil {
		return Translation{}, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO revisions (segment_id, lang, version, text, status, author_id, origin, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		sv.SegmentID, sv.Lang, version, sv.Text, sv.Status, nullID(sv.AuthorID), origin, at); err != nil {
		return Translation{}, err
	}
	// The revision changed the memory and logged it.
	if err := trimMemoryLog(ctx, tx, memoryLogKeep, memoryLogSlack); err != nil {
		return Translation{}, err
	}
	return translation(ctx, tx, sv.SegmentID, sv.Lang)
}

// Translation returns the current translation of a segment; one never saved
// comes back with Version 0 and workflow.StatusNew.
func (s *Store) Translation(ctx context.Context, segmentID int64, lang string) (Translation, error) {
	if _, err := s.Segment(ctx, segmentID); err != nil {
		return Translation{}, err
	}
	if err := checkLanguage(ctx, s.r, lang, true); err != nil {
		return Translation{}, err
	}
	return translation(ctx, s.r, segmentID, lang)
}

func translation(ctx context.Context, q querier, segmentID int64, lang string) (Translation, error) {
	t := Translation{SegmentID: segmentID, Lang: lang, Status: workflow.StatusNew}
	var at string
	err := q.QueryRowContext(ctx, `SELECT t.text, t.status, t.version, coalesce(t.author_id, 0), coalesce(u.display_name, ''), t.updated_at
		FROM translations t LEFT JOIN users u ON u.id = t.author_id
		WHERE t.segment_id = ? AND t.lang = ?`, segmentID, lang).
		Scan(&t.Text, &t.Status, &t.Version, &t.AuthorID, &t.Author, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return t, nil
	}
	if err != nil {
		return t, err
	}
	t.UpdatedAt = parseTime(at)
	return t, nil
}

// Revision is one saved version of a translation.
type Revision struct {
	ID        int64
	SegmentID int64
	Lang      string
	Version   int64
	Text      string
	Status    workflow.Status
	AuthorID  int64
	Author    string
	Origin    string
	CreatedAt time.Time
}

// Revisions returns the whole history of a segment's translation, newest
// first.
func (s *Store) Revisions(ctx context.Context, segmentID int64, lang string) ([]Revision, error) {
	if _, err := s.segment(ctx, segmentID, true); err != nil {
		return nil, err
	}
	if err := checkLanguage(ctx, s.r, lang, true); err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT r.id, r.segment_id, r.lang, r.version, r.text, r.status,
			coalesce(r.author_id, 0), coalesce(u.display_name, ''), r.origin, r.created_at
		FROM revisions r LEFT JOIN users u ON u.id = r.author_id
		WHERE r.segment_id = ? AND r.lang = ? ORDER BY r.id DESC`, segmentID, lang)
	if err != nil {
		return nil, fmt.Errorf("revisions of segment %d (%s): %w", segmentID, lang, err)
	}
	defer rows.Close()
	var out []Revision
	for rows.Next() {
		var r Revision
		var at string
		if err := rows.Scan(&r.ID, &r.SegmentID, &r.Lang, &r.Version, &r.Text, &r.Status, &r.AuthorID, &r.Author, &r.Origin, &at); err != nil {
			return nil, fmt.Errorf("revisions of segment %d (%s): %w", segmentID, lang, err)
		}
		r.CreatedAt = parseTime(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ErrRevisionNotFound is returned (wrapped) for a revision that is not one
// of the translation's. It is ErrNotFound.
var ErrRevisionNotFound = fmt.Errorf("revision of another translation: %w", ErrNotFound)

// Restore brings an old revision of a translation back.
type Restore struct {
	SegmentID  int64
	Lang       string
	RevisionID int64
	// BaseVersion is the version the restorer was shown.
	BaseVersion int64
	AuthorID    int64
}

// RestoreRevision saves an old revision's text and status again, as a new
// revision of origin restore, under the rules of every save: one the author
// may not set, or an empty text above draft left by older versions of the
// workbench, is refused, not saved as something else than was asked for.
func (s *Store) RestoreRevision(ctx context.Context, rs Restore) (Translation, error) {
	var out Translation
	err := s.tx(ctx, func(tx *dbTx) error {
		var text string
		var st workflow.Status
		err := tx.QueryRowContext(ctx, `SELECT text, status FROM revisions WHERE id = ? AND segment_id = ? AND lang = ?`,
			rs.RevisionID, rs.SegmentID, rs.Lang).Scan(&text, &st)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("revision %d: %w", rs.RevisionID, ErrRevisionNotFound)
		}
		if err != nil {
			return err
		}
		out, err = saveTranslation(ctx, tx, Save{SegmentID: rs.SegmentID, Lang: rs.Lang, Text: text, Status: st,
			BaseVersion: rs.BaseVersion, AuthorID: rs.AuthorID, Origin: "restore"})
		return err
	})
	if err != nil {
		return Translation{}, fmt.Errorf("restore segment %d (%s): %w", rs.SegmentID, rs.Lang, err)
	}
	return out, nil
}
