package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"alinea/store"
	"alinea/workflow"
)

// sameParagraph returns the index of the first segment whose next segment
// is in the same paragraph.
func (ta *testApp) sameParagraph() (int, []store.Row) {
	rows, _, err := ta.store.Segments(context.Background(), ta.doc.ID, store.SegmentQuery{Lang: "es"})
	if err != nil {
		ta.t.Fatal(err)
	}
	for i := 0; i+1 < len(rows); i++ {
		if rows[i].ParagraphID == rows[i+1].ParagraphID {
			return i, rows
		}
	}
	ta.t.Fatal("no paragraph with two segments")
	return 0, nil
}

func TestMergeAndSplitAPI(t *testing.T) {
	ta := newTestApp(t)
	i, rows := ta.sameParagraph()
	a, b := rows[i], rows[i+1]
	events, cancel := ta.app.live.subscribe(ta.doc.ID, "pt")
	defer cancel()
	seg := func(id int64, action string) string { return fmt.Sprintf("/api/segments/%d/%s", id, action) }
	tests := []struct {
		name   string
		path   string
		body   any
		status int
		want   string
	}{
		{"merge across paragraphs", seg(rows[0].ID, "merge"), map[string]any{}, 409, "new paragraph"},
		{"merge the last", seg(rows[len(rows)-1].ID, "merge"), map[string]any{}, 409, "last segment"},
		{"merge with a stale neighbour", seg(a.ID, "merge"), map[string]any{"next_id": rows[i+2].ID}, 409, "Reload"},
		{"merge bad json", seg(a.ID, "merge"), "{", 400, "JSON"},
		{"merge unknown segment", seg(999999, "merge"), map[string]any{}, 404, "999999"},
		{"split without a point", seg(a.ID, "split"), map[string]any{"source": a.Source}, 400, "at"},
		{"split at the start", seg(a.ID, "split"), map[string]any{"at": 0}, 400, "both parts"},
		{"split past the end", seg(a.ID, "split"), map[string]any{"at": 10000}, 400, "both parts"},
		{"split a changed source", seg(a.ID, "split"), map[string]any{"at": 2, "source": "别的"}, 409, "Reload"},
		{"split unknown field", seg(a.ID, "split"), map[string]any{"at": 2, "offset": 3}, 400, "offset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ta.do("POST", tt.path, tt.body)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("%d %s; want %d with %q", resp.StatusCode, body, tt.status, tt.want)
			}
		})
	}
	if now := ta.segmentIDs("es"); len(now) != len(rows) {
		t.Fatalf("refused changes left %d segments, want %d", len(now), len(rows))
	}

	resp, body := ta.do("POST", seg(a.ID, "merge"), map[string]any{"next_id": b.ID})
	var out struct {
		Segments []segmentShape `json:"segments"`
	}
	json.Unmarshal(body, &out)
	if resp.StatusCode != 200 || len(out.Segments) != 1 || out.Segments[0].Source != a.Source+b.Source {
		t.Fatalf("merge: %d %s", resp.StatusCode, body)
	}
	// On PostgreSQL the event comes back from the database's notifications.
	select {
	case ev := <-events:
		if ev.name != "segments" {
			t.Errorf("event %q after a merge", ev.name)
		}
	case <-time.After(10 * time.Second):
		t.Error("no live event after a merge")
	}
	at := len([]rune(a.Source))
	resp, body = ta.do("POST", seg(a.ID, "split"), map[string]any{"at": at, "source": a.Source + b.Source})
	json.Unmarshal(body, &out)
	if resp.StatusCode != 200 || len(out.Segments) != 2 || out.Segments[0].Source != a.Source || out.Segments[1].Source != b.Source ||
		out.Segments[1].Position != a.Position+1 {
		t.Fatalf("split: %d %s", resp.StatusCode, body)
	}
	if now := ta.segmentIDs("es"); len(now) != len(rows) {
		t.Errorf("%d segments after merge and split, want %d", len(now), len(rows))
	}
}

func TestHistoryAndRestore(t *testing.T) {
	ta := newTestApp(t)
	seg := ta.segmentIDs("es")[2]
	url := fmt.Sprintf("/api/segments/%d/translations/es", seg)
	ta.do("PUT", url, map[string]any{"text": "El mundo vive cambios.", "status": "draft", "version": 0})
	ta.do("PUT", url, map[string]any{"text": "El mundo vive grandes cambios.", "status": "translated", "version": 1})
	hist := fmt.Sprintf("/segments/%d/history/es", seg)
	_, body := ta.page(hist, "Accept-Language", "es")
	for _, want := range []string{"Versión 2", "Versión 1", "<ins>grandes </ins>", "Traducido", "editado", "Restaurar esta versión", "actual"} {
		if !strings.Contains(body, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	revs, _ := ta.store.Revisions(context.Background(), seg, "es")
	other := ta.segmentIDs("es")[3]
	ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", other), map[string]any{"text": "Otro", "version": 0})
	otherRevs, _ := ta.store.Revisions(context.Background(), other, "es")

	client := ta.client()
	restore := func(form string) (int, string) {
		resp, err := client.Post(ta.srv.URL+hist+"/restore", "application/x-www-form-urlencoded", strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var sb strings.Builder
		bufio.NewReader(resp.Body).WriteTo(&sb)
		return resp.StatusCode, sb.String()
	}
	tests := []struct {
		name, form string
		status     int
		want       string
	}{
		{"stale version", fmt.Sprintf("revision=%d&version=1", revs[1].ID), 409, "Someone else saved this segment first"},
		{"revision of another segment", fmt.Sprintf("revision=%d&version=2", otherRevs[0].ID), 404, "does not belong"},
		{"no revision", "version=2", 400, "revision"},
		{"bad version", fmt.Sprintf("revision=%d&version=x", revs[1].ID), 400, "version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := restore(tt.form)
			if status != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("%d, want %d with %q: %.200s", status, tt.status, tt.want, body)
			}
		})
	}
	if status, _ := restore(fmt.Sprintf("revision=%d&version=2", revs[1].ID)); status != http.StatusSeeOther {
		t.Fatalf("restore: %d", status)
	}
	tr, _ := ta.store.Translation(context.Background(), seg, "es")
	after, _ := ta.store.Revisions(context.Background(), seg, "es")
	if tr.Text != "El mundo vive cambios." || tr.Version != 3 || after[0].Origin != "restore" || tr.Status != workflow.StatusDraft {
		t.Errorf("after restore: %+v, origin %s", tr, after[0].Origin)
	}
}

func TestPermissionsAreEnforced(t *testing.T) {
	ta := newTestApp(t)
	rows := ta.segmentIDs("es")
	// A translator assigned to the document in Spanish: may edit, may not
	// review, is not an admin.
	tr, trToken := ta.user("translator", store.RoleTranslator)
	ta.store.Assign(context.Background(), store.Assignment{UserID: tr.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID)
	_, viewerToken := ta.user("viewer", store.RoleViewer)
	ta = ta.as(trToken)
	seg := rows[1]
	tests := []struct {
		name, method, path string
		body               any
		status             int
	}{
		{"save translated", "PUT", fmt.Sprintf("/api/segments/%d/translations/es", seg), map[string]any{"text": "x", "status": "translated", "version": 0}, 200},
		{"save reviewed", "PUT", fmt.Sprintf("/api/segments/%d/translations/es", seg), map[string]any{"text": "x", "status": "reviewed", "version": 1}, 403},
		{"save approved", "PUT", fmt.Sprintf("/api/segments/%d/translations/es", seg), map[string]any{"text": "x", "status": "approved", "version": 1}, 403},
	}
	for _, tt := range tests {
		resp, body := ta.do(tt.method, tt.path, tt.body)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, resp.StatusCode, body, tt.status)
		}
	}
	if status, _ := ta.upload("x.txt", []byte("新文档。")); status != http.StatusForbidden {
		t.Errorf("upload by a translator: %d", status)
	}
	_, body := ta.page("/")
	if strings.Contains(body, `action="/documents"`) {
		t.Error("the import form is shown to a translator")
	}
	_, body = ta.page(fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID))
	if strings.Contains(body, "Mark as reviewed") || !strings.Contains(body, `"review":false`) {
		t.Error("review controls are shown to a translator")
	}

	// A viewer: reads only.
	ta = ta.as(viewerToken)
	for _, tt := range []struct {
		name, method, path string
		body               any
	}{
		{"save", "PUT", fmt.Sprintf("/api/segments/%d/translations/es", rows[2]), map[string]any{"text": "x", "version": 0}},
		{"merge", "POST", fmt.Sprintf("/api/segments/%d/merge", rows[1]), map[string]any{}},
		{"split", "POST", fmt.Sprintf("/api/segments/%d/split", rows[1]), map[string]any{"at": 2}},
	} {
		resp, body := ta.do(tt.method, tt.path, tt.body, "Accept-Language", "es")
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "No tiene permiso") {
			t.Errorf("viewer %s: %d %s", tt.name, resp.StatusCode, body)
		}
	}
	client := ta.client()
	resp, err := client.Post(ta.srv.URL+fmt.Sprintf("/segments/%d/history/es/restore", seg), "application/x-www-form-urlencoded", strings.NewReader("revision=1&version=1"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("viewer restore: %d", resp.StatusCode)
	}
	_, body = ta.page(fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID))
	if !strings.Contains(body, "readonly") || strings.Contains(body, `data-action="merge"`) {
		t.Error("a viewer gets editable rows or segmentation controls")
	}
	if n := len(ta.segmentIDs("es")); n != len(rows) {
		t.Errorf("refused actions changed the segments: %d", n)
	}
}

func TestLiveUpdates(t *testing.T) {
	ta := newTestApp(t)
	seg := ta.segmentIDs("es")[4]
	req, _ := http.NewRequest("GET", ta.srv.URL+fmt.Sprintf("/documents/%d/edit/es/events", ta.doc.ID), nil)
	resp, err := ta.client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("Content-Type %q", ct)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	next := func() (string, bool) {
		select {
		case l, ok := <-lines:
			return l, ok
		case <-time.After(10 * time.Second):
			t.Fatal("no event from the stream")
			return "", false
		}
	}
	if l, _ := next(); !strings.HasPrefix(l, "retry:") {
		t.Fatalf("stream starts with %q", l)
	}
	// A save in another language is not sent; one in Spanish is.
	ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/pt", seg), map[string]any{"text": "Olá", "version": 0})
	ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", seg), map[string]any{"text": "Hola", "version": 0})
	var got []string
	for len(got) < 2 {
		l, ok := next()
		if !ok {
			t.Fatal("the stream ended")
		}
		if l != "" {
			got = append(got, l)
		}
	}
	if got[0] != "event: saved" || !strings.Contains(got[1], `"text":"Hola"`) || !strings.Contains(got[1], fmt.Sprintf(`"segment_id":%d`, seg)) {
		t.Errorf("events %q", got)
	}
	// Closing the app ends the stream, so a shutdown is not held up.
	ta.app.Close()
	for {
		if _, ok := next(); !ok {
			break
		}
	}
}
