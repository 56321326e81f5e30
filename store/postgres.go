package store

// PostgreSQL's dialect lives here; the rest of the store speaks the SQL
// both databases read, written with SQLite's "?" placeholders, which the
// connection wrappers (db.go) rewrite as $n. The places that differ are
// marked "PostgreSQL:" (or "SQLite:" for the other side) in a comment:
//
//   - this file: the driver (pgx through database/sql, the simple protocol,
//     so that every statement is one round trip and untyped arguments read
//     as SQL literals do), the checks at open (a UTF-8 ctype, pg_trgm), the
//     advisory lock that serializes write transactions across servers as
//     SQLite's single writer does, CheckWritable, and the editor's search;
//   - the migrations (store/migrations/postgres): identity keys, PL/pgSQL
//     triggers for the append-only revisions and the translation memory's
//     live half and change log, and, instead of FTS5, a search index that
//     Go fills: folded text (alinea_fold is text.Key, which PostgreSQL
//     cannot call) with a pg_trgm GIN index, and each text's Han characters
//     in an array with a GIN index for one- and two-character queries.
//     Triggers queue the segments and translations whose text changed in
//     search_pending; every write transaction indexes the queue before it
//     commits (pgIndexPending), so no writer can forget the index, as with
//     SQLite's triggers;
//   - alinea_fold in the memory's target search, the concordance's and
//     repetitions' index queries, names sorted by bytes (binary), no
//     serving lock (lock.go), no backup or restore of a file (backup.go);
//   - instr, which PostgreSQL lacks, is defined by the migrations as
//     strpos; LIMIT -1 is noLimit on both; LIKE, case-sensitive on
//     PostgreSQL, only ever compares folded text or lower().
//
// `grep -rn "PostgreSQL:" store/` lists them.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"net/url"
	"strings"
	"unicode/utf8"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"alinea/align/text"
)

// pgMaxConns bounds each of the store's two pools of connections to
// PostgreSQL: writers queue on the write lock anyway, readers run side by
// side.
const pgMaxConns = 8

// ErrCLocale is returned by Open for a PostgreSQL database whose character
// classification is the C locale.
var ErrCLocale = errors.New(`the database's LC_CTYPE is C or POSIX, under which pg_trgm finds no trigrams in Chinese text: create the database with a UTF-8 locale, e.g. CREATE DATABASE alinea ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`)

func openPostgres(dsn string) (*Store, error) {
	shown := redactDSN(dsn)
	// Two pools, as on SQLite: a write transaction holds its connection
	// while it waits for the write lock, and may read on the other pool
	// meanwhile, which a shared pool full of waiting writers would starve.
	var pools [2]*sql.DB
	for i := range pools {
		p, err := sql.Open("pgx", pgConnString(dsn))
		if err != nil {
			return nil, fmt.Errorf("open store %s: %w", shown, err)
		}
		p.SetMaxOpenConns(pgMaxConns)
		p.SetMaxIdleConns(pgMaxConns)
		pools[i] = p
	}
	s := &Store{w: &db{DB: pools[0], pg: true}, r: &db{DB: pools[1], pg: true}, path: shown, dsn: dsn, pg: true}
	ctx := context.Background()
	if err := s.pgPrepare(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: %w", shown, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: %w", shown, err)
	}
	return s, nil
}

// pgConnString asks pgx for the simple protocol unless the DSN chose
// otherwise.
func pgConnString(dsn string) string {
	if strings.Contains(dsn, "default_query_exec_mode=") {
		return dsn
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "default_query_exec_mode=simple_protocol"
}

// redactDSN is dsn without its password.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// pgPrepare checks the database's locale, makes sure pg_trgm is there and
// picks the key of the write lock.
func (s *Store) pgPrepare(ctx context.Context) error {
	var ctype, database, schema string
	if err := s.r.QueryRowContext(ctx, `SELECT current_setting('lc_ctype'), current_database(), coalesce(current_schema(), '')`).
		Scan(&ctype, &database, &schema); err != nil {
		return err
	}
	if ctype == "C" || ctype == "POSIX" {
		return fmt.Errorf("database %s: %w", database, ErrCLocale)
	}
	if schema == "" {
		return errors.New("no schema of the search_path exists")
	}
	// PostgreSQL skips a schema of the search_path that does not exist:
	// the tables would silently go to the next one.
	if u, err := url.Parse(s.dsn); err == nil {
		if sp := u.Query().Get("search_path"); sp != "" {
			first, _, _ := strings.Cut(sp, ",")
			first = strings.Trim(strings.TrimSpace(first), `"`)
			if first != "$user" && first != schema {
				return fmt.Errorf("schema %q, first in the search_path, does not exist in database %s (CREATE SCHEMA %s)", first, database, first)
			}
		}
	}
	h := fnv.New64a()
	h.Write([]byte("alinea\x00" + database + "\x00" + schema))
	s.writeLock = int64(h.Sum64() &^ (1 << 63))
	var has bool
	if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')`).Scan(&has); err != nil {
		return err
	}
	if has {
		return nil
	}
	// Servers starting together would race to create it.
	return s.writeTx(ctx, false, func(tx *dbTx) error {
		_, err := tx.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm`)
		if err != nil {
			return fmt.Errorf("create extension pg_trgm (or have the database's owner run CREATE EXTENSION pg_trgm): %w", err)
		}
		return nil
	})
}

// pgMigrated reports whether every migration is applied already, as it is
// on every start but the first: the check only reads, so that servers
// start without waiting for each other's write lock, and CheckWritable
// can say what is wrong with a database they may not write.
func (s *Store) pgMigrated(ctx context.Context) (bool, error) {
	var exists bool
	// In the first schema of the search_path only: a later one (public)
	// may hold another database's tables.
	if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_name = 'schema_migrations')`).Scan(&exists); err != nil || !exists {
		return false, err
	}
	names, err := fs.Glob(migrations, "migrations/postgres/*.sql")
	if err != nil {
		return false, err
	}
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		return false, err
	}
	return n == len(names), nil
}

// pgCheckWritable makes a write that changes nothing and rolls it back: a
// role without the privilege, or a read-only server, is refused here rather
// than at every save.
func (s *Store) pgCheckWritable(ctx context.Context) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", s.path, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE settings SET value = value WHERE key = 'glossary_version'`); err != nil {
		return fmt.Errorf("%s: the database can only be read (the role's privileges, or a read-only server): %w", s.path, err)
	}
	return nil
}

// pgIndexBatch is how many rows of the search index one statement writes.
const pgIndexBatch = 500

// pgIndexPending indexes the segments and translations that the write
// transaction tx queued in search_pending (the triggers of the PostgreSQL
// migrations): their folded text and Han characters, computed here as
// SQLite's alinea_fold and alinea_han compute them.
func pgIndexPending(ctx context.Context, tx *dbTx) error {
	rows, err := tx.QueryContext(ctx, `WITH p AS (DELETE FROM search_pending RETURNING segment_id, lang)
		SELECT DISTINCT p.segment_id, p.lang, CASE WHEN p.lang = '' THEN s.source ELSE t.text END
		FROM p LEFT JOIN segments s ON p.lang = '' AND s.id = p.segment_id
		LEFT JOIN translations t ON p.lang <> '' AND t.segment_id = p.segment_id AND t.lang = p.lang`)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	type entry struct {
		id         int64
		lang, text string
	}
	var src, tgt []entry
	for rows.Next() {
		var e entry
		var t sql.NullString
		if err := rows.Scan(&e.id, &e.lang, &t); err != nil {
			rows.Close()
			return fmt.Errorf("search index: %w", err)
		}
		if !t.Valid { // deleted since: the foreign keys took its row
			continue
		}
		e.text = t.String
		if e.lang == "" {
			src = append(src, e)
		} else {
			tgt = append(tgt, e)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	for len(src) > 0 {
		n := min(len(src), pgIndexBatch)
		var q strings.Builder
		args := make([]any, 0, 3*n)
		q.WriteString(`INSERT INTO source_search (segment_id, text, han) VALUES `)
		for i, e := range src[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(`(?, ?, string_to_array(?, ' '))`)
			args = append(args, e.id, text.Key(e.text), HanChars(e.text))
		}
		q.WriteString(` ON CONFLICT (segment_id) DO UPDATE SET text = excluded.text, han = excluded.han`)
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		src = src[n:]
	}
	for len(tgt) > 0 {
		n := min(len(tgt), pgIndexBatch)
		var q strings.Builder
		args := make([]any, 0, 4*n)
		q.WriteString(`INSERT INTO target_search (segment_id, lang, text, han) VALUES `)
		for i, e := range tgt[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(`(?, ?, ?, string_to_array(?, ' '))`)
			args = append(args, e.id, e.lang, text.Key(e.text), HanChars(e.text))
		}
		q.WriteString(` ON CONFLICT (segment_id, lang) DO UPDATE SET text = excluded.text, han = excluded.han`)
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		tgt = tgt[n:]
	}
	return nil
}

// binary follows a text in ORDER BY to sort it as SQLite does, by its
// bytes: PostgreSQL sorts by the database's collation otherwise.
func (s *Store) binary() string {
	if s.pg {
		return ` COLLATE "C"`
	}
	return ""
}

// likeContains is a LIKE pattern matching any text that holds needle.
func likeContains(needle string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(needle) + "%"
}

// pgSearchSubstring is searchSubstring on PostgreSQL: LIKE on the folded
// text, which the pg_trgm indexes answer for three characters or more.
func pgSearchSubstring(needle, lang string) (string, []any) {
	like := likeContains(needle)
	return `(s.id IN (SELECT segment_id FROM source_search WHERE text LIKE ?)
		OR s.id IN (SELECT segment_id FROM target_search WHERE text LIKE ? AND lang = ?))`, []any{like, like, lang}
}

// pgSearchShort is searchShort on PostgreSQL.
func pgSearchShort(needle, lang string) (string, []any) {
	return `(EXISTS (SELECT 1 FROM source_search f WHERE f.segment_id = s.id AND strpos(f.text, ?) > 0)
		OR EXISTS (SELECT 1 FROM target_search f WHERE f.segment_id = s.id AND f.lang = ? AND strpos(f.text, ?) > 0))`,
		[]any{needle, lang, needle}
}

// pgConcordance is the concordance's search on PostgreSQL: LIKE on the
// folded texts (pg_trgm) for three characters or more, the GIN index of
// Han characters for one or two of them, strpos on every folded text for
// anything shorter. The target query names target_search k, as the
// caller's language condition expects.
func pgConcordance(needle string) (srcSQL string, srcArgs []any, tgtSQL string, tgtArgs []any) {
	switch {
	case utf8.RuneCountInString(needle) >= 3:
		like := likeContains(needle)
		return `SELECT segment_id FROM source_search WHERE text LIKE ?`, []any{like},
			`SELECT k.segment_id, k.lang FROM target_search k WHERE k.text LIKE ?`, []any{like}
	case allHan(needle):
		chars := HanChars(needle)
		return `SELECT segment_id FROM source_search WHERE han @> string_to_array(?, ' ') AND strpos(text, ?) > 0`, []any{chars, needle},
			`SELECT k.segment_id, k.lang FROM target_search k WHERE k.han @> string_to_array(?, ' ') AND strpos(k.text, ?) > 0`, []any{chars, needle}
	}
	return `SELECT segment_id FROM source_search WHERE strpos(text, ?) > 0`, []any{needle},
		`SELECT k.segment_id, k.lang FROM target_search k WHERE strpos(k.text, ?) > 0`, []any{needle}
}
