package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"alinea/store"
	"alinea/workflow"
)

// TestRowNumbersForPeople: after a merge, the history pages, the activity
// log and its details speak of row numbers and names, never of ids or
// user=N, and every page has a title of its own.
func TestRowNumbersForPeople(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	i, rows := ta.sameParagraph()
	a, b := rows[i], rows[i+1]
	later := rows[len(rows)-1]
	ana, _ := ta.user("ana", store.RoleTranslator)
	if _, err := ta.store.SaveTranslation(ctx, store.Save{SegmentID: later.ID, Lang: "es", Text: "Fin", Status: workflow.StatusDraft, AuthorID: ta.admin.ID}); err != nil {
		t.Fatal(err)
	}
	if err := ta.store.Assign(ctx, store.Assignment{UserID: ana.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ta.store.MergeWithNext(ctx, store.Merge{SegmentID: a.ID, NextID: b.ID, AuthorID: ta.admin.ID}); err != nil {
		t.Fatal(err)
	}
	// The last segment moved up one row; b has no row of its own.
	_, liveHist := ta.page(itoaPath("/segments/%d/history/es", later.ID))
	_, goneHist := ta.page(itoaPath("/segments/%d/history/es", b.ID))
	title := func(body string) string {
		s := body[strings.Index(body, "<title>")+7:]
		return s[:strings.Index(s, "</title>")]
	}
	if want := fmt.Sprintf("History of segment %d (Spanish)", later.Position-1); !strings.Contains(title(liveHist), want) {
		t.Errorf("history title %q, want %q", title(liveHist), want)
	}
	if want := fmt.Sprintf("segment #%d", a.Position); !strings.Contains(title(goneHist), want) || title(goneHist) == title(liveHist) {
		t.Errorf("merged-away history title %q, want one naming %q", title(goneHist), want)
	}
	status, act := ta.page(itoaPath("/documents/%d/activity", ta.doc.ID))
	if status != 200 {
		t.Fatalf("activity: %d", status)
	}
	for _, want := range []string{
		fmt.Sprintf(`segment #%d</a>`, later.Position-1), // the save, at its row now
		fmt.Sprintf(`segment #%d</a> · merged with the next segment`, a.Position),
		"ana · Spanish", // the assignment names the user
		fmt.Sprintf(`href="/segments/%d/history/es"`, later.ID),
	} {
		if !strings.Contains(act, want) {
			t.Errorf("the activity log lacks %q", want)
		}
	}
	for _, raw := range []string{"user=", "segment=", "merged=", "lang=es"} {
		if strings.Contains(act, raw) {
			t.Errorf("the activity log shows the raw %q", raw)
		}
	}
	// Admins reach the log from the documents page and the editor.
	for _, p := range []string{"/", itoaPath("/documents/%d/edit/es", ta.doc.ID)} {
		if _, body := ta.page(p); !strings.Contains(body, itoaPath(`href="/documents/%d/activity"`, ta.doc.ID)) {
			t.Errorf("%s has no link to the activity log", p)
		}
	}
}
