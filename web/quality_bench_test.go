package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"alinea/store"
)

// BenchmarkQADocumentAPI measures GET /api/documents/{id}/qa/es on a
// 10,000-segment document: reading it, checking it and writing the JSON.
func BenchmarkQADocumentAPI(b *testing.B) {
	ta := newTestApp(b)
	doc := bigDocument(b, ta, 10_000)
	path := fmt.Sprintf("/api/documents/%d/qa/es", doc.ID)
	for b.Loop() {
		serve(b, ta, path)
	}
}

// BenchmarkQASave measures a save in a 10,000-segment document with the
// findings in its answer, against the same save's cost without them
// (BenchmarkSaveOnly).
func BenchmarkQASave(b *testing.B) {
	ta := newTestApp(b)
	doc := bigDocument(b, ta, 10_000)
	rows, _, err := ta.store.Segments(context.Background(), doc.ID, store.SegmentQuery{Lang: "es"})
	if err != nil {
		b.Fatal(err)
	}
	seg := rows[1]
	version := int64(0)
	for i := 0; b.Loop(); i++ {
		body := fmt.Sprintf(`{"text":"La frase %d describe la cooperación,  otra vez.","status":"translated","version":%d}`, i, version)
		req := httptest.NewRequest("PUT", fmt.Sprintf("/api/segments/%d/translations/es", seg.ID), strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+ta.token)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		ta.app.ServeHTTP(rec, req)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"whitespace"`) {
			b.Fatalf("save: %d %s", rec.Code, rec.Body.String())
		}
		version++
	}
}
