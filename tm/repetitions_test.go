package tm

import (
	"context"
	"strings"
	"testing"

	"alinea/align/fuzzy"
	"alinea/align/segment"
	"alinea/store"
)

// TestRepetitionCounts: the count on each row is what an exhaustive
// grouping of every live source by its normalized form finds, and what
// Repetitions returns for the segment.
func TestRepetitionCounts(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	svc := New(st)
	importSeed(t, st, "seed")
	long := strings.Repeat("中国愿同拉美和加勒比国家携手推进现代化建设，", 12) + "共创美好未来。"
	paras := []string{
		"前言", "前言", // a two-character heading, also in the seed
		"Ｅｌ　Plan 2025", "el plan  2025", // the same once normalized: width, case, space
		"política", "politica", // the same search key, not the same text
		long, long, // longer than any concordance query
		"中国和拉美。", "中国和拉美合作。", // one holds the other: not a repetition
		"这是一句只出现一次的话。",
	}
	p, err := segment.Prepare([]byte(strings.Join(paras, "\n\n")+"\n"), "zh")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := st.ImportDocument(ctx, store.NewDocument{Title: "样本", SourceLang: "zh", Hash: p.Hash,
		Encoding: string(p.Encoding), Paragraphs: p.Paragraphs}, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}

	docs, err := st.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var all []store.Segment
	byKey := map[string]int{}
	for _, d := range docs {
		rows, _, err := st.Segments(ctx, d.ID, store.SegmentQuery{Lang: "es"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			all = append(all, r.Segment)
			byKey[fuzzy.Normalize(r.Source)]++
		}
	}
	counts, err := svc.RepetitionCounts(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	marked := 0
	for _, s := range all {
		want := byKey[fuzzy.Normalize(s.Source)] - 1
		if counts[s.ID] != want {
			t.Errorf("segment %d %q: %d repetitions, exhaustive grouping finds %d", s.ID, s.Source, counts[s.ID], want)
		}
		if want > 0 {
			marked++
		}
		reps, err := svc.Repetitions(ctx, s)
		if err != nil {
			t.Fatalf("repetitions of %q: %v", s.Source, err)
		}
		if len(reps) != want {
			t.Errorf("segment %d %q: Repetitions finds %d, want %d", s.ID, s.Source, len(reps), want)
		}
	}
	if marked == 0 {
		t.Fatal("no repetitions at all")
	}

	rows, _, err := st.Segments(ctx, doc.ID, store.SegmentQuery{Lang: "es"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"前言": 2, "Ｅｌ　Plan 2025": 1, "el plan  2025": 1, "política": 0, "politica": 0,
		long: 1, "中国和拉美。": 0, "中国和拉美合作。": 0, "这是一句只出现一次的话。": 0}
	for _, r := range rows {
		w, ok := want[r.Source]
		if !ok {
			t.Fatalf("unexpected segment %q", r.Source)
		}
		if counts[r.ID] != w {
			t.Errorf("%q: %d repetitions, want %d", r.Source, counts[r.ID], w)
		}
	}
}
