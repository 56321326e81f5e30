package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"alinea/store"
)

type apiSegments struct {
	Total    int           `json:"total"`
	Segments []segmentJSON `json:"segments"`
}

func TestAPIDocuments(t *testing.T) {
	ta := newTestApp(t)
	var list struct {
		Documents []documentJSON `json:"documents"`
	}
	ta.getJSON("/api/documents", 200, &list)
	if len(list.Documents) != 1 {
		t.Fatalf("%d documents", len(list.Documents))
	}
	d := list.Documents[0]
	if d.Paragraphs != 128 || d.Segments != 222 || d.SourceLang != "zh" || d.Progress["es"].Segments["new"] != 222 {
		t.Errorf("document = %+v", d)
	}
	var one documentJSON
	ta.getJSON(fmt.Sprintf("/api/documents/%d", d.ID), 200, &one)
	if one.ID != d.ID || len(one.Progress) != 3 {
		t.Errorf("document %d = %+v", d.ID, one)
	}

	var segs apiSegments
	ta.getJSON(fmt.Sprintf("/api/documents/%d/segments?lang=es", d.ID), 200, &segs)
	if segs.Total != 222 || len(segs.Segments) != 222 {
		t.Fatalf("%d segments of %d", len(segs.Segments), segs.Total)
	}
	s0 := segs.Segments[0]
	if s0.Source != "前言" || !s0.Heading || s0.Paragraph != 1 || s0.Status != "new" || s0.Version != 0 {
		t.Errorf("first segment = %+v", s0)
	}
	var page apiSegments
	ta.getJSON(fmt.Sprintf("/api/documents/%d/segments?lang=pt&offset=220&limit=10", d.ID), 200, &page)
	if page.Total != 222 || len(page.Segments) != 2 || page.Segments[1].Source != "（新华社北京12月10日电）" {
		t.Errorf("last page = %+v", page)
	}
}

func TestAPIErrors(t *testing.T) {
	ta := newTestApp(t)
	id := ta.doc.ID
	tests := []struct {
		name, path string
		status     int
		contains   string
	}{
		{"unknown document", "/api/documents/9999", 404, "9999"},
		{"non-numeric document", "/api/documents/abc", 404, "abc"},
		{"unknown language", fmt.Sprintf("/api/documents/%d/segments?lang=fr", id), 400, "fr"},
		{"missing language", fmt.Sprintf("/api/documents/%d/segments", id), 400, "es, pt, en"},
		{"bad offset", fmt.Sprintf("/api/documents/%d/segments?lang=es&offset=-1", id), 400, "offset"},
		{"bad limit", fmt.Sprintf("/api/documents/%d/segments?lang=es&limit=x", id), 400, "limit"},
		{"unknown segment history", "/api/segments/99999/translations/es/revisions", 404, "99999"},
		{"unknown route", "/api/nothing", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ta.do("GET", tt.path, nil)
			var e struct {
				Error string `json:"error"`
			}
			if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
				t.Fatalf("body %s is not a JSON error", body)
			}
			if resp.StatusCode != tt.status || !strings.Contains(e.Error, tt.contains) {
				t.Errorf("GET %s = %d %q, want %d containing %q", tt.path, resp.StatusCode, e.Error, tt.status, tt.contains)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}

func (ta *testApp) segmentIDs(lang string) []int64 {
	var segs apiSegments
	ta.getJSON(fmt.Sprintf("/api/documents/%d/segments?lang=%s", ta.doc.ID, lang), 200, &segs)
	ids := make([]int64, len(segs.Segments))
	for i, s := range segs.Segments {
		ids[i] = s.ID
	}
	return ids
}

func TestAPISaveAndConflict(t *testing.T) {
	ta := newTestApp(t)
	seg := ta.segmentIDs("es")[1]
	url := fmt.Sprintf("/api/segments/%d/translations/es", seg)

	resp, body := ta.do("PUT", url, map[string]any{"text": "El mundo vive cambios.", "status": "draft", "version": 0})
	var saved translationBody
	json.Unmarshal(body, &saved)
	if resp.StatusCode != 200 || saved.Version != 1 || saved.Status != "draft" {
		t.Fatalf("save: %d %s", resp.StatusCode, body)
	}
	resp, body = ta.do("PUT", url, map[string]any{"text": "El mundo vive grandes cambios.", "status": "translated", "version": 1})
	if resp.StatusCode != 200 {
		t.Fatalf("second save: %d %s", resp.StatusCode, body)
	}

	// A stale version is refused with the current text and version.
	resp, body = ta.do("PUT", url, map[string]any{"text": "Mi versión", "status": "draft", "version": 1})
	var conflict struct {
		Error   string          `json:"error"`
		Current translationBody `json:"current"`
	}
	json.Unmarshal(body, &conflict)
	if resp.StatusCode != 409 || conflict.Current.Version != 2 || conflict.Current.Text != "El mundo vive grandes cambios." || conflict.Error == "" {
		t.Fatalf("stale save: %d %s", resp.StatusCode, body)
	}

	var revs struct {
		Revisions []revisionJSON `json:"revisions"`
	}
	ta.getJSON(url+"/revisions", 200, &revs)
	if len(revs.Revisions) != 2 || revs.Revisions[0].Version != 2 || revs.Revisions[1].Text != "El mundo vive cambios." {
		t.Errorf("revisions = %+v", revs.Revisions)
	}

	// The segment list shows the saved translation; other languages don't.
	var segs apiSegments
	ta.getJSON(fmt.Sprintf("/api/documents/%d/segments?lang=es&offset=1&limit=1", ta.doc.ID), 200, &segs)
	if s := segs.Segments[0]; s.Text != "El mundo vive grandes cambios." || s.Status != "translated" || s.Version != 2 {
		t.Errorf("segment after save = %+v", s)
	}
	ta.getJSON(fmt.Sprintf("/api/documents/%d/segments?lang=en&offset=1&limit=1", ta.doc.ID), 200, &segs)
	if s := segs.Segments[0]; s.Text != "" || s.Version != 0 {
		t.Errorf("en after es save = %+v", s)
	}
}

func TestAPISaveBadInput(t *testing.T) {
	ta := newTestApp(t)
	seg := ta.segmentIDs("es")[2]
	url := fmt.Sprintf("/api/segments/%d/translations/es", seg)
	tests := []struct {
		name   string
		url    string
		body   any
		status int
		in     string // part of the error message
	}{
		{"unknown language", fmt.Sprintf("/api/segments/%d/translations/xx", seg), `{"text":"x","version":0}`, 400, "xx"},
		{"source language", fmt.Sprintf("/api/segments/%d/translations/zh", seg), `{"text":"x","version":0}`, 400, "zh"},
		{"unknown segment", "/api/segments/999999/translations/es", `{"text":"x","version":0}`, 404, "999999"},
		{"invalid utf-8", url, []byte("{\"text\":\"a\xff\",\"version\":0}"), 400, "UTF-8"},
		{"lone surrogate escape", url, `{"text":"a\ud800b","version":0}`, 400, "UTF-8"},
		{"not json", url, `text=hello`, 400, "JSON"},
		{"unknown field", url, `{"text":"x","version":0,"txt":"y"}`, 400, "txt"},
		{"trailing data", url, `{"text":"x","version":0} {}`, 400, "JSON"},
		{"missing text", url, `{"version":0}`, 400, "text"},
		{"missing version", url, `{"text":"x"}`, 400, "version"},
		{"negative version", url, `{"text":"x","version":-3}`, 400, "version"},
		{"bad status", url, `{"text":"x","status":"done","version":0}`, 400, "done"},
		{"empty but translated", url, `{"text":"  ","status":"translated","version":0}`, 400, ""},
		{"text too long", url, map[string]any{"text": strings.Repeat("a", store.MaxTranslationBytes+1), "version": 0}, 400, fmt.Sprint(store.MaxTranslationBytes)},
		{"control character", url, `{"text":"ab\fc","version":0}`, 400, "U+000C"},
		{"control character position", url, `{"text":"ab\fc","version":0}`, 400, " 3"},
		{"C1 control", url, `{"text":"a\u0085","version":0}`, 400, "U+0085"},
		{"noncharacter", url, `{"text":"a\uFFFE","version":0}`, 400, "U+FFFE"},
		{"NUL", url, `{"text":"a\u0000","version":0}`, 400, "U+0000"},
		{"body too large", url, map[string]any{"text": strings.Repeat("a", maxJSONBody), "version": 0}, 413, fmt.Sprint(maxJSONBody)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := ta.do("PUT", tt.url, tt.body)
			var e struct {
				Error string `json:"error"`
			}
			json.Unmarshal(body, &e)
			if resp.StatusCode != tt.status || e.Error == "" || !strings.Contains(e.Error, tt.in) {
				t.Errorf("%d %s; want %d mentioning %q", resp.StatusCode, body, tt.status, tt.in)
			}
		})
	}
	// Nothing above changed anything.
	var revs struct {
		Revisions []revisionJSON `json:"revisions"`
	}
	ta.getJSON(url+"/revisions", 200, &revs)
	if len(revs.Revisions) != 0 {
		t.Errorf("refused saves left %d revisions", len(revs.Revisions))
	}
}

func TestAPIErrorsSpeakTheUsersLanguage(t *testing.T) {
	ta := newTestApp(t)
	for lang, want := range map[string]string{"es": "no existe", "pt": "não existe", "zh-CN,zh;q=0.9": "不存在", "de": "does not exist", "": "does not exist"} {
		_, body := ta.do("GET", "/api/documents/4242", nil, "Accept-Language", lang)
		if !strings.Contains(string(body), want) {
			t.Errorf("Accept-Language %q: %s, want %q", lang, body, want)
		}
	}
	_, body := ta.do("GET", "/api/documents/4242", nil, "Accept-Language", "en", "Cookie", langCookie+"=pt")
	if !strings.Contains(string(body), "não existe") {
		t.Errorf("the language cookie does not win over Accept-Language: %s", body)
	}
}

func TestAPIConcurrentSaves(t *testing.T) {
	ta := newTestApp(t)
	seg := ta.segmentIDs("pt")[3]
	url := fmt.Sprintf("/api/segments/%d/translations/pt", seg)
	var wg sync.WaitGroup
	codes := make([]int, 6)
	for i := range codes {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			resp, _ := ta.do("PUT", url, map[string]any{"text": fmt.Sprintf("versão %d", i), "status": "draft", "version": 0})
			codes[i] = resp.StatusCode
		}(i)
	}
	wg.Wait()
	slices.Sort(codes)
	if codes[0] != 200 || codes[1] != 409 || codes[len(codes)-1] != 409 {
		t.Errorf("status codes %v; want one 200 and the rest 409", codes)
	}
}

// BenchmarkSaveTranslation measures one save through the HTTP API and
// reports the 99th percentile latency.
func BenchmarkSaveTranslation(b *testing.B) {
	ta := newTestApp(b)
	ids := ta.segmentIDs("en")
	versions := map[int64]int64{}
	var lat []time.Duration
	b.ResetTimer()
	i := 0
	for b.Loop() {
		seg := ids[i%len(ids)]
		i++
		start := time.Now()
		resp, body := ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/en", seg),
			map[string]any{"text": fmt.Sprintf("Translation number %d.", i), "status": "draft", "version": versions[seg]})
		lat = append(lat, time.Since(start))
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%d %s", resp.StatusCode, body)
		}
		versions[seg]++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
