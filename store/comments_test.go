package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"alinea/workflow"
)

func TestCommentThread(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	ctx := context.Background()
	rows := allRows(t, st, doc.ID, "es")
	u, err := st.CreateUser(ctx, NewUser{Login: "rita", Name: "Rita", Role: RoleReviewer, Password: "rita-password-long"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.AddComment(ctx, NewComment{SegmentID: rows[3].ID, Lang: "es", AuthorID: u.ID, Body: "  ¿«cooperación» o «colaboración»?  "})
	if err != nil {
		t.Fatal(err)
	}
	if a.Author != "Rita" || a.Body != "¿«cooperación» o «colaboración»?" || a.Resolved || a.CreatedAt.IsZero() {
		t.Errorf("added %+v", a)
	}
	if _, err := st.AddComment(ctx, NewComment{SegmentID: rows[3].ID, Lang: "es", AuthorID: u.ID, Body: "Cooperación."}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []NewComment{
		{SegmentID: rows[3].ID, Lang: "es", Body: "  "},
		{SegmentID: rows[3].ID, Lang: "es", Body: strings.Repeat("x", MaxCommentRunes+1)},
		{SegmentID: rows[3].ID, Lang: "xx", Body: "hola"},
		{SegmentID: 999999, Lang: "es", Body: "hola"},
	} {
		if _, err := st.AddComment(ctx, bad); err == nil {
			t.Errorf("AddComment(%.40v) accepted", bad)
		}
	}
	if _, err := st.ResolveComment(ctx, a.ID, true, u.ID); err != nil {
		t.Fatal(err)
	}
	thread, err := st.Comments(ctx, rows[3].ID, "es")
	if err != nil || len(thread) != 2 || !thread[0].Resolved || thread[0].ResolvedBy != "Rita" || thread[1].Resolved {
		t.Fatalf("thread %+v %v", thread, err)
	}
	counts, _ := st.CommentCounts(ctx, []int64{rows[3].ID, rows[4].ID}, "es")
	if counts[rows[3].ID] != (CommentCount{Open: 1, All: 2}) || len(counts) != 1 {
		t.Errorf("counts %+v", counts)
	}
	open, _ := st.OpenThreads(ctx)
	if open[doc.ID]["es"] != 1 || open[doc.ID]["pt"] != 0 {
		t.Errorf("open threads %+v", open)
	}
	res, err := st.FindSegments(ctx, doc.ID, FindQuery{Lang: "es", Filter: FilterComments, Limit: 10, From: 1})
	if err != nil || len(res.Rows) != 1 || res.Rows[0].ID != rows[3].ID {
		t.Errorf("filter comments: %+v %v", res.Rows, err)
	}
	// Merging the commented segment into the one before keeps its thread.
	if rows[2].ParagraphID == rows[3].ParagraphID {
		if _, err := st.MergeWithNext(ctx, Merge{SegmentID: rows[2].ID, NextID: rows[3].ID}); err != nil {
			t.Fatal(err)
		}
		if thread, _ := st.Comments(ctx, rows[2].ID, "es"); len(thread) != 2 {
			t.Errorf("after the merge the thread has %d comments", len(thread))
		}
	}
}

func TestRejectWithComment(t *testing.T) {
	st := openTemp(t)
	doc := importSeed(t, st)
	ctx := context.Background()
	rows := allRows(t, st, doc.ID, "pt")
	tr := save(t, st, rows[1].ID, "pt", "O mundo muda.", workflow.StatusTranslated)
	// A stale version is refused and changes nothing.
	if _, _, err := st.Reject(ctx, Save{SegmentID: rows[1].ID, Lang: "pt", BaseVersion: tr.Version - 1}, "Falta o sujeito."); err == nil {
		t.Fatal("a stale rejection was accepted")
	}
	if c, _ := st.Comments(ctx, rows[1].ID, "pt"); len(c) != 0 {
		t.Fatal("a refused rejection left a comment")
	}
	if _, _, err := st.Reject(ctx, Save{SegmentID: rows[1].ID, Lang: "pt", BaseVersion: tr.Version}, " "); !errors.Is(err, ErrBadComment) {
		t.Fatalf("empty rejection comment: %v", err)
	}
	if got, _ := st.Translation(ctx, rows[1].ID, "pt"); got.Status != workflow.StatusTranslated {
		t.Fatalf("a refused rejection changed the status to %s", got.Status)
	}
	got, c, err := st.Reject(ctx, Save{SegmentID: rows[1].ID, Lang: "pt", BaseVersion: tr.Version}, "Falta o sujeito.")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != workflow.StatusDraft || got.Text != "O mundo muda." || got.Version != tr.Version+1 || !c.Rejection || c.Body != "Falta o sujeito." {
		t.Errorf("rejected: %+v %+v", got, c)
	}
}
