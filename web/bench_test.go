package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"alinea/align/segment"
	"alinea/store"
	"alinea/workflow"
)

// bigDocument imports a document of n segments (five sentences to a
// paragraph) and translates every third segment into Spanish.
func bigDocument(tb testing.TB, ta *testApp, n int) store.Document {
	tb.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "第%d句说明中国与拉丁美洲和加勒比国家在贸易、投资和人文交流方面的合作不断深化。", i+1)
		if i%5 == 4 {
			b.WriteString("\n")
		}
	}
	prep, err := segment.Prepare([]byte(b.String()), "zh")
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	doc, err := ta.store.ImportDocument(ctx, store.FromPrepared("大文档", "big.txt", "zh", prep), store.ImportOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	if doc.Segments != n {
		tb.Fatalf("%d segments, want %d", doc.Segments, n)
	}
	rows, _, err := ta.store.Segments(ctx, doc.ID, store.SegmentQuery{Lang: "es"})
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < len(rows); i += 3 {
		if _, err := ta.store.SaveTranslation(ctx, store.Save{SegmentID: rows[i].ID, Lang: "es",
			Text: fmt.Sprintf("La frase %d describe la cooperación.", i+1), Status: workflow.StatusTranslated}); err != nil {
			tb.Fatal(err)
		}
	}
	return doc
}

// serve runs one request through the router in this goroutine: the time it
// takes is the server's alone.
func serve(tb testing.TB, ta *testApp, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+ta.token)
	req.Header.Set("Accept-Language", "es")
	rec := httptest.NewRecorder()
	ta.app.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		tb.Fatalf("GET %s: %d %.300s", path, rec.Code, rec.Body.String())
	}
	return rec
}

// BenchmarkEditorFirstScreen measures the server time of the first editor
// page of a 10,000-segment document, and reports the size of the page and
// of the assets it loads.
func BenchmarkEditorFirstScreen(b *testing.B) {
	ta := newTestApp(b)
	doc := bigDocument(b, ta, 10_000)
	for _, bc := range []struct{ name, query string }{
		{"first", ""},
		{"middle", "?from=5001"},
		{"untranslated", "?filter=untranslated&from=5001"},
		{"search-3+", "?q=" + "拉丁美洲"},
		{"search-2", "?q=" + "9句"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			path := fmt.Sprintf("/documents/%d/edit/es%s", doc.ID, bc.query)
			var size int
			for b.Loop() {
				size = serve(b, ta, path).Body.Len()
			}
			b.ReportMetric(float64(size), "page-bytes")
		})
	}
	b.Run("assets", func(b *testing.B) {
		var js, css int
		for b.Loop() {
			js = serve(b, ta, "/static/editor.js").Body.Len()
			css = serve(b, ta, "/static/app.css").Body.Len()
		}
		b.ReportMetric(float64(js), "script-bytes")
		b.ReportMetric(float64(css), "css-bytes")
	})
}

// BenchmarkDocumentsPage measures the home page with the 10,000-segment
// document and its history.
func BenchmarkDocumentsPage(b *testing.B) {
	ta := newTestApp(b)
	bigDocument(b, ta, 10_000)
	var size int
	for b.Loop() {
		size = serve(b, ta, "/").Body.Len()
	}
	b.ReportMetric(float64(size), "page-bytes")
}

func TestBigDocumentOpensOnePage(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 10,000 segments")
	}
	ta := newTestApp(t)
	doc := bigDocument(t, ta, 10_000)
	body := serve(t, ta, fmt.Sprintf("/documents/%d/edit/es", doc.ID)).Body.String()
	if n := strings.Count(body, `" data-id="`); n != editorPageSize {
		t.Errorf("%d rows on the first screen, want %d", n, editorPageSize)
	}
	if !strings.Contains(body, "Quedan 6666 segmentos") && !strings.Contains(body, "Quedan 6.666 segmentos") {
		t.Errorf("wrong count of segments left")
	}
	body = serve(t, ta, fmt.Sprintf("/documents/%d/edit/es?from=9950", doc.ID)).Body.String()
	if n := strings.Count(body, `" data-id="`); n != 51 || strings.Contains(body, `rel="next"`) {
		t.Errorf("last page: %d rows", n)
	}
}
