package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"alinea/quality"
	"alinea/store"
)

type savedJSON struct {
	Version int64                 `json:"version"`
	Status  string                `json:"status"`
	QA      []quality.FindingJSON `json:"qa"`
}

type qaReportJSON struct {
	Checks   []string              `json:"checks"`
	Counts   map[string]int        `json:"counts"`
	Findings []quality.FindingJSON `json:"findings"`
}

// save puts a translation and returns the answer with its findings.
func (ta *testApp) save(seg int64, lang, text, status string, version int64) savedJSON {
	ta.t.Helper()
	resp, body := ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/%s", seg, lang),
		map[string]any{"text": text, "status": status, "version": version}, "Accept-Language", "es")
	if resp.StatusCode != 200 {
		ta.t.Fatalf("save: %d %s", resp.StatusCode, body)
	}
	var out savedJSON
	if err := json.Unmarshal(body, &out); err != nil {
		ta.t.Fatal(err)
	}
	return out
}

func checksOf(fs []quality.FindingJSON) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Check)
	}
	return out
}

func TestQASaveAndReport(t *testing.T) {
	ta := newTestApp(t)
	rows, _, err := ta.store.Segments(t.Context(), ta.doc.ID, store.SegmentQuery{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	var seg store.Row
	for _, r := range rows {
		if strings.HasPrefix(r.Source, "1949年") {
			seg = r
		}
	}
	// A changed year: the save succeeds and says so, in the user's language.
	saved := ta.save(seg.ID, "en", "When the PRC was founded in 1950, exchanges were mainly people-to-people.", "translated", 0)
	if saved.Version != 1 || len(saved.QA) != 1 || saved.QA[0].Check != "numbers" || saved.QA[0].Severity != "error" ||
		!strings.Contains(saved.QA[0].Message, "1949") || !strings.Contains(saved.QA[0].Message, "número") {
		t.Fatalf("save answer = %+v", saved)
	}
	if sp := saved.QA[0].SourceSpans; len(sp) != 1 || []rune(seg.Source)[sp[0][0]] != '1' || sp[0][1]-sp[0][0] != 4 {
		t.Errorf("source spans %v do not point at 1949", sp)
	}
	// The report lists it with its row.
	var rep qaReportJSON
	ta.getJSON(fmt.Sprintf("/api/documents/%d/qa/en", ta.doc.ID), 200, &rep)
	if len(rep.Findings) != 1 || rep.Findings[0].Position != seg.Position || rep.Counts["numbers"] != 1 || len(rep.Checks) != 15 {
		t.Fatalf("report = %+v", rep)
	}
	key := rep.Findings[0].Key

	// A translator may not silence it; a reviewer may, and it stays
	// silenced while the texts stay.
	_, trToken := ta.user("tina", store.RoleTranslator)
	if resp, _ := ta.as(trToken).do("POST", fmt.Sprintf("/api/segments/%d/qa/en/silence", seg.ID), map[string]string{"check": "numbers", "key": key}); resp.StatusCode != 403 {
		t.Errorf("translator silenced: %d", resp.StatusCode)
	}
	_, revToken := ta.user("rita", store.RoleReviewer)
	resp, body := ta.as(revToken).do("POST", fmt.Sprintf("/api/segments/%d/qa/en/silence", seg.ID), map[string]string{"check": "numbers", "key": key})
	if resp.StatusCode != 200 || strings.Contains(string(body), `"numbers"`) {
		t.Fatalf("silence: %d %s", resp.StatusCode, body)
	}
	ta.getJSON(fmt.Sprintf("/api/documents/%d/qa/en", ta.doc.ID), 200, &rep)
	if len(rep.Findings) != 0 {
		t.Errorf("silenced finding reported: %+v", rep.Findings)
	}
	// A change of the translation brings it back.
	saved = ta.save(seg.ID, "en", "When the PRC was founded in 1950, exchanges were mostly people-to-people.", "translated", 1)
	if len(saved.QA) != 1 {
		t.Errorf("after a change: %+v", saved.QA)
	}
	if resp, _ := ta.as(revToken).do("POST", fmt.Sprintf("/api/segments/%d/qa/en/silence", seg.ID), map[string]string{"check": "nope", "key": key}); resp.StatusCode != 400 {
		t.Errorf("unknown check silenced: %d", resp.StatusCode)
	}

	// An admin switches the check off for the document; reviewers may not.
	if resp, _ := ta.as(revToken).do("PUT", fmt.Sprintf("/api/documents/%d/qa-checks", ta.doc.ID), map[string]any{"enabled": []string{"brackets"}}); resp.StatusCode != 403 {
		t.Errorf("reviewer switched checks: %d", resp.StatusCode)
	}
	if resp, body := ta.do("PUT", fmt.Sprintf("/api/documents/%d/qa-checks", ta.doc.ID), map[string]any{"enabled": []string{"brackets", "bogus"}}); resp.StatusCode != 400 {
		t.Errorf("unknown check accepted: %d %s", resp.StatusCode, body)
	}
	if resp, body := ta.do("PUT", fmt.Sprintf("/api/documents/%d/qa-checks", ta.doc.ID), map[string]any{"enabled": []string{"brackets", "untranslated"}}); resp.StatusCode != 200 {
		t.Fatalf("set checks: %d %s", resp.StatusCode, body)
	}
	ta.getJSON(fmt.Sprintf("/api/documents/%d/qa/en", ta.doc.ID), 200, &rep)
	if len(rep.Findings) != 0 || strings.Join(rep.Checks, ",") != "brackets,untranslated" {
		t.Errorf("with numbers off: %+v", rep)
	}
	saved = ta.save(seg.ID, "en", "1949年 the PRC was founded.", "translated", 2)
	if strings.Join(checksOf(saved.QA), ",") != "untranslated" {
		t.Errorf("with numbers off, save answer: %+v", saved.QA)
	}
	// ?checks narrows further; an unknown one is refused.
	ta.getJSON(fmt.Sprintf("/api/documents/%d/qa/en?checks=brackets", ta.doc.ID), 200, &rep)
	if len(rep.Findings) != 0 {
		t.Errorf("?checks=brackets: %+v", rep.Findings)
	}
	ta.getJSON(fmt.Sprintf("/api/documents/%d/qa/en?checks=nope", ta.doc.ID), 400, nil)
	ta.getJSON(fmt.Sprintf("/api/documents/%d/qa/xx", ta.doc.ID), 400, nil)
}

func TestQAReportPagesAndFilter(t *testing.T) {
	ta := newTestApp(t)
	rows, _, err := ta.store.Segments(t.Context(), ta.doc.ID, store.SegmentQuery{Lang: "es"})
	if err != nil {
		t.Fatal(err)
	}
	// Row 15 (1949年…) with a wrong year, row 17 without its full stop,
	// row 1 correct.
	ta.save(rows[0].ID, "es", "Prefacio", "translated", 0)
	ta.save(rows[14].ID, "es", "Cuando se fundó la Nueva China en 1950, los intercambios eran entre pueblos.", "translated", 0)
	ta.save(rows[16].ID, "es", "Gracias al esfuerzo de sucesivas generaciones, la amistad ha arraigado", "translated", 0)

	code, body := ta.page(fmt.Sprintf("/documents/%d/qa/es", ta.doc.ID), "Accept-Language", "es")
	if code != 200 {
		t.Fatalf("report page: %d", code)
	}
	for _, want := range []string{"Números", "Puntuación final", `id="check-numbers"`, `id="check-end-punctuation"`,
		fmt.Sprintf("focus=%d#seg-%d", rows[14].ID, rows[14].ID), "1949"} {
		if !strings.Contains(body, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	resp, csvBody := ta.do("GET", fmt.Sprintf("/documents/%d/qa/es/export?format=csv", ta.doc.ID), nil)
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(csvBody), "\ufeff")), "\n")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || len(lines) != 3 ||
		lines[0] != "segment,position,check,severity,message,source,target" || !strings.Contains(lines[1], ",15,numbers,error,") {
		t.Errorf("CSV export: %d %q", resp.StatusCode, lines)
	}
	resp, htmlBody := ta.do("GET", fmt.Sprintf("/documents/%d/qa/es/export?format=html", ta.doc.ID), nil)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "qa-") ||
		!strings.Contains(string(htmlBody), "<h2>") || !strings.Contains(string(htmlBody), "1950") {
		t.Errorf("HTML export: %d %s", resp.StatusCode, htmlBody)
	}
	if resp, _ := ta.do("GET", fmt.Sprintf("/documents/%d/qa/es/export?format=pdf", ta.doc.ID), nil); resp.StatusCode != 400 {
		t.Errorf("unknown format: %d", resp.StatusCode)
	}

	// The editor's filter shows the rows with errors and no other.
	code, body = ta.page(fmt.Sprintf("/documents/%d/edit/es?filter=qa-errors", ta.doc.ID))
	if code != 200 || !strings.Contains(body, fmt.Sprintf(`id="seg-%d"`, rows[14].ID)) ||
		!strings.Contains(body, fmt.Sprintf(`id="seg-%d"`, rows[16].ID)) || strings.Contains(body, fmt.Sprintf(`id="seg-%d"`, rows[0].ID)) {
		t.Errorf("qa-errors filter: %d", code)
	}
	// An admin switches checks from the report page; others may not.
	_, body = ta.page(fmt.Sprintf("/documents/%d/qa/es", ta.doc.ID))
	if !strings.Contains(body, `name="check" value="numbers" checked`) {
		t.Errorf("admin sees no check switches")
	}
	form := url.Values{"check": {"end-punctuation", "brackets"}}
	post := func(token string) *http.Response {
		req, _ := http.NewRequest("POST", ta.srv.URL+fmt.Sprintf("/documents/%d/qa/es/checks", ta.doc.ID), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := ta.as(token).client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	_, revToken := ta.user("rev", store.RoleReviewer)
	if resp := post(revToken); resp.StatusCode != 403 {
		t.Errorf("reviewer switched checks: %d", resp.StatusCode)
	}
	if resp := post(ta.token); resp.StatusCode != 303 {
		t.Errorf("admin switched checks: %d", resp.StatusCode)
	}
	var rep qaReportJSON
	ta.getJSON(fmt.Sprintf("/api/documents/%d/qa/es", ta.doc.ID), 200, &rep)
	if strings.Join(rep.Checks, ",") != "end-punctuation,brackets" || len(rep.Findings) != 1 {
		t.Errorf("after switching: %+v", rep)
	}
	// All on again, for the counts below.
	form = url.Values{"check": quality.Checks()}
	if resp := post(ta.token); resp.StatusCode != 303 {
		t.Errorf("all checks on: %d", resp.StatusCode)
	}

	// The documents page counts them.
	code, body = ta.page("/", "Accept-Language", "en")
	if code != 200 || !strings.Contains(body, "Quality: 2 errors, 0 warnings") {
		t.Errorf("documents page: %d, no counts", code)
	}
}

// A save that loses an inline code of the imported translation is told so
// at once, in the user's language, and the report lists it.
func TestQAInlineCodesOnSave(t *testing.T) {
	ta := newTestApp(t)
	rows, _, err := ta.store.Segments(t.Context(), ta.doc.ID, store.SegmentQuery{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	seg := rows[3]
	if _, err := ta.store.ApplyTranslations(t.Context(), ta.doc.ID, []store.Update{{SegmentID: seg.ID, Source: seg.Source,
		Lang: "en", Text: "⟦1⟧Imported⟦/1⟧ text ⟦2/⟧.", Status: "translated"}}, store.ApplyOptions{Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	tr, err := ta.store.Translation(t.Context(), seg.ID, "en")
	if err != nil {
		t.Fatal(err)
	}
	saved := ta.save(seg.ID, "en", "⟦1⟧Edited⟦/1⟧ text.", "translated", tr.Version)
	var codes []quality.FindingJSON
	for _, f := range saved.QA {
		if f.Check == "inline-codes" {
			codes = append(codes, f)
		}
	}
	if len(codes) != 1 || codes[0].Severity != "error" || !strings.Contains(codes[0].Message, "Falta el código ⟦2/⟧") {
		t.Fatalf("save answer = %+v", saved.QA)
	}
	var rep qaReportJSON
	ta.getJSON(fmt.Sprintf("/api/documents/%d/qa/en?checks=inline-codes", ta.doc.ID), 200, &rep)
	if rep.Counts["inline-codes"] != 1 {
		t.Errorf("report counts %v", rep.Counts)
	}
}
