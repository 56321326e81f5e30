package seeds_test

import (
	"context"
	"testing"

	"alinea/internal/testenv"
	"alinea/seeds"
	"alinea/store"
)

func TestInstallLoadsGlossaryOnce(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(testenv.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := seeds.Install(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	want := len(seedGlossary(t))
	if got.Document == nil || got.Concepts != want {
		t.Fatalf("first install: document %v, %d concepts, want %d", got.Document, got.Concepts, want)
	}
	cs, err := st.Lookup(ctx, "全球南方", 0)
	if err != nil || len(cs) != 1 {
		t.Fatalf("lookup after install: %v %v", cs, err)
	}
	// Deleted seed concepts stay deleted: the seeds load once.
	if err := st.DeleteConcept(ctx, cs[0].ID, 0); err != nil {
		t.Fatal(err)
	}
	again, err := seeds.Install(ctx, st)
	if err != nil || again.Document != nil || again.Concepts != 0 {
		t.Errorf("second install: %+v %v", again, err)
	}
	all, _ := st.Concepts(ctx)
	if len(all) != want-1 {
		t.Errorf("%d concepts after the second install, want %d", len(all), want-1)
	}
}
