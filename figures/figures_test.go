package figures

import (
	"context"
	"reflect"
	"testing"

	"alinea/align/segment"
	"alinea/internal/testenv"
	"alinea/seeds"
	"alinea/store"
	"alinea/workflow"
)

// The figures equal the store's own counts after each kind of change, and
// only the documents changed are read again.
func TestFiguresFollowChanges(t *testing.T) {
	st, err := store.Open(testenv.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	got, err := seeds.Install(ctx, st)
	if err != nil || got.Document == nil {
		t.Fatalf("seed: %v", err)
	}
	doc := *got.Document
	c := New(st)
	check := func(stage string, reads int) {
		t.Helper()
		before := c.reads
		figs, err := c.Of(ctx)
		if err != nil {
			t.Fatal(err)
		}
		targets, err := st.TargetCounts(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		history, err := st.ProgressHistory(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		for id, f := range figs {
			if !reflect.DeepEqual(f.Targets, targets[id]) || !reflect.DeepEqual(f.History, history[id]) {
				t.Errorf("%s: document %d: figures %+v, the store counts %+v and %+v", stage, id, f, targets[id], history[id])
			}
		}
		if n := c.reads - before; n != reads {
			t.Errorf("%s: %d documents read, want %d", stage, n, reads)
		}
	}
	check("seed", 1)
	check("nothing changed", 0)

	other, err := st.ImportDocument(ctx, store.NewDocument{Title: "otro", SourceLang: "zh", Hash: "otro",
		Paragraphs: doc1Paragraphs(t, st, doc.ID)}, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	check("another document", 1)

	rows, _, err := st.Segments(ctx, doc.ID, store.SegmentQuery{Lang: "es"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveTranslation(ctx, store.Save{SegmentID: rows[0].ID, Lang: "es", Text: "Prefacio de prueba",
		Status: workflow.StatusTranslated}); err != nil {
		t.Fatal(err)
	}
	check("a save", 1)
	figs, _ := c.Of(ctx)
	if figs[doc.ID].Targets["es"].Words == 0 || len(figs[doc.ID].History["es"]) == 0 {
		t.Errorf("a save left no figures: %+v", figs[doc.ID])
	}

	orows, _, err := st.Segments(ctx, other.ID, store.SegmentQuery{Lang: "es"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveTranslation(ctx, store.Save{SegmentID: orows[0].ID, Lang: "pt", Text: "Prefácio",
		Status: workflow.StatusTranslated}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.MergeWithNext(ctx, store.Merge{SegmentID: orows[0].ID}); err != nil {
		t.Fatal(err)
	}
	check("a save and a merge in the other document", 1)
}

// doc1Paragraphs is the first paragraph of a document, as a new document's.
func doc1Paragraphs(t *testing.T, st *store.Store, docID int64) []segment.Paragraph {
	t.Helper()
	segs, err := st.SourceSegments(context.Background(), docID)
	if err != nil {
		t.Fatal(err)
	}
	var p segment.Paragraph
	for _, s := range segs {
		if s.ParagraphID == segs[0].ParagraphID || len(p.Segments) < 2 {
			p.Segments = append(p.Segments, s.Source)
		}
	}
	return []segment.Paragraph{p}
}
