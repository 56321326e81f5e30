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
// A segment nobody translated yet has Version 0 and StatusNew.
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
	// align, merge, split.
	Origin string
}

// SaveTranslation writes a new version of a translation and its revision in
// one transaction. It returns a *ConflictError, writing nothing, when
// BaseVersion is not the current version. A save that changes neither text
// nor status writes nothing and returns the current translation.
func (s *Store) SaveTranslation(ctx context.Context, sv Save) (Translation, error) {
	var out Translation
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = saveTranslation(ctx, tx, sv)
		return err
	})
	if err != nil {
		return Translation{}, fmt.Errorf("save segment %d (%s): %w", sv.SegmentID, sv.Lang, err)
	}
	return out, nil
}

// saveTranslation is SaveTranslation inside a caller's transaction, so merges,
// splits and imports save many translations atomically.
func saveTranslation(ctx context.Context, tx *sql.Tx, sv Save) (Translation, error) {
	if !sv.Status.Valid() {
		return Translation{}, fmt.Errorf("%w: %q", ErrInvalidStatus, sv.Status)
	}
	if err := checkLanguage(ctx, tx, sv.Lang, true); err != nil {
		return Translation{}, err
	}
	var retired sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT retired_into FROM segments WHERE id = ?`, sv.SegmentID).Scan(&retired)
	if errors.Is(err, sql.ErrNoRows) || retired.Valid {
		return Translation{}, fmt.Errorf("segment %d: %w", sv.SegmentID, ErrNotFound)
	}
	if err != nil {
		return Translation{}, err
	}
	cur, err := translation(ctx, tx, sv.SegmentID, sv.Lang)
	if err != nil {
		return Translation{}, err
	}
	if cur.Version != sv.BaseVersion {
		return Translation{}, &ConflictError{Current: cur}
	}
	if cur.Version > 0 && cur.Text == sv.Text && cur.Status == sv.Status {
		return cur, nil
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
	return translation(ctx, tx, sv.SegmentID, sv.Lang)
}

// Translation returns the current translation of a segment; one never saved
// comes back with Version 0 and StatusNew.
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
