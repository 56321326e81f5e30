package store

import (
	"context"
	"errors"
	"testing"

	"alinea/workflow"
)

func TestReplaceText(t *testing.T) {
	tests := []struct {
		text  string
		q     ReplaceQuery
		want  string
		count int
	}{
		{"la cooperación y la Cooperación", ReplaceQuery{Find: "cooperación", Replacement: "colaboración"}, "la colaboración y la colaboración", 2},
		{"la cooperación y la Cooperación", ReplaceQuery{Find: "cooperación", Replacement: "colaboración", MatchCase: true}, "la colaboración y la Cooperación", 1},
		{"sur, Sur y surco", ReplaceQuery{Find: "sur", Replacement: "Sur", WholeWord: true}, "Sur, Sur y surco", 2},
		{"sur, Sur y surco", ReplaceQuery{Find: "sur", Replacement: "norte"}, "norte, norte y norteco", 3},
		{"aaa", ReplaceQuery{Find: "aa", Replacement: "b"}, "ba", 1},
		{"ÇÃO ção", ReplaceQuery{Find: "ção", Replacement: "x"}, "x x", 2},
		{"nada", ReplaceQuery{Find: "x", Replacement: "y"}, "nada", 0},
		{"x", ReplaceQuery{Find: "", Replacement: "y"}, "x", 0},
		{"año 2025", ReplaceQuery{Find: "2025", Replacement: "2026", WholeWord: true}, "año 2026", 1},
	}
	for _, tt := range tests {
		got, n := ReplaceText(tt.text, tt.q)
		if got != tt.want || n != tt.count {
			t.Errorf("ReplaceText(%q, %+v) = %q, %d; want %q, %d", tt.text, tt.q, got, n, tt.want, tt.count)
		}
	}
}

func FuzzReplaceText(f *testing.F) {
	f.Add("la cooperación", "cooperación", "x", true, false)
	f.Add("ǅ ǆ Ǆ", "ǆ", "", false, true)
	f.Fuzz(func(t *testing.T, text, find, repl string, word, matchCase bool) {
		q := ReplaceQuery{Find: find, Replacement: repl, WholeWord: word, MatchCase: matchCase}
		got, n := ReplaceText(text, q)
		if n == 0 && got != text {
			t.Fatalf("no match but the text changed: %q → %q", text, got)
		}
		// Replacing a text by itself changes nothing.
		if same, _ := ReplaceText(text, ReplaceQuery{Find: find, Replacement: find, MatchCase: true, WholeWord: word}); same != text {
			t.Fatalf("replacing %q by itself changed %q to %q", find, text, same)
		}
	})
}

func TestApplyAndUndoReplace(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	ctx := context.Background()
	rows := allRows(t, st, doc.ID, "es")
	save(t, st, rows[0].ID, "es", "La cooperación Sur-Sur.", workflow.StatusReviewed)
	save(t, st, rows[1].ID, "es", "Más cooperación, mejor cooperación.", workflow.StatusDraft)
	save(t, st, rows[2].ID, "es", "Sin coincidencias.", workflow.StatusTranslated)
	q := ReplaceQuery{Lang: "es", Find: "cooperación", Replacement: "colaboración"}
	prev, err := st.PreviewReplace(ctx, doc.ID, q)
	if err != nil || len(prev) != 2 || prev[1].Count != 2 || prev[1].After != "Más colaboración, mejor colaboración." {
		t.Fatalf("preview %+v %v", prev, err)
	}
	// A segment saved after the preview refuses the whole batch.
	save(t, st, rows[1].ID, "es", "Más cooperación, mejor cooperación!", workflow.StatusDraft)
	only := map[int64]int64{prev[0].SegmentID: prev[0].Version, prev[1].SegmentID: prev[1].Version}
	var conflict *ConflictError
	if _, err := st.ApplyReplace(ctx, doc.ID, q, only, 0); !errors.As(err, &conflict) {
		t.Fatalf("a stale batch: %v", err)
	}
	if tr, _ := st.Translation(ctx, rows[0].ID, "es"); tr.Text != "La cooperación Sur-Sur." {
		t.Fatalf("a refused batch changed %q", tr.Text)
	}
	prev, _ = st.PreviewReplace(ctx, doc.ID, q)
	batch, err := st.ApplyReplace(ctx, doc.ID, q, nil, 0)
	if err != nil || len(batch.Changed) != 2 {
		t.Fatalf("apply: %+v %v", batch, err)
	}
	a, _ := st.Translation(ctx, rows[0].ID, "es")
	if a.Text != "La colaboración Sur-Sur." || a.Status != workflow.StatusReviewed || a.Version != prev[0].Version+1 {
		t.Errorf("after replace: %+v", a)
	}
	// Someone edits one of them again; undo keeps that one.
	save(t, st, rows[1].ID, "es", "Otra cosa.", workflow.StatusDraft)
	rep, err := st.UndoReplace(ctx, doc.ID, batch.ID, 0)
	if err != nil || len(rep.Restored) != 1 || len(rep.Kept) != 1 || rep.Kept[0] != rows[1].ID {
		t.Fatalf("undo: %+v %v", rep, err)
	}
	if a, _ := st.Translation(ctx, rows[0].ID, "es"); a.Text != "La cooperación Sur-Sur." || a.Status != workflow.StatusReviewed {
		t.Errorf("after undo: %+v", a)
	}
	if b, _ := st.Translation(ctx, rows[1].ID, "es"); b.Text != "Otra cosa." {
		t.Errorf("undo overwrote a later save: %+v", b)
	}
	if _, err := st.UndoReplace(ctx, doc.ID, batch.ID, 0); !errors.Is(err, ErrAlreadyUndone) {
		t.Errorf("second undo: %v", err)
	}
	if _, err := st.PreviewReplace(ctx, doc.ID, ReplaceQuery{Lang: "es"}); !errors.Is(err, ErrBadReplace) {
		t.Errorf("empty find: %v", err)
	}
}
