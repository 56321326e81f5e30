package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"alinea/align/segment"
	"alinea/store"
	"alinea/tm"
	"alinea/workflow"
)

// who is one kind of visitor in the role matrix.
type who int

const (
	asAnonymous who = iota
	asViewer
	asTranslator // assigned to the seed document in Spanish only
	asReviewer
	asAdmin
)

var everyone = []who{asAnonymous, asViewer, asTranslator, asReviewer, asAdmin}

func (w who) String() string {
	return [...]string{"anonymous", "viewer", "translator", "reviewer", "admin"}[w]
}

// matrixFixture is a fresh workbench with one user of each role.
type matrixFixture struct {
	*testApp
	tokens   map[who]string
	users    map[who]store.User
	spare    map[who]int64    // a second API token of each user, to revoke
	segment  int64            // a segment of the seed document in the middle
	revision map[string]int64 // its first revision per language
	concept  int64            // the concept of 全球南方
	// lastAlignment is the alignment made for the request being sent.
	lastAlignment int64
}

func newMatrixFixture(t *testing.T) *matrixFixture {
	ta := newTestApp(t)
	ctx := context.Background()
	f := &matrixFixture{testApp: ta, tokens: map[who]string{}, users: map[who]store.User{}, spare: map[who]int64{}}
	f.users[asAdmin], f.tokens[asAdmin] = ta.admin, ta.token
	for w, role := range map[who]store.Role{asViewer: store.RoleViewer, asTranslator: store.RoleTranslator, asReviewer: store.RoleReviewer} {
		f.users[w], f.tokens[w] = ta.user(w.String(), role)
	}
	if err := ta.store.Assign(ctx, store.Assignment{UserID: f.users[asTranslator].ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID); err != nil {
		t.Fatal(err)
	}
	for _, w := range []who{asViewer, asTranslator, asReviewer, asAdmin} {
		_, tok, err := ta.store.CreateToken(ctx, f.users[w].ID, "spare")
		if err != nil {
			t.Fatal(err)
		}
		f.spare[w] = tok.ID
	}
	f.segment = ta.segmentIDs("es")[20]
	// A first revision in each language, for the restore routes.
	f.revision = map[string]int64{}
	for _, lang := range []string{"es", "pt"} {
		if _, err := ta.store.SaveTranslation(ctx, store.Save{SegmentID: f.segment, Lang: lang, Text: "Primera versión",
			Status: workflow.StatusDraft, AuthorID: ta.admin.ID}); err != nil {
			t.Fatal(err)
		}
		revs, err := ta.store.Revisions(ctx, f.segment, lang)
		if err != nil || len(revs) != 1 {
			t.Fatalf("revisions: %v %v", revs, err)
		}
		f.revision[lang] = revs[0].ID
	}
	concepts, err := ta.store.Concepts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range concepts {
		for _, term := range c.TermsIn("zh") {
			if term.Text == "全球南方" {
				f.concept = c.ID
			}
		}
	}
	if f.concept == 0 {
		t.Fatal("no concept 全球南方 in the seed glossary")
	}
	return f
}

// version is the current version of the fixture segment's translation, so
// every allowed save in the matrix is a valid one.
func (f *matrixFixture) version(lang string) int64 {
	tr, err := f.store.Translation(context.Background(), f.segment, lang)
	if err != nil {
		f.t.Fatal(err)
	}
	return tr.Version
}

// route is one request of the matrix. body returns nil, url.Values (sent as
// a form) or a value sent as JSON; allowed lists who may make the request.
type route struct {
	method, path string
	body         func(f *matrixFixture, w who) any
	allowed      []who
	api          bool // asAnonymous requests get 401, not a redirect to sign-in
}

var anyUser = []who{asViewer, asTranslator, asReviewer, asAdmin}
var editorsEs = []who{asTranslator, asReviewer, asAdmin}
var editorsAll = []who{asReviewer, asAdmin}
var admins = []who{asAdmin}

func form(kv ...string) func(*matrixFixture, who) any {
	return func(*matrixFixture, who) any {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
}

func save(lang, status string) func(*matrixFixture, who) any {
	return func(f *matrixFixture, w who) any {
		return map[string]any{"text": "Texto de " + w.String(), "status": status, "version": f.version(lang)}
	}
}

// routes lists every page, action and API route behind the sign-in, with
// who may use it. {doc}, {seg}, {user}, {token}, {concept} and {mergeable} (a segment
// with a next one in its paragraph) are filled in per request.
var routes = []route{
	{method: "GET", path: "/", allowed: anyUser},
	{method: "POST", path: "/documents", allowed: admins, body: func(*matrixFixture, who) any { return upload{"nuevo.txt", "新的文件。\n", nil} }},
	{method: "GET", path: "/account", allowed: anyUser},
	{method: "GET", path: "/account/password", allowed: anyUser},
	{method: "POST", path: "/account/password", allowed: anyUser, body: func(_ *matrixFixture, w who) any {
		return url.Values{"current": {w.String() + "-password"}, "new": {"a new long passphrase"}, "again": {"a new long passphrase"}}
	}},
	{method: "POST", path: "/account/tokens", allowed: anyUser, body: form("name", "script")},
	{method: "POST", path: "/account/tokens/{token}/revoke", allowed: anyUser, body: form()},
	{method: "POST", path: "/account/signout-everywhere", allowed: anyUser, body: form()},
	{method: "GET", path: "/admin/users", allowed: admins},
	{method: "POST", path: "/admin/users", allowed: admins, body: form("login", "newcomer", "name", "New", "role", "viewer")},
	{method: "POST", path: "/admin/users/{user}", allowed: admins, body: form("action", "role", "role", "reviewer")},
	{method: "GET", path: "/documents/{doc}/compare", allowed: anyUser},
	{method: "GET", path: "/documents/{doc}/activity", allowed: admins},
	{method: "GET", path: "/documents/{doc}/edit/es", allowed: anyUser},
	{method: "GET", path: "/documents/{doc}/edit/pt", allowed: anyUser},
	{method: "GET", path: "/documents/{doc}/edit/es/events", allowed: anyUser},
	{method: "GET", path: "/segments/{seg}/history/es", allowed: anyUser},
	{method: "GET", path: "/documents/{doc}/exchange", allowed: anyUser},
	{method: "GET", path: "/documents/{doc}/export?format=docx&lang=all", allowed: anyUser},
	{method: "GET", path: "/documents/{doc}/export?format=html&lang=es", allowed: anyUser},
	{method: "GET", path: "/glossary", allowed: anyUser},
	{method: "GET", path: "/glossary?q=sur", allowed: anyUser},
	{method: "GET", path: "/documents/{doc}/terms", allowed: anyUser},
	{method: "POST", path: "/glossary/concepts", allowed: []who{asTranslator, asReviewer, asAdmin}, body: func(_ *matrixFixture, w who) any {
		return url.Values{"zh": {"新术语" + w.String()}, "es": {"término nuevo"}}
	}},
	{method: "POST", path: "/glossary/concepts/{concept}", allowed: editorsAll, body: func(*matrixFixture, who) any {
		return url.Values{"note": {"revisado"}, "term_id": {""}, "term_lang": {"zh"}, "term_text": {"全球南方"},
			"term_status": {"preferred"}, "term_gender": {""}, "term_number": {""}, "term_note": {""}}
	}},
	{method: "POST", path: "/glossary/concepts/{concept}/delete", allowed: admins, body: form()},
	{method: "POST", path: "/glossary/import", allowed: admins, body: glossaryFile},
	{method: "GET", path: "/documents/{doc}/alignments", allowed: anyUser},
	{method: "POST", path: "/documents/{doc}/alignments", allowed: editorsEs, body: translation("es")},
	{method: "POST", path: "/documents/{doc}/alignments#pt", allowed: editorsAll, body: translation("pt")},
	{method: "GET", path: "/alignments/{align-es}", allowed: anyUser},
	{method: "POST", path: "/alignments/{align-es}/accept", allowed: editorsEs, body: form("threshold", "0.5")},
	{method: "POST", path: "/alignments/{align-pt}/accept", allowed: editorsAll, body: form("threshold", "0.5")},
	{method: "POST", path: "/documents/{doc}/import", allowed: editorsEs, body: exported("xliff2", "es")},
	{method: "POST", path: "/documents/{doc}/import#pt", allowed: editorsAll, body: exported("xliff2", "pt")},
	{method: "POST", path: "/segments/{seg}/history/es/restore", allowed: editorsEs, body: func(f *matrixFixture, _ who) any {
		return url.Values{"revision": {fmt.Sprint(f.revision["es"])}, "version": {fmt.Sprint(f.version("es"))}}
	}},
	{method: "POST", path: "/segments/{seg}/history/pt/restore", allowed: editorsAll, body: func(f *matrixFixture, _ who) any {
		return url.Values{"revision": {fmt.Sprint(f.revision["pt"])}, "version": {fmt.Sprint(f.version("pt"))}}
	}},

	{method: "GET", path: "/documents/{doc}/qa/es", allowed: anyUser},
	{method: "GET", path: "/documents/{doc}/qa/es/export?format=csv", allowed: anyUser},
	{method: "POST", path: "/documents/{doc}/qa/es/checks", allowed: admins, body: form("check", "brackets")},
	{method: "POST", path: "/documents/{doc}/zh-tag", allowed: editorsAll, body: form("tag", "zh-TW")},
	{api: true, method: "GET", path: "/api/documents/{doc}/qa/es", allowed: anyUser},
	{api: true, method: "POST", path: "/api/segments/{seg}/qa/es/check", allowed: anyUser, body: func(*matrixFixture, who) any {
		return map[string]any{"text": "Texto con 2025"}
	}},
	{api: true, method: "POST", path: "/api/segments/{seg}/qa/es/silence", allowed: editorsAll, body: func(*matrixFixture, who) any {
		return map[string]any{"check": "numbers", "key": "2025"}
	}},
	{api: true, method: "GET", path: "/api/documents/{doc}/qa-checks", allowed: anyUser},
	{api: true, method: "PUT", path: "/api/documents/{doc}/qa-checks", allowed: admins, body: func(*matrixFixture, who) any {
		return map[string]any{"enabled": []string{"brackets", "numbers"}}
	}},

	{method: "GET", path: "/memory", allowed: anyUser},
	{method: "GET", path: "/memory?q=%E6%8B%89", allowed: anyUser},
	{method: "POST", path: "/memory/import", allowed: admins, body: func(*matrixFixture, who) any {
		return upload{"old.tmx", `<tmx><body><tu><tuv xml:lang="zh"><seg>前言</seg></tuv><tuv xml:lang="es"><seg>Prólogo</seg></tuv></tu></body></tmx>`, []string{"name", "vieja"}}
	}},
	{method: "POST", path: "/memory/delete", allowed: admins, body: func(f *matrixFixture, _ who) any {
		tmx := `<tmx><body><tu><tuv xml:lang="zh"><seg>前言</seg></tuv><tuv xml:lang="es"><seg>Prólogo</seg></tuv></tu></body></tmx>`
		if _, err := tm.New(f.store).ImportTMX(context.Background(), strings.NewReader(tmx), "vieja", 0); err != nil {
			f.t.Fatal(err)
		}
		return url.Values{"name": {"vieja"}}
	}},
	{api: true, method: "GET", path: "/api/tm?q=%E5%89%8D%E8%A8%80&lang=es", allowed: anyUser},
	{api: true, method: "GET", path: "/api/tm/export", allowed: anyUser},
	{api: true, method: "GET", path: "/api/concordance?q=%E6%8B%89", allowed: anyUser},
	{api: true, method: "GET", path: "/api/segments/{seg}/matches/es", allowed: anyUser},
	{api: true, method: "GET", path: "/api/documents/{doc}/analysis?lang=es", allowed: anyUser},
	{method: "GET", path: "/documents/{doc}/analysis/es", allowed: anyUser},
	{api: true, method: "POST", path: "/api/documents/{doc}/pretranslate", allowed: editorsEs, body: func(*matrixFixture, who) any {
		return map[string]any{"lang": "es", "min": 100}
	}},
	{api: true, method: "POST", path: "/api/segments/{seg}/propagate/es", allowed: editorsEs},

	{method: "GET", path: "/documents/{doc}/preview/es", allowed: anyUser},
	{api: true, method: "POST", path: "/api/documents/{doc}/replace/es/preview", allowed: anyUser, body: replacement},
	{api: true, method: "POST", path: "/api/documents/{doc}/replace/es", allowed: editorsEs, body: replacement},
	{api: true, method: "POST", path: "/api/documents/{doc}/replace/es/{batch}/undo", allowed: editorsEs},
	{api: true, method: "GET", path: "/api/segments/{seg}/comments/es", allowed: anyUser},
	{api: true, method: "POST", path: "/api/segments/{seg}/comments/es", allowed: editorsEs, body: func(*matrixFixture, who) any {
		return map[string]any{"body": "¿Mayúscula?"}
	}},
	{api: true, method: "POST", path: "/api/segments/{seg}/comments/es/{comment}/resolve", allowed: editorsEs, body: func(*matrixFixture, who) any {
		return map[string]any{"resolved": true}
	}},
	{api: true, method: "POST", path: "/api/segments/{seg}/translations/es/reject", allowed: editorsAll, body: func(f *matrixFixture, _ who) any {
		return map[string]any{"version": f.version("es"), "comment": "Revísese."}
	}},
	{api: true, method: "GET", path: "/api/documents", allowed: anyUser},
	{api: true, method: "GET", path: "/api/documents/{doc}", allowed: anyUser},
	{api: true, method: "GET", path: "/api/documents/{doc}/segments?lang=es", allowed: anyUser},
	{api: true, method: "PUT", path: "/api/segments/{seg}/translations/es", allowed: editorsEs, body: save("es", "translated")},
	{api: true, method: "PUT", path: "/api/segments/{seg}/translations/es#reviewed", allowed: editorsAll, body: save("es", "reviewed")},
	{api: true, method: "PUT", path: "/api/segments/{seg}/translations/pt", allowed: editorsAll, body: save("pt", "draft")},
	{api: true, method: "GET", path: "/api/segments/{seg}/translations/es/revisions", allowed: anyUser},
	{api: true, method: "GET", path: "/api/documents/{doc}/export?format=tmx&lang=all", allowed: anyUser},
	{api: true, method: "POST", path: "/api/documents/{doc}/import", allowed: editorsEs, body: exported("csv", "es")},
	{api: true, method: "POST", path: "/api/documents/{doc}/import#pt", allowed: editorsAll, body: exported("xliff12", "pt")},
	{api: true, method: "GET", path: "/api/glossary?q=sur", allowed: anyUser},
	{api: true, method: "GET", path: "/api/glossary/export?format=tbx", allowed: anyUser},
	{api: true, method: "GET", path: "/api/glossary/concepts/{concept}", allowed: anyUser},
	{api: true, method: "POST", path: "/api/glossary/concepts", allowed: []who{asTranslator, asReviewer, asAdmin}, body: func(_ *matrixFixture, w who) any {
		return map[string]any{"terms": []map[string]any{{"lang": "zh", "text": "新术语" + w.String(), "status": "preferred"}}}
	}},
	{api: true, method: "PUT", path: "/api/glossary/concepts/{concept}", allowed: editorsAll, body: func(*matrixFixture, who) any {
		return map[string]any{"note": "revisado", "terms": []map[string]any{{"lang": "zh", "text": "全球南方", "status": "preferred"},
			{"lang": "es", "text": "Sur Global", "status": "preferred"}}}
	}},
	{api: true, method: "DELETE", path: "/api/glossary/concepts/{concept}", allowed: admins},
	{api: true, method: "POST", path: "/api/glossary/import", allowed: admins, body: glossaryFile},
	{api: true, method: "GET", path: "/api/documents/{doc}/terms?lang=es", allowed: anyUser},
	{api: true, method: "GET", path: "/api/documents/{doc}/termcheck?lang=pt", allowed: anyUser},
	{api: true, method: "GET", path: "/api/documents/{doc}/discover", allowed: anyUser},
	{api: true, method: "POST", path: "/api/documents/{doc}/alignments", allowed: editorsEs, body: translation("es")},
	{api: true, method: "POST", path: "/api/documents/{doc}/alignments#pt", allowed: editorsAll, body: translation("pt")},
	{api: true, method: "GET", path: "/api/alignments/{align-pt}", allowed: anyUser},
	{api: true, method: "POST", path: "/api/alignments/{align-es}/edit", allowed: editorsEs, body: alignmentEdit},
	{api: true, method: "POST", path: "/api/alignments/{align-pt}/edit", allowed: editorsAll, body: alignmentEdit},
	{api: true, method: "POST", path: "/api/alignments/{align-es}/accept", allowed: editorsEs, body: func(*matrixFixture, who) any {
		return map[string]any{"threshold": 0.5}
	}},
	{api: true, method: "POST", path: "/api/segments/{mergeable}/merge", allowed: editorsAll, body: func(f *matrixFixture, _ who) any {
		return map[string]any{"next_id": 0}
	}},
	{api: true, method: "POST", path: "/api/segments/{seg}/split", allowed: editorsAll, body: func(f *matrixFixture, _ who) any {
		seg, err := f.store.Segment(context.Background(), f.segment)
		if err != nil {
			f.t.Fatal(err)
		}
		return map[string]any{"at": len([]rune(seg.Source)) / 2, "source": seg.Source}
	}},
}

// replacement replaces a word of the fixture segment's Spanish text with a
// longer one that still contains it, so that every visitor finds it.
func replacement(*matrixFixture, who) any {
	return map[string]any{"find": "versión", "replacement": "versión nueva"}
}

// newBatch makes a replacement batch in the fixture document's Spanish
// text as the admin, for the undo route.
func (f *matrixFixture) newBatch() int64 {
	f.t.Helper()
	resp, body := f.do("POST", fmt.Sprintf("/api/documents/%d/replace/es", f.doc.ID), map[string]any{"find": "versión", "replacement": "versión nueva"})
	var b struct {
		Batch int64 `json:"batch"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &b) != nil || b.Batch == 0 {
		f.t.Fatalf("replace: %d %.300s", resp.StatusCode, body)
	}
	return b.Batch
}

// newComment adds a comment on the fixture segment in Spanish as the
// admin, for the resolve route.
func (f *matrixFixture) newComment() int64 {
	f.t.Helper()
	resp, body := f.do("POST", fmt.Sprintf("/api/segments/%d/comments/es", f.segment), map[string]any{"body": "Nota"})
	var c struct {
		ID int64 `json:"id"`
	}
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &c) != nil || c.ID == 0 {
		f.t.Fatalf("comment: %d %.300s", resp.StatusCode, body)
	}
	return c.ID
}

// translation is a short translation of the seed document's beginning, sent
// as pasted text to be aligned.
func translation(lang string) func(*matrixFixture, who) any {
	return func(*matrixFixture, who) any {
		return upload{fields: []string{"lang", lang, "text", "Preface\n\nChina and Latin America are friends."}}
	}
}

// alignmentEdit confirms the first bead of the alignment in the path, at its
// current version.
func alignmentEdit(f *matrixFixture, _ who) any {
	var a struct {
		Version int64 `json:"version"`
	}
	f.getJSON(fmt.Sprintf("/api/alignments/%d", f.lastAlignment), http.StatusOK, &a)
	return map[string]any{"op": "confirm", "position": 0, "version": a.Version}
}

// newAlignment stores a new alignment of the seed document in lang, made by
// the admin.
func (f *matrixFixture) newAlignment(lang string) int64 {
	f.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("lang", lang)
	mw.WriteField("text", "Preface\n\nChina and Latin America are friends.")
	mw.Close()
	resp, body := f.do("POST", fmt.Sprintf("/api/documents/%d/alignments", f.doc.ID), buf.Bytes(),
		"Content-Type", mw.FormDataContentType(), "Accept", "application/json")
	var a struct {
		ID int64 `json:"id"`
	}
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &a) != nil || a.ID == 0 {
		f.t.Fatalf("alignment: %d %.300s", resp.StatusCode, body)
	}
	f.lastAlignment = a.ID
	return a.ID
}

// glossaryFile is a one-concept glossary CSV sent as an upload.
func glossaryFile(f *matrixFixture, _ who) any {
	resp, body := f.do("GET", "/api/glossary/export?format=csv", nil)
	if resp.StatusCode != http.StatusOK {
		f.t.Fatalf("glossary export: %d", resp.StatusCode)
	}
	return upload{name: "glossary.csv", content: string(body)}
}

// upload is a file sent as a multipart form, with more fields as name,
// value pairs.
type upload struct {
	name, content string
	fields        []string
}

// exported is the seed document exported by the admin in one format and
// language, sent back as an import.
func exported(format, lang string) func(*matrixFixture, who) any {
	return func(f *matrixFixture, _ who) any {
		resp, body := f.do("GET", fmt.Sprintf("/documents/%d/export?format=%s&lang=%s", f.doc.ID, format, lang), nil)
		if resp.StatusCode != http.StatusOK {
			f.t.Fatalf("export: %d %.200s", resp.StatusCode, body)
		}
		ext := map[string]string{"xliff2": "xlf", "xliff12": "xliff"}[format]
		if ext == "" {
			ext = format
		}
		return upload{"work." + ext, string(body), []string{"lang", lang}}
	}
}

// TestRoleMatrix walks every route with every role: allowed requests pass
// the checks, the others are refused with 403, and asAnonymous visitors get
// 401 from the API and a redirect to the sign-in page from pages. Each route
// runs on a fresh workbench, so an allowed change cannot hide the next
// visitor's refusal.
func TestRoleMatrix(t *testing.T) {
	for _, rt := range routes {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			f := newMatrixFixture(t)
			for _, w := range everyone {
				status, loc, body := f.send(rt, w)
				allowed := false
				for _, a := range rt.allowed {
					allowed = allowed || a == w
				}
				switch {
				case w == asAnonymous && rt.api:
					if status != http.StatusUnauthorized {
						t.Errorf("%s: %d, want 401", w, status)
					}
				case w == asAnonymous:
					if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
						t.Errorf("%s: %d to %q, want a redirect to /signin", w, status, loc)
					}
				case allowed:
					if status >= 400 {
						t.Errorf("%s: %d %s, want it allowed", w, status, body)
					}
				default:
					if status != http.StatusForbidden {
						t.Errorf("%s: %d %s, want 403", w, status, body)
					}
				}
			}
		})
	}
}

func (f *matrixFixture) send(rt route, w who) (int, string, string) {
	f.t.Helper()
	path, _, _ := strings.Cut(rt.path, "#")
	if strings.Contains(path, "{mergeable}") {
		i, rows := f.sameParagraph()
		path = strings.Replace(path, "{mergeable}", fmt.Sprint(rows[i].ID), 1)
	}
	// A fresh batch and comment for each request, since undoing or
	// resolving one changes it.
	if strings.Contains(path, "{batch}") {
		path = strings.Replace(path, "{batch}", fmt.Sprint(f.newBatch()), 1)
	}
	if strings.Contains(path, "{comment}") {
		path = strings.Replace(path, "{comment}", fmt.Sprint(f.newComment()), 1)
	}
	// A fresh alignment for each request, since accepting closes one.
	for _, lang := range []string{"es", "pt"} {
		if ph := "{align-" + lang + "}"; strings.Contains(path, ph) {
			path = strings.Replace(path, ph, fmt.Sprint(f.newAlignment(lang)), 1)
		}
	}
	path = strings.NewReplacer("{doc}", fmt.Sprint(f.doc.ID), "{seg}", fmt.Sprint(f.segment),
		"{user}", fmt.Sprint(f.users[asViewer].ID), "{concept}", fmt.Sprint(f.concept), "{token}", fmt.Sprint(f.spare[w])).Replace(path)
	var rd io.Reader
	ctype := ""
	if rt.body != nil {
		switch b := rt.body(f, w).(type) {
		case url.Values:
			rd, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
		case upload:
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			for i := 0; i+1 < len(b.fields); i += 2 {
				mw.WriteField(b.fields[i], b.fields[i+1])
			}
			if b.name != "" {
				fw, _ := mw.CreateFormFile("file", b.name)
				io.WriteString(fw, b.content)
			}
			mw.Close()
			rd, ctype = &buf, mw.FormDataContentType()
		default:
			j, err := json.Marshal(b)
			if err != nil {
				f.t.Fatal(err)
			}
			rd, ctype = strings.NewReader(string(j)), "application/json"
		}
	}
	req, err := http.NewRequest(rt.method, f.srv.URL+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := f.as(f.tokens[w]).client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") == "text/event-stream; charset=utf-8" {
		// A live stream stays open: its status is the answer.
		return resp.StatusCode, "", ""
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

// public lists the routes open to everyone, outside the role matrix.
var public = map[string]bool{
	"GET /static/{name}": true,
	"POST /language":     true,
	"GET /signin":        true,
	"POST /signin":       true,
	"POST /signout":      true,
	"GET /healthz":       true,
}

// TestRoleMatrixCoversEveryRoute lists every route registered on the
// router and fails for one that the role matrix does not visit: a new route
// must say who may use it.
func TestRoleMatrixCoversEveryRoute(t *testing.T) {
	ta := newTestApp(t)
	param := regexp.MustCompile(`\{[^}]*\}`)
	seen := 0
	err := chi.Walk(ta.app.router, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		seen++
		key := method + " " + route
		if public[key] {
			return nil
		}
		// A route's pattern, with every parameter standing for any one
		// path element, must match some request of the matrix.
		quoted := regexp.QuoteMeta(param.ReplaceAllString(strings.TrimSuffix(route, "/"), "\x00"))
		re := regexp.MustCompile("^" + method + " " + strings.ReplaceAll(quoted, "\x00", `[^/]+`) + "/?$")
		for _, rt := range routes {
			path, _, _ := strings.Cut(rt.path, "#")
			path, _, _ = strings.Cut(path, "?")
			if re.MatchString(rt.method + " " + path) {
				return nil
			}
		}
		t.Errorf("%s is not in the role matrix (web/matrix_test.go: routes), nor public", key)
		return nil
	})
	if err != nil || seen < len(routes)/2 {
		t.Fatalf("walked %d routes: %v", seen, err)
	}
}

// TestCrossDocumentIDs sends, to every route that takes an id, the ids of
// another document's segments, revisions and alignments, of another
// concept's terms and of another user's tokens, where the route's own
// record is one the caller may change. Every request is refused or ignores
// the foreign id, and the other record is left as it was.
func TestCrossDocumentIDs(t *testing.T) {
	f := newMatrixFixture(t)
	ctx := context.Background()
	p, err := segment.Prepare([]byte("第一句。第二句。\n第三句。第四句。\n"), "zh")
	if err != nil {
		t.Fatal(err)
	}
	other, err := f.store.ImportDocument(ctx, store.NewDocument{Title: "另一份", SourceLang: "zh", FileName: "otro.txt",
		Hash: p.Hash, Encoding: string(p.Encoding), Paragraphs: p.Paragraphs}, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := f.store.Segments(ctx, other.ID, store.SegmentQuery{Lang: "es"})
	if err != nil || len(rows) < 2 {
		t.Fatalf("the other document's segments: %v %v", rows, err)
	}
	foreign := rows[0].ID
	if _, err := f.store.SaveTranslation(ctx, store.Save{SegmentID: foreign, Lang: "es", Text: "Primera frase", Status: workflow.StatusDraft, AuthorID: f.admin.ID}); err != nil {
		t.Fatal(err)
	}
	revs, err := f.store.Revisions(ctx, foreign, "es")
	if err != nil || len(revs) != 1 {
		t.Fatal(revs, err)
	}
	foreignRev := revs[0].ID
	before := func(seg int64) store.Translation {
		tr, err := f.store.Translation(ctx, seg, "es")
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	ownBefore, foreignBefore := before(f.segment), before(foreign)

	// An alignment of the other document, which the translator (assigned
	// to the fixture's document only) may not touch.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("lang", "es")
	mw.WriteField("text", "Primera frase. Segunda frase.\n\nTercera frase. Cuarta frase.")
	mw.Close()
	resp, body := f.do("POST", fmt.Sprintf("/api/documents/%d/alignments", other.ID), buf.Bytes(), "Content-Type", mw.FormDataContentType())
	var al struct {
		ID      int64 `json:"id"`
		Version int64 `json:"version"`
	}
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &al) != nil {
		t.Fatalf("alignment of the other document: %d %.300s", resp.StatusCode, body)
	}

	_, mergeable := f.sameParagraph()
	tests := []struct {
		name string
		who  who
		rt   route
	}{
		{"save into the other document", asTranslator, route{method: "PUT", path: fmt.Sprintf("/api/segments/%d/translations/es", foreign),
			body: func(*matrixFixture, who) any {
				return map[string]any{"text": "intruso", "version": foreignBefore.Version}
			}}},
		{"restore in the other document", asTranslator, route{method: "POST", path: fmt.Sprintf("/segments/%d/history/es/restore", foreign),
			body: func(*matrixFixture, who) any {
				return url.Values{"revision": {fmt.Sprint(foreignRev)}, "version": {fmt.Sprint(foreignBefore.Version)}}
			}}},
		{"restore another segment's revision", asAdmin, route{method: "POST", path: "/segments/{seg}/history/es/restore",
			body: func(f *matrixFixture, _ who) any {
				return url.Values{"revision": {fmt.Sprint(foreignRev)}, "version": {fmt.Sprint(f.version("es"))}}
			}}},
		{"merge with a segment of the other document", asAdmin, route{method: "POST", path: fmt.Sprintf("/api/segments/%d/merge", mergeable[0].ID),
			body: func(*matrixFixture, who) any { return map[string]any{"next_id": foreign} }}},
		{"split in the other document", asTranslator, route{method: "POST", path: fmt.Sprintf("/api/segments/%d/split", foreign),
			body: func(*matrixFixture, who) any { return map[string]any{"at": 1, "source": rows[0].Source} }}},
		{"edit the other document's alignment", asTranslator, route{method: "POST", path: fmt.Sprintf("/api/alignments/%d/edit", al.ID),
			body: func(*matrixFixture, who) any {
				return map[string]any{"op": "confirm", "position": 0, "version": al.Version}
			}}},
		{"accept the other document's alignment", asTranslator, route{method: "POST", path: fmt.Sprintf("/api/alignments/%d/accept", al.ID),
			body: func(*matrixFixture, who) any { return map[string]any{"threshold": 0} }}},
		{"accept it from the page", asTranslator, route{method: "POST", path: fmt.Sprintf("/alignments/%d/accept", al.ID), body: form("threshold", "0")}},
		{"revoke another user's token", asTranslator, route{method: "POST", path: fmt.Sprintf("/account/tokens/%d/revoke", f.spare[asViewer]), body: form()}},
		{"import the other document's file", asTranslator, route{method: "POST", path: fmt.Sprintf("/api/documents/%d/import", f.doc.ID),
			body: func(f *matrixFixture, _ who) any {
				resp, body := f.do("GET", fmt.Sprintf("/documents/%d/export?format=xliff2&lang=es", other.ID), nil)
				if resp.StatusCode != http.StatusOK {
					f.t.Fatalf("export: %d", resp.StatusCode)
				}
				return upload{"otro.xlf", strings.ReplaceAll(string(body), "Primera frase", "intruso"), []string{"lang", "es"}}
			}}},
	}
	for _, tt := range tests {
		status, _, body := f.send(tt.rt, tt.who)
		refused := status == http.StatusForbidden || status == http.StatusNotFound || status == http.StatusConflict ||
			status == http.StatusBadRequest || status == http.StatusUnprocessableEntity
		if !refused && !strings.Contains(tt.name, "import") {
			t.Errorf("%s as %s: %d %s, want it refused", tt.name, tt.who, status, body)
		}
	}
	if got := before(foreign); got.Text != foreignBefore.Text || got.Version != foreignBefore.Version {
		t.Errorf("the other document's translation changed: %+v", got)
	}
	if got := before(f.segment); got.Text != ownBefore.Text {
		t.Errorf("a foreign revision was restored: %q", got.Text)
	}
	if a, err := f.store.Alignment(ctx, al.ID); err != nil || a.Version != al.Version || a.State != "open" {
		t.Errorf("the other document's alignment changed: %+v %v", a, err)
	}
	if rows2, _, _ := f.store.Segments(ctx, other.ID, store.SegmentQuery{Lang: "es"}); len(rows2) != len(rows) {
		t.Errorf("the other document has %d segments, had %d", len(rows2), len(rows))
	}
	if resp, _ := f.as(f.tokens[asViewer]).do("GET", "/api/documents", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the viewer's token after another user revoked it: %d", resp.StatusCode)
	}
	toks, _ := f.store.Tokens(ctx, f.users[asViewer].ID)
	for _, tok := range toks {
		if tok.Revoked {
			t.Errorf("the viewer's token %d was revoked by another user", tok.ID)
		}
	}

	// A concept updated with the id of another concept's term leaves that
	// term alone.
	concepts, err := f.store.Concepts(ctx)
	if err != nil || len(concepts) < 2 {
		t.Fatal(err)
	}
	var victim store.Concept
	for _, c := range concepts {
		if c.ID != f.concept && len(c.Terms) > 0 {
			victim = c
			break
		}
	}
	vt := victim.Terms[0]
	status, _, page := f.send(route{method: "POST", path: "/glossary/concepts/{concept}", body: func(*matrixFixture, who) any {
		return url.Values{"note": {""}, "term_id": {fmt.Sprint(vt.ID), ""}, "term_lang": {"zh", vt.Lang}, "term_text": {"全球南方", vt.Text + " cambiado"},
			"term_status": {"preferred", "preferred"}, "term_gender": {"", ""}, "term_number": {"", ""}, "term_note": {"", ""}}
	}}, asReviewer)
	if status >= 400 {
		t.Fatalf("concept update: %d %s", status, page)
	}
	after, err := f.store.Concept(ctx, victim.ID)
	if err != nil || len(after.Terms) != len(victim.Terms) || after.Terms[0].Text != vt.Text {
		t.Errorf("another concept changed: %+v %v", after.Terms, err)
	}
}
