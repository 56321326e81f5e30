package tm

import (
	"context"
	"testing"

	"alinea/store"
	"alinea/workflow"
)

func TestPretranslateAndAnalyze(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	svc := New(st)
	doc1 := importSeed(t, st, "uno")
	doc2 := importSeed(t, st, "dos")
	for _, r := range doc1[:6] {
		save(t, st, r.ID, "es: "+r.Source, workflow.StatusReviewed)
	}
	save(t, st, doc2[2].ID, "ya hecho", workflow.StatusDraft)

	a, err := svc.Analyze(ctx, doc2[0].DocumentID, "es")
	if err != nil {
		t.Fatal(err)
	}
	if a.Total.Segments != len(doc2) || a.Bands[BandContext].Segments+a.Bands[BandExact].Segments < 6 {
		t.Fatalf("analysis %+v", a)
	}
	sum := a.Repetitions.Segments
	for _, c := range a.Bands {
		sum += c.Segments
	}
	if sum != a.Total.Segments {
		t.Fatalf("bands and repetitions add up to %d of %d", sum, a.Total.Segments)
	}

	rep, err := svc.Pretranslate(ctx, doc2[0].DocumentID, "es", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total != 5 || rep.Skipped != 1 || rep.Filled[BandContext] != 5 {
		t.Fatalf("report %+v", rep)
	}
	for i, r := range doc2[:6] {
		tr, _ := st.Translation(ctx, r.ID, "es")
		want := "es: " + r.Source
		if i == 2 {
			want = "ya hecho"
		}
		if tr.Text != want || i != 2 && tr.Status != workflow.StatusDraft {
			t.Errorf("segment %d: %+v", i, tr)
		}
		if i != 2 {
			revs, _ := st.Revisions(ctx, r.ID, "es")
			if revs[0].Origin != "tm" {
				t.Errorf("segment %d origin %q", i, revs[0].Origin)
			}
		}
	}
	// All or nothing: a stale save stops the whole batch.
	_, err = st.BulkSave(ctx, doc2[0].DocumentID, []store.Save{
		{SegmentID: doc2[10].ID, Lang: "es", Text: "a", Status: workflow.StatusDraft},
		{SegmentID: doc2[0].ID, Lang: "es", Text: "b", Status: workflow.StatusDraft, BaseVersion: 0},
	}, 0, "pretranslate", "")
	if err == nil {
		t.Fatal("a stale save went through")
	}
	if tr, _ := st.Translation(ctx, doc2[10].ID, "es"); tr.Version != 0 {
		t.Fatalf("half a batch was saved: %+v", tr)
	}
}

func TestPropagateRepetitions(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	svc := New(st)
	doc1 := importSeed(t, st, "uno")
	doc2 := importSeed(t, st, "dos")
	doc3 := importSeed(t, st, "tres")
	seg, _ := st.Segment(ctx, doc1[7].ID)
	reps, err := svc.Repetitions(ctx, seg)
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) < 2 {
		t.Fatalf("repetitions of segment 7: %+v", reps)
	}
	save(t, st, doc3[7].ID, "ya escrito", workflow.StatusDraft)
	saved, err := svc.Propagate(ctx, seg, "es", "propagado", 0, func(int64) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	if len(saved) != len(reps)-1 {
		t.Fatalf("propagated to %d, want %d", len(saved), len(reps)-1)
	}
	if tr, _ := st.Translation(ctx, doc2[7].ID, "es"); tr.Text != "propagado" || tr.Status != workflow.StatusDraft {
		t.Errorf("repetition in doc 2: %+v", tr)
	}
	if tr, _ := st.Translation(ctx, doc3[7].ID, "es"); tr.Text != "ya escrito" {
		t.Errorf("typed text overwritten: %+v", tr)
	}
}
