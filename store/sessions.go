package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SessionPolicy bounds how long a sign-in lasts.
type SessionPolicy struct {
	Idle     time.Duration // ends after this long without a request
	Absolute time.Duration // ends this long after sign-in, however busy
}

// seenResolution limits last_seen updates to one write a minute per
// session instead of one per request.
const seenResolution = time.Minute

// CreateSession signs a user in and returns the session token for the
// cookie. Only its hash is stored.
func (s *Store) CreateSession(ctx context.Context, userID int64, address string, p SessionPolicy) (string, error) {
	token, hash, err := newToken("s_")
	if err != nil {
		return "", err
	}
	t := s.Now()
	_, err = s.w.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at, address)
		VALUES (?, ?, ?, ?, ?, ?)`, hash, userID, t.Format(timeLayout), t.Format(timeLayout),
		t.Add(p.Absolute).Format(timeLayout), address)
	if err != nil {
		return "", fmt.Errorf("create session for user %d: %w", userID, err)
	}
	// Expired sessions are swept on every sign-in rather than by a timer.
	s.w.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, t.Format(timeLayout))
	return token, nil
}

// SessionUser returns the enabled user of a live session and records that
// the session was used. Expired and idle sessions are deleted and answer
// ErrBadCredentials.
func (s *Store) SessionUser(ctx context.Context, token string, p SessionPolicy) (User, error) {
	hash := tokenHash(token)
	var userID int64
	var lastSeen, expires string
	err := s.r.QueryRowContext(ctx, `SELECT user_id, last_seen, expires_at FROM sessions WHERE token_hash = ?`, hash).
		Scan(&userID, &lastSeen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("session: %w", err)
	}
	t := s.Now()
	seen := parseTime(lastSeen)
	if t.After(parseTime(expires)) || t.Sub(seen) > p.Idle {
		s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash)
		return User{}, ErrBadCredentials
	}
	u, err := s.User(ctx, userID)
	if err != nil || u.Disabled {
		return User{}, ErrBadCredentials
	}
	// A short idle limit needs finer updates, or a session in use would
	// expire between two writes.
	if t.Sub(seen) > min(seenResolution, p.Idle/4) {
		if _, err := s.w.ExecContext(ctx, `UPDATE sessions SET last_seen = ? WHERE token_hash = ?`, t.Format(timeLayout), hash); err != nil {
			return User{}, fmt.Errorf("session: %w", err)
		}
	}
	return u, nil
}

// EndSession signs a session out.
func (s *Store) EndSession(ctx context.Context, token string) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash(token)); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// SignOutEverywhere ends every session of a user and revokes every API
// token they have, in one transaction: what to do when a password or a
// device may have leaked. It returns how many tokens were revoked.
func (s *Store) SignOutEverywhere(ctx context.Context, userID int64) (int, error) {
	var revoked int64
	err := s.tx(ctx, func(tx *dbTx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, now(), userID)
		if err != nil {
			return err
		}
		revoked, _ = res.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("sign user %d out everywhere: %w", userID, err)
	}
	return int(revoked), nil
}

// SigninFailures are the recent failed sign-ins that throttle the next
// attempt: those of one login from one address, and all of one address.
type SigninFailures struct {
	Pair, Address             int       // how many
	PairLatest, AddressLatest time.Time // when the latest was
}

// RecentSigninFailures counts failed sign-ins since a time, of a login from
// an address and of the address.
func (s *Store) RecentSigninFailures(ctx context.Context, login, address string, since time.Time) (SigninFailures, error) {
	return signinFailures(ctx, s.r, login, address, since)
}

func signinFailures(ctx context.Context, q querier, login, address string, since time.Time) (SigninFailures, error) {
	var f SigninFailures
	var pairLast, addrLast sql.NullString
	err := q.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM signin_failures WHERE login = ?1 AND address = ?2 AND at >= ?3),
			(SELECT max(at) FROM signin_failures WHERE login = ?1 AND address = ?2 AND at >= ?3),
			(SELECT count(*) FROM signin_failures WHERE address = ?2 AND at >= ?3),
			(SELECT max(at) FROM signin_failures WHERE address = ?2 AND at >= ?3)`,
		login, address, since.UTC().Format(timeLayout)).Scan(&f.Pair, &pairLast, &f.Address, &addrLast)
	if err != nil {
		return SigninFailures{}, fmt.Errorf("count sign-in failures: %w", err)
	}
	if pairLast.Valid {
		f.PairLatest = parseTime(pairLast.String)
	}
	if addrLast.Valid {
		f.AddressLatest = parseTime(addrLast.String)
	}
	return f, nil
}

// BeginSignin decides, in one write transaction, whether a sign-in of login
// from address may go ahead: wait reads the recent failures (since the given
// time) and says how long the attempt must wait. When it need not wait, the
// attempt is recorded at once as a failure, which EndSignin turns into a
// real failure or removes. Attempts still being checked thus count on every
// server sharing the database, and a burst of concurrent guesses cannot all
// pass the check before the first failure is written.
func (s *Store) BeginSignin(ctx context.Context, login, address string, since time.Time, wait func(SigninFailures) time.Duration) (attempt int64, d time.Duration, err error) {
	err = s.tx(ctx, func(tx *dbTx) error {
		f, err := signinFailures(ctx, tx, login, address, since)
		if err != nil {
			return err
		}
		if d = wait(f); d > 0 {
			return nil
		}
		return tx.QueryRowContext(ctx, `INSERT INTO signin_failures (login, address, at) VALUES (?, ?, ?) RETURNING id`,
			login, address, s.Now().Format(timeLayout)).Scan(&attempt)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("check sign-in of %s: %w", login, err)
	}
	return attempt, d, nil
}

// EndSignin ends an attempt begun with BeginSignin: a failed one stays a
// failure, dated now; any other is forgotten.
func (s *Store) EndSignin(ctx context.Context, attempt int64, failed bool) error {
	var err error
	if failed {
		t := s.Now()
		_, err = s.w.ExecContext(ctx, `UPDATE signin_failures SET at = ? WHERE id = ?`, t.Format(timeLayout), attempt)
		if err == nil {
			// Keep the table small: nothing older than a day matters.
			_, err = s.w.ExecContext(ctx, `DELETE FROM signin_failures WHERE at < ?`, t.Add(-24*time.Hour).Format(timeLayout))
		}
	} else {
		_, err = s.w.ExecContext(ctx, `DELETE FROM signin_failures WHERE id = ?`, attempt)
	}
	if err != nil {
		return fmt.Errorf("end sign-in attempt: %w", err)
	}
	return nil
}

// ClearSigninFailures forgets a login's failures from an address after it
// signs in from there. The address's failures for other logins stay.
func (s *Store) ClearSigninFailures(ctx context.Context, login, address string) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM signin_failures WHERE login = ? AND address = ?`, login, address); err != nil {
		return fmt.Errorf("clear sign-in failures: %w", err)
	}
	return nil
}
