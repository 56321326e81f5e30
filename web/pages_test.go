package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"alinea/docimport"
	"alinea/store"
	"alinea/workflow"
)

// page fetches an HTML page and returns its status and body.
func (ta *testApp) page(path string, headers ...string) (int, string) {
	ta.t.Helper()
	resp, body := ta.do("GET", path, nil, headers...)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		ta.t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); csp != contentSecurityPolicy {
		ta.t.Errorf("GET %s: CSP %q", path, csp)
	}
	return resp.StatusCode, string(body)
}

func TestPages(t *testing.T) {
	ta := newTestApp(t)
	id := ta.doc.ID
	seg := ta.segmentIDs("es")[1]
	long := strings.Repeat("长", store.MaxSearchRunes+1)
	tests := []struct {
		name, path, lang string
		status           int
		want             []string
	}{
		{"home in Spanish", "/", "es", 200, []string{"<h1>Documentos</h1>", `<html lang="es">`, "Importar un documento", "222 segmentos", "Comparar idiomas"}},
		{"home in Portuguese", "/", "pt-BR,pt;q=0.9", 200, []string{"<h1>Documentos</h1>", `<html lang="pt">`, "Idioma da interface"}},
		{"home in Chinese", "/", "zh-CN", 200, []string{"<h1>文档</h1>", `<html lang="zh-Hans">`, "222 个句段"}},
		{"home by default", "/", "", 200, []string{"<h1>Documents</h1>", "Import a document", "222 segments"}},
		{"editor", fmt.Sprintf("/documents/%d/edit/es", id), "en", 200, []string{`lang="zh-Hans"`, `<textarea class="tgt" lang="es"`, "前言", `id="editor-data"`, "222 segments left", `rel="next"`}},
		{"editor in Chinese", fmt.Sprintf("/documents/%d/edit/pt", id), "zh", 200, []string{"还剩 222 个句段", "葡萄牙语"}},
		{"editor filter", fmt.Sprintf("/documents/%d/edit/es?filter=untranslated", id), "en", 200, []string{`value="untranslated" selected`}},
		{"editor search", fmt.Sprintf("/documents/%d/edit/en?q=%s", id, "拉美"), "en", 200, []string{"拉美"}},
		{"editor second page", fmt.Sprintf("/documents/%d/edit/es?from=101", id), "en", 200, []string{"showing 101–200", `rel="prev"`}},
		{"editor unknown language", fmt.Sprintf("/documents/%d/edit/fr", id), "es", 400, []string{"fr", "Idioma desconocido"}},
		{"editor source language", fmt.Sprintf("/documents/%d/edit/zh", id), "en", 400, []string{"zh"}},
		{"editor unknown document", "/documents/9999/edit/es", "es", 404, []string{"El documento 9999 no existe."}},
		{"editor bad filter", fmt.Sprintf("/documents/%d/edit/es?filter=done", id), "en", 400, []string{"“done” is not a filter"}},
		{"editor bad from", fmt.Sprintf("/documents/%d/edit/es?from=x", id), "en", 400, []string{"from"}},
		{"editor bad next", fmt.Sprintf("/documents/%d/edit/es?next=-4", id), "en", 400, []string{"next"}},
		{"editor search too long", fmt.Sprintf("/documents/%d/edit/es?q=%s", id, long), "pt", 400, []string{"200"}},
		{"compare", fmt.Sprintf("/documents/%d/compare", id), "en", 200, []string{"Spanish", "Portuguese", "English", `<td lang="pt" class="tgt">`}},
		{"compare unknown document", "/documents/77/compare", "en", 404, []string{"Document 77 does not exist."}},
		{"history", fmt.Sprintf("/segments/%d/history/es", seg), "en", 200, []string{"Nothing has been saved", "Back to the editor"}},
		{"history unknown segment", "/segments/424242/history/es", "zh", 404, []string{"句段 424242 不存在"}},
		{"history unknown language", fmt.Sprintf("/segments/%d/history/de", seg), "en", 400, []string{"de"}},
		{"unknown page", "/nothing/here", "pt", 404, []string{"Erro 404", "Voltar aos documentos"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := ta.page(tt.path, "Accept-Language", tt.lang)
			if status != tt.status {
				t.Errorf("status %d, want %d", status, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

func TestEditorRowsAndPaging(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("es")
	_, body := ta.page(fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID))
	if n := strings.Count(body, `" data-id="`); n != editorPageSize {
		t.Errorf("%d rows on the first page, want %d", n, editorPageSize)
	}
	if !strings.Contains(body, `class="row para heading" id="seg-`+itoa(ids[0])) {
		t.Error("the first row is not marked as a heading starting a paragraph")
	}
	// The search finds Chinese substrings of any length and targets
	// regardless of case and accents.
	ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", ids[5]), map[string]any{"text": "Cooperación Económica", "status": "draft", "version": 0})
	for q, want := range map[string]int{"economica": 1, "ECONÓMICA": 1, "前言": 1, "前": strings.Count(body, "前"), "zzz": 0} {
		_, body := ta.page(fmt.Sprintf("/documents/%d/edit/es?q=%s", ta.doc.ID, q))
		got := strings.Count(body, `" data-id="`)
		if q == "前" {
			if got == 0 {
				t.Errorf("search %q found nothing", q)
			}
			continue
		}
		if got != want {
			t.Errorf("search %q: %d rows, want %d", q, got, want)
		}
	}
	_, body = ta.page(fmt.Sprintf("/documents/%d/edit/es?filter=draft", ta.doc.ID))
	if n := strings.Count(body, `" data-id="`); n != 1 || !strings.Contains(body, "Cooperación Económica") {
		t.Errorf("draft filter shows %d rows", n)
	}
}

func TestEditorNextToTranslate(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("en")
	client := ta.client()
	get := func(path string) string {
		t.Helper()
		resp, err := client.Get(ta.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return resp.Header.Get("Location")
	}
	base := fmt.Sprintf("/documents/%d/edit/en", ta.doc.ID)
	if loc := get(base + "?next=150"); loc != base+"?focus="+itoa(ids[150])+"&from=151" {
		t.Errorf("next after 150 → %s", loc)
	}
	// Only one segment needs work: past it there is nothing left.
	for i, id := range ids {
		if i == 7 {
			continue
		}
		ta.store.SaveTranslation(context.Background(), store.Save{SegmentID: id, Lang: "en", Text: "x", Status: workflow.StatusTranslated})
	}
	if loc := get(base + "?next=0"); loc != base+"?focus="+itoa(ids[7])+"&from=8" {
		t.Errorf("next after 0 → %s", loc)
	}
	if loc := get(base + "?from=101&next=120"); loc != base+"?done=1&from=101" {
		t.Errorf("nothing left → %s", loc)
	}
	_, body := ta.page(base + "?done=1")
	if !strings.Contains(body, "No segment after this one needs translating.") || !strings.Contains(body, "1 segment left") {
		t.Error("the page does not say nothing is left")
	}
}

func TestUserTextIsEscaped(t *testing.T) {
	ta := newTestApp(t)
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	status, body := ta.upload("evil.txt", []byte("第一段。"+evil+"\n"), "title", evil)
	if status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", status, body)
	}
	docs, _ := ta.store.Documents(context.Background())
	doc := docs[len(docs)-1]
	rows, _, _ := ta.store.Segments(context.Background(), doc.ID, store.SegmentQuery{Lang: "es"})
	ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", rows[0].ID), map[string]any{"text": evil, "status": "draft", "version": 0})
	for _, path := range []string{"/", fmt.Sprintf("/documents/%d/edit/es", doc.ID), fmt.Sprintf("/documents/%d/compare", doc.ID),
		fmt.Sprintf("/segments/%d/history/es", rows[0].ID), "/?imported=" + itoa(doc.ID)} {
		_, body := ta.page(path)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s renders user text as HTML", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s does not show the text escaped", path)
		}
	}
}

// upload posts a file to the import form; fields are name, value pairs. It
// returns the status and the Location of a redirect or the body.
func (ta *testApp) upload(name string, content []byte, fields ...string) (int, string) {
	ta.t.Helper()
	return ta.postMultipartPage("/documents", name, content, fields...)
}

func TestUpload(t *testing.T) {
	ta := newTestApp(t)
	good := []byte("第一部分 总则\n中国和拉美是好朋友。我们一起发展。\n")
	status, loc := ta.upload("report.zh.txt", good)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/?imported=") {
		t.Fatalf("upload: %d %s", status, loc)
	}
	_, body := ta.page(loc)
	if !strings.Contains(body, "Imported “report”: 3 segments.") {
		t.Errorf("no import notice on %s", loc)
	}
	count := func() int {
		docs, err := ta.store.Documents(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return len(docs)
	}
	before := count()
	tests := []struct {
		name    string
		file    string
		content []byte
		fields  []string
		status  int
		want    string
	}{
		{"duplicate", "again.txt", good, nil, 409, "already imported as document"},
		{"duplicate in Spanish", "again.txt", good, []string{"lang", ""}, 409, ""},
		{"bad encoding", "bad.txt", []byte("中文\x80abc"), nil, 400, "at byte"},
		{"control character", "ctl.txt", []byte("ab\x00c"), nil, 400, "byte 2"},
		{"empty", "empty.txt", []byte("  \n\n"), nil, 400, "no text"},
		{"no file", "", nil, nil, 400, "Choose a file"},
		{"title too long", "t.txt", []byte("新的文本。"), []string{"title", strings.Repeat("题", docimport.MaxTitleRunes+1)}, 400, "300"},
		{"title not utf-8", "t.txt", []byte("新的文本。"), []string{"title", "a\xffb"}, 400, "UTF-8"},
		{"too large", "big.txt", bytes.Repeat([]byte("字"), docimport.MaxBytes/3+10), nil, 413, "32 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := ta.upload(tt.file, tt.content, tt.fields...)
			if status != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("%d, want %d with %q: %.300s", status, tt.status, tt.want, body)
			}
			if !strings.Contains(body, `class="notice error" role="alert"`) {
				t.Error("no error notice on the page")
			}
		})
	}
	if n := count(); n != before {
		t.Errorf("refused uploads stored %d documents", n-before)
	}
	// The duplicate check can be overridden, as with --allow-duplicate.
	if status, _ := ta.upload("again.txt", good, "allow_duplicate", "1"); status != http.StatusSeeOther || count() != before+1 {
		t.Errorf("allow duplicate: %d", status)
	}
}

func TestLanguageSwitch(t *testing.T) {
	ta := newTestApp(t)
	client := ta.client()
	post := func(form string) *http.Response {
		t.Helper()
		resp, err := client.Post(ta.srv.URL+"/language", "application/x-www-form-urlencoded", strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	tests := []struct {
		form     string
		status   int
		location string
		cookie   string
	}{
		{"lang=es&back=/documents/1/compare%3Ffrom%3D5", 303, "/documents/1/compare?from=5", "es"},
		{"lang=zh-Hans&back=/", 303, "/", "zh-Hans"},
		{"lang=pt&back=//evil.example/", 303, "/", "pt"},
		{"lang=en&back=https://evil.example/", 303, "/", "en"},
		{"lang=en&back=/%5Cevil", 303, "/", "en"},
		{"lang=fr&back=/", 400, "", ""},
	}
	for _, tt := range tests {
		resp := post(tt.form)
		if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location {
			t.Errorf("%s: %d → %q", tt.form, resp.StatusCode, resp.Header.Get("Location"))
		}
		var got string
		for _, c := range resp.Cookies() {
			if c.Name == langCookie {
				got = c.Value
			}
		}
		if got != tt.cookie {
			t.Errorf("%s: cookie %q, want %q", tt.form, got, tt.cookie)
		}
	}
	_, body := ta.page("/", "Cookie", langCookie+"=es", "Accept-Language", "en")
	if !strings.Contains(body, "<h1>Documentos</h1>") {
		t.Error("the cookie does not choose the interface language")
	}
}

func TestCrossOriginPostsRefused(t *testing.T) {
	ta := newTestApp(t)
	seg := ta.segmentIDs("es")[1]
	resp, body := ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", seg), map[string]any{"text": "x", "version": 0},
		"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "another site") {
		t.Errorf("cross-site save: %d %s", resp.StatusCode, body)
	}
	resp, _ = ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", seg), map[string]any{"text": "x", "version": 0},
		"Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != http.StatusOK {
		t.Errorf("same-origin save: %d", resp.StatusCode)
	}
}

func TestStaticAssets(t *testing.T) {
	ta := newTestApp(t)
	_, page := ta.page(fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID))
	m := regexp.MustCompile(`src="(/static/editor\.js\?v=\w+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the editor page does not load editor.js")
	}
	resp, body := ta.do("GET", m[1], nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") ||
		!strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || len(body) == 0 {
		t.Errorf("editor.js: %d %v", resp.StatusCode, resp.Header)
	}
	if resp, _ := ta.do("GET", "/static/missing.js", nil); resp.StatusCode != 404 {
		t.Errorf("missing asset: %d", resp.StatusCode)
	}
	// No inline script or style: the CSP would block it.
	for _, bad := range []string{"<script>", " style=", " onclick=", " onload=", "javascript:"} {
		if strings.Contains(page, bad) {
			t.Errorf("the editor page contains %q", bad)
		}
	}
}
