package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestQACommand(t *testing.T) {
	db, segs := exchangeDB(t)
	// The second segment, a sentence, is translated without a final full
	// stop.
	code, out, errs := runCmd(t, "", "qa", "--db", db, "--doc", "1", "--lang", "es", "--json")
	if code != 0 {
		t.Fatalf("qa: exit %d: %s", code, errs)
	}
	var checks []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f map[string]any
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		for _, k := range []string{"segment", "position", "check", "severity", "message", "source_spans", "target_spans"} {
			if _, ok := f[k]; !ok {
				t.Errorf("line %q has no %q", line, k)
			}
		}
		if int64(f["segment"].(float64)) == segs[1].ID {
			checks = append(checks, f["check"].(string))
		}
	}
	if !slices.Contains(checks, "end-punctuation") {
		t.Errorf("segment 2: checks %v, want end-punctuation", checks)
	}
	// --checks narrows; messages follow --ui.
	code, out, _ = runCmd(t, "", "qa", "--db", db, "--doc", "1", "--lang", "es", "--checks", "untranslated", "--ui", "es")
	if code != 0 || !strings.Contains(out, "0 findings") {
		t.Errorf("--checks untranslated: exit %d, %q", code, out)
	}
	code, out, _ = runCmd(t, "", "qa", "--db", db, "--doc", "1", "--lang", "es", "--checks", "end-punctuation", "--ui", "es")
	if code != 0 || !strings.Contains(out, "El original termina") {
		t.Errorf("Spanish messages: exit %d, %q", code, out)
	}
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"qa", "--db", db, "--doc", "1", "--lang", "es", "--checks", "nope"}, 2},
		{[]string{"qa", "--db", db, "--lang", "es"}, 2},
		{[]string{"qa", "--db", db, "--doc", "99", "--lang", "es"}, 1},
		{[]string{"qa", "--db", db, "--doc", "1", "--lang", "xx"}, 2},
	} {
		if code, _, errs := runCmd(t, "", c.args...); code != c.code {
			t.Errorf("%v: exit %d (%s); want %d", c.args, code, errs, c.code)
		}
	}
}
