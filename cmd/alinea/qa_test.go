package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"alinea/store"
	"alinea/workflow"
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

// A translation that lost an inline code of the file it came from is an
// inline-codes error, pointing at nothing in the source.
func TestQAInlineCodes(t *testing.T) {
	db, segs := exchangeDB(t)
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	seg := segs[2]
	if _, err := st.ApplyTranslations(ctx, 1, []store.Update{{SegmentID: seg.ID, Source: seg.Source, Lang: "es",
		Text: "⟦1⟧Tres⟦/1⟧ ⟦2/⟧", Status: workflow.StatusTranslated}}, store.ApplyOptions{Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	tr, _ := st.Translation(ctx, seg.ID, "es")
	if _, err := st.SaveTranslation(ctx, store.Save{SegmentID: seg.ID, Lang: "es", Text: "⟦2/⟧ ⟦1⟧Tres",
		Status: workflow.StatusTranslated, BaseVersion: tr.Version}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errs := runCmd(t, "", "qa", "--db", db, "--doc", "1", "--lang", "es", "--json", "--checks", "inline-codes")
	if code != 0 {
		t.Fatalf("qa: exit %d: %s", code, errs)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f struct {
			Segment  int64
			Check    string
			Severity string
			Message  string
			Target   [][2]int `json:"target_spans"`
		}
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if f.Segment != seg.ID || f.Check != "inline-codes" || f.Severity != "error" {
			t.Errorf("finding %+v", f)
		}
		got = append(got, fmt.Sprintf("%s %v", f.Message, f.Target))
	}
	want := []string{"The code ⟦/1⟧ of the imported translation is missing. []",
		"The code ⟦1⟧ opens a run that never closes. [[5 8]]"}
	if !slices.Equal(got, want) {
		t.Errorf("findings\n%q\nwant\n%q", got, want)
	}
}
