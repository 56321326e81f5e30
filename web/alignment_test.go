package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"alinea/store"
	"alinea/workflow"
)

const seedStartEN = "../alignment/testdata/seed-start.en.txt"

func seedStart(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(seedStartEN)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// postTranslation sends the import form of the document: a file (when name
// is not empty) and fields as name, value pairs. It returns the status and
// the Location of a redirect or the body.
func (ta *testApp) postTranslation(path, name string, content []byte, fields ...string) (int, string) {
	ta.t.Helper()
	return ta.postMultipartPage(path, name, content, fields...)
}

func (ta *testApp) alignmentCount() int {
	ta.t.Helper()
	list, err := ta.store.Alignments(context.Background(), ta.doc.ID)
	if err != nil {
		ta.t.Fatal(err)
	}
	return len(list)
}

// importEN imports the English start of the seed document and returns the
// review page's URL.
func (ta *testApp) importEN() string {
	ta.t.Helper()
	status, loc := ta.postTranslation(itoaPath("/documents/%d/alignments", ta.doc.ID), "seed-start.en.txt", seedStart(ta.t), "lang", "en")
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/alignments/") {
		ta.t.Fatalf("import: %d %s", status, loc)
	}
	return loc
}

func TestAlignmentImportEditAccept(t *testing.T) {
	ta := newTestApp(t)
	loc := ta.importEN()
	status, body := ta.page(loc)
	if status != http.StatusOK {
		t.Fatalf("review: %d", status)
	}
	for _, want := range []string{"<svg", `href="#b-4"`, "Preface", "前言", `data-op="move-down"`, "alignment.js", "12 sentences"} {
		if !strings.Contains(body, want) {
			t.Errorf("review page lacks %q", want)
		}
	}
	if _, weak := ta.page(loc + "?sort=weak"); !strings.Contains(weak, `aria-current="page">Weakest first`) {
		t.Error("weak-first order not selected")
	}
	// Resumable from the document's alignment list.
	if _, list := ta.page(itoaPath("/documents/%d/alignments", ta.doc.ID)); !strings.Contains(list, `href="`+loc+`"`) {
		t.Error("the alignment list does not link the review")
	}

	api := "/api" + loc
	var a alignmentOut
	ta.getJSON(api, http.StatusOK, &a)
	if a.State != "open" || len(a.Beads) != 222 || a.Beads[4].Type != "1-2" {
		t.Fatalf("alignment %+v", a.Beads[:5])
	}
	edits := []struct {
		name   string
		body   any
		status int
		check  func(alignmentOut)
	}{
		{"move down", map[string]any{"op": "move-down", "position": 4, "version": a.Version}, http.StatusOK, func(got alignmentOut) {
			if got.Beads[4].Type != "1-1" || got.Beads[5].Type != "1-2" || !got.Beads[5].Reviewed {
				t.Errorf("after move down: %+v", got.Beads[4:6])
			}
		}},
		{"stale version", map[string]any{"op": "merge", "position": 0, "version": a.Version}, http.StatusConflict, nil},
		{"move back up", map[string]any{"op": "move-up", "position": 5}, http.StatusOK, func(got alignmentOut) {
			if got.Beads[4].Type != "1-2" || got.Beads[5].Type != "1-1" {
				t.Errorf("after move up: %+v", got.Beads[4:6])
			}
		}},
		{"split then merge", map[string]any{"op": "split", "position": 4}, http.StatusOK, func(got alignmentOut) {
			if got.Beads[4].Type != "1-1" || got.Beads[5].Type != "0-1" {
				t.Errorf("after split: %+v", got.Beads[4:6])
			}
		}},
		{"merge", map[string]any{"op": "merge", "position": 4}, http.StatusOK, func(got alignmentOut) {
			if got.Beads[4].Type != "1-2" || len(got.Beads) != 222 {
				t.Errorf("after merge: %+v", got.Beads[4:6])
			}
		}},
		{"untranslated", map[string]any{"op": "untranslated", "position": 20}, http.StatusOK, func(got alignmentOut) {
			if !got.Beads[20].Untranslated {
				t.Errorf("after untranslated: %+v", got.Beads[20])
			}
		}},
		{"nothing to move", map[string]any{"op": "move-up", "position": 0}, http.StatusBadRequest, nil},
		{"unknown op", map[string]any{"op": "shuffle", "position": 0}, http.StatusBadRequest, nil},
		{"no position", map[string]any{"op": "merge"}, http.StatusBadRequest, nil},
		{"bad JSON", "{", http.StatusBadRequest, nil},
	}
	for _, e := range edits {
		resp, out := ta.do("POST", api+"/edit", e.body)
		if resp.StatusCode != e.status {
			t.Fatalf("%s: %d %s, want %d", e.name, resp.StatusCode, out, e.status)
		}
		if e.status != http.StatusOK {
			var msg struct{ Error string }
			if json.Unmarshal(out, &msg); msg.Error == "" {
				t.Errorf("%s: no error message in %s", e.name, out)
			}
			continue
		}
		var got alignmentOut
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatal(err)
		}
		e.check(got)
	}

	resp, out := ta.do("POST", api+"/accept", map[string]any{"threshold": 1.5})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("threshold 1.5: %d %s", resp.StatusCode, out)
	}
	resp, out = ta.do("POST", api+"/accept", map[string]any{"threshold": 0.5})
	var rep acceptOut
	if resp.StatusCode != http.StatusOK || json.Unmarshal(out, &rep) != nil || rep.Accepted != 11 || len(rep.Existing) != 0 {
		t.Fatalf("accept: %d %s", resp.StatusCode, out)
	}
	ids := ta.segmentIDs("en")
	tr, err := ta.store.Translation(context.Background(), ids[4], "en")
	if err != nil || tr.Status != workflow.StatusDraft || !strings.HasPrefix(tr.Text, "China firmly pursues") || tr.AuthorID != ta.admin.ID {
		t.Errorf("segment 5: %+v %v", tr, err)
	}
	if resp, _ := ta.do("POST", api+"/accept", map[string]any{"threshold": 0.5}); resp.StatusCode != http.StatusConflict {
		t.Errorf("second accept: %d", resp.StatusCode)
	}
	if resp, _ := ta.do("POST", api+"/edit", map[string]any{"op": "confirm", "position": 0}); resp.StatusCode != http.StatusConflict {
		t.Errorf("edit after accept: %d", resp.StatusCode)
	}
	if _, body := ta.page(loc); !strings.Contains(body, "Accepted") || strings.Contains(body, `data-op=`) {
		t.Error("the accepted review still offers edits")
	}
}

func TestAlignmentAcceptFormReportsExisting(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("en")
	if _, err := ta.store.SaveTranslation(context.Background(), store.Save{SegmentID: ids[1], Lang: "en", Text: "My own words.", Status: workflow.StatusTranslated}); err != nil {
		t.Fatal(err)
	}
	loc := ta.importEN()
	status, body := ta.postTranslation(loc+"/accept", "", nil, "threshold", "0,5")
	if status != http.StatusOK {
		t.Fatalf("accept: %d %s", status, body)
	}
	for _, want := range []string{"10 segments got a draft translation.", "1 segment already had a translation and was skipped", "My own words.", "skipped: already translated"} {
		if !strings.Contains(body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if tr, _ := ta.store.Translation(context.Background(), ids[1], "en"); tr.Text != "My own words." {
		t.Errorf("existing translation replaced: %q", tr.Text)
	}
	loc = ta.importEN()
	status, body = ta.postTranslation(loc+"/accept", "", nil, "threshold", "0.5", "overwrite", "1")
	if status != http.StatusOK || !strings.Contains(body, "11 of them replaced existing translations.") {
		t.Fatalf("overwrite: %d", status)
	}
	tr, _ := ta.store.Translation(context.Background(), ids[1], "en")
	if !strings.HasPrefix(tr.Text, "The world today") || tr.Status != workflow.StatusDraft {
		t.Errorf("overwritten: %+v", tr)
	}
	if status, _ := ta.postTranslation(loc+"/accept", "", nil, "threshold", "x"); status != http.StatusBadRequest {
		t.Errorf("bad threshold: %d", status)
	}
}

func TestAlignmentRoles(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	tr, trToken := ta.user("tina", store.RoleTranslator)
	if err := ta.store.Assign(ctx, store.Assignment{UserID: tr.ID, DocumentID: ta.doc.ID, Lang: "es"}, ta.admin.ID); err != nil {
		t.Fatal(err)
	}
	_, viewerToken := ta.user("vic", store.RoleViewer)
	enLoc := ta.importEN()
	path := itoaPath("/documents/%d/alignments", ta.doc.ID)
	es := []byte("Prefacio\n\nEl mundo cambia.\n")

	tina, vic := ta.as(trToken), ta.as(viewerToken)
	if status, _ := tina.postTranslation(path, "en.txt", seedStart(t), "lang", "en"); status != http.StatusForbidden {
		t.Errorf("translator into an unassigned language: %d", status)
	}
	if status, loc := tina.postTranslation(path, "es.txt", es, "lang", "es"); status != http.StatusSeeOther {
		t.Errorf("translator into an assigned language: %d %s", status, loc)
	}
	if status, _ := vic.postTranslation(path, "es.txt", es, "lang", "es"); status != http.StatusForbidden {
		t.Errorf("viewer import: %d", status)
	}
	if status, loc := ta.as("").postTranslation(path, "es.txt", es, "lang", "es"); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
		t.Errorf("anonymous import: %d %s", status, loc)
	}
	api := "/api" + enLoc
	for _, who := range []*testApp{tina, vic} {
		if resp, _ := who.do("POST", api+"/edit", map[string]any{"op": "confirm", "position": 0}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("edit by a non-editor: %d", resp.StatusCode)
		}
		if resp, _ := who.do("POST", api+"/accept", map[string]any{"threshold": 0}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("accept by a non-editor: %d", resp.StatusCode)
		}
		if status, _ := who.postTranslation(enLoc+"/accept", "", nil, "threshold", "0"); status != http.StatusForbidden {
			t.Errorf("accept form by a non-editor: %d", status)
		}
		status, body := who.page(enLoc)
		if status != http.StatusOK || strings.Contains(body, "data-op=") || strings.Contains(body, "accept-form") {
			t.Errorf("review for a non-editor: %d, offers edits", status)
		}
	}
	if _, body := vic.page(path); !strings.Contains(body, "you cannot import a translation") {
		t.Error("the viewer's alignment page does not say why there is no form")
	}
	a, _ := ta.store.Alignment(ctx, mustID(t, enLoc))
	if n := ta.alignmentCount(); n != 2 {
		t.Errorf("%d alignments, want the admin's and the translator's", n)
	}
	if a.Version != 1 || a.State != store.AlignmentOpen {
		t.Errorf("refused requests changed the alignment: %+v", a.Version)
	}
	if resp, _ := ta.do("GET", "/api/alignments/999", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing alignment: %d", resp.StatusCode)
	}
}

func mustID(t *testing.T, loc string) int64 {
	t.Helper()
	id, ok := parseID(strings.TrimPrefix(loc, "/alignments/"))
	if !ok {
		t.Fatalf("no id in %s", loc)
	}
	return id
}

func TestAlignmentBadUploads(t *testing.T) {
	ta := newTestApp(t)
	path := itoaPath("/documents/%d/alignments", ta.doc.ID)
	tests := []struct {
		name    string
		file    string
		content []byte
		fields  []string
		status  int
		message string
	}{
		{"invalid UTF-8", "en.txt", []byte("Preface.\n\nThe world\xff changes.\n"), []string{"lang", "en"}, http.StatusBadRequest, "at byte 19"},
		{"unknown language", "fr.txt", []byte("Préface.\n"), []string{"lang", "fr"}, http.StatusBadRequest, "Unknown language “fr”. The target languages are: es, pt, en."},
		{"source language", "zh.txt", []byte("前言。\n"), []string{"lang", "zh"}, http.StatusBadRequest, "Unknown language “zh”."},
		{"no language", "en.txt", []byte("Preface.\n"), nil, http.StatusBadRequest, "Choose the language of the translation"},
		{"nothing", "", nil, []string{"lang", "en", "text", "  \n"}, http.StatusBadRequest, "Choose a file or paste the translation."},
		{"blank file", "en.txt", []byte("\n\n"), []string{"lang", "en"}, http.StatusBadRequest, "Choose a file or paste the translation."},
		{"broken DOCX", "en.docx", []byte("PK\x03\x04 not really"), []string{"lang", "en"}, http.StatusBadRequest, "could not be read as HTML or a Word document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := ta.postTranslation(path, tt.file, tt.content, tt.fields...)
			if status != tt.status || !strings.Contains(body, tt.message) {
				t.Errorf("%d, want %d with %q in\n%s", status, tt.status, tt.message, body)
			}
			if n := ta.alignmentCount(); n != 0 {
				t.Errorf("%d alignments stored", n)
			}
		})
	}
	// The API answers in JSON.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("lang", "xx")
	mw.WriteField("text", "Hello.")
	mw.Close()
	resp, out := ta.do("POST", itoaPath("/api/documents/%d/alignments", ta.doc.ID), buf.Bytes(), "Content-Type", mw.FormDataContentType())
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(out), `"error":"Unknown language “xx”`) {
		t.Errorf("API refusal: %d %s", resp.StatusCode, out)
	}
	// Pasted text works through the API as well.
	buf.Reset()
	mw = multipart.NewWriter(&buf)
	mw.WriteField("lang", "pt")
	mw.WriteField("text", "Prefácio\n\nO mundo muda.")
	mw.Close()
	resp, out = ta.do("POST", itoaPath("/api/documents/%d/alignments", ta.doc.ID), buf.Bytes(), "Content-Type", mw.FormDataContentType())
	var a alignmentOut
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(out, &a) != nil || a.Lang != "pt" || a.FileName != "" {
		t.Errorf("API paste: %d %s", resp.StatusCode, out)
	}
}

func TestAlignmentPagesInEveryLocale(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.segmentIDs("en")
	if _, err := ta.store.SaveTranslation(context.Background(), store.Save{SegmentID: ids[1], Lang: "en", Text: "Mine.", Status: workflow.StatusDraft}); err != nil {
		t.Fatal(err)
	}
	open := ta.importEN()
	accepted := ta.importEN()
	if status, _ := ta.postTranslation(accepted+"/accept", "", nil, "threshold", "0.5"); status != http.StatusOK {
		t.Fatalf("accept: %d", status)
	}
	bare := regexp.MustCompile(`>\s*((?:[A-Z][a-z]+){2,})\s*<`)
	for _, lang := range []string{"en", "es", "pt", "zh-Hans"} {
		for _, p := range []string{itoaPath("/documents/%d/alignments", ta.doc.ID), open, open + "?sort=weak", accepted, "/alignments/999"} {
			_, body := ta.page(p, "Cookie", langCookie+"="+lang)
			if m := bare.FindStringSubmatch(body); m != nil {
				t.Errorf("%s %s shows the bare id %s", lang, p, m[1])
			}
			if strings.Contains(body, "{{") || strings.Contains(body, "<no value>") {
				t.Errorf("%s %s has an unfilled field", lang, p)
			}
		}
	}
}

// When one imported sentence translates two segments, accepting puts it on
// the first, and the editor says so on both rows until the segments are
// merged.
func TestAlignmentSharedTranslationFlagged(t *testing.T) {
	ta := newTestApp(t)
	api := "/api" + ta.importEN()
	i, rows := ta.sameParagraph()
	if i+1 >= 11 {
		t.Fatalf("no two segments of one paragraph among the translated ones (first pair at %d)", i)
	}
	var a alignmentOut
	ta.getJSON(api, http.StatusOK, &a)
	if resp, out := ta.do("POST", api+"/edit", map[string]any{"op": "merge", "position": i, "version": a.Version}); resp.StatusCode != http.StatusOK {
		t.Fatalf("merge beads: %d %s", resp.StatusCode, out)
	}
	if resp, out := ta.do("POST", api+"/accept", map[string]any{"threshold": 0.5}); resp.StatusCode != http.StatusOK {
		t.Fatalf("accept: %d %s", resp.StatusCode, out)
	}
	holder, covered := rows[i], rows[i+1]
	editor := itoaPath("/documents/%d/edit/en", ta.doc.ID)
	_, body := ta.page(editor)
	for _, want := range []string{
		fmt.Sprintf("This translation also covers segment %d: merge the segments or split the text.", covered.Position),
		fmt.Sprintf("Translated together with segment %d, which holds the text", holder.Position),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the editor lacks %q", want)
		}
	}
	if tr, _ := ta.store.Translation(context.Background(), covered.ID, "en"); tr.Version != 0 {
		t.Errorf("the covered segment got a translation of its own: %+v", tr)
	}
	// Merging the two segments settles it.
	if resp, out := ta.do("POST", fmt.Sprintf("/api/segments/%d/merge", holder.ID), map[string]any{"next_id": covered.ID}); resp.StatusCode != http.StatusOK {
		t.Fatalf("merge segments: %d %s", resp.StatusCode, out)
	}
	if _, body := ta.page(editor); strings.Contains(body, "shared-note") {
		t.Error("the note stays after the segments were merged")
	}
}

// The translator may say which segments a translation covers, by the row
// numbers the editor shows: it is aligned inside them, wherever the aligner
// would have put it, and a range that is unreadable or outside the document
// is refused with nothing stored.
func TestAlignmentImportGivenSegments(t *testing.T) {
	ta := newTestApp(t)
	first10, err := os.ReadFile("../alignment/testdata/seed-first10.en.txt")
	if err != nil {
		t.Fatal(err)
	}
	path := itoaPath("/documents/%d/alignments", ta.doc.ID)
	// landsIn checks that every sentence of the stored alignment id is
	// placed on rows from to to, or between them, and none elsewhere; with
	// all, that every row of them got a sentence.
	landsIn := func(id int64, segments string, from, to int, all bool) {
		t.Helper()
		a, err := ta.store.Alignment(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		placed, covered := 0, map[int]bool{}
		for _, b := range a.Beads {
			if b.TgtCount == 0 {
				continue
			}
			placed += b.TgtCount
			if b.SrcFirst+1 < from || b.SrcFirst+b.SrcCount > to {
				t.Errorf("segments %q: bead %d (rows %d+%d) lies outside %d-%d", segments, b.Position, b.SrcFirst+1, b.SrcCount, from, to)
			}
			for i := range b.SrcCount {
				covered[b.SrcFirst+1+i] = true
			}
		}
		if placed != len(a.Sentences) {
			t.Errorf("segments %q: %d of %d sentences placed", segments, placed, len(a.Sentences))
		}
		for row := from; all && row <= to; row++ {
			if !covered[row] {
				t.Errorf("segments %q: row %d got no sentence", segments, row)
			}
		}
	}
	imports := func(segments string, from, to int, all bool) {
		t.Helper()
		status, loc := ta.postTranslation(path, "first10.en.txt", first10, "lang", "en", "segments", segments)
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/alignments/") {
			t.Fatalf("segments %q: %d %s", segments, status, loc)
		}
		landsIn(mustID(t, loc), segments, from, to, all)
		// The review says where the translation landed.
		if code, body := ta.page(loc); code != http.StatusOK || all && !strings.Contains(body, fmt.Sprintf(`<span id="on-rows">translation on rows %d-%d</span>`, from, to)) {
			t.Errorf("segments %q: review %d lacks the rows %d-%d", segments, code, from, to)
		}
	}
	imports("1-10", 1, 10, true)
	imports("２１–３０", 21, 30, false) // typed with full-width digits and an en dash
	if n := ta.alignmentCount(); n != 2 {
		t.Fatalf("%d alignments, want 2", n)
	}

	beyond := fmt.Sprintf("%d-%d", ta.doc.Segments+1, ta.doc.Segments+5)
	// send posts the form (or, for the API, the same fields) with the
	// translation as a file; headers are name, value pairs.
	send := func(path, segments string, headers ...string) (*http.Response, []byte) {
		t.Helper()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("lang", "en")
		mw.WriteField("segments", segments)
		fw, _ := mw.CreateFormFile("file", "first10.en.txt")
		fw.Write(first10)
		mw.Close()
		return ta.do("POST", path, buf.Bytes(), append([]string{"Content-Type", mw.FormDataContentType()}, headers...)...)
	}
	for _, tt := range []struct {
		segments, lang, message string
	}{
		{"abc", "en", "“abc” cannot be read as segments: give row numbers as the editor shows them, such as 12–48, 77–120."},
		{"1-10, " + beyond, "en", fmt.Sprintf("The range %s lies outside the document: it has rows 1 to %d.", beyond, ta.doc.Segments)},
		{beyond, "es", fmt.Sprintf("El intervalo %s queda fuera del documento: tiene las filas 1 a %d.", beyond, ta.doc.Segments)},
		{"12 a 48", "zh-Hans", "无法将“a”识别为句段"},
	} {
		resp, out := send(path, tt.segments, "Cookie", langCookie+"="+tt.lang)
		body := string(out)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, tt.message) {
			t.Errorf("segments %q: %d, want 400 with %q in\n%s", tt.segments, resp.StatusCode, tt.message, body)
		}
		// The form comes back as it was typed, the field marked.
		if want := `value="` + tt.segments + `"`; !strings.Contains(body, want) || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("segments %q: the form lacks %s, or the field is not marked", tt.segments, want)
		}
		if n := ta.alignmentCount(); n != 2 {
			t.Errorf("segments %q: %d alignments stored, want the 2 before", tt.segments, n)
		}
	}

	// The API takes the same field, at /api and with Accept: application/json.
	resp, out := send(itoaPath("/api/documents/%d/alignments", ta.doc.ID), "21-30")
	var a alignmentOut
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(out, &a) != nil || a.Lang != "en" {
		t.Fatalf("API import with segments: %d %s", resp.StatusCode, out)
	}
	landsIn(a.ID, "21-30", 21, 30, false)
	resp, out = send(path, beyond, "Accept", "application/json")
	if want := fmt.Sprintf(`"error":"The range %s lies outside the document: it has rows 1 to %d."`, beyond, ta.doc.Segments); resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(out), want) {
		t.Errorf("API refusal: %d %s, want %s", resp.StatusCode, out, want)
	}
	if n := ta.alignmentCount(); n != 3 {
		t.Errorf("%d alignments, want 3", n)
	}
}
