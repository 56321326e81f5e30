package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Role is what a user may do.
type Role string

const (
	RoleAdmin      Role = "admin"      // users, documents, glossary, everything
	RoleReviewer   Role = "reviewer"   // edit, set reviewed and approved
	RoleTranslator Role = "translator" // edit and set draft/translated where assigned
	RoleViewer     Role = "viewer"     // read, look up, export
)

// Roles lists the roles from most to least powerful.
var Roles = []Role{RoleAdmin, RoleReviewer, RoleTranslator, RoleViewer}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// User is an account.
type User struct {
	ID                 int64
	Login              string
	Name               string
	Role               Role
	Disabled           bool
	MustChangePassword bool
	CreatedAt          time.Time
}

// NewUser is what CreateUser needs.
type NewUser struct {
	Login    string
	Name     string // display name; the login when empty
	Role     Role
	Password string
	// MustChangePassword makes the next sign-in ask for a new password.
	MustChangePassword bool
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

var (
	// ErrLoginTaken is returned when creating a user whose login exists.
	ErrLoginTaken = errors.New("login already taken")
	// ErrBadLogin is returned for a login that is empty, too long or not
	// made of letters, digits and . _ - @.
	ErrBadLogin = errors.New("invalid login")
	// ErrWeakPassword is returned for a password shorter than
	// MinPasswordLength.
	ErrWeakPassword = errors.New("password too short")
	// ErrInvalidRole is returned for a role outside Roles.
	ErrInvalidRole = errors.New("invalid role")
	// ErrBadCredentials is returned when a login and password do not match
	// an enabled account, or a token matches nothing live.
	ErrBadCredentials = errors.New("wrong login or password")
	// ErrBusy is returned when every password-hashing slot stayed taken for
	// HashWait: the caller should try again shortly.
	ErrBusy = errors.New("too many password checks at once")
)

// HashSlots bounds how many passwords are hashed at once. Each argon2 hash
// holds PasswordCost.Memory (64 MiB) while it runs, so a flood of sign-ins
// would otherwise take as much memory as it has requests in flight.
const HashSlots = 2

// HashWait is how long a password check waits for a free hashing slot
// before giving up with ErrBusy.
var HashWait = 3 * time.Second

var hashSlots = make(chan struct{}, HashSlots)

// withHashSlot runs fn once a hashing slot is free.
func withHashSlot(ctx context.Context, fn func()) error {
	t := time.NewTimer(HashWait)
	defer t.Stop()
	select {
	case hashSlots <- struct{}{}:
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-hashSlots }()
	fn()
	return nil
}

// PasswordCost sets the argon2id parameters for new hashes. Stored hashes
// carry their own parameters, so raising these later leaves old hashes
// readable. Tests lower them.
var PasswordCost = struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}{Time: 3, Memory: 64 * 1024, Threads: 2}

func checkLogin(login string) error {
	if login == "" || len(login) > 64 || !utf8.ValidString(login) {
		return fmt.Errorf("%w: %q", ErrBadLogin, login)
	}
	for _, r := range login {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-@", r)) {
			return fmt.Errorf("%w: %q", ErrBadLogin, login)
		}
	}
	return nil
}

// CreateUser adds an account.
func (s *Store) CreateUser(ctx context.Context, nu NewUser) (User, error) {
	if err := checkLogin(nu.Login); err != nil {
		return User{}, err
	}
	if !nu.Role.Valid() {
		return User{}, fmt.Errorf("%w: %q", ErrInvalidRole, nu.Role)
	}
	if utf8.RuneCountInString(nu.Password) < MinPasswordLength {
		return User{}, ErrWeakPassword
	}
	name := strings.TrimSpace(nu.Name)
	if name == "" {
		name = nu.Login
	}
	hash, err := hashPassword(ctx, nu.Password)
	if err != nil {
		return User{}, err
	}
	var id int64
	err = s.tx(ctx, func(tx *dbTx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE login = ?`, nu.Login).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%w: %q", ErrLoginTaken, nu.Login)
		}
		var err error
		id, err = insertID(ctx, tx, `INSERT INTO users (login, display_name, created_at, password_hash, role, must_change_password)
			VALUES (?, ?, ?, ?, ?, ?)`, nu.Login, name, now(), hash, nu.Role, nu.MustChangePassword)
		if err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return User{}, fmt.Errorf("create user %s: %w", nu.Login, err)
	}
	return s.User(ctx, id)
}

const userColumns = `id, login, display_name, role, disabled, must_change_password, created_at`

func scanUser(row scanner) (User, error) {
	var u User
	var at string
	err := row.Scan(&u.ID, &u.Login, &u.Name, &u.Role, &u.Disabled, &u.MustChangePassword, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	u.CreatedAt = parseTime(at)
	return u, err
}

// User returns one account.
func (s *Store) User(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return u, fmt.Errorf("user %d: %w", id, err)
	}
	return u, nil
}

// UserByLogin returns the account with that login.
func (s *Store) UserByLogin(ctx context.Context, login string) (User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE login = ?`, login))
	if err != nil {
		return u, fmt.Errorf("user %q: %w", login, err)
	}
	return u, nil
}

// Users returns every account, by login.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY login`+s.binary())
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CountUsers returns the number of accounts, disabled ones included.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// Authenticate returns the enabled account whose login and password match.
// It takes as long for an unknown login as for a wrong password, so timing
// does not tell which logins exist.
func (s *Store) Authenticate(ctx context.Context, login, password string) (User, error) {
	var u User
	var hash string
	var at string
	err := s.r.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE login = ?`, login).
		Scan(&u.ID, &u.Login, &u.Name, &u.Role, &u.Disabled, &u.MustChangePassword, &at, &hash)
	known := err == nil
	if errors.Is(err, sql.ErrNoRows) {
		hash = dummyHash()
	} else if err != nil {
		return User{}, fmt.Errorf("authenticate %q: %w", login, err)
	}
	var ok bool
	if err := withHashSlot(ctx, func() { ok = verifyPassword(hash, password) }); err != nil {
		return User{}, fmt.Errorf("authenticate %q: %w", login, err)
	}
	if !known || !ok || u.Disabled {
		return User{}, ErrBadCredentials
	}
	u.CreatedAt = parseTime(at)
	return u, nil
}

// SetPassword replaces a user's password and ends their sessions, so a
// password changed after a leak locks the old holder out.
func (s *Store) SetPassword(ctx context.Context, userID int64, password string, mustChange bool) error {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return ErrWeakPassword
	}
	hash, err := hashPassword(ctx, password)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *dbTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?`, hash, mustChange, userID)
		if err != nil {
			return fmt.Errorf("set password of user %d: %w", userID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %d: %w", userID, ErrNotFound)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		return err
	})
}

// SetDisabled disables or enables an account. Disabling ends its sessions;
// its API tokens stop working while it is disabled.
func (s *Store) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	return s.tx(ctx, func(tx *dbTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, disabled, userID)
		if err != nil {
			return fmt.Errorf("disable user %d: %w", userID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %d: %w", userID, ErrNotFound)
		}
		if disabled {
			_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		}
		return err
	})
}

// SetRole changes a user's role.
func (s *Store) SetRole(ctx context.Context, userID int64, role Role) error {
	if !role.Valid() {
		return fmt.Errorf("%w: %q", ErrInvalidRole, role)
	}
	res, err := s.w.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, role, userID)
	if err != nil {
		return fmt.Errorf("set role of user %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("user %d: %w", userID, ErrNotFound)
	}
	return nil
}

// hashPassword returns a PHC-style argon2id string that records its own
// parameters and salt.
func hashPassword(ctx context.Context, password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	c := PasswordCost
	var key []byte
	if err := withHashSlot(ctx, func() { key = argon2.IDKey([]byte(password), salt, c.Time, c.Memory, c.Threads, 32) }); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.Memory, c.Time, c.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// dummyHash is verified against when a login does not exist; it is made on
// first use, with the cost in force then.
var dummyHash = sync.OnceValue(func() string {
	h, _ := hashPassword(context.Background(), "not a password anyone has")
	return h
})

func verifyPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var mem, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil || mem == 0 || t == 0 || p == 0 {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, mem, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// newToken returns a random token with a readable prefix and the hash to
// store. The tokens carry 256 random bits, so a fast hash is enough: there
// is nothing to guess.
func newToken(prefix string) (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("new token: %w", err)
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, tokenHash(token), nil
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// GeneratePassword returns a random password for accounts created without
// one (the first admin); it is shown once and must be changed.
func GeneratePassword() (string, error) {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate password: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
