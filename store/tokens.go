package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// TokenPrefix starts every API token, so a leaked one is easy to recognize
// in logs and secret scanners.
const TokenPrefix = "alinea_"

// Token describes an API token; the token itself is shown once, when
// created, and never stored.
type Token struct {
	ID        int64
	UserID    int64
	Name      string
	Prefix    string // the first characters, to tell tokens apart
	CreatedAt time.Time
	LastUsed  time.Time
	Revoked   bool
}

// CreateToken makes an API token for a user and returns it with its
// description.
func (s *Store) CreateToken(ctx context.Context, userID int64, name string) (string, Token, error) {
	if _, err := s.User(ctx, userID); err != nil {
		return "", Token{}, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "token"
	}
	token, hash, err := newToken(TokenPrefix)
	if err != nil {
		return "", Token{}, err
	}
	prefix := token[:len(TokenPrefix)+6]
	at := now()
	id, err := insertID(ctx, s.w, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)`,
		userID, name, hash, prefix, at)
	if err != nil {
		return "", Token{}, fmt.Errorf("create token for user %d: %w", userID, err)
	}
	return token, Token{ID: id, UserID: userID, Name: name, Prefix: prefix, CreatedAt: parseTime(at)}, nil
}

// TokenUser returns the enabled user a live API token belongs to.
func (s *Store) TokenUser(ctx context.Context, token string) (User, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return User{}, ErrBadCredentials
	}
	hash := tokenHash(token)
	var id, userID int64
	var lastUsed sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT id, user_id, last_used FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL`, hash).
		Scan(&id, &userID, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("token: %w", err)
	}
	u, err := s.User(ctx, userID)
	if err != nil || u.Disabled {
		return User{}, ErrBadCredentials
	}
	if !lastUsed.Valid || s.Now().Sub(parseTime(lastUsed.String)) > seenResolution {
		s.w.ExecContext(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, s.Now().Format(timeLayout), id)
	}
	return u, nil
}

// Tokens lists a user's API tokens, newest first.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, user_id, name, prefix, created_at, coalesce(last_used, ''), revoked_at IS NOT NULL
		FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var created, used string
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &created, &used, &t.Revoked); err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		t.CreatedAt, t.LastUsed = parseTime(created), parseTime(used)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of a user's tokens.
func (s *Store) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	res, err := s.w.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`, now(), tokenID, userID)
	if err != nil {
		return fmt.Errorf("revoke token %d: %w", tokenID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("token %d: %w", tokenID, ErrNotFound)
	}
	return nil
}
