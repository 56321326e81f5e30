package quality

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"alinea/align/qa"
	"alinea/align/segment"
	"alinea/align/term"
	"alinea/store"
	"alinea/workflow"
)

// Counts equal a fresh check after every kind of change that moves the
// findings (a save, a silenced finding, a check switched off, a glossary
// change, a merge), and are not checked again when nothing they depend on
// changed, another document's import included.
func TestCountsFollowChanges(t *testing.T) {
	s, doc, rows := seeded(t)
	ctx := context.Background()
	c := NewCounts(s)
	var last [2]int
	look := func(stage string) [2]int {
		t.Helper()
		fs, err := s.Document(ctx, doc.ID, "en", nil)
		if err != nil {
			t.Fatal(err)
		}
		var want [2]int
		for _, f := range fs {
			if f.Severity == qa.Error {
				want[0]++
			} else {
				want[1]++
			}
		}
		var got [2]int
		if got[0], got[1], err = c.Of(ctx, doc.ID, "en"); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: counted %v, a fresh check finds %v", stage, got, want)
		}
		runs := c.runs
		if again, _, _ := c.Of(ctx, doc.ID, "en"); again != got[0] || c.runs != runs {
			t.Errorf("%s: checked again with nothing changed", stage)
		}
		last = got
		return got
	}
	changed := func(stage string, before [2]int) {
		t.Helper()
		if look(stage) == before {
			t.Errorf("%s: the findings did not change (%v): the test changes nothing", stage, before)
		}
	}
	look("seed")

	bri := find(t, rows, "（二）高质量共建")
	if _, err := s.Store.SaveTranslation(ctx, store.Save{SegmentID: bri.ID, Lang: "en",
		Text: "(b) High-Quality OBOR Cooperation", Status: workflow.StatusTranslated}); err != nil {
		t.Fatal(err)
	}
	changed("a save", last)

	fs, err := s.Segment(ctx, bri.ID, "en")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(fs, func(f Finding) bool { return f.Message == "QATermMissing" })
	if i < 0 {
		t.Fatalf("no missing term in %+v", fs)
	}
	if err := s.Silence(ctx, bri.ID, "en", fs[i].Check, fs[i].Key, 0); err != nil {
		t.Fatal(err)
	}
	changed("a silenced finding", last)

	if err := s.SetEnabled(ctx, doc.ID, []string{"numbers"}, 0); err != nil {
		t.Fatal(err)
	}
	changed("checks switched off", last)
	if err := s.SetEnabled(ctx, doc.ID, Checks(), 0); err != nil {
		t.Fatal(err)
	}
	changed("checks switched on", last)

	concepts, err := s.Store.TermbaseConcepts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	j := slices.IndexFunc(concepts, func(c term.Concept) bool {
		return slices.ContainsFunc(c.Terms, func(tm term.Term) bool { return strings.Contains(tm.Text, "OBOR") })
	})
	if j < 0 {
		t.Fatal("the seed glossary has no concept naming OBOR")
	}
	if err := s.Store.DeleteConcept(ctx, concepts[j].ID, 0); err != nil {
		t.Fatal(err)
	}
	changed("a glossary change", last)

	runs := c.runs
	if _, err := s.Store.ImportDocument(ctx, store.NewDocument{Title: "otro", SourceLang: "zh", Hash: "otro",
		Paragraphs: []segment.Paragraph{{Segments: []string{"另一份文件。"}}}}, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	look("another document imported")
	if c.runs != runs {
		t.Errorf("checked again after another document was imported")
	}

	// A merge changes the segments the checks read, whatever it does to
	// the counts.
	for k := range rows[:len(rows)-1] {
		if rows[k].ParagraphID != rows[k+1].ParagraphID {
			continue
		}
		if _, err := s.Store.SaveTranslation(ctx, store.Save{SegmentID: rows[k].ID, Lang: "en",
			Text: "It happened in 1999.", Status: workflow.StatusTranslated}); err != nil {
			t.Fatal(err)
		}
		look("a save before the merge")
		runs := c.runs
		if _, err := s.Store.MergeWithNext(ctx, store.Merge{SegmentID: rows[k].ID}); err != nil {
			t.Fatal(err)
		}
		look("a merge")
		if c.runs == runs {
			t.Error("a merge did not count as a change")
		}
		break
	}
}

// A large document's count is made in the background: Soon answers at once
// without it, and has it, equal to a fresh check, once made.
func TestCountsSoonInBackground(t *testing.T) {
	s, doc, rows := seeded(t)
	ctx := context.Background()
	if _, err := s.Store.SaveTranslation(ctx, store.Save{SegmentID: find(t, rows, "（二）高质量共建").ID, Lang: "en",
		Text: "(b) High-Quality OBOR Cooperation", Status: workflow.StatusTranslated}); err != nil {
		t.Fatal(err)
	}
	c := NewCounts(s)
	_, _, ok, err := c.Soon(ctx, doc.ID, "en", inlineSegments+1)
	if err != nil || ok {
		t.Fatalf("a large document counted while waiting: %v %v", ok, err)
	}
	var want [2]int
	if want[0], want[1], err = NewCounts(s).Of(ctx, doc.ID, "en"); err != nil || want == [2]int{} {
		t.Fatalf("no finding to count: %v %v", want, err)
	}
	for range 500 {
		var got [2]int
		var ok bool
		if got[0], got[1], ok, err = c.Soon(ctx, doc.ID, "en", inlineSegments+1); err != nil {
			t.Fatal(err)
		}
		if ok {
			if got != want {
				t.Errorf("counted %v in the background, a fresh check %v", got, want)
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the count made in the background never came")
}
