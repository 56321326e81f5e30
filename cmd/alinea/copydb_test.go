package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"alinea/internal/testenv"
)

// copyDest is a new, empty database of the backend under test: the copy
// goes from SQLite to PostgreSQL in the PostgreSQL run.
func copyDest(t *testing.T) string { return testenv.DB(t) }

// TestCopyDB copies a workbench with translations, a memory, the glossary,
// accounts and a token, and the copy answers every question as the source
// does; a second copy into it is refused; --verify notices a change.
func TestCopyDB(t *testing.T) {
	src, _ := exchangeDB(t)
	dir := t.TempDir()
	tmx := filepath.Join(dir, "es.tmx")
	for _, args := range [][]string{
		{"export", "--db", src, "--doc", "1", "--lang", "es", "--format", "tmx", "-o", tmx},
		{"tm", "import", "--db", src, "--name", "earlier", tmx},
		{"glossary", "import", "--db", src, "../../seeds/glossary.csv"},
		{"token", "create", "--db", src, "--user", "ana"},
	} {
		if code, _, errs := runCmd(t, "", args...); code != 0 {
			t.Fatalf("%v: %s", args, errs)
		}
	}
	// Through a SQLite file into a database of the backend under test: in
	// the PostgreSQL run, from PostgreSQL to SQLite and back.
	mid := filepath.Join(t.TempDir(), "mid.db")
	dst := copyDest(t)
	for _, hop := range [][2]string{{src, mid}, {mid, dst}} {
		code, out, errs := runCmd(t, "", "copy-db", "--from", hop[0], "--to", hop[1])
		if code != 0 {
			t.Fatalf("copy-db: exit %d: %s", code, errs)
		}
		for _, want := range []string{"checksum match", "revisions", "tm_units", "api_tokens", "terms"} {
			if !strings.Contains(out, want) {
				t.Errorf("copy-db output lacks %q:\n%s", want, out)
			}
		}
	}
	// DB stands for the database each command reads.
	for _, args := range [][]string{
		{"stats", "--db", "DB"},
		{"user", "list", "--db", "DB"},
		{"token", "list", "--db", "DB", "--user", "ana"},
		{"concordance", "--db", "DB", "国"},
		{"concordance", "--db", "DB", "--lang", "es", "original"},
		{"tm", "lookup", "--db", "DB", "--lang", "es", "--min", "30", "中国同拉美和加勒比国家"},
		{"tm", "list", "--db", "DB"},
		{"glossary", "lookup", "--db", "DB", "南南合作"},
		{"export", "--db", "DB", "--doc", "1", "--lang", "all", "--format", "csv", "-o", "-"},
	} {
		run := func(db string) string {
			full := append([]string{}, args...)
			full[slices.Index(full, "DB")] = db
			code, out, errs := runCmd(t, "", full...)
			if code != 0 {
				t.Errorf("%v: exit %d: %s", full, code, errs)
			}
			return out
		}
		a, b := run(src), run(dst)
		if a != b || strings.TrimSpace(a) == "" {
			t.Errorf("%v differs on the copy:\nsource:\n%s\ncopy:\n%s", args, a, b)
		}
	}

	code, _, errs := runCmd(t, "", "copy-db", "--from", src, "--to", dst)
	if code != 1 || !strings.Contains(errs, "not empty") || !strings.Contains(errs, "documents: 1 rows") {
		t.Errorf("a second copy into the same database: exit %d, %s", code, errs)
	}
	if code, out, errs := runCmd(t, "", "copy-db", "--verify", "--from", src, "--to", dst); code != 0 || !strings.Contains(out, "hold the same rows") {
		t.Errorf("verify: exit %d, %s%s", code, out, errs)
	}
	code, _, errs = runCmd(t, "a long passphrase\n", "user", "add", "--db", dst, "--role", "viewer", "--password-stdin", "eva")
	if code != 0 {
		t.Fatalf("user add on the copy: %s", errs)
	}
	code, _, errs = runCmd(t, "", "copy-db", "--verify", "--from", src, "--to", dst)
	if code != 1 || !strings.Contains(errs, "users has 2 rows, the source 1") {
		t.Errorf("verify after a change: exit %d, %s", code, errs)
	}
}

func TestCopyDBUsage(t *testing.T) {
	src, _ := exchangeDB(t)
	missing := filepath.Join(t.TempDir(), "nope.db")
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"copy-db"}, 2, "--from and --to"},
		{[]string{"copy-db", "--from", src}, 2, "--from and --to"},
		{[]string{"copy-db", "--from", src, "--to", src}, 2, "same database"},
		{[]string{"copy-db", "--from", missing, "--to", copyDest(t)}, 1, "no database at"},
		{[]string{"copy-db", "--from", src, "--to", copyDest(t), "extra"}, 2, "unexpected argument"},
	}
	for _, tt := range tests {
		code, _, errs := runCmd(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.err) {
			t.Errorf("alinea %v: exit %d, %q; want %d containing %q", tt.args, code, errs, tt.code, tt.err)
		}
	}
}

// TestBackupOfPostgres: backup and restore copy SQLite files; given a DSN
// they say what to use instead, and touch nothing.
func TestBackupOfPostgres(t *testing.T) {
	dsn := "postgres://alinea@/nowhere?host=/nonexistent&sslmode=disable"
	out := filepath.Join(t.TempDir(), "b.db")
	for _, args := range [][]string{
		{"backup", "--db", dsn, out},
		{"restore", "--db", dsn, out},
	} {
		code, _, errs := runCmd(t, "", args...)
		if code != 2 || !strings.Contains(errs, "pg_dump") || !strings.Contains(errs, "copy-db") {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("backup of a DSN wrote a file")
	}
}
