// Package store keeps the corpus in SQLite (the embedded default) or
// PostgreSQL: documents, paragraphs, segments, translations and their
// revisions. It is the only package that speaks SQL.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/mattn/go-sqlite3" // the embedded default database
)

// migrations holds SQLite's migrations in migrations/ and PostgreSQL's in
// migrations/postgres/: numbered alike, so that a database of either kind
// knows which it has applied.
//
//go:embed migrations/*.sql migrations/postgres/*.sql
var migrations embed.FS

// busyTimeout is how long a statement waits for a lock held by another
// connection before it fails.
const busyTimeout = 10 * time.Second

// Store is an open corpus database. Writes go through one connection in
// IMMEDIATE transactions, so SQLite serializes them without the deadlocks
// that upgrading a read lock can cause; reads use a pool of their own and
// run alongside writes thanks to WAL.
//
// On PostgreSQL write transactions take a lock that serializes them across
// every process on the database (postgres.go).
type Store struct {
	w, r *db
	path string // the file, or the DSN without its password
	dsn  string // as given to Open
	pg   bool
	// writeLock is the key of PostgreSQL's advisory lock around write
	// transactions: one per schema, so databases in other schemas of the
	// same PostgreSQL do not wait for each other.
	writeLock int64

	// clock tells the time that sessions, sign-in throttling and API
	// tokens are measured by; see SetClock.
	clock atomic.Pointer[func() time.Time]

	// stopCheckpoints ends the background checkpoints (checkpoint.go).
	stopCheckpoints, checkpointsStopped chan struct{}
	closeOnce                           sync.Once
}

// Open opens the database named by dsn and brings its schema up to date: a
// postgres:// or postgresql:// URL is a PostgreSQL database, anything else
// the path of a SQLite file, created if needed.
func Open(dsn string) (*Store, error) {
	if dsn == "" {
		return nil, errors.New("open store: no database path")
	}
	if IsPostgres(dsn) {
		return openPostgres(dsn)
	}
	path := dsn
	w, err := sql.Open(driverName, sqliteDSN(path, true))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open(driverName, sqliteDSN(path, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	s := &Store{w: &db{DB: w}, r: &db{DB: r}, path: path, dsn: path}
	if err := s.migrate(context.Background()); err != nil {
		errors.Join(s.w.Close(), s.r.Close())
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s.stopCheckpoints, s.checkpointsStopped = make(chan struct{}), make(chan struct{})
	go s.checkpoints(s.stopCheckpoints, s.checkpointsStopped)
	return s, nil
}

// Close ends the background checkpoints and closes both connection pools;
// SQLite copies what is left of the log into the database as the last
// connection closes.
func (s *Store) Close() error {
	s.closeListeners()
	if s.pg {
		return errors.Join(s.w.Close(), s.r.Close())
	}
	s.closeOnce.Do(func() {
		close(s.stopCheckpoints)
		<-s.checkpointsStopped
	})
	return errors.Join(s.w.Close(), s.r.Close())
}

// ErrReadOnly is returned by CheckWritable for a database that can only be
// read.
var ErrReadOnly = errors.New("the database can only be read: check the permissions of the file and of its directory")

// CheckWritable makes a write that changes nothing, so that a server on a
// database it may not write refuses to start instead of failing every save.
// SQLite opens such a file read-only without a word (SQLite: a pragma;
// PostgreSQL: an update rolled back).
func (s *Store) CheckWritable(ctx context.Context) error {
	if s.pg {
		return s.pgCheckWritable(ctx)
	}
	var v int64
	if err := s.r.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, v)); err != nil {
		return fmt.Errorf("%s: %w (%v)", s.path, ErrReadOnly, err)
	}
	return nil
}

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.r.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("ping %s: %w", s.path, err)
	}
	return nil
}

// Now is the store's time: the wall clock, or the one given to SetClock.
func (s *Store) Now() time.Time {
	if c := s.clock.Load(); c != nil {
		return (*c)().UTC()
	}
	return time.Now().UTC()
}

// SetClock makes the store read the time from now instead of the wall clock
// when it opens, checks and ends sessions, counts failed sign-ins and marks
// API tokens used, so that tests move time forward instead of waiting.
func (s *Store) SetClock(now func() time.Time) { s.clock.Store(&now) }

// Path is the database file, or the PostgreSQL DSN without its password:
// what messages name.
func (s *Store) Path() string { return s.path }

// DSN is the database as given to Open.
func (s *Store) DSN() string { return s.dsn }

// Dialect is "sqlite" or "postgres".
func (s *Store) Dialect() string {
	if s.pg {
		return "postgres"
	}
	return "sqlite"
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// migrate applies, in order and each in its own transaction, the embedded
// migrations of the database's dialect it has not seen yet.
func (s *Store) migrate(ctx context.Context) error {
	if s.pg {
		done, err := s.pgMigrated(ctx)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if done {
			return nil
		}
	}
	// Servers starting together on one PostgreSQL database would race to
	// create the table: s.tx's lock makes them take turns, the first
	// applying each migration and the others finding it applied.
	err := s.writeTx(ctx, false, func(tx *dbTx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	dir := "migrations"
	if s.pg {
		dir = "migrations/postgres"
	}
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, dir+"/")
		num, _, ok := strings.Cut(base, "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil {
			return fmt.Errorf("migrate: %s: name must start with a number and an underscore", base)
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		err = s.writeTx(ctx, false, func(tx *dbTx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				version, base, now())
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
	}
	if s.pg {
		// Index what the migrations queued.
		if err := s.tx(ctx, func(*dbTx) error { return nil }); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return nil
}

// tx runs fn in one write transaction: every multi-row write is all or
// nothing.
//
// SQLite serializes them (one connection, IMMEDIATE transactions); on
// PostgreSQL they take an advisory lock first, so that they are just as
// serialized across every server on the database: each sees every write
// committed before it, version checks cannot interleave, and the change
// log of the translation memory commits in the order of its numbers.
func (s *Store) tx(ctx context.Context, fn func(*dbTx) error) error {
	return s.writeTx(ctx, true, fn)
}

// writeTx is tx; index false leaves what the transaction queued for
// PostgreSQL's search index to the next one (migrations run before the
// index's tables exist).
func (s *Store) writeTx(ctx context.Context, index bool, fn func(*dbTx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if s.pg {
		tx.write = index
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, s.writeLock); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Setting returns a stored setting, or "" when absent.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores a setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("write setting %s: %w", key, err)
	}
	return nil
}

// noLimit is a LIMIT that keeps every row: SQLite reads -1 so, PostgreSQL
// refuses it.
const noLimit = math.MaxInt32

const timeLayout = "2006-01-02T15:04:05.000000Z07:00"

func now() string { return time.Now().UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}
