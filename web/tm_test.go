package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"alinea/align/segment"
	"alinea/seeds"
	"alinea/store"
	"alinea/tm"
	"alinea/workflow"
)

// memoryFromSegments gives the memory a reviewed translation of the seed
// document's segments at the given positions, and a TMX unit.
func memoryFromSegments(t *testing.T, ta *testApp, ids []int64) {
	t.Helper()
	ctx := context.Background()
	for _, id := range ids {
		seg, _ := ta.store.Segment(ctx, id)
		if _, err := ta.store.SaveTranslation(ctx, store.Save{SegmentID: id, Lang: "es", Text: "ES " + seg.Source,
			Status: workflow.StatusReviewed, AuthorID: ta.admin.ID}); err != nil {
			t.Fatal(err)
		}
	}
	tmx := `<tmx><body><tu><tuv xml:lang="zh-CN"><seg>前言</seg></tuv><tuv xml:lang="es"><seg>Prólogo</seg></tuv></tu></body></tmx>`
	if _, err := tm.New(ta.store).ImportTMX(ctx, strings.NewReader(tmx), "legacy", 0); err != nil {
		t.Fatal(err)
	}
}

func TestAPITranslationMemory(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("es")
	memoryFromSegments(t, ta, ids[:3])
	_, viewer := ta.user("vera", store.RoleViewer)
	tr, translator := ta.user("tom", store.RoleTranslator)

	// Any signed-in user looks up.
	var lk struct {
		Matches []matchJSON `json:"matches"`
	}
	ta.as(viewer).getJSON("/api/tm?lang=es&q="+url.QueryEscape("前言"), http.StatusOK, &lk)
	// The seed's first segment is 前言 too: its reviewed translation and
	// the memory's unit tie at 100.
	if len(lk.Matches) != 2 || lk.Matches[1].Target != "Prólogo" || lk.Matches[1].Origin != "legacy" || lk.Matches[1].Similarity != 100 ||
		lk.Matches[0].SegmentID != ids[0] || lk.Matches[0].Status != "reviewed" {
		t.Fatalf("lookup %+v", lk)
	}
	for _, bad := range []string{"/api/tm?lang=es", "/api/tm?q=x&lang=es&limit=0", "/api/tm?q=x&lang=es&min=200"} {
		if resp, body := ta.as(viewer).do("GET", bad, nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d %s", bad, resp.StatusCode, body)
		}
	}
	if resp, _ := ta.as("").do("GET", "/api/tm?lang=es&q=x", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous lookup: %d", resp.StatusCode)
	}

	// A segment's matches leave out its own unit.
	var sm struct {
		Matches []matchJSON `json:"matches"`
	}
	ta.as(viewer).getJSON(fmt.Sprintf("/api/segments/%d/matches/es", ids[0]), http.StatusOK, &sm)
	for _, m := range sm.Matches {
		if m.SegmentID == ids[0] {
			t.Errorf("own unit offered: %+v", m)
		}
	}

	var cc struct {
		Hits []concordanceJSON `json:"hits"`
	}
	ta.as(viewer).getJSON("/api/concordance?q="+url.QueryEscape("拉"), http.StatusOK, &cc)
	if len(cc.Hits) == 0 || !strings.Contains(cc.Hits[0].Source, "拉") || cc.Hits[0].Link == "" {
		t.Fatalf("concordance %+v", cc)
	}

	// Pre-translation needs the right to edit the document in the language.
	path := fmt.Sprintf("/api/documents/%d/pretranslate", ta.doc.ID)
	if resp, _ := ta.as(viewer).do("POST", path, map[string]any{"lang": "es"}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("viewer pretranslated: %d", resp.StatusCode)
	}
	if resp, _ := ta.as(translator).do("POST", path, map[string]any{"lang": "es"}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("unassigned translator pretranslated: %d", resp.StatusCode)
	}
	if err := ta.store.Assign(context.Background(), store.Assignment{UserID: tr.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID); err != nil {
		t.Fatal(err)
	}
	var an struct {
		Total struct {
			Segments int `json:"segments"`
		} `json:"total"`
		Bands map[string]struct {
			Segments int `json:"segments"`
		} `json:"bands"`
	}
	ta.as(viewer).getJSON(fmt.Sprintf("/api/documents/%d/analysis?lang=es", ta.doc.ID), http.StatusOK, &an)
	if an.Total.Segments != len(ids) || len(an.Bands) != len(tm.Bands) {
		t.Fatalf("analysis %+v", an)
	}
	resp, body := ta.as(translator).do("POST", path, map[string]any{"lang": "es", "min": 100})
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"skipped":3`) {
		t.Fatalf("pretranslate: %d %s", resp.StatusCode, body)
	}
}

// TestBrowserMatchInsert: the matches panel shows a memory match for the
// active row, and Alt+Shift+1 puts it in the row's target.
func TestBrowserMatchInsert(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("es")
	ctx := context.Background()
	// Another document with the same text holds a reviewed translation of
	// the first segment.
	seg, _ := ta.store.Segment(ctx, ids[0])
	doc2 := importDuplicate(t, ta)
	rows, _, err := ta.store.Segments(ctx, doc2, store.SegmentQuery{Lang: "es"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ta.store.SaveTranslation(ctx, store.Save{SegmentID: rows[0].ID, Lang: "es", Text: "Traducción de la memoria",
		Status: workflow.StatusReviewed, AuthorID: ta.admin.ID}); err != nil {
		t.Fatal(err)
	}
	bctx := newBrowser(t)
	signIn(t, bctx, ta, ta.admin.ID)
	area := fmt.Sprintf(`document.querySelector("#seg-%d textarea")`, seg.ID)
	do(t, bctx,
		chromedp.Navigate(ta.srv.URL+fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#seg-%d textarea", seg.ID))),
		chromedp.Focus(chromedp.CSS(fmt.Sprintf("#seg-%d textarea", seg.ID))),
	)
	do(t, bctx,
		waitFor(`document.getElementById("match-list").textContent.includes("Traducción de la memoria")`),
	)
	if score := eval[string](t, bctx, `document.querySelector("#match-list .score").textContent`); score != "101%" {
		t.Errorf("score shown %q, want 101%%", score)
	}
	shoot(t, bctx, "editor-matches.png", "")
	do(t, bctx,
		chromedp.KeyEvent("!", chromedp.KeyModifiers(kb.ModifierAlt|kb.ModifierShift)),
		waitFor(area+`.value === "Traducción de la memoria"`),
		ctrl(kb.Enter),
		waitFor(fmt.Sprintf(`document.querySelector("#seg-%d").dataset.status === "translated"`, seg.ID)),
	)
	tr, err := ta.store.Translation(ctx, seg.ID, "es")
	if err != nil || tr.Text != "Traducción de la memoria" {
		t.Errorf("stored %+v %v", tr, err)
	}
}

// importDuplicate imports the seed document a second time and returns its id.
func importDuplicate(t *testing.T, ta *testApp) int64 {
	t.Helper()
	p, err := segment.Prepare(seeds.PolicyPaper, "zh")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ta.store.ImportDocument(context.Background(), store.NewDocument{Title: "copia", SourceLang: "zh",
		Hash: p.Hash, Encoding: string(p.Encoding), Paragraphs: p.Paragraphs}, store.ImportOptions{AllowDuplicate: true})
	if err != nil {
		t.Fatal(err)
	}
	return doc.ID
}

// TestMemoryPage: admins import and delete memories from the memory page;
// others search it.
func TestMemoryPage(t *testing.T) {
	ta := newTestApp(t)
	tmx := []byte(`<tmx version="1.4"><header srclang="zh-TW"/><body><tu><tuv xml:lang="zh-TW"><seg>前言</seg></tuv><tuv xml:lang="es"><seg>Prólogo</seg></tuv></tu></body></tmx>`)
	_, translator := ta.user("tom", store.RoleTranslator)
	if status, _ := ta.as(translator).postMultipartPage("/memory/import", "old.tmx", tmx, "name", "vieja"); status != http.StatusForbidden {
		t.Fatalf("translator imported a memory: %d", status)
	}
	status, loc := ta.postMultipartPage("/memory/import", "old.tmx", tmx, "name", "vieja")
	if status != http.StatusSeeOther || !strings.Contains(loc, "added=1") {
		t.Fatalf("import: %d %s", status, loc)
	}
	if status, body := ta.postMultipartPage("/memory/import", "bad.tmx", []byte("<tmx><body><tu>")); status != http.StatusBadRequest {
		t.Fatalf("broken file: %d %s", status, body)
	}
	resp, body := ta.as(translator).do("GET", "/memory?q="+url.QueryEscape("前"), nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "vieja") || !strings.Contains(string(body), "Prólogo") {
		t.Fatalf("memory page: %d", resp.StatusCode)
	}
	resp, body = ta.as(translator).do("GET", "/api/tm/export?name=vieja", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "<seg>Prólogo</seg>") {
		t.Fatalf("export: %d %s", resp.StatusCode, body)
	}
	if status, _ := ta.postMultipartPage("/memory/delete", "", nil, "name", "vieja"); status != http.StatusSeeOther {
		t.Fatalf("delete: %d", status)
	}
	if _, err := ta.store.Memory(context.Background(), "vieja"); err == nil {
		t.Fatal("memory still there")
	}
}

func TestAPIPropagate(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("es")
	doc2 := importDuplicate(t, ta)
	ctx := context.Background()
	rows, _, _ := ta.store.Segments(ctx, doc2, store.SegmentQuery{Lang: "es"})
	var sm struct {
		Repetitions int `json:"repetitions"`
	}
	ta.getJSON(fmt.Sprintf("/api/segments/%d/matches/es", ids[4]), http.StatusOK, &sm)
	if sm.Repetitions < 1 {
		t.Fatalf("repetitions %+v", sm)
	}
	if _, err := ta.store.SaveTranslation(ctx, store.Save{SegmentID: ids[4], Lang: "es", Text: "hecho", Status: workflow.StatusTranslated}); err != nil {
		t.Fatal(err)
	}
	tr, translator := ta.user("tom", store.RoleTranslator)
	ta.store.Assign(ctx, store.Assignment{UserID: tr.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID)
	// Not assigned to the copy: nothing there is filled for him.
	resp, body := ta.as(translator).do("POST", fmt.Sprintf("/api/segments/%d/propagate/es", ids[4]), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("propagate: %d %s", resp.StatusCode, body)
	}
	if got, _ := ta.store.Translation(ctx, rows[4].ID, "es"); got.Text != "" {
		t.Fatalf("filled a document he may not edit: %+v", got)
	}
	resp, body = ta.do("POST", fmt.Sprintf("/api/segments/%d/propagate/es", ids[4]), nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"filled":`) {
		t.Fatalf("propagate: %d %s", resp.StatusCode, body)
	}
	if got, _ := ta.store.Translation(ctx, rows[4].ID, "es"); got.Text != "hecho" || got.Status != workflow.StatusDraft {
		t.Fatalf("repetition: %+v", got)
	}
}
