package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"

	"alinea/internal/testenv"
	"alinea/store"
	"alinea/workflow"
)

// Files written by other tools, applied to the seed document. Where the
// tool is installed (translate-toolkit) the file is made by it in the test;
// files of tools that cannot run here are checked in under
// testdata/interop, written from the tools' documented formats.

// interop sources: segments of the seed, as the tools' files carry them.
var interopPairs = []struct{ source, es string }{
	{"前言", "Prefacio"},
	{"中国同拉美和加勒比地区虽然相距遥远,但双方人民友好交往源远流长。", "Aunque China y America Latina y el Caribe están lejos, la amistad entre sus pueblos viene de lejos."},
	{"1949年新中国成立伊始,中拉之间以民间交往为主。", "Al fundarse la Nueva China en 1949, los intercambios eran sobre todo entre pueblos."},
}

// seedDB is a fresh database holding the seed document and no translation.
func seedDB(t *testing.T) string {
	t.Helper()
	db := testenv.DB(t)
	if code, _, errs := runCmd(t, "", "import", "--db", db, seedPath); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	return db
}

// dumpHash is a digest of every row of every table, in a stable order: the
// same before and after a refused import means nothing was written.
func dumpHash(t *testing.T, db string) string {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	h := sha256.New()
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(h, ddl)
		if !strings.Contains(strings.ToUpper(ddl), "VIRTUAL TABLE") {
			tables = append(tables, name)
		}
	}
	rows.Close()
	for _, tb := range tables {
		rs, err := conn.Query(`SELECT * FROM "` + tb + `" ORDER BY 1`)
		if err != nil {
			t.Fatalf("dump %s: %v", tb, err)
		}
		cols, _ := rs.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rs.Next() {
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%s %q\n", tb, vals)
		}
		rs.Close()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// esTexts reads the document's Spanish translations by source text.
func esTexts(t *testing.T, db string) map[string]store.Translation {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, _, err := st.Segments(context.Background(), 1, store.SegmentQuery{Lang: "es"})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Translation{}
	for _, r := range rows {
		out[r.Source] = r.Translation
	}
	return out
}

// toolkit runs a translate-toolkit converter, skipping the test when it is
// not installed.
func toolkit(t *testing.T, tool string, args ...string) {
	t.Helper()
	path := testenv.Tool(t, tool, "translate-toolkit")
	if out, err := exec.Command(path, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
}

// toolkitPO makes a PO file of the interop pairs with csv2po.
func toolkitPO(t *testing.T, dir string) string {
	t.Helper()
	in := filepath.Join(dir, "pairs.csv")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"location", "source", "target"})
	for i, p := range interopPairs {
		w.Write([]string{fmt.Sprintf("s%d", i), p.source, p.es})
	}
	w.Flush()
	f.Close()
	po := filepath.Join(dir, "pairs.po")
	toolkit(t, "csv2po", in, po)
	return po
}

// wantLanded checks that every interop pair is the Spanish translation of
// its segment, with the status given.
func wantLanded(t *testing.T, db string, status workflow.Status) {
	t.Helper()
	got := esTexts(t, db)
	for _, p := range interopPairs {
		tr := got[p.source]
		if tr.Text != p.es || (status != "" && tr.Status != status) {
			t.Errorf("%.30s… = %q (%s), want %q (%s)", p.source, tr.Text, tr.Status, p.es, status)
		}
	}
}

// refused applies a file that must be refused and checks that the database
// did not change by one byte of its content.
func refused(t *testing.T, db, want string, args ...string) {
	t.Helper()
	before := dumpHash(t, db)
	code, out, errs := runCmd(t, "", append([]string{"apply", "--db", db, "--doc", "1"}, args...)...)
	if code != 1 || !strings.Contains(errs, want) {
		t.Errorf("apply %v: exit %d, %q %q; want exit 1 saying %q", args, code, out, errs, want)
	}
	if after := dumpHash(t, db); after != before {
		t.Errorf("apply %v was refused but changed the database", args)
	}
}

func TestApplyToolkitXLIFF(t *testing.T) {
	dir := t.TempDir()
	po := toolkitPO(t, dir)
	xlf := filepath.Join(dir, "pairs.xlf")
	toolkit(t, "po2xliff", po, xlf)

	db := seedDB(t)
	// No target-language in the file and no single language chosen.
	refused(t, db, "does not say which language", xlf)
	code, out, errs := runCmd(t, "", "apply", "--db", db, "--doc", "1", "--lang", "es", xlf)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("applied %d, unchanged 0, conflicts 0, unmatched 0", len(interopPairs))) {
		t.Fatalf("apply --lang es: exit %d\n%s%s", code, out, errs)
	}
	// approved="yes" from translate-toolkit means not fuzzy, not approved.
	wantLanded(t, db, workflow.StatusTranslated)
}

func TestApplyMatchingNothingIsRefused(t *testing.T) {
	dir := t.TempDir()
	xlf := filepath.Join(dir, "other.xlf")
	os.WriteFile(xlf, []byte(`<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="o" source-language="zh-CN" target-language="es" datatype="plaintext"><body>
<trans-unit id="1"><source>这句话不在文档里。</source><target>Esta frase no está.</target></trans-unit>
</body></file></xliff>`), 0o644)
	empty := filepath.Join(dir, "empty.xlf")
	os.WriteFile(empty, []byte(`<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="o" source-language="zh" target-language="es" datatype="plaintext"><body/></file></xliff>`), 0o644)
	db := seedDB(t)
	refused(t, db, "no translation in the file matches", xlf)
	refused(t, db, "no translation units", empty)
	// A language the file does not hold.
	refused(t, db, "no translation into pt (it holds es)", "--lang", "pt", xlf)
}

func TestApplyToolkitTMX(t *testing.T) {
	dir := t.TempDir()
	po := toolkitPO(t, dir)
	tmx := filepath.Join(dir, "pairs.tmx")
	// po2tmx writes srclang="en" in the header above zh-CN variants.
	toolkit(t, "po2tmx", "-l", "es", "--source-language", "zh-CN", po, tmx)
	if b, _ := os.ReadFile(tmx); !strings.Contains(string(b), `srclang="en"`) {
		t.Logf("po2tmx no longer writes srclang=\"en\":\n%s", b)
	}
	db := seedDB(t)
	code, out, errs := runCmd(t, "", "apply", "--db", db, "--doc", "1", tmx)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("applied %d, unchanged 0, conflicts 0, unmatched 0", len(interopPairs))) {
		t.Fatalf("apply: exit %d\n%s%s", code, out, errs)
	}
	wantLanded(t, db, workflow.StatusTranslated)
}

// TestApplyFilesOfOtherTools applies the checked-in samples of tools that
// cannot run here (OmegaT, Okapi Rainbow, Trados, memoQ, Matecat) to the
// seed: each interop pair lands on its segment.
func TestApplyFilesOfOtherTools(t *testing.T) {
	samples, _ := filepath.Glob("../../formats/testdata/interop/*.want")
	if len(samples) < 5 {
		t.Fatalf("%d samples", len(samples))
	}
	for _, want := range samples {
		file := strings.TrimSuffix(want, ".want")
		t.Run(filepath.Base(file), func(t *testing.T) {
			db := seedDB(t)
			code, out, errs := runCmd(t, "", "apply", "--db", db, "--doc", "1", "--lang", "es", file)
			if code != 0 || !strings.Contains(out, fmt.Sprintf("applied %d, unchanged 0, conflicts 0, unmatched 0", len(interopPairs))) {
				t.Fatalf("apply: exit %d\n%s%s", code, out, errs)
			}
			wantLanded(t, db, "")
		})
	}
}

// A copy of a document saved on Windows (byte order mark, CRLF) or in
// UTF-16 is the same text: importing it is reported as a duplicate.
func TestImportDuplicateWithOtherLineEnds(t *testing.T) {
	db := seedDB(t)
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	crlf := append([]byte("\uFEFF"), strings.ReplaceAll(strings.TrimRight(string(seed), "\n"), "\n", "\r\n")...)
	crlf = append(crlf, "\r\n\r\n"...)
	dir := t.TempDir()
	for name, data := range map[string][]byte{"crlf-bom.txt": crlf, "cr.txt": []byte(strings.ReplaceAll(string(seed), "\n", "\r"))} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, data, 0o644)
		code, out, errs := runCmd(t, "", "import", "--db", db, path)
		if code != 0 || !strings.Contains(out, "already imported as document 1") {
			t.Errorf("%s: exit %d, %q %q", name, code, out, errs)
		}
	}
}

// A mistyped --db makes read commands fail, without creating a database.
func TestMistypedDBIsNotCreated(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "alinae.db")
	file := filepath.Join(dir, "x.tsv")
	os.WriteFile(file, []byte("id\tsource\tes\n1\t前言\tPrefacio\n"), 0o644)
	for _, args := range [][]string{
		{"stats", "--db", db},
		{"export", "--db", db, "--doc", "1", "--format", "tmx"},
		{"apply", "--db", db, "--doc", "1", file},
		{"glossary", "lookup", "--db", db, "前言"},
		{"glossary", "export", "--db", db},
	} {
		code, _, errs := runCmd(t, "", args...)
		if code != 1 || !strings.Contains(errs, "no database at") {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("%v created %s", args, db)
		}
	}
}

// Spreadsheets saved by Excel on Chinese Windows (GB18030) and as "Unicode
// Text" (UTF-16) apply; bytes that are not text are refused, naming the
// byte, with nothing written.
func TestApplySpreadsheetEncodings(t *testing.T) {
	dir := t.TempDir()
	db := seedDB(t)
	var rows strings.Builder
	rows.WriteString("source\tes\tes_status\r\n")
	for _, p := range interopPairs {
		rows.WriteString(p.source + "\t" + p.es + "\ttranslated\r\n")
	}
	u16 := []byte{0xFF, 0xFE}
	for _, r := range utf16.Encode([]rune(rows.String())) {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	var quoted strings.Builder
	quoted.WriteString("source,es,es_status\r\n")
	for _, p := range interopPairs {
		quoted.WriteString(`"` + p.source + `","` + p.es + `",translated` + "\r\n")
	}
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(quoted.String()))
	if err != nil {
		t.Fatal(err)
	}
	bad := append([]byte("source,es\r\n前言,Prefacio"), 0xFF, '\r', '\n')
	files := map[string][]byte{"u16.tsv": u16, "gb.csv": gb, "bad.csv": bad, "image.csv": []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")}
	for name, b := range files {
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	refused(t, db, "byte 26", filepath.Join(dir, "bad.csv"))
	refused(t, db, "not text", filepath.Join(dir, "image.csv"))
	for _, name := range []string{"gb.csv", "u16.tsv"} {
		db := seedDB(t)
		code, out, errs := runCmd(t, "", "apply", "--db", db, "--doc", "1", filepath.Join(dir, name))
		if code != 0 || !strings.Contains(out, fmt.Sprintf("applied %d, unchanged 0, conflicts 0, unmatched 0", len(interopPairs))) {
			t.Fatalf("%s: exit %d\n%s%s", name, code, out, errs)
		}
		wantLanded(t, db, workflow.StatusTranslated)
	}
}

// Inline codes of another tool's file are kept as placeholders in the
// translation, the source is matched without them, and exports write them
// back as codes.
func TestApplyKeepsInlineCodes(t *testing.T) {
	dir := t.TempDir()
	xlf := filepath.Join(dir, "codes.xlf")
	os.WriteFile(xlf, []byte(`<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="p.docx" source-language="zh-CN" target-language="es-ES" datatype="x-docx"><body>
<trans-unit id="7"><source><g id="1">前言</g><x id="2"/></source><target state="translated"><g id="1">Prefacio</g><x id="2"/></target></trans-unit>
</body></file></xliff>`), 0o644)
	db := seedDB(t)
	if code, out, errs := runCmd(t, "", "apply", "--db", db, "--doc", "1", "--lang", "es", xlf); code != 0 || !strings.Contains(out, "applied 1,") {
		t.Fatalf("apply: exit %d %q %q", code, out, errs)
	}
	if got := esTexts(t, db)["前言"].Text; got != "⟦1⟧Prefacio⟦/1⟧⟦2/⟧" {
		t.Errorf("stored %q", got)
	}
	out := filepath.Join(dir, "out.xlf")
	if code, _, errs := runCmd(t, "", "export", "--db", db, "--doc", "1", "--lang", "es", "--format", "xliff12", "-o", out); code != 0 {
		t.Fatal(errs)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), `<bx id="b1" rid="1"/>Prefacio<ex id="e1" rid="1"/><x id="2"/>`) {
		t.Errorf("export lacks the codes")
	}
}

// The tag of Chinese in exchange files is chosen per document at import.
func TestImportZhTag(t *testing.T) {
	db := testenv.DB(t)
	if code, _, errs := runCmd(t, "", "import", "--db", db, "--zh-tag", "zh-TW", seedPath); code != 0 {
		t.Fatal(errs)
	}
	out := filepath.Join(t.TempDir(), "x.tmx")
	if code, _, errs := runCmd(t, "", "export", "--db", db, "--doc", "1", "--format", "tmx", "-o", out); code != 0 {
		t.Fatal(errs)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), `srclang="zh-TW"`) {
		t.Errorf("export does not use zh-TW")
	}
	if code, _, errs := runCmd(t, "", "import", "--db", db, "--zh-tag", "zh-XX", seedPath); code != 2 || !strings.Contains(errs, "zh-Hans") {
		t.Errorf("unknown tag: exit %d %q", code, errs)
	}
}

// A form feed (U+000C) reaches the store as the file has it, and the store
// refuses the whole file: nothing is written, and the message names the
// character and the line.
func TestApplyRefusesFormFeed(t *testing.T) {
	dir := t.TempDir()
	db := seedDB(t)
	for name, data := range map[string]string{
		"ff.csv": "source,es\r\n" + interopPairs[1].source + ",Prefacio\r\n" + interopPairs[0].source + ",Pre\ffacio\r\n",
		"ff.tsv": "source\tes\n" + interopPairs[0].source + "\tPre\ffacio\n",
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(strings.ReplaceAll(data, interopPairs[1].source+",", `"`+interopPairs[1].source+`",`)), 0o644)
		refused(t, db, "U+000C", path)
	}
}
