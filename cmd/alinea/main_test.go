package main

import (
	"alinea/internal/testenv"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seedPath = "../../seeds/china-lac-policy-paper-2025.zh.txt"

// runCmd runs the command line in-process and returns its exit code and
// output streams.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, stdio{strings.NewReader(stdin), &out, &errb})
	return code, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{nil, 2, "usage"},
		{[]string{"--help"}, 0, "commands"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"segment"}, 2, "exactly one FILE"},
		{[]string{"segment", "--nope", seedPath}, 2, "flag provided but not defined"},
		{[]string{"segment", "--lang", "x y", seedPath}, 2, "--lang"},
		{[]string{"segment", "/does/not/exist"}, 1, "no such file"},
		{[]string{"import"}, 2, "no file"},
		{[]string{"import", "--title", "t", "a", "b"}, 2, "--title"},
		{[]string{"serve", "extra"}, 2, "unexpected argument"},
		{[]string{"stats", "extra"}, 2, "unexpected argument"},
	}
	for _, cmd := range []string{"serve", "import", "segment", "stats"} {
		tests = append(tests, struct {
			args []string
			code int
			err  string
		}{[]string{cmd, "--help"}, 0, "usage: alinea " + cmd})
	}
	for _, tt := range tests {
		code, _, errs := runCmd(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.err) {
			t.Errorf("alinea %v: exit %d, stderr %q; want %d containing %q", tt.args, code, errs, tt.code, tt.err)
		}
		if code != 0 && strings.Count(strings.TrimSpace(errs), "\n") > 0 && !strings.Contains(errs, "usage") {
			t.Errorf("alinea %v: failure message is not one line: %q", tt.args, errs)
		}
	}
}

func TestSegmentCommand(t *testing.T) {
	code, out, errs := runCmd(t, "", "segment", seedPath)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	paras := strings.Split(strings.TrimRight(out, "\n"), "\n\n")
	segs := 0
	for _, p := range paras {
		segs += len(strings.Split(p, "\n"))
	}
	if len(paras) != 128 || segs != 222 {
		t.Errorf("%d paragraphs, %d segments", len(paras), segs)
	}
	code, out, _ = runCmd(t, "Uno. Dos.\n\nTres.", "segment", "--lang", "es", "-")
	if code != 0 || out != "Uno. \nDos.\n\nTres.\n" {
		t.Errorf("stdin: exit %d, %q", code, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.txt")
	os.WriteFile(bad, []byte("全球南方\xff\xfe"), 0o644)
	code, _, errs = runCmd(t, "", "segment", bad)
	if code != 1 || !strings.Contains(errs, "byte 12") {
		t.Errorf("invalid file: exit %d, %q", code, errs)
	}
}

func TestImportAndStats(t *testing.T) {
	db := testenv.DB(t)
	code, out, errs := runCmd(t, "", "import", "--db", db, seedPath)
	if code != 0 || !strings.Contains(out, "document 1: 128 paragraphs, 222 segments") {
		t.Fatalf("import: exit %d, %q %q", code, out, errs)
	}
	code, out, _ = runCmd(t, "", "import", "--db", db, seedPath)
	if code != 0 || !strings.Contains(out, "already imported as document 1") {
		t.Errorf("second import: exit %d, %q", code, out)
	}
	code, out, _ = runCmd(t, "", "import", "--db", db, "--allow-duplicate", "--title", "Copia", seedPath)
	if code != 0 || !strings.Contains(out, "document 2:") {
		t.Errorf("duplicate import: exit %d, %q", code, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.txt")
	os.WriteFile(bad, []byte("中文\x00"), 0o644)
	code, _, errs = runCmd(t, "", "import", "--db", db, bad)
	if code != 1 || !strings.Contains(errs, "control character") {
		t.Errorf("bad import: exit %d, %q", code, errs)
	}
	code, out, _ = runCmd(t, "", "stats", "--db", db)
	if code != 0 || strings.Count(out, "\n") != 7 || !strings.Contains(out, "222") || !strings.Contains(out, "characters") {
		t.Errorf("stats: exit %d\n%s", code, out)
	}
}
