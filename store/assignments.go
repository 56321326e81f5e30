package store

import (
	"context"
	"fmt"
)

// Assignment gives a translator one document in one target language.
type Assignment struct {
	UserID     int64
	DocumentID int64
	Lang       string
}

// Assign gives a user a document in a target language (again is no error).
func (s *Store) Assign(ctx context.Context, a Assignment, by int64) error {
	if _, err := s.User(ctx, a.UserID); err != nil {
		return err
	}
	if _, err := s.Document(ctx, a.DocumentID); err != nil {
		return err
	}
	if err := checkLanguage(ctx, s.r, a.Lang, true); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *dbTx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO assignments (user_id, document_id, lang) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, a.UserID, a.DocumentID, a.Lang)
		if err != nil {
			return fmt.Errorf("assign: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return logActivity(ctx, tx, by, a.DocumentID, "assign", fmt.Sprintf("user=%d lang=%s", a.UserID, a.Lang))
		}
		return nil
	})
}

// Unassign takes a document and language back from a user.
func (s *Store) Unassign(ctx context.Context, a Assignment, by int64) error {
	return s.tx(ctx, func(tx *dbTx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM assignments WHERE user_id = ? AND document_id = ? AND lang = ?`, a.UserID, a.DocumentID, a.Lang)
		if err != nil {
			return fmt.Errorf("unassign: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("assignment: %w", ErrNotFound)
		}
		return logActivity(ctx, tx, by, a.DocumentID, "unassign", fmt.Sprintf("user=%d lang=%s", a.UserID, a.Lang))
	})
}

// IsAssigned reports whether a user has a document in a language.
func (s *Store) IsAssigned(ctx context.Context, a Assignment) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM assignments WHERE user_id = ? AND document_id = ? AND lang = ?`,
		a.UserID, a.DocumentID, a.Lang).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("assignment: %w", err)
	}
	return n > 0, nil
}

// Assignments lists assignments: a user's when userID is set, else all of
// a document's when docID is set, else all.
func (s *Store) Assignments(ctx context.Context, userID, docID int64) ([]Assignment, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT user_id, document_id, lang FROM assignments
		WHERE (?1 = 0 OR user_id = ?1) AND (?2 = 0 OR document_id = ?2) ORDER BY document_id, lang, user_id`, userID, docID)
	if err != nil {
		return nil, fmt.Errorf("list assignments: %w", err)
	}
	defer rows.Close()
	var out []Assignment
	for rows.Next() {
		var a Assignment
		if err := rows.Scan(&a.UserID, &a.DocumentID, &a.Lang); err != nil {
			return nil, fmt.Errorf("list assignments: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
