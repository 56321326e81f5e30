package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"alinea/internal/testenv"
	"alinea/workflow"
)

func TestRebind(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT a FROM t WHERE a = ? AND b = ?`, `SELECT a FROM t WHERE a = $1 AND b = $2`},
		{`WHERE x = ?1 OR y = ?1 AND z = ?2 LIMIT ?3`, `WHERE x = $1 OR y = $1 AND z = $2 LIMIT $3`},
		{`WHERE x = ?2 AND y = ?`, `WHERE x = $2 AND y = $3`},
		{`SELECT '?', "a?b", ? -- what?` + "\n" + `, ?`, `SELECT '?', "a?b", $1 -- what?` + "\n" + `, $2`},
		{`SELECT 'it''s ?', ?`, `SELECT 'it''s ?', $1`},
		{`LIKE ? ESCAPE '\'`, `LIKE $1 ESCAPE '\'`},
	} {
		if got := rebind(c.in); got != c.want {
			t.Errorf("rebind(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDialectAndDSN(t *testing.T) {
	dsn := testenv.DB(t)
	st, err := Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if st.Dialect() != testenv.Backend() || st.DSN() != dsn {
		t.Errorf("Dialect() = %q, DSN() = %q; opened %q on %s", st.Dialect(), st.DSN(), dsn, testenv.Backend())
	}
	if err := st.CheckWritable(context.Background()); err != nil {
		t.Errorf("CheckWritable: %v", err)
	}
	if err := st.Ping(context.Background()); err != nil {
		t.Errorf("Ping: %v", err)
	}
	if got := redactDSN("postgres://ana:s3cret@db.example/alinea?sslmode=require"); strings.Contains(got, "s3cret") || !strings.Contains(got, "ana") {
		t.Errorf("redacted DSN %q", got)
	}
}

// Two servers on one database: saves from the same version made through
// both at once, as two translators would, end with exactly one saved and
// every other refused as a conflict.
func TestSaveConflictAcrossStores(t *testing.T) {
	dsn := testenv.DB(t)
	a, err := Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	doc := importSeed(t, a)
	ctx := context.Background()
	segs, _, err := a.Segments(ctx, doc.ID, SegmentQuery{Lang: "es", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	seg := segs[0].ID
	const writers = 8
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := a
			if i%2 == 1 {
				st = b
			}
			_, errs[i] = st.SaveTranslation(ctx, Save{SegmentID: seg, Lang: "es", Text: "texto " + string(rune('a'+i)),
				Status: workflow.StatusDraft, BaseVersion: 0})
		}()
	}
	wg.Wait()
	saved := 0
	for i, err := range errs {
		var conflict *ConflictError
		switch {
		case err == nil:
			saved++
		case errors.As(err, &conflict):
		default:
			t.Errorf("writer %d: %v", i, err)
		}
	}
	if saved != 1 {
		t.Errorf("%d saves from version 0 went through, want 1", saved)
	}
	revs, err := b.Revisions(ctx, seg, "es")
	if err != nil || len(revs) != 1 {
		t.Errorf("%d revisions, %v; want 1", len(revs), err)
	}
}

// Servers starting together on a new database: each waits for the one that
// migrates, and all of them open it.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	dsn := testenv.DB(t)
	var wg sync.WaitGroup
	stores := make([]*Store, 4)
	errs := make([]error, len(stores))
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = Open(dsn)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		defer stores[i].Close()
	}
	var n int
	stores[0].r.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n)
	pattern := "migrations/*.sql"
	if stores[0].Dialect() == "postgres" {
		pattern = "migrations/postgres/*.sql"
	}
	names, _ := filepath.Glob(pattern)
	if n != len(names) {
		t.Errorf("%d migrations recorded, %d files", n, len(names))
	}
}

// Every SQLite migration has its PostgreSQL counterpart: the last numbers
// of both sets are the same.
func TestMigrationSetsKeepStep(t *testing.T) {
	last := func(pattern string) string {
		names, _ := filepath.Glob(pattern)
		sort.Strings(names)
		if len(names) == 0 {
			t.Fatalf("no %s", pattern)
		}
		num, _, _ := strings.Cut(filepath.Base(names[len(names)-1]), "_")
		return num
	}
	if s, p := last("migrations/*.sql"), last("migrations/postgres/*.sql"); s != p {
		t.Errorf("SQLite's migrations end at %s, PostgreSQL's at %s: a migration needs its PostgreSQL version", s, p)
	}
}

// Both databases hold the same tables with the same columns, so that
// everything above the store reads them alike (the search index aside,
// which each builds its own way).
func TestSchemasMatch(t *testing.T) {
	if testenv.Backend() != "postgres" {
		t.Skip("compares PostgreSQL's schema with SQLite's: the PostgreSQL run does")
	}
	lite, err := Open(filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg, err := Open(testenv.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	search := map[string]bool{"source_search": true, "target_search": true, "target_search_keys": true,
		"source_han": true, "target_han": true, "search_pending": true}
	columns := func(q string) map[string]string {
		out := map[string]string{}
		var db *db = lite.r
		if strings.Contains(q, "information_schema") {
			db = pg.r
		}
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var table, cols string
			if err := rows.Scan(&table, &cols); err != nil {
				t.Fatal(err)
			}
			if !search[table] && !strings.HasPrefix(table, "source_search_") && !strings.HasPrefix(table, "target_search_") &&
				!strings.HasPrefix(table, "source_han_") && !strings.HasPrefix(table, "target_han_") {
				out[table] = cols
			}
		}
		return out
	}
	want := columns(`SELECT m.name, group_concat(p.name, ',') FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' GROUP BY m.name ORDER BY m.name`)
	got := columns(`SELECT table_name, string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns
		WHERE table_schema = current_schema() GROUP BY table_name ORDER BY table_name`)
	if len(want) < 20 || len(got) < 20 {
		t.Fatalf("read %d tables of SQLite, %d of PostgreSQL", len(want), len(got))
	}
	for table, cols := range want {
		if !sameSet(got[table], cols) {
			t.Errorf("%s: PostgreSQL has columns %q, SQLite %q", table, got[table], cols)
		}
	}
	for table := range got {
		if _, ok := want[table]; !ok {
			t.Errorf("PostgreSQL has table %s, SQLite does not", table)
		}
	}
}

func sameSet(a, b string) bool {
	x, y := strings.Split(a, ","), strings.Split(b, ",")
	sort.Strings(x)
	sort.Strings(y)
	return strings.Join(x, ",") == strings.Join(y, ",")
}

// pgDatabase makes a database in the test cluster with the given CREATE
// DATABASE options and returns its DSN; it is dropped when the test ends.
func pgDatabase(t *testing.T, options string) string {
	t.Helper()
	base := os.Getenv(testenv.PostgresEnv)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	rand.Read(b[:])
	name := "alinea_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` ` + options); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return strings.Replace(base, "/alinea_test?", "/"+name+"?", 1)
}

// Under the C locale pg_trgm finds no trigram in Chinese text, and the
// editor's search would find nothing: such a database is refused, with
// what to do instead.
func TestPostgresRefusesTheCLocale(t *testing.T) {
	if testenv.Backend() != "postgres" {
		t.Skip("PostgreSQL's locale: the PostgreSQL run checks it")
	}
	dsn := pgDatabase(t, `ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`)
	st, err := Open(dsn)
	if err == nil {
		st.Close()
		t.Fatal("opened a database whose LC_CTYPE is C")
	}
	if !errors.Is(err, ErrCLocale) || !strings.Contains(err.Error(), "CREATE DATABASE") {
		t.Errorf("error %q does not say how to create the database", err)
	}
}

// A server that may not write the database says so at start.
func TestPostgresCheckWritableOnAReadOnlyServer(t *testing.T) {
	if testenv.Backend() != "postgres" {
		t.Skip("a read-only PostgreSQL: the PostgreSQL run checks it")
	}
	dsn := testenv.DB(t)
	st, err := Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := Open(strings.Replace(dsn, "search_path=", "search_path=missing_schema,", 1)); err == nil ||
		!strings.Contains(err.Error(), "missing_schema") {
		t.Errorf("open with a missing schema first in the search_path: %v", err)
	}
	ro, err := Open(dsn + "&default_transaction_read_only=on")
	if err != nil {
		t.Fatalf("open a migrated database read-only: %v", err)
	}
	defer ro.Close()
	if err := ro.CheckWritable(context.Background()); err == nil || !strings.Contains(err.Error(), "can only be read") {
		t.Errorf("CheckWritable on a read-only server = %v", err)
	}
}

// A schema later in the search_path that holds a migrated database does
// not pass for the first one: the first gets tables of its own.
func TestPostgresMigratesTheFirstSchema(t *testing.T) {
	if testenv.Backend() != "postgres" {
		t.Skip("PostgreSQL's schemas: the PostgreSQL run checks them")
	}
	other := testenv.DB(t)
	st, err := Open(other)
	if err != nil {
		t.Fatal(err)
	}
	importSeed(t, st)
	st.Close()
	_, otherPath, _ := strings.Cut(other, "search_path=")
	otherSchema, _, _ := strings.Cut(otherPath, ",")
	dsn := testenv.DB(t)
	st, err = Open(strings.Replace(dsn, ",public", ","+otherSchema+",public", 1))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs, err := st.Documents(context.Background())
	if err != nil || len(docs) != 0 {
		t.Errorf("a new schema shows %d documents (%v), want none", len(docs), err)
	}
}
