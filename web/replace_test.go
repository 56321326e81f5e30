package web

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"alinea/store"
	"alinea/workflow"
)

// TestReplaceAPI: viewers preview but do not replace; a translator's
// replacement leaves a reviewed segment translated; a bad query changes
// nothing.
func TestReplaceAPI(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	ids := ta.segmentIDs("es")
	tina, tinaTok := ta.user("tina", store.RoleTranslator)
	_, veraTok := ta.user("vera", store.RoleViewer)
	if err := ta.store.Assign(ctx, store.Assignment{UserID: tina.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ta.store.SaveTranslation(ctx, store.Save{SegmentID: ids[0], Lang: "es", Text: "Prólogo", Status: workflow.StatusReviewed}); err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/api/documents/%d/replace/es", ta.doc.ID)
	q := map[string]any{"find": "Prólogo", "replacement": "Prefacio"}
	resp, body := ta.as(veraTok).do("POST", base+"/preview", q)
	var prev struct {
		Changes []replaceChangeJSON `json:"changes"`
	}
	if err := json.Unmarshal(body, &prev); resp.StatusCode != 200 || err != nil || len(prev.Changes) != 1 || prev.Changes[0].After != "Prefacio" {
		t.Fatalf("preview: %d %s", resp.StatusCode, body)
	}
	if resp, _ := ta.as(veraTok).do("POST", base, q); resp.StatusCode != 403 {
		t.Errorf("viewer replaces: %d", resp.StatusCode)
	}
	if resp, _ := ta.as(tinaTok).do("POST", base, map[string]any{"find": "", "replacement": "x"}); resp.StatusCode != 400 {
		t.Errorf("empty find: %d", resp.StatusCode)
	}
	if resp, body := ta.as(tinaTok).do("POST", base, q); resp.StatusCode != 200 {
		t.Fatalf("translator replaces: %d %s", resp.StatusCode, body)
	}
	if tr, _ := ta.store.Translation(ctx, ids[0], "es"); tr.Text != "Prefacio" || tr.Status != workflow.StatusTranslated {
		t.Errorf("after a translator's replacement: %+v", tr)
	}
	if resp, _ := ta.as(tinaTok).do("POST", base+"/99999/undo", nil); resp.StatusCode != 404 {
		t.Errorf("undo of no batch: %d", resp.StatusCode)
	}
}
