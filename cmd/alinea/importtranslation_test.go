package main

import (
	"path/filepath"
	"strings"
	"testing"
)

const seedStartEN = "../../alignment/testdata/seed-start.en.txt"

func TestImportTranslationCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if code, _, errs := runCmd(t, "", "import", "--db", db, seedPath); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	tests := []struct {
		name string
		args []string
		code int
		out  []string // substrings of stdout (or stderr when code != 0)
	}{
		{"review only", []string{"--doc", "1", "--lang", "en", seedStartEN}, 0,
			[]string{"alignment 1: document 1, en, 222 segments, 12 sentences", "  1-1   ", "  1-2   1", "  1-0   ", "low confidence (< 0.50): ", "translation on rows: 1-11\n"}},
		{"segments given", []string{"--doc", "1", "--lang", "en", "--segments", "１–１１", seedStartEN}, 0,
			[]string{"alignment 2:", "translation on rows: 1-11\n"}},
		{"segments given elsewhere", []string{"--doc", "1", "--lang", "en", "--segments", "21-32", seedStartEN}, 0,
			[]string{"alignment 3:", "translation on rows: 2"}},
		{"unreadable segments", []string{"--doc", "1", "--lang", "en", "--segments", "1-x", seedStartEN}, 2, []string{`--segments: segments "1-x"`}},
		{"segments beyond", []string{"--doc", "1", "--lang", "en", "--segments", "1-11, 300-310", seedStartEN}, 2,
			[]string{"--segments: segments 300-310: the document has rows 1 to 222"}},
		{"accept", []string{"--doc", "1", "--lang", "en", "--accept", "0.5", seedStartEN}, 0,
			[]string{"alignment 4:", "accepted: 11 segments (0 replaced)"}},
		{"accept again skips", []string{"--doc", "1", "--lang", "en", "--accept", "0.5", seedStartEN}, 0,
			[]string{"accepted: 0 segments", "skipped, already translated (use --overwrite to replace): 11 segments: #1 #2 #3"}},
		{"overwrite", []string{"--doc", "1", "--lang", "en", "--accept", "0", "--overwrite", seedStartEN}, 0,
			[]string{"accepted: 11 segments (11 replaced)"}},
		{"unknown language", []string{"--doc", "1", "--lang", "fr", seedStartEN}, 2, []string{"--lang \"fr\""}},
		{"no document", []string{"--doc", "7", "--lang", "es", seedStartEN}, 1, []string{"document 7: not found"}},
		{"no --doc", []string{"--lang", "es", seedStartEN}, 2, []string{"--doc is required"}},
		{"bad threshold", []string{"--doc", "1", "--lang", "es", "--accept", "2", seedStartEN}, 2, []string{"--accept \"2\""}},
		{"invalid UTF-8", []string{"--doc", "1", "--lang", "es", writeFile(t, dir, "bad.txt", "Hola.\xff")}, 1, []string{"byte 5"}},
		{"no file", []string{"--doc", "1", "--lang", "es"}, 2, []string{"want one FILE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCmd(t, "", append([]string{"import-translation", "--db", db}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s %s", code, tt.code, out, errs)
			}
			text := out
			if code != 0 {
				text = errs
			}
			for _, want := range tt.out {
				if !strings.Contains(text, want) {
					t.Errorf("output lacks %q:\n%s", want, text)
				}
			}
		})
	}
	code, out, _ := runCmd(t, "", "stats", "--db", db)
	if code != 0 || !strings.Contains(out, "en") {
		t.Errorf("stats: %s", out)
	}
}
