package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tm lookup lists the most similar units first, and the editor's order with
// --sort score: a heading whose number is substituted before a more
// similar unit.
func TestTMLookupOrder(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "tm.db")
	tmx := filepath.Join(dir, "m.tmx")
	if err := os.WriteFile(tmx, []byte(`<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh"/><body>
<tu><tuv xml:lang="zh"><seg>第當56章</seg></tuv><tuv xml:lang="es"><seg>Capítulo 56 bis</seg></tuv></tu>
<tu><tuv xml:lang="zh"><seg>第5章</seg></tuv><tuv xml:lang="es"><seg>Capítulo 5</seg></tuv></tu>
</body></tmx>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCmd(t, "", "tm", "import", "--db", db, tmx); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	for _, c := range []struct {
		sort       []string
		first      string
		target     string
		similarity float64
	}{
		{nil, "第當56章", "Capítulo 56 bis", 80},
		{[]string{"--sort", "similarity"}, "第當56章", "Capítulo 56 bis", 80},
		{[]string{"--sort", "score"}, "第5章", "Capítulo 56", 75},
	} {
		args := append([]string{"tm", "lookup", "--db", db, "--lang", "es", "--json"}, c.sort...)
		code, out, errs := runCmd(t, "第56章\n", args...)
		if code != 0 {
			t.Fatalf("%v: %d %s", c.sort, code, errs)
		}
		var line struct {
			Matches []struct {
				Source, Target string
				Similarity     float64
				NumbersFixed   bool `json:"numbers_fixed"`
			}
		}
		if err := json.Unmarshal([]byte(out), &line); err != nil {
			t.Fatalf("%v: %v in %q", c.sort, err, out)
		}
		if len(line.Matches) != 2 {
			t.Fatalf("%v: %d matches in %s", c.sort, len(line.Matches), out)
		}
		m := line.Matches[0]
		if m.Source != c.first || m.Target != c.target || m.Similarity != c.similarity {
			t.Errorf("%v: first match %+v, want %s → %s at %v", c.sort, m, c.first, c.target, c.similarity)
		}
	}
	if code, _, errs := runCmd(t, "", "tm", "lookup", "--db", db, "--lang", "es", "--sort", "date", "x"); code != 2 || !strings.Contains(errs, "--sort") {
		t.Errorf("--sort date: %d %q", code, errs)
	}
}
