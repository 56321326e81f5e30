package store

import (
	"context"
	"errors"
	"testing"

	"alinea/workflow"
)

// liveUnit returns the live unit of a segment in lang.
func liveUnit(t *testing.T, st *Store, segID int64, lang string) (MemoryUnit, bool) {
	t.Helper()
	var out MemoryUnit
	found := false
	if err := st.EachMemoryUnit(context.Background(), "", lang, func(u MemoryUnit) error {
		if u.SegmentID == segID {
			out, found = u, true
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out, found
}

// Merges and splits change the neighbours of the segments around them; the
// memory units of those segments keep the context as it now stands.
func TestMemoryContextFollowsMergesAndSplits(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	ctx := context.Background()
	rows := allRows(t, st, doc.ID, "es")
	// Four segments b c d e with c and d in one paragraph, so they merge.
	i := 1
	for i+2 < len(rows) && rows[i].ParagraphID != rows[i+1].ParagraphID {
		i++
	}
	if i+2 >= len(rows) {
		t.Fatal("no paragraph with two segments")
	}
	b, c, d, e := rows[i-1], rows[i], rows[i+1], rows[i+2]
	for _, r := range []Row{b, c, d, e} {
		save(t, st, r.ID, "es", "traducción", workflow.StatusTranslated)
	}
	check := func(when string, segID int64, prev, next string) {
		t.Helper()
		u, ok := liveUnit(t, st, segID, "es")
		if !ok {
			t.Fatalf("%s: segment %d has no unit", when, segID)
		}
		if u.PrevSource != prev || u.NextSource != next {
			t.Errorf("%s: segment %d context\n  %q | %q\nwant\n  %q | %q", when, segID, u.PrevSource, u.NextSource, prev, next)
		}
	}
	check("before", b.ID, sourceAt(rows, i-2), c.Source)

	if _, err := st.MergeWithNext(ctx, Merge{SegmentID: c.ID, NextID: d.ID}); err != nil {
		t.Fatal(err)
	}
	merged := c.Source + d.Source
	check("after merge", b.ID, sourceAt(rows, i-2), merged)
	check("after merge", c.ID, b.Source, e.Source)
	check("after merge", e.ID, merged, sourceAt(rows, i+3))

	cut := len([]rune(c.Source))
	_, second, err := st.SplitSegment(ctx, Split{SegmentID: c.ID, At: cut})
	if err != nil {
		t.Fatal(err)
	}
	check("after split", b.ID, sourceAt(rows, i-2), c.Source)
	check("after split", e.ID, second.Source, sourceAt(rows, i+3))
	if second.Source != d.Source {
		t.Fatalf("split gave %q, want %q", second.Source, d.Source)
	}
	// The split parts are drafts again: no units of their own.
	if _, ok := liveUnit(t, st, c.ID, "es"); ok {
		t.Error("a split draft is still in the memory")
	}
}

// prevSource is the source of rows[i-1]... as the test reads it: rows[j]
// when it exists, "" past either end.
func sourceAt(rows []Row, j int) string {
	if j < 0 || j >= len(rows) {
		return ""
	}
	return rows[j].Source
}

// Saves keep the change log bounded; a reader that fell behind the kept
// part is told to reload, one that kept up reads on.
func TestSavesTrimTheMemoryLog(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	ctx := context.Background()
	defer func(k, s int64) { memoryLogKeep, memoryLogSlack = k, s }(memoryLogKeep, memoryLogSlack)
	memoryLogKeep, memoryLogSlack = 10, 5
	rows := allRows(t, st, doc.ID, "es")
	_, start, err := st.MemoryChanges(ctx, "es", 0)
	if err != nil {
		t.Fatal(err)
	}
	head := start
	for n, r := range rows[:40] {
		save(t, st, r.ID, "es", "traducción", workflow.StatusTranslated)
		changes, h, err := st.MemoryChanges(ctx, "es", head)
		if err != nil {
			t.Fatalf("save %d: a reader that keeps up: %v", n, err)
		}
		if len(changes) != 1 || changes[0].Source != r.Source {
			t.Fatalf("save %d: changes %+v", n, changes)
		}
		head = h
		var rowsInLog int64
		if err := st.r.QueryRowContext(ctx, `SELECT count(*) FROM tm_log`).Scan(&rowsInLog); err != nil {
			t.Fatal(err)
		}
		if rowsInLog > memoryLogKeep+memoryLogSlack {
			t.Fatalf("save %d: %d entries in the log", n, rowsInLog)
		}
	}
	if _, _, err := st.MemoryChanges(ctx, "es", start); !errors.Is(err, ErrLogPruned) {
		t.Fatalf("a reader 40 saves behind: %v, want ErrLogPruned", err)
	}
}
