package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"alinea/store"
)

// BenchmarkTranslatorDay measures, on a 10,000-segment document, the server
// time of what a translator's day adds: the page with the page list and
// comment counts, go to segment #N, the preview of the whole document, and
// a find-and-replace preview over every translation.
func BenchmarkTranslatorDay(b *testing.B) {
	ta := newTestApp(b)
	doc := bigDocument(b, ta, 10_000)
	ids := func() []int64 {
		rows, _, err := ta.store.Segments(context.Background(), doc.ID, store.SegmentQuery{Lang: "es", Limit: 200})
		if err != nil {
			b.Fatal(err)
		}
		out := make([]int64, len(rows))
		for i, r := range rows {
			out[i] = r.ID
		}
		return out
	}()
	for i := 0; i < 200; i += 7 {
		if _, err := ta.store.AddComment(context.Background(), store.NewComment{SegmentID: ids[i], Lang: "es", Body: "¿Seguro?"}); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("editor-page-5001", func(b *testing.B) {
		for b.Loop() {
			serve(b, ta, fmt.Sprintf("/documents/%d/edit/es?from=5001", doc.ID))
		}
	})
	b.Run("goto-7777", func(b *testing.B) {
		for b.Loop() {
			req := httptest.NewRequest("GET", fmt.Sprintf("/documents/%d/edit/es?at=7777", doc.ID), nil)
			req.Header.Set("Authorization", "Bearer "+ta.token)
			rec := httptest.NewRecorder()
			ta.app.ServeHTTP(rec, req)
			if rec.Code != http.StatusSeeOther {
				b.Fatalf("go to: %d", rec.Code)
			}
		}
	})
	b.Run("preview-document", func(b *testing.B) {
		var size int
		for b.Loop() {
			size = serve(b, ta, fmt.Sprintf("/documents/%d/preview/es", doc.ID)).Body.Len()
		}
		b.ReportMetric(float64(size), "page-bytes")
	})
	b.Run("replace-preview", func(b *testing.B) {
		var n int
		for b.Loop() {
			changes, err := ta.store.PreviewReplace(context.Background(), doc.ID, store.ReplaceQuery{Lang: "es", Find: "cooperación", Replacement: "colaboración", WholeWord: true})
			if err != nil {
				b.Fatal(err)
			}
			n = len(changes)
		}
		b.ReportMetric(float64(n), "changes")
	})
}
