package web

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"alinea/formats"
	"alinea/store"
	"alinea/workflow"
)

// postFile sends a multipart upload of one file to path; fields are name,
// value pairs.
func (ta *testApp) postFile(path, name string, content []byte, fields ...string) (int, []byte) {
	ta.t.Helper()
	status, _, body := ta.postMultipart(path, name, content, fields...)
	return status, body
}

// exchangeFixture saves translations of the first two segments (es, and
// the first in pt) and returns the segment ids.
func exchangeFixture(t *testing.T, ta *testApp) []int64 {
	t.Helper()
	ids := ta.segmentIDs("es")
	ctx := context.Background()
	for _, sv := range []store.Save{
		{SegmentID: ids[0], Lang: "es", Text: "Texto ORIGINAL uno", Status: workflow.StatusTranslated, AuthorID: ta.admin.ID},
		{SegmentID: ids[1], Lang: "es", Text: "Texto ORIGINAL dos", Status: workflow.StatusReviewed, AuthorID: ta.admin.ID},
		{SegmentID: ids[0], Lang: "pt", Text: "Texto ORIGINAL um", Status: workflow.StatusDraft, AuthorID: ta.admin.ID},
	} {
		if _, err := ta.store.SaveTranslation(ctx, sv); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

func (ta *testApp) export(query string) (*http.Response, []byte) {
	ta.t.Helper()
	return ta.do("GET", fmt.Sprintf("/documents/%d/export?%s", ta.doc.ID, query), nil)
}

func TestExportEveryFormat(t *testing.T) {
	ta := newTestApp(t)
	exchangeFixture(t, ta)
	_, viewer := ta.user("vera", store.RoleViewer)
	for _, f := range formats.ExportFormats() {
		for _, lang := range []string{"es", "all"} {
			t.Run(f.Name+"-"+lang, func(t *testing.T) {
				resp, body := ta.as(viewer).export("format=" + f.Name + "&lang=" + lang + "&untranslated=mark&show_status=1")
				if resp.StatusCode != 200 {
					t.Fatalf("%d %s", resp.StatusCode, body)
				}
				zipped := f.OneLang && lang == "all"
				want := f.ContentType
				if zipped {
					want = formats.ZipContentType
				}
				if got := resp.Header.Get("Content-Type"); got != want {
					t.Errorf("Content-Type %q, want %q", got, want)
				}
				disp, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
				if err != nil || disp != "attachment" {
					t.Fatalf("Content-Disposition %q: %v", resp.Header.Get("Content-Disposition"), err)
				}
				// The seed's title is Chinese: the UTF-8 name carries it (Go's
				// parser decodes filename* into filename), the fallback does not.
				raw := resp.Header.Get("Content-Disposition")
				if !strings.Contains(raw, `filename="document-`) || !strings.Contains(raw, "filename*=UTF-8''%E4%B8%AD") {
					t.Errorf("Content-Disposition %q", raw)
				}
				if !strings.HasPrefix(params["filename"], "中国") || !strings.HasSuffix(params["filename"], map[bool]string{true: ".zip", false: f.Ext}[zipped]) {
					t.Errorf("file name %q", params["filename"])
				}
				if len(body) == 0 {
					t.Fatal("empty download")
				}
				if zipped {
					zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
					if err != nil || len(zr.File) != 3 {
						t.Fatalf("zip: %v", err)
					}
					return
				}
				if strings.HasPrefix(f.ContentType, "application/vnd.openxmlformats") {
					if _, err := zip.NewReader(bytes.NewReader(body), int64(len(body))); err != nil {
						t.Errorf("docx is not a zip: %v", err)
					}
					return
				}
				if !bytes.Contains(body, []byte("Texto ORIGINAL uno")) {
					t.Errorf("the translation is not in the download:\n%.400s", body)
				}
			})
		}
	}
}

func TestExportRefusals(t *testing.T) {
	ta := newTestApp(t)
	for _, tc := range []struct {
		query string
		want  int
	}{
		{"format=pdf&lang=es", 400},
		{"format=tmx&lang=fr", 400},
		{"format=tmx&lang=zh", 400},
		{"format=tmx&status=perfect", 400},
		{"format=md&lang=es&untranslated=hide", 400},
	} {
		if resp, body := ta.export(tc.query); resp.StatusCode != tc.want {
			t.Errorf("%s: %d %s", tc.query, resp.StatusCode, body)
		}
	}
	resp, _ := ta.do("GET", "/documents/999/export?format=tmx", nil)
	if resp.StatusCode != 404 {
		t.Errorf("unknown document: %d", resp.StatusCode)
	}
	resp, err := ta.as("").client().Get(fmt.Sprintf("%s/documents/%d/export?format=tmx", ta.srv.URL, ta.doc.ID))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == 200 || resp.Header.Get("Content-Disposition") != "" {
		t.Errorf("anonymous download: %d", resp.StatusCode)
	}
	// The status filter reaches the writer.
	_ = exchangeFixture(t, ta)
	_, body := ta.export("format=csv&lang=es&status=reviewed")
	if bytes.Contains(body, []byte("ORIGINAL uno")) || !bytes.Contains(body, []byte("ORIGINAL dos")) {
		t.Errorf("status filter not applied:\n%s", body)
	}
}

type importJSON struct {
	Applied        int                `json:"applied"`
	Unchanged      int                `json:"unchanged"`
	Conflicts      []store.ApplyIssue `json:"conflicts"`
	Unmatched      []store.ApplyIssue `json:"unmatched"`
	ConflictCount  int                `json:"conflict_count"`
	UnmatchedCount int                `json:"unmatched_count"`
	Format         string             `json:"format"`
	Error          string             `json:"error"`
}

func (ta *testApp) importFile(name string, content []byte, fields ...string) (int, importJSON) {
	ta.t.Helper()
	code, body := ta.postFile(fmt.Sprintf("/api/documents/%d/import", ta.doc.ID), name, content, fields...)
	var out importJSON
	if err := json.Unmarshal(body, &out); err != nil {
		ta.t.Fatalf("import answer %d %q: %v", code, body, err)
	}
	return code, out
}

func TestImportRoundTripsAndRoles(t *testing.T) {
	ta := newTestApp(t)
	ids := exchangeFixture(t, ta)
	ctx := context.Background()
	_, body := ta.export("format=xliff2&lang=es")
	edited := bytes.Replace(body, []byte("Texto ORIGINAL uno"), []byte("Texto EDITADO uno"), 1)
	// A CAT tool marking the unit final: a translator may not approve.
	edited = bytes.Replace(edited, []byte(`state="translated"`), []byte(`state="final"`), 1)

	_, viewer := ta.user("vera", store.RoleViewer)
	tr, trToken := ta.user("tina", store.RoleTranslator)
	_, reviewer := ta.user("rui", store.RoleReviewer)

	for _, tc := range []struct {
		who   string
		token string
	}{{"viewer", viewer}, {"translator not assigned", trToken}} {
		if code, out := ta.as(tc.token).importFile("es.xlf", edited); code != 403 || out.Error == "" {
			t.Errorf("%s: %d %+v", tc.who, code, out)
		}
	}
	if cur, _ := ta.store.Translation(ctx, ids[0], "es"); cur.Version != 1 {
		t.Fatalf("a refused import changed the translation: %+v", cur)
	}

	ta.store.Assign(ctx, store.Assignment{UserID: tr.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID)
	code, out := ta.as(trToken).importFile("es.xlf", edited)
	if code != 200 || out.Applied != 1 || out.ConflictCount != 0 || out.UnmatchedCount != 0 || out.Format != "xliff2" {
		t.Fatalf("assigned translator: %d %+v", code, out)
	}
	cur, _ := ta.store.Translation(ctx, ids[0], "es")
	if cur.Text != "Texto EDITADO uno" || cur.Status != workflow.StatusTranslated || cur.Version != 2 || cur.AuthorID != tr.ID {
		t.Errorf("after the translator's import: %+v", cur)
	}
	revs, _ := ta.store.Revisions(ctx, ids[0], "es")
	if revs[0].Origin != "import" {
		t.Errorf("revision origin %q", revs[0].Origin)
	}
	evs, _ := ta.store.Activity(ctx, ta.doc.ID, 0)
	found := false
	for _, e := range evs {
		if e.Action == "exchange-import" && e.UserID == tr.ID && strings.Contains(e.Detail, "es.xlf") {
			found = true
		}
	}
	if !found {
		t.Errorf("the import is not in the activity log: %+v", evs[:3])
	}

	// The translator's TMX carries Portuguese too: refused whole.
	_, tmx := ta.export("format=tmx&lang=all")
	if code, out := ta.as(trToken).importFile("all.tmx", tmx); code != 403 || !strings.Contains(out.Error, "Portuguese") {
		t.Errorf("translator importing pt: %d %+v", code, out)
	}
	// Unless only the assigned language is asked for.
	if code, out := ta.as(trToken).importFile("all.tmx", tmx, "lang", "es"); code != 200 || out.Applied != 0 || out.Unchanged != 2 {
		t.Errorf("translator importing es of a TMX: %d %+v", code, out)
	}

	// Another edit of the first export, by a reviewer: segment 1 changed
	// since that export, so it is a conflict.
	code, out = ta.as(reviewer).importFile("es.xlf", bytes.Replace(body, []byte("Texto ORIGINAL uno"), []byte("Texto REVISADO uno"), 1))
	if code != 200 || out.ConflictCount != 1 || out.Conflicts[0].SegmentID != ids[0] || out.Conflicts[0].CurrentVersion != 2 {
		t.Errorf("reviewer, stale file: %d %+v", code, out)
	}

	// CSV from a spreadsheet, every language, by the admin.
	_, csv := ta.export("format=csv&lang=all")
	csv = bytes.Replace(csv, []byte("Texto ORIGINAL um"), []byte("Texto EDITADO um"), 1)
	if code, out := ta.importFile("sheet.csv", csv); code != 200 || out.Applied != 1 || out.ConflictCount != 0 {
		t.Errorf("csv: %d %+v", code, out)
	}
	if cur, _ := ta.store.Translation(ctx, ids[0], "pt"); cur.Text != "Texto EDITADO um" {
		t.Errorf("pt after the csv: %+v", cur)
	}
}

func TestImportRefusesBadFiles(t *testing.T) {
	ta := newTestApp(t)
	ids := exchangeFixture(t, ta)
	ctx := context.Background()
	before, _ := ta.store.Activity(ctx, ta.doc.ID, 0)

	_, good := ta.export("format=xliff2&lang=es")
	good = bytes.Replace(good, []byte("Texto ORIGINAL uno"), []byte("Texto EDITADO uno"), 1)
	// The first <target> loses its end tag, deep in the file.
	broken := bytes.Replace(good, []byte("Texto EDITADO uno</target>"), []byte("Texto EDITADO uno</targe>"), 1)
	line := bytes.Count(broken[:bytes.Index(broken, []byte("</targe>"))], []byte("\n")) + 1

	code, out := ta.importFile("es.xlf", broken)
	if code != 400 || !strings.Contains(out.Error, fmt.Sprintf("line %d", line)) || !strings.Contains(out.Error, "target") {
		t.Errorf("malformed XLIFF: %d %q (the fault is on line %d)", code, out.Error, line)
	}
	if code, out := ta.importFile("notes.docx", good); code != 400 || !strings.Contains(out.Error, "notes.docx") {
		t.Errorf("unknown extension: %d %+v", code, out)
	}
	if code, out := ta.importFile("es.xlf", good, "lang", "fr"); code != 400 {
		t.Errorf("unknown language: %d %+v", code, out)
	}
	big := bytes.Repeat([]byte("x"), maxExchangeBytes+1)
	if code, out := ta.importFile("big.csv", big); code != http.StatusRequestEntityTooLarge || out.Error == "" {
		t.Errorf("oversized upload: %d %+v", code, out)
	}
	if cur, _ := ta.store.Translation(ctx, ids[0], "es"); cur.Version != 1 || cur.Text != "Texto ORIGINAL uno" {
		t.Errorf("a refused import changed the translation: %+v", cur)
	}
	after, _ := ta.store.Activity(ctx, ta.doc.ID, 0)
	if len(after) != len(before) {
		t.Errorf("refused imports were logged: %+v", after[0])
	}

	// A file from another document is refused whole too.
	other := bytes.Replace(good, []byte(fmt.Sprintf(`alinea:doc="%d"`, ta.doc.ID)), []byte(`alinea:doc="77"`), 1)
	if code, out := ta.importFile("es.xlf", other); code != 400 || !strings.Contains(out.Error, "77") {
		t.Errorf("other document: %d %+v", code, out)
	}
}

func TestExchangePage(t *testing.T) {
	ta := newTestApp(t)
	exchangeFixture(t, ta)
	path := fmt.Sprintf("/documents/%d/exchange", ta.doc.ID)
	code, body := ta.page(path)
	if code != 200 || !strings.Contains(body, `action="/documents/`+itoa(ta.doc.ID)+`/export"`) || !strings.Contains(body, `name="file"`) {
		t.Fatalf("admin page: %d\n%s", code, body)
	}
	for _, f := range formats.ExportFormats() {
		if !strings.Contains(body, `value="`+f.Name+`"`) {
			t.Errorf("the menu lacks %s", f.Name)
		}
	}
	_, viewer := ta.user("vera", store.RoleViewer)
	code, body = ta.as(viewer).page(path)
	if code != 200 || strings.Contains(body, `name="file"`) || !strings.Contains(body, "/export") {
		t.Errorf("viewer page: %d, import form shown: %v", code, strings.Contains(body, `name="file"`))
	}

	// The form posts the file and shows the summary.
	_, x := ta.export("format=xliff12&lang=es")
	x = bytes.Replace(x, []byte("Texto ORIGINAL dos"), []byte("Texto EDITADO dos"), 1)
	code, html := ta.postFile(fmt.Sprintf("/documents/%d/import", ta.doc.ID), "es.xlf", x, "lang", "es")
	if code != 200 || !strings.Contains(string(html), `<dd id="import-applied">1</dd>`) {
		t.Errorf("form import: %d\n%s", code, html)
	}
	code, html = ta.postFile(fmt.Sprintf("/documents/%d/import", ta.doc.ID), "es.xlf", []byte("<xliff"), "lang", "es")
	if code != 400 || !strings.Contains(string(html), `class="notice error"`) {
		t.Errorf("form import of a broken file: %d\n%s", code, html)
	}
}

func TestContentDispositionNames(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"policy-paper.es.xlf", `attachment; filename="policy-paper.es.xlf"`},
		{"中国政策.es.xlf", `attachment; filename="document-7.es.xlf"; filename*=UTF-8''%E4%B8%AD%E5%9B%BD%E6%94%BF%E7%AD%96.es.xlf`},
		{"Policy文件.es-pt-en.xlf.zip", `attachment; filename="Policy.es-pt-en.xlf.zip"; filename*=UTF-8''Policy%E6%96%87%E4%BB%B6.es-pt-en.xlf.zip`},
		{"Política.tmx", `attachment; filename="Pol-tica.tmx"; filename*=UTF-8''Pol%C3%ADtica.tmx`},
	} {
		if got := contentDisposition(tc.name, 7); got != tc.want {
			t.Errorf("contentDisposition(%q) = %s, want %s", tc.name, got, tc.want)
		}
	}
}

// FuzzContentDisposition checks that any file name makes a header that
// parses back to the same name and cannot break out of its quotes.
func FuzzContentDisposition(f *testing.F) {
	for _, s := range []string{"policy.es.xlf", "中国政策.tmx", `a"b\c.csv`, "x\r\nSet-Cookie: y.md", "=?utf-8?q?x?=.txt", "a;b=c.html", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		h := contentDisposition(name, 1)
		for _, r := range h {
			if r < 0x20 || r > 0x7e {
				t.Fatalf("header %q has byte %q", h, r)
			}
		}
		_, params, err := mime.ParseMediaType(h)
		if err != nil {
			t.Fatalf("header %q does not parse: %v", h, err)
		}
		if want := strings.ToValidUTF8(name, "\uFFFD"); utf8.ValidString(name) && name != "" && params["filename"] != want {
			t.Fatalf("header %q names %q, want %q", h, params["filename"], want)
		}
	})
}

// TestImportTellsOpenEditors checks that an editor open on the document
// hears of the translations an import saved.
func TestImportTellsOpenEditors(t *testing.T) {
	ta := newTestApp(t)
	exchangeFixture(t, ta)
	req, _ := http.NewRequest("GET", ta.srv.URL+fmt.Sprintf("/documents/%d/edit/es/events", ta.doc.ID), nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := ta.client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	_, x := ta.export("format=xliff2&lang=es")
	x = bytes.Replace(x, []byte("Texto ORIGINAL dos"), []byte("Texto EDITADO dos"), 1)
	if code, out := ta.importFile("es.xlf", x); code != 200 || out.Applied != 1 {
		t.Fatalf("import: %d %+v", code, out)
	}
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the stream ended")
			}
			if strings.HasPrefix(l, "data:") && strings.Contains(l, "Texto EDITADO dos") {
				ta.app.Close()
				return
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no event for the imported translation")
		}
	}
}

func TestExchangePageInEveryLocale(t *testing.T) {
	ta := newTestApp(t)
	ids := exchangeFixture(t, ta)
	csv := fmt.Sprintf("id,paragraph,heading,source,es,es_status,es_version\n"+
		"%d,1,,,Otro texto,translated,0\n"+
		"999999,1,,,Nada,translated,0\n"+
		",1,,没有这个句子。,Nada,translated,0\n", ids[1])
	bareID := regexp.MustCompile(`>\s*((?:[A-Z][a-z]+){2,})\s*<`)
	for _, lang := range []string{"en", "es", "pt", "zh-Hans"} {
		cookie := langCookie + "=" + lang
		_, body := ta.page(fmt.Sprintf("/documents/%d/exchange", ta.doc.ID), "Cookie", cookie)
		if m := bareID.FindStringSubmatch(body); m != nil {
			t.Errorf("%s: the page shows the bare id %s", lang, m[1])
		}
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "sheet.csv")
		fw.Write([]byte(csv))
		mw.Close()
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/documents/%d/import", ta.srv.URL, ta.doc.ID), &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Cookie", cookie)
		resp, err := ta.client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(out)
		if resp.StatusCode != 200 || !strings.Contains(page, `<dd id="import-conflicts">1</dd>`) || strings.Count(page, "<li>") < 3 {
			t.Errorf("%s: %d\n%s", lang, resp.StatusCode, page)
		}
		if m := bareID.FindStringSubmatch(page); m != nil {
			t.Errorf("%s: the summary shows the bare id %s", lang, m[1])
		}
		if strings.Contains(page, "Reason") || strings.Contains(page, "ImportWhere") {
			t.Errorf("%s: a message id inside a sentence:\n%s", lang, page)
		}
	}
}

// A file from another tool carries no versions: over a segment that already
// has a translation it is a conflict, unless a reviewer asks to overwrite.
func TestImportOverwrite(t *testing.T) {
	ta := newTestApp(t)
	ids := exchangeFixture(t, ta)
	ctx := context.Background()
	src, _ := ta.store.Translation(ctx, ids[0], "es")
	rows, _, _ := ta.store.Segments(ctx, ta.doc.ID, store.SegmentQuery{Lang: "es"})
	tmx := fmt.Sprintf(`<tmx version="1.4"><header srclang="zh-CN"/><body><tu><tuv xml:lang="zh-CN"><seg>%s</seg></tuv><tuv xml:lang="es"><seg>Texto de OTRA herramienta</seg></tuv></tu></body></tmx>`, rows[0].Source)
	tr, trToken := ta.user("tina", store.RoleTranslator)
	ta.store.Assign(ctx, store.Assignment{UserID: tr.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID)
	_, reviewer := ta.user("rui", store.RoleReviewer)

	if code, out := ta.as(reviewer).importFile("other.tmx", []byte(tmx)); code != 200 || out.ConflictCount != 1 || out.Applied != 0 {
		t.Fatalf("without overwrite: %d %+v", code, out)
	}
	if code, out := ta.as(trToken).importFile("other.tmx", []byte(tmx), "overwrite", "1"); code != 403 || out.Error == "" {
		t.Errorf("translator overwriting: %d %+v", code, out)
	}
	if cur, _ := ta.store.Translation(ctx, ids[0], "es"); cur.Version != src.Version {
		t.Fatalf("a refused overwrite changed the translation: %+v", cur)
	}
	code, out := ta.as(reviewer).importFile("other.tmx", []byte(tmx), "overwrite", "1")
	if code != 200 || out.Applied != 1 || out.ConflictCount != 0 {
		t.Fatalf("reviewer overwriting: %d %+v", code, out)
	}
	revs, _ := ta.store.Revisions(ctx, ids[0], "es")
	if revs[0].Text != "Texto de OTRA herramienta" || revs[0].Origin != "import" || revs[1].Text != src.Text {
		t.Errorf("history after the overwrite: %+v", revs[:2])
	}
	// The form offers the choice to reviewers only.
	if _, page := ta.as(reviewer).page(fmt.Sprintf("/documents/%d/exchange", ta.doc.ID)); !strings.Contains(page, `name="overwrite"`) {
		t.Errorf("no overwrite checkbox for a reviewer")
	}
	if _, page := ta.as(trToken).page(fmt.Sprintf("/documents/%d/exchange", ta.doc.ID)); strings.Contains(page, `name="overwrite"`) {
		t.Errorf("overwrite checkbox offered to a translator")
	}
}

// Chinese is written zh-Hans in exchange files unless a reviewer or an
// administrator chose another tag for the document.
func TestZhTagPerDocument(t *testing.T) {
	ta := newTestApp(t)
	exchangeFixture(t, ta)
	path := fmt.Sprintf("/documents/%d/zh-tag", ta.doc.ID)
	form := func(tok, tag string) int {
		resp, _ := ta.as(tok).do("POST", path, "tag="+tag, "Content-Type", "application/x-www-form-urlencoded")
		return resp.StatusCode
	}
	if _, body := ta.export("format=tmx&lang=es"); !bytes.Contains(body, []byte(`srclang="zh-Hans"`)) {
		t.Errorf("default tag: %.300s", body)
	}
	_, trToken := ta.user("tina", store.RoleTranslator)
	_, reviewer := ta.user("rui", store.RoleReviewer)
	if code := form(trToken, "zh-CN"); code != http.StatusForbidden {
		t.Errorf("translator setting the tag: %d", code)
	}
	if code := form(reviewer, "zh-XX"); code != http.StatusBadRequest {
		t.Errorf("unknown tag: %d", code)
	}
	if code := form(reviewer, "zh-TW"); code != http.StatusOK {
		t.Fatalf("reviewer setting the tag: %d", code)
	}
	for _, q := range []string{"format=tmx&lang=es", "format=xliff2&lang=es", "format=xliff12&lang=es", "format=html&lang=es"} {
		_, body := ta.export(q)
		if !bytes.Contains(body, []byte(`"zh-TW"`)) || bytes.Contains(body, []byte(`"zh-Hans"`)) {
			t.Errorf("%s after zh-TW: %.400s", q, body)
		}
	}
	// Files with the tag, or any other tag of Chinese, still apply.
	_, tmx := ta.export("format=tmx&lang=es")
	if code, out := ta.importFile("es.tmx", tmx); code != 200 || out.Unchanged != 2 {
		t.Errorf("re-import with zh-TW: %d %+v", code, out)
	}
}

// An image uploaded as a source document or as a spreadsheet is refused as
// not text, not as text in some encoding.
func TestUploadsOfBinaryAreNotText(t *testing.T) {
	ta := newTestApp(t)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
	code, body := ta.upload("picture.txt", png)
	alert, _, _ := strings.Cut(body[max(strings.Index(body, `role="alert"`), 0):], "</p>")
	if code != http.StatusBadRequest || !strings.Contains(alert, "not text") || strings.Contains(alert, "GB18030") {
		t.Errorf("document upload: %d %q", code, alert)
	}
	if code, out := ta.importFile("picture.csv", png); code != http.StatusBadRequest || !strings.Contains(out.Error, "not text") {
		t.Errorf("spreadsheet import: %d %+v", code, out)
	}
}

// An XLIFF without target-language takes the language chosen in the form;
// without one, or when nothing in it matches, it is refused with nothing
// changed.
func TestImportXLIFFWithoutLanguage(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	rows, _, _ := ta.store.Segments(ctx, ta.doc.ID, store.SegmentQuery{Lang: "es"})
	xlf := func(src string) []byte {
		return []byte(`<xliff xmlns="urn:oasis:names:tc:xliff:document:1.1" version="1.1"><file original="a.po" source-language="en-US" datatype="plaintext"><body>
<trans-unit id="1" approved="yes"><source>` + src + `</source><target state="translated">Prefacio</target></trans-unit></body></file></xliff>`)
	}
	before, _ := ta.store.Activity(ctx, ta.doc.ID, 0)
	if code, out := ta.importFile("a.xlf", xlf(rows[0].Source)); code != 400 || !strings.Contains(out.Error, "language") {
		t.Errorf("no language chosen: %d %+v", code, out)
	}
	if code, out := ta.importFile("a.xlf", xlf("不在文档里。"), "lang", "es"); code != http.StatusUnprocessableEntity || out.Error == "" {
		t.Errorf("nothing matches: %d %+v", code, out)
	}
	if after, _ := ta.store.Activity(ctx, ta.doc.ID, 0); len(after) != len(before) {
		t.Errorf("refused imports were logged")
	}
	if code, out := ta.importFile("a.xlf", xlf(rows[0].Source), "lang", "es"); code != 200 || out.Applied != 1 {
		t.Fatalf("lang es: %d %+v", code, out)
	}
	if tr, _ := ta.store.Translation(ctx, rows[0].ID, "es"); tr.Text != "Prefacio" || tr.Status != "translated" {
		t.Errorf("stored %+v", tr)
	}
}
