package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"alinea/workflow"
)

func TestCharCount(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"全球南方。", 5},
		{"中国 China", 7},
		{" a\tb\n", 2},
		{"全\u3000球", 2},
	}
	for _, tt := range tests {
		if got := CharCount(tt.in); got != tt.want {
			t.Errorf("CharCount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestCountsForBilling: the progress counts the source in characters, the
// same as CharCount, and the translations in words.
func TestCountsForBilling(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	ctx := context.Background()
	rows := allRows(t, st, doc.ID, "es")
	save(t, st, rows[0].ID, "es", "Prefacio", workflow.StatusTranslated)
	save(t, st, rows[1].ID, "es", "El mundo cambia, y mucho.", workflow.StatusDraft)
	p, err := st.LanguageProgress(ctx, doc.ID, "es")
	if err != nil {
		t.Fatal(err)
	}
	all := 0
	for _, r := range rows {
		all += CharCount(r.Source)
	}
	total := 0
	for _, n := range p.Chars {
		total += n
	}
	if total != all || p.Chars[workflow.StatusTranslated] != CharCount(rows[0].Source) {
		t.Errorf("source characters %v (total %d), want %d in all and %d translated", p.Chars, total, all, CharCount(rows[0].Source))
	}
	byDoc, err := st.Progress(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range byDoc[doc.ID] {
		if pr.Lang == "es" && pr.Chars[workflow.StatusDraft] != CharCount(rows[1].Source) {
			t.Errorf("documents progress: draft characters %d, want %d", pr.Chars[workflow.StatusDraft], CharCount(rows[1].Source))
		}
	}
	tc, err := st.TargetCounts(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := tc[doc.ID]["es"]; got.Words != 6 || got.Chars != 8+21 {
		t.Errorf("target counts %+v, want 6 words and 29 characters", got)
	}
	if got := tc[doc.ID]["pt"]; got.Words != 0 {
		t.Errorf("pt counts %+v, want none", got)
	}
}

// TestPageList: every Limit-th match starts a page, with or without a
// filter, and SegmentAt finds a row by its number.
func TestPageList(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	ctx := context.Background()
	rows := allRows(t, st, doc.ID, "es")
	res, err := st.FindSegments(ctx, doc.ID, FindQuery{Lang: "es", Filter: FilterAll, Limit: 100, From: 150})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 101, 201}; len(rows) <= 200 || fmt.Sprint(res.Pages) != fmt.Sprint(want) {
		t.Errorf("pages %v, want %v (%d rows)", res.Pages, want, len(rows))
	}
	save(t, st, rows[0].ID, "es", "Uno", workflow.StatusTranslated)
	save(t, st, rows[2].ID, "es", "Tres", workflow.StatusTranslated)
	save(t, st, rows[4].ID, "es", "Cinco", workflow.StatusTranslated)
	res, err = st.FindSegments(ctx, doc.ID, FindQuery{Lang: "es", Filter: FilterTranslated, Limit: 2, From: 1})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 5}; fmt.Sprint(res.Pages) != fmt.Sprint(want) {
		t.Errorf("translated pages %v, want %v", res.Pages, want)
	}
	seg, err := st.SegmentAt(ctx, doc.ID, 150)
	if err != nil || seg.ID != rows[149].ID {
		t.Errorf("SegmentAt(150) = %d %v, want %d", seg.ID, err, rows[149].ID)
	}
	if _, err := st.SegmentAt(ctx, doc.ID, len(rows)+1); !errors.Is(err, ErrNotFound) {
		t.Errorf("SegmentAt past the end: %v", err)
	}
}
