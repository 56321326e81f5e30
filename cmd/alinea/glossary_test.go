package main

import (
	"alinea/internal/testenv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seededDB is a database with the seeds installed, as serve leaves it.
func seededDB(t *testing.T) string {
	t.Helper()
	db := testenv.DB(t)
	if code, out, errs := runCmd(t, "", "import", "--db", db, seedPath); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	if code, _, errs := runCmd(t, "", "glossary", "import", "--db", db, "../../seeds/glossary.csv"); code != 0 {
		t.Fatalf("glossary import: %s", errs)
	}
	return db
}

func TestGlossaryCommands(t *testing.T) {
	db := seededDB(t)
	dir := t.TempDir()
	tbx := filepath.Join(dir, "g.tbx")
	csv := filepath.Join(dir, "g.csv")
	for _, c := range []struct {
		args []string
		code int
		out  []string
	}{
		{[]string{"glossary", "lookup", "--db", db, "全球南方"}, 0, []string{"Sur Global", "Sul Global", "Global South", "preferred"}},
		{[]string{"glossary", "lookup", "--db", db, "SUL", "GLÓBAL"}, 0, []string{"全球南方"}},
		{[]string{"glossary", "lookup", "--db", db, "no-such-term"}, 1, nil},
		{[]string{"glossary", "lookup", "--db", db}, 2, nil},
		{[]string{"glossary", "export", "--db", db, "--format", "tbx", "-o", tbx}, 0, nil},
		{[]string{"glossary", "export", "--db", db, "-o", csv}, 0, nil},
		{[]string{"glossary", "export", "--db", db, "--format", "xls"}, 2, nil},
		{[]string{"glossary", "export", "--db", db, "--format", "csv"}, 0, []string{"zh_preferred", "全球南方"}},
		{[]string{"glossary", "import", "--db", db, tbx}, 0, []string{"0 concepts added, 134 updated"}},
		{[]string{"glossary", "import", "--db", db, "--replace", csv}, 0, []string{"134 concepts added, 0 updated, 134 deleted"}},
		{[]string{"glossary", "discover", "--db", db, "--doc", "1", "--limit", "5"}, 0, []string{"candidate", "【"}},
		{[]string{"glossary", "discover", "--db", db}, 2, nil},
		{[]string{"glossary", "frob"}, 2, nil},
	} {
		code, out, errs := runCmd(t, "", c.args...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d (%s)", c.args, code, c.code, errs)
			continue
		}
		for _, w := range c.out {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", c.args, w, out)
			}
		}
	}
	b, err := os.ReadFile(tbx)
	if err != nil || strings.Count(string(b), "<conceptEntry") != 134 {
		t.Errorf("TBX export: %v, %d concepts", err, strings.Count(string(b), "<conceptEntry"))
	}
}

// TestGlossaryImportRefusesBadFile checks that a malformed file names the
// line at fault and changes nothing.
func TestGlossaryImportRefusesBadFile(t *testing.T) {
	db := seededDB(t)
	bad := filepath.Join(t.TempDir(), "bad.csv")
	data := "id,domain,note,source,zh_preferred,es_preferred\n,d,,,新词,nuevo\n,d,,,另一个,\"unterminated\n"
	if err := os.WriteFile(bad, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCmd(t, "", "glossary", "import", "--db", db, bad)
	if code != 1 || !strings.Contains(errs, "line") {
		t.Errorf("bad CSV: exit %d, %q", code, errs)
	}
	if code, _, _ := runCmd(t, "", "glossary", "lookup", "--db", db, "新词"); code != 1 {
		t.Error("a refused import stored a concept")
	}
}

// A change recorded under an account that does not exist is refused whole.
func TestUnknownAuthorRefused(t *testing.T) {
	db := seededDB(t)
	dir := t.TempDir()
	glossary, xliff := filepath.Join(dir, "g.csv"), filepath.Join(dir, "es.xlf")
	if code, _, errs := runCmd(t, "", "glossary", "export", "--db", db, "--format", "csv", "-o", glossary); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := runCmd(t, "", "export", "--db", db, "--doc", "1", "--lang", "es", "--format", "xliff2", "-o", xliff); code != 0 {
		t.Fatal(errs)
	}
	for _, args := range [][]string{
		{"glossary", "import", "--db", db, "--replace", "--user", "nobody", glossary},
		{"apply", "--db", db, "--doc", "1", "--user", "nobody", xliff},
	} {
		if code, _, errs := runCmd(t, "", args...); code != 1 || !strings.Contains(errs, `user "nobody"`) {
			t.Errorf("%s: exit %d, %q", args[0], code, errs)
		}
	}
}

// Replacing the glossary with an empty or header-only file is refused and
// keeps every concept; merging such a file changes nothing either.
func TestGlossaryReplaceWithNothingRefused(t *testing.T) {
	db := seededDB(t)
	dir := t.TempDir()
	for name, content := range map[string]string{
		"empty.csv":  "",
		"header.csv": "id,domain,note,source,zh_preferred,es_preferred\n",
		"empty.tbx": `<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text><body></body></text></tbx>`,
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, errs := runCmd(t, "", "glossary", "import", "--db", db, "--replace", path)
		if code != 1 {
			t.Errorf("--replace with %s: exit %d, %q", name, code, errs)
		}
	}
	if code, out, _ := runCmd(t, "", "glossary", "lookup", "--db", db, "全球南方"); code != 0 || !strings.Contains(out, "全球南方") {
		t.Errorf("the glossary after the refused imports: %d %q", code, out)
	}
}
