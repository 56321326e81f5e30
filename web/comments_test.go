package web

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"alinea/store"
	"alinea/workflow"
)

// TestCommentsAPI: who may read, write, resolve and reject, and what a
// refused request changes (nothing).
func TestCommentsAPI(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	ids := ta.segmentIDs("es")
	tina, tinaTok := ta.user("tina", store.RoleTranslator)
	_, veraTok := ta.user("vera", store.RoleViewer)
	_, ritaTok := ta.user("rita", store.RoleReviewer)
	if err := ta.store.Assign(ctx, store.Assignment{UserID: tina.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID); err != nil {
		t.Fatal(err)
	}
	thread := fmt.Sprintf("/api/segments/%d/comments/es", ids[1])
	for _, tc := range []struct {
		name, token, path string
		body              any
		want              int
	}{
		{"translator comments", tinaTok, thread, map[string]string{"body": "¿Sur Global o Sur global?"}, 201},
		{"empty comment", tinaTok, thread, map[string]string{"body": "  "}, 400},
		{"viewer may not comment", veraTok, thread, map[string]string{"body": "hola"}, 403},
		{"not assigned to pt", tinaTok, fmt.Sprintf("/api/segments/%d/comments/pt", ids[1]), map[string]string{"body": "olá"}, 403},
		{"unknown language", tinaTok, fmt.Sprintf("/api/segments/%d/comments/xx", ids[1]), map[string]string{"body": "x"}, 400},
	} {
		if resp, body := ta.as(tc.token).do("POST", tc.path, tc.body); resp.StatusCode != tc.want {
			t.Errorf("%s: %d %s, want %d", tc.name, resp.StatusCode, body, tc.want)
		}
	}
	// Everyone who reads the document reads the thread.
	var got struct {
		Comments []commentJSON `json:"comments"`
	}
	resp, body := ta.as(veraTok).do("GET", thread, nil)
	if err := json.Unmarshal(body, &got); resp.StatusCode != 200 || err != nil || len(got.Comments) != 1 || got.Comments[0].Author != "tina" {
		t.Fatalf("thread: %d %s", resp.StatusCode, body)
	}
	id := got.Comments[0].ID
	if resp, _ := ta.as(veraTok).do("POST", fmt.Sprintf("%s/%d/resolve", thread, id), map[string]bool{"resolved": true}); resp.StatusCode != 403 {
		t.Errorf("viewer resolves: %d", resp.StatusCode)
	}
	if resp, _ := ta.as(ritaTok).do("POST", fmt.Sprintf("/api/segments/%d/comments/es/%d/resolve", ids[2], id), map[string]bool{"resolved": true}); resp.StatusCode != 404 {
		t.Errorf("resolving through another segment: %d", resp.StatusCode)
	}
	if resp, body := ta.as(ritaTok).do("POST", fmt.Sprintf("%s/%d/resolve", thread, id), map[string]bool{"resolved": true}); resp.StatusCode != 200 {
		t.Errorf("reviewer resolves: %d %s", resp.StatusCode, body)
	}
	// Rejection: reviewers only, with a comment, on the current version.
	tr, err := ta.store.SaveTranslation(ctx, store.Save{SegmentID: ids[1], Lang: "es", Text: "El Sur Global.", Status: workflow.StatusTranslated})
	if err != nil {
		t.Fatal(err)
	}
	reject := fmt.Sprintf("/api/segments/%d/translations/es/reject", ids[1])
	for _, tc := range []struct {
		name, token string
		body        map[string]any
		want        int
	}{
		{"translator may not reject", tinaTok, map[string]any{"version": tr.Version, "comment": "no"}, 403},
		{"no comment", ritaTok, map[string]any{"version": tr.Version, "comment": ""}, 400},
		{"stale version", ritaTok, map[string]any{"version": tr.Version - 1, "comment": "Mayúsculas."}, 409},
		{"rejected", ritaTok, map[string]any{"version": tr.Version, "comment": "Mayúsculas."}, 200},
	} {
		if resp, body := ta.as(tc.token).do("POST", reject, tc.body); resp.StatusCode != tc.want {
			t.Errorf("%s: %d %s, want %d", tc.name, resp.StatusCode, body, tc.want)
		}
	}
	if now, _ := ta.store.Translation(ctx, ids[1], "es"); now.Status != workflow.StatusDraft || now.Version != tr.Version+1 {
		t.Errorf("after the rejection: %+v", now)
	}
	if cs, _ := ta.store.Comments(ctx, ids[1], "es"); len(cs) != 2 || !cs[1].Rejection {
		t.Errorf("thread after the rejection: %+v", cs)
	}
}
