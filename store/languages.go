package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Language is a language the store knows; targets are the languages
// translations are written in.
type Language struct {
	Code     string
	Name     string
	IsTarget bool
}

// Languages returns every language, in display order.
func (s *Store) Languages(ctx context.Context) ([]Language, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, name, is_target FROM languages ORDER BY position, code`)
	if err != nil {
		return nil, fmt.Errorf("list languages: %w", err)
	}
	defer rows.Close()
	var out []Language
	for rows.Next() {
		var l Language
		if err := rows.Scan(&l.Code, &l.Name, &l.IsTarget); err != nil {
			return nil, fmt.Errorf("list languages: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// TargetLanguages returns the codes of the target languages, in display order.
func (s *Store) TargetLanguages(ctx context.Context) ([]string, error) {
	langs, err := s.Languages(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range langs {
		if l.IsTarget {
			out = append(out, l.Code)
		}
	}
	return out, nil
}

// checkLanguage returns ErrUnknownLanguage (wrapped) unless code is a known
// language, and a target language when target is set.
func checkLanguage(ctx context.Context, q querier, code string, target bool) error {
	var isTarget bool
	err := q.QueryRowContext(ctx, `SELECT is_target FROM languages WHERE code = ?`, code).Scan(&isTarget)
	if errors.Is(err, sql.ErrNoRows) || err == nil && target && !isTarget {
		return fmt.Errorf("%w: %q", ErrUnknownLanguage, code)
	}
	return err
}
