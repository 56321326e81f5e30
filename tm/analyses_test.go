package tm

import (
	"context"
	"reflect"
	"testing"
	"time"

	"alinea/workflow"
)

// A large document is analysed in the background: Soon answers at once
// with its progress, then with the analysis, equal to Analyze's; a change
// to the memory (a save in another document) makes it analyse again, and
// nothing else does.
func TestAnalysesSoon(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	svc := New(st)
	rows := importSeed(t, st, "seed")
	other := importSeed(t, st, "seed again")
	for _, r := range other[:30] {
		save(t, st, r.ID, "Traducción de "+r.Source, workflow.StatusTranslated)
	}
	a := NewAnalyses(svc)
	doc := rows[0].DocumentID
	wait := func(stage string) Analysis {
		t.Helper()
		for range 1000 {
			an, ok, p, err := a.Soon(ctx, doc, "es", inlineSegments+1)
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				want, err := svc.Analyze(ctx, doc, "es")
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(an, want) {
					t.Errorf("%s: analysed in the background %+v, Analyze %+v", stage, an, want)
				}
				return an
			}
			if p == nil {
				t.Fatalf("%s: neither an analysis nor its progress", stage)
			}
			// The total is the caller's count until the analysis has read
			// the document's.
			if done, total := p.Of(); done > total || total != inlineSegments+1 && total != len(rows) {
				t.Fatalf("%s: progress %d of %d, for %d segments", stage, done, total, len(rows))
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("%s: the analysis never came", stage)
		return Analysis{}
	}
	if _, ok, p, err := a.Soon(ctx, doc, "es", inlineSegments+1); err != nil || ok || p == nil {
		t.Fatalf("a large document analysed while waiting: %v %v %v", ok, p, err)
	}
	first := wait("first")
	if first.Bands[BandExact].Segments < 30 {
		t.Errorf("the memory's 30 exact matches not counted: %+v", first)
	}
	if _, ok, _, _ := a.Soon(ctx, doc, "es", inlineSegments+1); !ok {
		t.Error("analysed again with nothing changed")
	}
	save(t, st, other[30].ID, "Otra traducción", workflow.StatusTranslated)
	if _, ok, _, _ := a.Soon(ctx, doc, "es", inlineSegments+1); ok {
		t.Error("a memory change did not count")
	}
	if again := wait("after a memory change"); reflect.DeepEqual(again, first) {
		t.Errorf("the memory change left the analysis as it was: %+v", again)
	}
}
