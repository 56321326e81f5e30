package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"alinea/internal/testenv"
	"alinea/store"
	"alinea/workflow"
)

// exchangeDB is a database with the seed imported and a few translations:
// the first segment in every language (es approved), the second in es only.
func exchangeDB(t *testing.T) (db string, segs []store.Row) {
	t.Helper()
	db = testenv.DB(t)
	if code, _, errs := runCmd(t, "", "import", "--db", db, seedPath); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	segs, _, err = st.Segments(ctx, 1, store.SegmentQuery{Lang: "es"})
	if err != nil {
		t.Fatal(err)
	}
	for _, sv := range []store.Save{
		{SegmentID: segs[0].ID, Lang: "es", Text: "Texto ORIGINAL uno", Status: workflow.StatusApproved},
		{SegmentID: segs[0].ID, Lang: "pt", Text: "Texto ORIGINAL um", Status: workflow.StatusDraft},
		{SegmentID: segs[0].ID, Lang: "en", Text: "ORIGINAL text one", Status: workflow.StatusTranslated},
		{SegmentID: segs[1].ID, Lang: "es", Text: "Texto ORIGINAL dos", Status: workflow.StatusTranslated},
	} {
		if _, err := st.SaveTranslation(ctx, sv); err != nil {
			t.Fatal(err)
		}
	}
	ana, err := st.CreateUser(ctx, store.NewUser{Login: "ana", Role: store.RoleTranslator, Password: "translator pw"})
	if err != nil {
		t.Fatal(err)
	}
	// A translator applies files in the languages assigned to her only.
	for _, l := range []string{"es", "pt", "en"} {
		if err := st.Assign(ctx, store.Assignment{UserID: ana.ID, DocumentID: 1, Lang: l}, 0); err != nil {
			t.Fatal(err)
		}
	}
	return db, segs
}

func TestExportEveryFormat(t *testing.T) {
	db, _ := exchangeDB(t)
	dir := t.TempDir()
	cases := []struct {
		format, lang string
		flags        []string
		want         string // in the file, or in the zip's names
		kind, schema string
	}{
		{"docx", "all", []string{"--show-status"}, "PK", "", ""},
		{"target-docx", "es", nil, "PK", "", ""},
		{"md", "es", []string{"--untranslated", "mark"}, "Texto ORIGINAL uno", "", ""},
		{"txt", "en", []string{"--untranslated", "source"}, "ORIGINAL text one", "", ""},
		{"html", "all", []string{"--min-status", "translated"}, "Texto ORIGINAL dos", "", ""},
		{"tmx", "all", nil, "Texto ORIGINAL um", "--dtdvalid", "tmx14.dtd"},
		{"tmx", "es", []string{"--min-status", "approved"}, "Texto ORIGINAL uno", "--dtdvalid", "tmx14.dtd"},
		{"xliff2", "es", nil, "Texto ORIGINAL uno", "--schema", "xliff_core_2.0.xsd"},
		{"xliff2", "pt", []string{"--min-status", "reviewed"}, "urn:oasis:names:tc:xliff:document:2.0", "--schema", "xliff_core_2.0.xsd"},
		{"xliff12", "en", nil, "ORIGINAL text one", "--schema", "xliff-core-1.2-strict.xsd"},
		{"csv", "all", nil, "es_version", "", ""},
		{"tsv", "es,en", nil, "en_status", "", ""},
		{"xliff2", "all", nil, ".es.xlf", "", ""}, // a zip
	}
	for _, c := range cases {
		name := c.format + "-" + strings.ReplaceAll(c.lang, ",", "-")
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(dir, name)
			args := append([]string{"export", "--db", db, "--doc", "1", "--lang", c.lang, "--format", c.format, "-o", out}, c.flags...)
			if code, _, errs := runCmd(t, "", args...); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			body, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.HasPrefix(body, []byte("PK")) && c.want != "PK" {
				zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, f := range zr.File {
					names = append(names, f.Name)
				}
				if len(names) != 3 || !strings.HasSuffix(names[0], c.want) {
					t.Errorf("zip holds %v", names)
				}
				return
			}
			if !bytes.Contains(body, []byte(c.want)) {
				t.Errorf("%s lacks %q:\n%.300s", name, c.want, body)
			}
			if c.schema == "" {
				return
			}
			testenv.XMLLint(t, c.kind, c.schema, out)
		})
	}
}

func TestExportUsage(t *testing.T) {
	db, _ := exchangeDB(t)
	out := filepath.Join(t.TempDir(), "x")
	for _, tt := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"export", "--db", db, "--format", "tmx"}, 2, "--doc"},
		{[]string{"export", "--db", db, "--doc", "1", "--format", "pdf"}, 2, "--format"},
		{[]string{"export", "--db", db, "--doc", "1", "--format", "tmx", "--lang", "fr"}, 2, "--lang"},
		{[]string{"export", "--db", db, "--doc", "1", "--format", "tmx", "--min-status", "great"}, 2, "--min-status"},
		{[]string{"export", "--db", db, "--doc", "1", "--format", "md", "--untranslated", "hide"}, 2, "--untranslated"},
		{[]string{"export", "--db", db, "--doc", "9", "--format", "tmx", "-o", out}, 1, "not found"},
		{[]string{"apply", "--db", db, "--doc", "1"}, 2, "FILE"},
		{[]string{"apply", "--db", db, "--doc", "1", "notes.docx"}, 2, "not a file that can be imported"},
		{[]string{"apply", "--db", db, "--doc", "1", "--user", "nobody", seedPath + ".csv"}, 1, "no such file"},
		{[]string{"export", "--help"}, 0, "usage: alinea export"},
		{[]string{"apply", "--help"}, 0, "usage: alinea apply"},
	} {
		code, _, errs := runCmd(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.err) {
			t.Errorf("alinea %v: exit %d, %q; want %d with %q", tt.args, code, errs, tt.code, tt.err)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed export left %s behind", out)
	}
}

// TestExportEditApply exports in each importable format, edits one
// translation in the file as a translator would, and applies it back.
func TestExportEditApply(t *testing.T) {
	for _, tc := range []struct{ format, lang, ext, from, to string }{
		{"xliff2", "es", ".xlf", "Texto ORIGINAL dos", "Texto EDITADO dos"},
		{"xliff12", "es", ".xlf", "Texto ORIGINAL dos", "Texto EDITADO dos"},
		{"tmx", "all", ".tmx", "ORIGINAL text one", "EDITED text one"},
		{"csv", "all", ".csv", "Texto ORIGINAL um", "Texto EDITADO um"},
		{"tsv", "es", ".tsv", "Texto ORIGINAL dos", "Texto EDITADO dos"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			db, segs := exchangeDB(t)
			file := filepath.Join(t.TempDir(), "work"+tc.ext)
			if code, _, errs := runCmd(t, "", "export", "--db", db, "--doc", "1", "--lang", tc.lang, "--format", tc.format, "-o", file); code != 0 {
				t.Fatal(errs)
			}
			body, _ := os.ReadFile(file)
			if !bytes.Contains(body, []byte(tc.from)) {
				t.Fatalf("export lacks %q", tc.from)
			}
			os.WriteFile(file, bytes.Replace(body, []byte(tc.from), []byte(tc.to), 1), 0o644)

			code, out, errs := runCmd(t, "", "apply", "--db", db, "--doc", "1", "--user", "ana", file)
			if code != 0 || !strings.HasPrefix(out, "applied 1, unchanged ") || !strings.Contains(out, "conflicts 0, unmatched 0") {
				t.Fatalf("apply: exit %d, %q %q", code, out, errs)
			}
			st, err := store.Open(db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			seg, lang := segs[1].ID, "es"
			switch tc.format {
			case "tmx":
				seg, lang = segs[0].ID, "en"
			case "csv":
				seg, lang = segs[0].ID, "pt"
			}
			revs, err := st.Revisions(context.Background(), seg, lang)
			if err != nil || len(revs) != 2 || revs[0].Text != tc.to || revs[0].Origin != "import" || revs[0].Author == "" {
				t.Fatalf("revisions = %+v, %v", revs, err)
			}

			// Applying the same file again finds its change already there.
			_, out, _ = runCmd(t, "", "apply", "--db", db, "--doc", "1", file)
			if !strings.HasPrefix(out, "applied 0,") || !strings.Contains(out, "conflicts 0") {
				t.Errorf("second apply: %q", out)
			}
		})
	}
}

func TestApplyConflict(t *testing.T) {
	db, segs := exchangeDB(t)
	file := filepath.Join(t.TempDir(), "es.xlf")
	if code, _, errs := runCmd(t, "", "export", "--db", db, "--doc", "1", "--lang", "es", "--format", "xliff2", "-o", file); code != 0 {
		t.Fatal(errs)
	}
	body, _ := os.ReadFile(file)
	body = bytes.Replace(body, []byte("Texto ORIGINAL dos"), []byte("Texto del archivo"), 1)
	body = bytes.Replace(body, []byte("Texto ORIGINAL uno"), []byte("Texto del archivo uno"), 1)
	os.WriteFile(file, body, 0o644)

	// Meanwhile, in the workbench.
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := st.SaveTranslation(ctx, store.Save{SegmentID: segs[1].ID, Lang: "es", Text: "Texto del taller", Status: workflow.StatusReviewed, BaseVersion: 1}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	// Exit code 3: applied, but conflicts were kept, which scripts must see.
	code, out, errs := runCmd(t, "", "apply", "--db", db, "--doc", "1", "--lang", "es", file)
	if code != 3 || !strings.HasPrefix(out, "applied 1,") || !strings.Contains(out, "conflicts 1, unmatched 0") ||
		!strings.Contains(out, "version 1 in the file, now 2") || !strings.Contains(errs, "--overwrite") {
		t.Fatalf("apply: exit %d, %q %q", code, out, errs)
	}
	st, _ = store.Open(db)
	if tr, _ := st.Translation(ctx, segs[1].ID, "es"); tr.Text != "Texto del taller" {
		t.Errorf("the workbench's translation was overwritten: %+v", tr)
	}
	if tr, _ := st.Translation(ctx, segs[0].ID, "es"); tr.Text != "Texto del archivo uno" || tr.Version != 2 {
		t.Errorf("the other unit was not applied: %+v", tr)
	}
	if _, err := st.CreateUser(ctx, store.NewUser{Login: "rui", Role: store.RoleReviewer, Password: "reviewer pw"}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	// Overwriting is for reviewers and administrators.
	before := dumpHash(t, db)
	code, _, errs = runCmd(t, "", "apply", "--db", db, "--doc", "1", "--lang", "es", "--user", "ana", "--overwrite", file)
	if code != 1 || !strings.Contains(errs, "only reviewers and administrators") || dumpHash(t, db) != before {
		t.Errorf("translator overwriting: exit %d, %q", code, errs)
	}
	code, out, errs = runCmd(t, "", "apply", "--db", db, "--doc", "1", "--lang", "es", "--user", "rui", "--overwrite", file)
	if code != 0 || !strings.HasPrefix(out, "applied 1,") || !strings.Contains(out, "conflicts 0") || !strings.Contains(out, "overwritten 1") {
		t.Fatalf("reviewer overwriting: exit %d, %q %q", code, out, errs)
	}
	st, _ = store.Open(db)
	defer st.Close()
	revs, _ := st.Revisions(ctx, segs[1].ID, "es")
	if revs[0].Text != "Texto del archivo" || revs[0].Origin != "import" || revs[1].Text != "Texto del taller" {
		t.Errorf("history after the overwrite: %+v", revs[:2])
	}

	// A file exported from another document is refused whole.
	if code, _, _ := runCmd(t, "", "import", "--db", db, "--allow-duplicate", "--title", "Copia", seedPath); code != 0 {
		t.Fatal("second import failed")
	}
	code, _, errs = runCmd(t, "", "apply", "--db", db, "--doc", "2", file)
	if code != 1 || !strings.Contains(errs, "another document") {
		t.Errorf("apply to another document: exit %d, %q", code, errs)
	}
}
