package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"alinea/store"
	"alinea/workflow"
)

// TestSaveRulesOverHTTP: the store's refusals reach the client as HTTP
// codes and messages in the user's language.
func TestSaveRulesOverHTTP(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("es")
	tr, trToken := ta.user("tina", store.RoleTranslator)
	ta.store.Assign(context.Background(), store.Assignment{UserID: tr.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID)
	url := func(i int, lang string) string { return fmt.Sprintf("/api/segments/%d/translations/%s", ids[i], lang) }
	tests := []struct {
		name   string
		as     string
		lang   string // Accept-Language
		url    string
		body   any
		status int
		want   string
	}{
		{"translator approves", trToken, "en", url(1, "es"), map[string]any{"text": "x", "status": "approved", "version": 0}, 403, "Only reviewers and administrators"},
		{"translator reviews, in Spanish", trToken, "es", url(1, "es"), map[string]any{"text": "x", "status": "reviewed", "version": 0}, 403, "Solo los revisores"},
		{"translator, language not assigned", trToken, "en", url(1, "pt"), map[string]any{"text": "x", "status": "draft", "version": 0}, 403, "not allowed"},
		{"form feed, in Portuguese", ta.token, "pt", url(2, "es"), map[string]any{"text": "abc\fd", "version": 0}, 400, "U+000C na posição 4"},
		{"DEL", ta.token, "en", url(2, "es"), map[string]any{"text": "\u007f", "version": 0}, 400, "U+007F at position 1"},
		{"empty approved, in Chinese", ta.token, "zh-Hans", url(2, "es"), map[string]any{"text": "", "status": "approved", "version": 0}, 400, "空译文"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ta.as(tt.as).do("PUT", tt.url, tt.body, "Accept-Language", tt.lang)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("%d %s; want %d with %q", resp.StatusCode, body, tt.status, tt.want)
			}
		})
	}
	for _, i := range []int{1, 2} {
		if cur, _ := ta.store.Translation(context.Background(), ids[i], "es"); cur.Version != 0 {
			t.Errorf("a refused save wrote segment %d: %+v", ids[i], cur)
		}
	}
}

// TestSaveAgainFromStaleVersion: sending again what is stored, from the
// version before, answers 200 with the stored translation; another text from
// that version is a 409 conflict.
func TestSaveAgainFromStaleVersion(t *testing.T) {
	ta := newTestApp(t)
	url := fmt.Sprintf("/api/segments/%d/translations/es", ta.segmentIDs("es")[1])
	for _, step := range []struct {
		body    string
		status  int
		version int64
	}{
		{`{"text":"Texto guardado.","status":"draft","version":0}`, 200, 1},
		{`{"text":"Texto guardado.","status":"draft","version":0}`, 200, 1},
		{`{"text":"Otro texto.","status":"draft","version":0}`, 409, 0},
		{`{"text":"Texto guardado.","status":"translated","version":0}`, 409, 0},
	} {
		resp, body := ta.do("PUT", url, json.RawMessage(step.body))
		if resp.StatusCode != step.status {
			t.Fatalf("%s: %d %s, want %d", step.body, resp.StatusCode, body, step.status)
		}
		var got translationBody
		json.Unmarshal(body, &got)
		if step.status == 200 && (got.Version != step.version || got.Text != "Texto guardado.") {
			t.Errorf("%s: %s", step.body, body)
		}
	}
}

// TestRestoreIsNotDowngraded: a translator restoring an approved revision is
// refused; the translation stays as it was instead of coming back as
// translated.
func TestRestoreIsNotDowngraded(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	seg := ta.segmentIDs("es")[2]
	url := fmt.Sprintf("/api/segments/%d/translations/es", seg)
	ta.do("PUT", url, map[string]any{"text": "Aprobado.", "status": "approved", "version": 0})
	ta.do("PUT", url, map[string]any{"text": "Borrador.", "status": "draft", "version": 1})
	revs, _ := ta.store.Revisions(ctx, seg, "es")
	tr, trToken := ta.user("tina", store.RoleTranslator)
	ta.store.Assign(ctx, store.Assignment{UserID: tr.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID)
	// The page offers the restore only to those who may make it.
	hist := fmt.Sprintf("/segments/%d/history/es", seg)
	button := fmt.Sprintf(`name="revision" value="%d"`, revs[1].ID)
	if _, body := ta.page(hist); !strings.Contains(body, button) {
		t.Error("an administrator is not offered to restore the approved revision")
	}
	if _, body := ta.as(trToken).page(hist); strings.Contains(body, button) {
		t.Error("a translator is offered to restore an approved revision")
	}
	client := ta.as(trToken).client()
	req, _ := http.NewRequest("POST", ta.srv.URL+fmt.Sprintf("/segments/%d/history/es/restore", seg),
		strings.NewReader(fmt.Sprintf("revision=%d&version=2", revs[1].ID)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "en")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	body.ReadFrom(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body.String(), "Only reviewers") {
		t.Errorf("translator restores approved: %d %.300s", resp.StatusCode, body.String())
	}
	if cur, _ := ta.store.Translation(ctx, seg, "es"); cur.Version != 2 || cur.Status != workflow.StatusDraft {
		t.Errorf("after a refused restore: %+v", cur)
	}
}

// TestImportOfRefusedTextChangesNothing: a file with one unit over the limit
// is refused whole with a message naming the unit.
func TestImportOfRefusedTextChangesNothing(t *testing.T) {
	ta := newTestApp(t)
	ids := exchangeFixture(t, ta)
	_, body := ta.export("format=xliff2&lang=es")
	edited := bytes.Replace(body, []byte("Texto ORIGINAL uno"), []byte("Texto EDITADO uno"), 1)
	edited = bytes.Replace(edited, []byte("Texto ORIGINAL dos"), bytes.Repeat([]byte("a"), store.MaxTranslationBytes+1), 1)
	code, out := ta.importFile("es.xlf", edited)
	if code != http.StatusBadRequest || !strings.Contains(out.Error, fmt.Sprint(store.MaxTranslationBytes)) ||
		!strings.Contains(out.Error, "Nothing was imported") || !strings.Contains(out.Error, "line") {
		t.Errorf("%d %q", code, out.Error)
	}
	for _, id := range ids[:2] {
		if cur, _ := ta.store.Translation(context.Background(), id, "es"); !strings.Contains(cur.Text, "ORIGINAL") {
			t.Errorf("segment %d changed: %q", id, cur.Text)
		}
	}
}

// TestSegmentLoaderAndSavedHook: load.segment puts the segment's document
// in the context, and the saved hook gets the document id and the request's
// own context.
func TestSegmentLoaderAndSavedHook(t *testing.T) {
	ta := newTestApp(t)
	rs := responder{tr: ta.app.tr, log: ta.app.log, views: ta.app.views}
	type marker struct{}
	var gotDoc int64
	var gotMarker any
	api := translationsAPI{responder: rs, store: ta.store, saved: func(ctx context.Context, docID int64, tr store.Translation) {
		gotDoc, gotMarker = docID, ctx.Value(marker{})
	}}
	r := chi.NewRouter()
	load := loader{responder: rs, store: ta.store}
	r.With(load.segment, load.targetLang).Put("/s/{segID}/{lang}", func(w http.ResponseWriter, r *http.Request) {
		if doc := documentFrom(r.Context()); doc.ID != ta.doc.ID || doc.Title != ta.doc.Title {
			t.Errorf("document in the context: %+v", doc)
		}
		api.put(w, r)
	})
	seg := ta.segmentIDs("es")[0]
	req := httptest.NewRequest("PUT", fmt.Sprintf("/s/%d/es", seg), strings.NewReader(`{"text":"Hola","version":0}`))
	req = req.WithContext(context.WithValue(req.Context(), marker{}, "this request"))
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	if w.Code != http.StatusOK || gotDoc != ta.doc.ID || gotMarker != "this request" {
		t.Errorf("%d %s; hook got document %d, context value %v", w.Code, w.Body, gotDoc, gotMarker)
	}
}
