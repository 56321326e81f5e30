package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"alinea/align/term"
	"alinea/formats"
	"alinea/seeds"
	"alinea/store"
	"alinea/workflow"
)

type apiConcepts struct {
	Concepts []conceptJSON `json:"concepts"`
}

func TestGlossaryLookupAPI(t *testing.T) {
	ta := newTestApp(t)
	_, viewer := ta.user("vera", store.RoleViewer)
	for _, q := range []string{"全球南方", "sur global", "ＳＵＬ　ＧＬＯＢＡＬ", "Glóbal Sóuth"} {
		var got apiConcepts
		ta.as(viewer).getJSON("/api/glossary?q="+url.QueryEscape(q), 200, &got)
		if len(got.Concepts) == 0 {
			t.Errorf("%s: nothing found", q)
			continue
		}
		texts := map[string]string{}
		for _, tm := range got.Concepts[0].Terms {
			if tm.Status == "preferred" {
				texts[tm.Lang] = tm.Text
			}
		}
		if texts["zh"] != "全球南方" || texts["es"] != "Sur Global" || texts["pt"] != "Sul Global" || texts["en"] != "Global South" {
			t.Errorf("%s: first concept %v", q, texts)
		}
	}
	var all apiConcepts
	ta.getJSON("/api/glossary", 200, &all)
	if len(all.Concepts) < 60 {
		t.Errorf("%d concepts in the seed glossary", len(all.Concepts))
	}
	if resp, _ := ta.as("").do("GET", "/api/glossary?q=x", nil); resp.StatusCode != 401 {
		t.Errorf("anonymous lookup: %d", resp.StatusCode)
	}
}

func TestConceptAPIRoles(t *testing.T) {
	ta := newTestApp(t)
	_, viewer := ta.user("vera", store.RoleViewer)
	_, translator := ta.user("tom", store.RoleTranslator)
	_, reviewer := ta.user("rita", store.RoleReviewer)
	body := func(zh, es string) map[string]any {
		return map[string]any{"domain": "economy", "terms": []map[string]any{
			{"lang": "zh", "text": zh, "status": "preferred"},
			{"lang": "es", "text": es, "status": "preferred", "gender": "feminine", "number": "singular",
				"forms": []map[string]string{{"text": es + "s", "number": "plural"}}},
		}}
	}
	if resp, b := ta.as(viewer).do("POST", "/api/glossary/concepts", body("数字经济", "economía digital")); resp.StatusCode != 403 {
		t.Errorf("viewer adds: %d %s", resp.StatusCode, b)
	}
	resp, b := ta.as(translator).do("POST", "/api/glossary/concepts", body("数字经济", "economía digital"))
	if resp.StatusCode != 201 {
		t.Fatalf("translator adds: %d %s", resp.StatusCode, b)
	}
	var c conceptJSON
	json.Unmarshal(b, &c)
	if c.ID == 0 || len(c.Terms) != 2 || c.Terms[1].Forms[0].Text != "economía digitals" || c.UpdatedBy != "tom" {
		t.Errorf("created %+v", c)
	}
	// The same Chinese term again, full-width or not, is refused by name.
	resp, b = ta.as(reviewer).do("POST", "/api/glossary/concepts", body("数字 经济", "x"), "Accept-Language", "es")
	if resp.StatusCode != 409 || !strings.Contains(string(b), "ya está en el glosario") {
		t.Errorf("duplicate: %d %s", resp.StatusCode, b)
	}
	bad := map[string]any{"terms": []map[string]any{{"lang": "zh", "text": "新词", "status": "maybe"}}}
	if resp, b := ta.as(reviewer).do("POST", "/api/glossary/concepts", bad); resp.StatusCode != 400 || !strings.Contains(string(b), "maybe") {
		t.Errorf("bad status: %d %s", resp.StatusCode, b)
	}
	path := fmt.Sprintf("/api/glossary/concepts/%d", c.ID)
	if resp, _ := ta.as(translator).do("PUT", path, body("数字经济", "economía digital")); resp.StatusCode != 403 {
		t.Errorf("translator changes: %d", resp.StatusCode)
	}
	resp, b = ta.as(reviewer).do("PUT", path, body("数字经济", "economía numérica"))
	if resp.StatusCode != 200 || !strings.Contains(string(b), "economía numérica") {
		t.Errorf("reviewer changes: %d %s", resp.StatusCode, b)
	}
	if resp, _ := ta.as(reviewer).do("DELETE", path, nil); resp.StatusCode != 403 {
		t.Errorf("reviewer deletes: %d", resp.StatusCode)
	}
	if resp, _ := ta.do("DELETE", path, nil); resp.StatusCode != 204 {
		t.Errorf("admin deletes: %d", resp.StatusCode)
	}
	if resp, _ := ta.do("GET", path, nil); resp.StatusCode != 404 {
		t.Errorf("deleted concept: %d", resp.StatusCode)
	}
	if resp, _ := ta.do("DELETE", "/api/glossary/concepts/abc", nil); resp.StatusCode != 404 {
		t.Errorf("bad id: %d", resp.StatusCode)
	}
}

func TestGlossaryImportExportAPI(t *testing.T) {
	ta := newTestApp(t)
	_, reviewer := ta.user("rita", store.RoleReviewer)
	resp, tbx := ta.do("GET", "/api/glossary/export?format=tbx", nil)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "tbx") || bytes.Count(tbx, []byte("<conceptEntry")) < 60 {
		t.Fatalf("export tbx: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, csv := ta.do("GET", "/api/glossary/export?format=csv", nil)
	if resp.StatusCode != 200 || !bytes.Contains(csv, []byte("全球南方")) {
		t.Fatalf("export csv: %d", resp.StatusCode)
	}
	if resp, _ := ta.do("GET", "/api/glossary/export?format=doc", nil); resp.StatusCode != 400 {
		t.Errorf("export doc: %d", resp.StatusCode)
	}
	if resp, _ := ta.as(reviewer).do("POST", "/api/glossary/import?format=tbx", tbx); resp.StatusCode != 403 {
		t.Errorf("reviewer imports: %d", resp.StatusCode)
	}
	resp, b := ta.do("POST", "/api/glossary/import?format=tbx", tbx)
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"created":0`) {
		t.Errorf("import back: %d %s", resp.StatusCode, b)
	}
	// A malformed file is refused with the line at fault, and nothing of it
	// is stored.
	broken := strings.Replace(string(tbx), "</termSec>", "</termsec>", 3)
	broken = strings.Replace(broken, "全球南方", "全新概念", 1)
	resp, b = ta.do("POST", "/api/glossary/import?format=tbx&mode=replace", broken)
	if resp.StatusCode != 400 || !strings.Contains(string(b), "line") {
		t.Errorf("broken tbx: %d %s", resp.StatusCode, b)
	}
	badCSV := "id,domain,note,source,zh_preferred,es_preferred\n,d,,,全新概念,nuevo\n,d,,,另一个,x,extra\n"
	resp, b = ta.do("POST", "/api/glossary/import?format=csv", badCSV)
	if resp.StatusCode != 400 || !strings.Contains(string(b), "line 3") {
		t.Errorf("broken csv: %d %s", resp.StatusCode, b)
	}
	var got apiConcepts
	ta.getJSON("/api/glossary?q="+url.QueryEscape("全新概念"), 200, &got)
	if len(got.Concepts) != 0 {
		t.Error("a refused import stored a concept")
	}
	// The admin page's form posts the file and comes back to the glossary.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("mode", "merge")
	fw, _ := mw.CreateFormFile("file", "new.csv")
	fw.Write([]byte("id,domain,note,source,zh_preferred,es_preferred\n,economy,,,数字经济,economía digital\n"))
	mw.Close()
	req, _ := http.NewRequest("POST", ta.srv.URL+"/glossary/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	r, err := ta.client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 303 || !strings.Contains(r.Header.Get("Location"), "imported=1") {
		t.Errorf("form import: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
}

func TestDocumentTermsAPI(t *testing.T) {
	ta := newTestApp(t)
	var terms struct {
		Segments []struct {
			ID   int64     `json:"segment_id"`
			Hits []hitJSON `json:"hits"`
		} `json:"segments"`
	}
	ta.getJSON(fmt.Sprintf("/api/documents/%d/terms?lang=es", ta.doc.ID), 200, &terms)
	var seg int64
	var source string
	for _, s := range terms.Segments {
		for _, h := range s.Hits {
			if h.Term == "全球南方" && seg == 0 {
				seg = s.ID
				source = h.Text
				if len(h.Equivalents) == 0 || h.Equivalents[0].Text != "Sur Global" {
					t.Errorf("equivalents %+v", h.Equivalents)
				}
			}
		}
	}
	if seg == 0 || source != "全球南方" {
		t.Fatalf("全球南方 not found in the seed document: %d segments with terms", len(terms.Segments))
	}
	if resp, _ := ta.do("GET", fmt.Sprintf("/api/documents/%d/terms?lang=xx", ta.doc.ID), nil); resp.StatusCode != 400 {
		t.Errorf("unknown language: %d", resp.StatusCode)
	}
	// A translation without the glossary's rendering gets a warning, and
	// the editor filter finds it.
	tr, err := ta.store.Translation(t.Context(), seg, "es")
	if err != nil && !isNotFound(err) {
		t.Fatal(err)
	}
	if _, err := ta.store.SaveTranslation(t.Context(), store.Save{SegmentID: seg, Lang: "es", Text: "el sur del mundo", Status: workflow.StatusDraft, BaseVersion: tr.Version}); err != nil {
		t.Fatal(err)
	}
	var check struct {
		Warnings []warningJSON `json:"warnings"`
	}
	ta.getJSON(fmt.Sprintf("/api/documents/%d/termcheck?lang=es&segment=%d", ta.doc.ID, seg), 200, &check)
	found := false
	for _, w := range check.Warnings {
		if w.SegmentID == seg && w.Kind == "missing" && w.SourceTerm == "全球南方" && strings.Contains(w.Message, "Sur Global") {
			found = true
		}
	}
	if !found {
		t.Errorf("warnings %+v", check.Warnings)
	}
	_, body := ta.page(fmt.Sprintf("/documents/%d/edit/es?filter=warnings", ta.doc.ID))
	if !strings.Contains(body, fmt.Sprintf(`id="seg-%d"`, seg)) || strings.Count(body, `id="seg-`) != 1 {
		t.Errorf("warnings filter shows %d rows", strings.Count(body, `id="seg-`))
	}
	var disc struct {
		Candidates []candidateJSON `json:"candidates"`
	}
	ta.getJSON(fmt.Sprintf("/api/documents/%d/discover?limit=10", ta.doc.ID), 200, &disc)
	if len(disc.Candidates) == 0 || len(disc.Candidates[0].Occurrences) == 0 || disc.Candidates[0].Occurrences[0].SegmentID == 0 {
		t.Errorf("discover: %+v", disc.Candidates)
	}
}

func TestGlossaryPages(t *testing.T) {
	ta := newTestApp(t)
	_, translator := ta.user("tom", store.RoleTranslator)
	for _, lang := range []string{"en", "es", "pt", "zh-Hans"} {
		code, body := ta.page("/glossary?q="+url.QueryEscape("sur global"), "Cookie", langCookie+"="+lang)
		if code != 200 || !strings.Contains(body, "Sur Global") || !strings.Contains(body, "Sul Global") || !strings.Contains(body, "/edit/es?") {
			t.Errorf("%s glossary page: %d", lang, code)
		}
		for _, p := range []string{"/glossary", fmt.Sprintf("/documents/%d/terms?lang=es", ta.doc.ID)} {
			_, body := ta.page(p, "Cookie", langCookie+"="+lang)
			for _, m := range regexp.MustCompile(`>\s*((?:[A-Z][a-z]+){2,})\s*<`).FindAllStringSubmatch(body, -1) {
				if m[1] != "BeiDou" { // a glossary term, not a message id
					t.Errorf("%s %s shows the bare id %s", lang, p, m[1])
				}
			}
		}
	}
	_, body := ta.page("/glossary")
	if !strings.Contains(body, "/api/glossary/export?format=tbx") || !strings.Contains(body, `action="/glossary/import"`) {
		t.Error("the admin does not get import and export")
	}
	_, body = ta.as(translator).page("/glossary")
	if strings.Contains(body, `action="/glossary/import"`) {
		t.Error("a translator gets the import form")
	}
	code, body := ta.page(fmt.Sprintf("/documents/%d/terms?lang=pt", ta.doc.ID), "Cookie", langCookie+"=pt")
	if code != 200 || !strings.Contains(body, "Candidatos a termo") || !strings.Contains(body, `action="/glossary/concepts"`) {
		t.Errorf("terms page: %d", code)
	}
	// One click adds a candidate as a concept and comes back.
	form := url.Values{"zh": {"测试术语"}, "pt": {"termo de teste"}, "back": {"/documents/1/terms?lang=pt"}}
	req, _ := http.NewRequest("POST", ta.srv.URL+"/glossary/concepts", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := ta.as(translator).client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/documents/1/terms?lang=pt&added=") {
		t.Errorf("add from form: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// Only admins delete, from the glossary page.
	var found apiConcepts
	ta.getJSON("/api/glossary?q="+url.QueryEscape("测试术语"), 200, &found)
	if len(found.Concepts) != 1 || found.Concepts[0].UpdatedBy != "tom" {
		t.Fatalf("added concept: %+v", found.Concepts)
	}
	del := fmt.Sprintf("/glossary/concepts/%d/delete", found.Concepts[0].ID)
	if r, _ := ta.as(translator).do("POST", del, nil, "Accept", "text/html"); r.StatusCode != 403 {
		t.Errorf("translator deletes: %d", r.StatusCode)
	}
	// The first post asks; nothing is deleted until the answer.
	if r, body := ta.do("POST", del, nil, "Accept", "text/html"); r.StatusCode != 200 || !strings.Contains(string(body), `name="confirm" value="1"`) {
		t.Errorf("admin deletes without confirming: %d", r.StatusCode)
	}
	ta.getJSON("/api/glossary?q="+url.QueryEscape("测试术语"), 200, &found)
	if len(found.Concepts) != 1 {
		t.Fatal("the concept was deleted before the admin confirmed")
	}
	dreq, _ := http.NewRequest("POST", ta.srv.URL+del, strings.NewReader("confirm=1"))
	dreq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r, err := ta.client().Do(dreq); err != nil || r.StatusCode != 303 || !strings.Contains(r.Header.Get("Location"), "deleted=") {
		t.Errorf("admin deletes: %v %v", r, err)
	}
	// The admin sees who changed the glossary.
	_, body = ta.page("/glossary")
	if !strings.Contains(body, "concept deleted") || !strings.Contains(body, "测试术语") {
		t.Error("the glossary log lacks the deletion")
	}
	_, viewer := ta.user("vera", store.RoleViewer)
	req, _ = http.NewRequest("POST", ta.srv.URL+"/glossary/concepts", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err := ta.as(viewer).client().Do(req); err != nil || resp.StatusCode != 403 {
		t.Errorf("viewer adds from form: %v %v", resp.StatusCode, err)
	}
}

func TestEditorMarksTerms(t *testing.T) {
	ta := newTestApp(t)
	code, body := ta.page(fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID))
	if code != 200 || !strings.Contains(body, `<mark class="term" tabindex="-1" data-concepts="`) || !strings.Contains(body, `data-term="全球南方">全球南方</mark>`) {
		t.Fatalf("editor: %d, no marks", code)
	}
	if !strings.Contains(body, `id="glossary-data"`) || !strings.Contains(body, "Sur Global") {
		t.Error("editor lacks the glossary data")
	}
}

func TestMarkTermsEscapes(t *testing.T) {
	ta := newTestApp(t)
	ctx := t.Context()
	if _, err := ta.store.CreateConcept(ctx, store.Concept{Concept: conceptJSON{Terms: []termJSON{{Lang: "zh", Text: "<b>术语</b>", Status: "preferred"}}}.concept().Concept}, 0); err != nil {
		t.Fatal(err)
	}
	m, err := ta.app.gloss.Matcher(ctx)
	if err != nil {
		t.Fatal(err)
	}
	src := `前<b>术语</b>后&"`
	got := string(markTerms(src, m.Find(src)))
	want := `前<mark class="term" tabindex="-1" data-concepts="` + fmt.Sprint(m.Find(src)[0].ConceptID) + `" data-term="&lt;b&gt;术语&lt;/b&gt;">&lt;b&gt;术语&lt;/b&gt;</mark>后&amp;&#34;`
	if got != want {
		t.Errorf("markTerms:\n%s\nwant\n%s", got, want)
	}
}

func TestSortConceptsCollates(t *testing.T) {
	mk := func(zh, es string) store.Concept {
		return conceptJSON{Terms: []termJSON{{Lang: "zh", Text: zh, Status: "preferred"}, {Lang: "es", Text: es, Status: "preferred"}}}.concept()
	}
	cs := []store.Concept{mk("中国", "Banco"), mk("北京", "Ámbito"), mk("安全", "acuerdo")}
	order := func() string {
		var out []string
		for _, c := range cs {
			out = append(out, c.TermsIn("es")[0].Text)
		}
		return strings.Join(out, ",")
	}
	// Spanish: accents and case do not come first, as byte order would
	// have them.
	sortConcepts(cs, "es")
	if got := order(); got != "acuerdo,Ámbito,Banco" {
		t.Errorf("es order %s", got)
	}
	// Chinese by pinyin: an (安全), bei (北京), zhong (中国).
	sortConcepts(cs, "zh-Hans")
	if got := order(); got != "acuerdo,Ámbito,Banco" {
		t.Errorf("zh order %s", got)
	}
}

// FuzzMarkTerms checks that marking terms keeps the source text whole and
// lets no markup of it through: removing the marks and unescaping gives the
// source back.
func FuzzMarkTerms(f *testing.F) {
	cs, err := formats.ReadTermCSV(bytes.NewReader(seeds.Glossary))
	if err != nil {
		f.Fatal(err)
	}
	m := term.NewMatcher(cs, "zh")
	for _, s := range []string{"全球南方", "中拉命运共同体与全球南方<script>", "ＣＥＬＡＣ 拉共体 & \"x\"", "全球\u200b南方", "\xff全球南方"} {
		f.Add(s)
	}
	tags := regexp.MustCompile(`<mark class="term" tabindex="-1" data-concepts="[0-9 ]+" data-term="[^"<>]*">|</mark>`)
	f.Fuzz(func(t *testing.T, src string) {
		// Stored segments are valid UTF-8 without NUL (the importer refuses
		// both); HTML escaping replaces NUL.
		if !utf8.ValidString(src) || strings.ContainsRune(src, 0) {
			return
		}
		out := string(markTerms(src, m.Find(src)))
		plain := tags.ReplaceAllString(out, "")
		if strings.ContainsAny(plain, "<>") {
			t.Fatalf("markup left in %q", out)
		}
		if got := html.UnescapeString(plain); got != src {
			t.Fatalf("text changed: %q → %q", src, got)
		}
	})
}

func TestGlossaryEditForm(t *testing.T) {
	ta := newTestApp(t)
	_, reviewer := ta.user("rita", store.RoleReviewer)
	_, translator := ta.user("tom", store.RoleTranslator)
	ctx := t.Context()
	cs, err := ta.store.Lookup(ctx, "全球南方", 1)
	if err != nil || len(cs) != 1 {
		t.Fatal(cs, err)
	}
	c := cs[0]
	// Give a term forms, which the form does not show and must keep.
	for i := range c.Terms {
		if c.Terms[i].Lang == "es" {
			c.Terms[i].Forms = []term.TermForm{{Text: "Sures Globales", Number: "plural"}}
		}
	}
	if _, err := ta.store.UpdateConcept(ctx, c, 0); err != nil {
		t.Fatal(err)
	}
	c, _ = ta.store.Concept(ctx, c.ID)
	page := fmt.Sprintf("/glossary?q=%s&edit=%d", url.QueryEscape("全球南方"), c.ID)
	_, body := ta.as(reviewer).page(page)
	if !strings.Contains(body, fmt.Sprintf(`action="/glossary/concepts/%d"`, c.ID)) || !strings.Contains(body, `name="term_text" value="Sur Global"`) {
		t.Fatal("reviewer gets no edit form")
	}
	_, body = ta.as(translator).page(page)
	if strings.Contains(body, `name="term_text"`) {
		t.Error("translator gets the edit form")
	}
	form := url.Values{"back": {"/glossary?q=x"}, "domain": {"diplomacy"}, "note": {"n"}, "source": {"s"}, "definition": {"d"}}
	for _, tm := range c.Terms {
		form.Add("term_id", itoa(tm.ID))
		form.Add("term_lang", tm.Lang)
		text := tm.Text
		if tm.Lang == "pt" {
			text = "" // removed
		}
		form.Add("term_text", text)
		form.Add("term_status", string(tm.Status))
		form.Add("term_gender", tm.Gender)
		form.Add("term_number", tm.Number)
		form.Add("term_note", tm.Note)
	}
	for _, v := range [][2]string{{"term_id", ""}, {"term_lang", "es"}, {"term_text", "Sur global"}, {"term_status", "forbidden"},
		{"term_gender", ""}, {"term_number", ""}, {"term_note", "lower case"}} {
		form.Add(v[0], v[1])
	}
	post := func(token string) *http.Response {
		req, _ := http.NewRequest("POST", ta.srv.URL+fmt.Sprintf("/glossary/concepts/%d", c.ID), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := ta.as(token).client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(translator); resp.StatusCode != 403 {
		t.Errorf("translator edits: %d", resp.StatusCode)
	}
	if resp := post(reviewer); resp.StatusCode != 303 || resp.Header.Get("Location") != fmt.Sprintf("/glossary?q=x#concept-%d", c.ID) {
		t.Fatalf("reviewer edits: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	got, _ := ta.store.Concept(ctx, c.ID)
	if len(got.TermsIn("pt")) != 0 || got.Definition != "d" || got.UpdatedByName != "rita" {
		t.Errorf("after edit %+v", got)
	}
	es := got.TermsIn("es")
	if len(es) != 2 || es[0].Forms[0].Text != "Sures Globales" || es[1].Status != term.Forbidden || es[1].Note != "lower case" {
		t.Errorf("Spanish terms %+v", es)
	}
}
