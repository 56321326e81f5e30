package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"alinea/internal/testenv"
)

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAlignCommand(t *testing.T) {
	dir := t.TempDir()
	zh := writeFile(t, dir, "a.zh", "二〇〇八年五月，他来到连云港。\n他在港口找到了一份工作，每天工作十二个小时。\n\n")
	en := writeFile(t, dir, "a.en", "In May 2008 he came to Lianyungang.\nHe found a job at the port.\nHe worked twelve hours a day.\n")
	dict := writeFile(t, dir, "cedict.u8", "# test\n港口 港口 [gang3 kou3] /port/harbor/\n")
	bad := writeFile(t, dir, "bad.u8", "港口\n")
	latin1 := writeFile(t, dir, "l1.en", "caf\xe9\n")

	tests := []struct {
		args []string
		code int
		out  string // exact output, when code is 0
		err  string
	}{
		// The empty third line is a sentence of its own.
		{[]string{"align", "--presplit", zh, en}, 0, "[0]:[0]\n[1]:[1,2]\n[2]:[]\n", ""},
		{[]string{"align", "--presplit", "--dict", dict, zh, en}, 0, "[0]:[0]\n[1]:[1,2]\n[2]:[]\n", ""},
		{[]string{"align"}, 2, "", "want SRC and TGT"},
		{[]string{"align", "--presplit", zh}, 2, "", "want SRC and TGT"},
		{[]string{"align", "--tgt-lang", "x y", zh, en}, 2, "", "language"},
		{[]string{"align", "--presplit", "--dict", bad, zh, en}, 1, "", "line 1"},
		{[]string{"align", "--presplit", zh, latin1}, 1, "", "byte 3"},
		{[]string{"align", "--presplit", zh, filepath.Join(dir, "missing")}, 1, "", "no such file"},
		{[]string{"align", "--help"}, 0, "", "usage: alinea align"},
		{[]string{"align", "--presplit", "--no-dict", zh, en}, 0, "[0]:[0]\n[1]:[1,2]\n[2]:[]\n", ""},
		{[]string{"align", "--no-dict", "--dict", dict, zh, en}, 2, "", "exclude each other"},
	}
	for _, tt := range tests {
		code, out, errs := runCmd(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.err) || (tt.code == 0 && tt.out != "" && out != tt.out) {
			t.Errorf("alinea %v: exit %d, stdout %q, stderr %q; want %d, %q, containing %q", tt.args, code, out, errs, tt.code, tt.out, tt.err)
		}
	}

	// Without --presplit the files are segmented, and paragraphs count.
	zhText := writeFile(t, dir, "b.zh", "二〇〇八年五月，他来到连云港。他在港口找到了一份工作。\n\n三年以后，他开了一家小饭馆。\n")
	enText := writeFile(t, dir, "b.en", "In May 2008 he came to Lianyungang. He found a job at the port.\n\nThree years later, he opened a small restaurant.\n")
	code, out, errs := runCmd(t, "", "align", "--confidence", zhText, enText)
	if code != 0 {
		t.Fatalf("alinea align: exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "[0]:[0]:") || !strings.HasPrefix(lines[2], "[2]:[2]:") {
		t.Errorf("segmented alignment:\n%s", out)
	}
}

// TestAlignCommandPartial aligns the whole seed document with an English
// translation of its first ten segments, both as files to segment: the
// translation lands on them, the heading on the heading, and nothing after.
func TestAlignCommandPartial(t *testing.T) {
	dir := t.TempDir()
	zh := writeFile(t, dir, "seed.zh", string(testenv.Seed(t)))
	en, err := os.ReadFile("../../alignment/testdata/seed-first10.en.txt")
	if err != nil {
		t.Fatal(err)
	}
	enPath := writeFile(t, dir, "first10.en", string(en))
	code, out, errs := runCmd(t, "", "align", zh, enPath)
	if code != 0 {
		t.Fatalf("alinea align: exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{"[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]", "[4]:[4,5]", "[5]:[6]", "[6]:[7]", "[7]:[8]", "[8]:[9]", "[9]:[10]", "[10]:[]"}
	if len(lines) < len(want) {
		t.Fatalf("%d beads:\n%s", len(lines), out)
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("bead %d = %s, want %s", i, lines[i], w)
		}
	}
	for _, l := range lines[len(want):] {
		if !strings.HasSuffix(l, ":[]") {
			t.Errorf("bead %s beyond the translation", l)
		}
	}
}
