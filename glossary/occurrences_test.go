package glossary_test

import (
	"context"
	"reflect"
	"testing"

	"alinea/align/segment"
	"alinea/glossary"
	"alinea/store"
)

// Occurrences equal a plain scan of every live segment after each kind of
// change, and read again only the documents that changed: all of them
// after a glossary change, one after a merge in it, a new one after its
// import, none when nothing changed.
func TestOccurrencesFollowChanges(t *testing.T) {
	st, doc := seeded(t)
	ctx := context.Background()
	g := glossary.New(st)
	const first = 3
	check := func(stage string, rescans int) {
		t.Helper()
		before := g.Scans()
		got, err := g.Occurrences(ctx, first)
		if err != nil {
			t.Fatal(err)
		}
		m, err := g.Matcher(ctx)
		if err != nil {
			t.Fatal(err)
		}
		segs, err := st.SourceSegments(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]glossary.Occurrences{}
		for _, s := range segs {
			seen := map[int64]bool{}
			for _, hit := range m.Find(s.Source) {
				if seen[hit.ConceptID] {
					continue
				}
				seen[hit.ConceptID] = true
				o := want[hit.ConceptID]
				o.Count++
				if len(o.First) < first {
					o.First = append(o.First, glossary.Occurrence{DocumentID: s.DocumentID, SegmentID: s.ID, Position: s.Position})
				}
				want[hit.ConceptID] = o
			}
		}
		if len(want) == 0 {
			t.Fatalf("%s: no concept occurs anywhere", stage)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: occurrences\n%v\nplain scan\n%v", stage, got, want)
		}
		if n := g.Scans() - before; n != rescans {
			t.Errorf("%s: %d documents read, want %d", stage, n, rescans)
		}
	}
	check("seed", 1)
	check("nothing changed", 0)

	second := store.NewDocument{Title: "again", SourceLang: "zh", Hash: "again"}
	segs, err := st.SourceSegments(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range segs[:40] {
		second.Paragraphs = append(second.Paragraphs, segment.Paragraph{Text: s.Source, Segments: []string{s.Source}})
	}
	if _, err := st.ImportDocument(ctx, second, store.ImportOptions{AllowDuplicate: true}); err != nil {
		t.Fatal(err)
	}
	check("another document", 1)

	if _, err := st.CreateConcept(ctx, concept("合作", "es", "cooperación"), 0); err != nil {
		t.Fatal(err)
	}
	check("a new concept", 2)

	var merged bool
	for i := range segs[:len(segs)-1] {
		if segs[i].ParagraphID == segs[i+1].ParagraphID {
			if _, err := st.MergeWithNext(ctx, store.Merge{SegmentID: segs[i].ID}); err != nil {
				t.Fatal(err)
			}
			merged = true
			break
		}
	}
	if !merged {
		t.Fatal("no two segments share a paragraph")
	}
	check("a merge", 1)
}
