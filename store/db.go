package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// The store's SQL is written once, with SQLite's "?" placeholders. db and
// dbTx carry it to either database: on SQLite they add nothing (a nil check
// per call), on PostgreSQL they rewrite the placeholders to $n and the
// arguments PostgreSQL reads differently (postgres.go).

// db is a connection pool of the store.
type db struct {
	*sql.DB
	pg bool
}

func (d *db) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if d.pg {
		query, args = rebind(query), pgArgs(args)
	}
	return d.DB.ExecContext(ctx, query, args...)
}

func (d *db) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if d.pg {
		query, args = rebind(query), pgArgs(args)
	}
	return d.DB.QueryContext(ctx, query, args...)
}

func (d *db) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if d.pg {
		query, args = rebind(query), pgArgs(args)
	}
	return d.DB.QueryRowContext(ctx, query, args...)
}

// BeginTx starts a transaction that only reads or writes nothing the search
// index follows; the store's writes go through Store.tx.
//
// A read-only transaction on PostgreSQL reads one snapshot, as SQLite's
// do: READ COMMITTED would give each statement its own.
func (d *db) BeginTx(ctx context.Context, opts *sql.TxOptions) (*dbTx, error) {
	if d.pg && opts != nil && opts.ReadOnly && opts.Isolation == sql.LevelDefault {
		opts = &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	tx, err := d.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &dbTx{Tx: tx, pg: d.pg}, nil
}

// dbTx is a transaction of the store.
type dbTx struct {
	*sql.Tx
	pg bool
	// write marks the transactions of Store.tx: on PostgreSQL they bring
	// the search index up to date before they commit (postgres.go).
	write bool
}

func (t *dbTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if t.pg {
		query, args = rebind(query), pgArgs(args)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

func (t *dbTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if t.pg {
		query, args = rebind(query), pgArgs(args)
	}
	return t.Tx.QueryContext(ctx, query, args...)
}

func (t *dbTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if t.pg {
		query, args = rebind(query), pgArgs(args)
	}
	return t.Tx.QueryRowContext(ctx, query, args...)
}

// PrepareContext prepares a statement on SQLite; on PostgreSQL the store's
// connections send every statement in one round trip with its arguments
// (the simple protocol, postgres.go), so a statement is its text.
func (t *dbTx) PrepareContext(ctx context.Context, query string) (*dbStmt, error) {
	if t.pg {
		return &dbStmt{tx: t, query: query}, nil
	}
	st, err := t.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return &dbStmt{st: st}, nil
}

// Commit brings the search index up to date on PostgreSQL, then commits.
func (t *dbTx) Commit() error {
	if t.pg && t.write {
		if err := pgIndexPending(context.Background(), t); err != nil {
			t.Tx.Rollback()
			return err
		}
	}
	return t.Tx.Commit()
}

// dbStmt is a prepared statement of a transaction.
type dbStmt struct {
	st    *sql.Stmt
	tx    *dbTx
	query string
}

func (s *dbStmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	if s.st == nil {
		return s.tx.ExecContext(ctx, s.query, args...)
	}
	return s.st.ExecContext(ctx, args...)
}

func (s *dbStmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	if s.st == nil {
		return s.tx.QueryRowContext(ctx, s.query, args...)
	}
	return s.st.QueryRowContext(ctx, args...)
}

func (s *dbStmt) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	if s.st == nil {
		return s.tx.QueryContext(ctx, s.query, args...)
	}
	return s.st.QueryContext(ctx, args...)
}

func (s *dbStmt) Close() error {
	if s.st == nil {
		return nil
	}
	return s.st.Close()
}

// rebind rewrites SQLite's placeholders as PostgreSQL's: "?" is one more
// than the highest number given so far (as SQLite counts), "?NNN" is $NNN.
// Question marks inside string literals, quoted names and comments stay.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	highest := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch c {
		case '\'', '"':
			j := i + 1
			for j < len(query) {
				if query[j] == c {
					if j+1 < len(query) && query[j+1] == c { // doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j >= len(query) {
				j = len(query) - 1
			}
			b.WriteString(query[i : j+1])
			i = j
		case '-':
			if i+1 < len(query) && query[i+1] == '-' {
				j := strings.IndexByte(query[i:], '\n')
				if j < 0 {
					j = len(query) - i - 1
				}
				b.WriteString(query[i : i+j+1])
				i += j
				continue
			}
			b.WriteByte(c)
		case '?':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			n := highest + 1
			if j > i+1 {
				n, _ = strconv.Atoi(query[i+1 : j])
			}
			if n > highest {
				highest = n
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// pgArgs turns the arguments PostgreSQL would read otherwise than SQLite
// does: the store keeps flags in integer columns, as SQLite does.
func pgArgs(args []any) []any {
	var out []any
	for i, a := range args {
		if v, ok := a.(bool); ok {
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[i] = int64(0)
			if v {
				out[i] = int64(1)
			}
		}
	}
	if out == nil {
		return args
	}
	return out
}

// Exec, Query and QueryRow are their Context versions with a background
// context, rewritten like them.
func (d *db) Exec(query string, args ...any) (sql.Result, error) {
	return d.ExecContext(context.Background(), query, args...)
}

func (d *db) Query(query string, args ...any) (*sql.Rows, error) {
	return d.QueryContext(context.Background(), query, args...)
}

func (d *db) QueryRow(query string, args ...any) *sql.Row {
	return d.QueryRowContext(context.Background(), query, args...)
}
