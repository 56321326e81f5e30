package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"alinea/align/term"
	"alinea/store"
)

// hostile is text a user may type anywhere: a script element, an attribute
// breakout and a javascript: URL.
const hostile = `<script>alert(1)</script> "onmouseover="alert(2)" javascript:alert(3)`

// scriptURL finds a javascript: URL in an attribute that would follow it.
var scriptURL = regexp.MustCompile(`(?i)(href|src|action|formaction)\s*=\s*["']?\s*javascript:`)

// assertInert fails when body runs any part of the hostile text as markup.
func assertInert(t *testing.T, where, body string) {
	t.Helper()
	for _, raw := range []string{"<script>alert", `"onmouseover=`, `onmouseover="alert`} {
		for i := strings.Index(body, raw); i >= 0; i = nextIndex(body, raw, i) {
			// A backslash before the quote is JSON inside a script block
			// (whose < and > are escaped): a string, not markup.
			if raw[0] == '"' && i > 0 && body[i-1] == '\\' {
				continue
			}
			t.Errorf("%s carries %q as markup: …%s…", where, raw, body[max(0, i-80):min(len(body), i+80)])
			break
		}
	}
	if m := scriptURL.FindString(body); m != "" {
		t.Errorf("%s has a javascript: URL: %s", where, m)
	}
}

// nextIndex is the index of the next sub in s after the one at i, or -1.
func nextIndex(s, sub string, i int) int {
	j := strings.Index(s[i+1:], sub)
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

func TestHostileTextIsInert(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	// A document whose title, file name and text are hostile.
	status, _ := ta.upload(hostile+".txt", []byte("第一段。"+hostile+"\n第二段。\n"), "title", hostile)
	if status != http.StatusSeeOther {
		t.Fatalf("upload: %d", status)
	}
	docs, _ := ta.store.Documents(ctx)
	doc := docs[len(docs)-1]
	if doc.Title != hostile {
		t.Fatalf("title stored as %q", doc.Title)
	}
	rows, _, _ := ta.store.Segments(ctx, doc.ID, store.SegmentQuery{Lang: "es"})
	// A translation, a user's display name and a token name, all hostile.
	if resp, body := ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", rows[0].ID),
		map[string]any{"text": hostile, "status": "draft", "version": 0}); resp.StatusCode != 200 {
		t.Fatalf("save: %d %s", resp.StatusCode, body)
	}
	if _, err := ta.store.CreateUser(ctx, store.NewUser{Login: "mallory", Name: hostile, Role: store.RoleTranslator, Password: "mallory-password"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ta.store.CreateToken(ctx, ta.admin.ID, hostile); err != nil {
		t.Fatal(err)
	}

	// A glossary concept found in the document, with hostile equivalents,
	// note and domain.
	if _, err := ta.store.CreateConcept(ctx, store.Concept{Concept: term.Concept{Domain: hostile, Note: hostile, Terms: []term.Term{
		{Lang: "zh", Text: "第一段", Status: term.Preferred},
		{Lang: "es", Text: hostile, Status: term.Preferred, Note: hostile},
	}}}, ta.admin.ID); err != nil {
		t.Fatal(err)
	}

	// A translation to align whose text and file name are hostile.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("lang", "es")
	fw, _ := mw.CreateFormFile("file", hostile+".txt")
	fw.Write([]byte(hostile + "\n\nSegundo párrafo."))
	mw.Close()
	resp, body := ta.do("POST", fmt.Sprintf("/api/documents/%d/alignments", doc.ID), buf.Bytes(),
		"Content-Type", mw.FormDataContentType(), "Accept", "application/json")
	var al struct {
		ID int64 `json:"id"`
	}
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &al) != nil {
		t.Fatalf("alignment: %d %.300s", resp.StatusCode, body)
	}

	pages := []string{
		"/glossary",
		"/glossary?q=" + url.QueryEscape("第一段"),
		fmt.Sprintf("/documents/%d/terms", doc.ID),
		fmt.Sprintf("/alignments/%d", al.ID),
		fmt.Sprintf("/documents/%d/alignments", doc.ID),
		"/",
		"/?imported=" + itoa(doc.ID),
		fmt.Sprintf("/documents/%d/edit/es", doc.ID),
		fmt.Sprintf("/documents/%d/edit/es?q=%s", doc.ID, "%3Cscript%3Ealert(1)"),
		fmt.Sprintf("/documents/%d/compare", doc.ID),
		fmt.Sprintf("/documents/%d/activity", doc.ID),
		fmt.Sprintf("/segments/%d/history/es", rows[0].ID),
		fmt.Sprintf("/documents/%d/exchange", doc.ID),
		fmt.Sprintf("/documents/%d/export?format=html&lang=all", doc.ID),
		fmt.Sprintf("/documents/%d/export?format=html&lang=es&untranslated=source", doc.ID),
		"/admin/users",
		"/account",
	}
	for _, path := range pages {
		status, body := ta.page(path)
		if status != http.StatusOK {
			t.Errorf("%s: %d", path, status)
			continue
		}
		assertInert(t, path, body)
		// The text is there, shown as text.
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") && !strings.Contains(body, `\u003cscript\u003ealert(1)`) {
			t.Errorf("%s does not show the hostile text escaped", path)
		}
	}
	// Error messages quote what the user sent, escaped too.
	status, errPage := ta.page("/documents/" + hostile)
	if status != http.StatusNotFound {
		t.Errorf("a hostile document id: %d", status)
	}
	assertInert(t, "an error page", errPage)
}
