package web

import (
	"fmt"
	"testing"
)

// BenchmarkGlossary measures the glossary's share of the server's work on
// the seed document (222 segments, the 134-concept seed glossary): the
// editor page with its terms marked and checked, the per-document term
// hits, the check of a whole translation, and the glossary page with the
// places of every concept; and the warnings filter of a 10,000-segment
// document, which checks every translation.
func BenchmarkGlossary(b *testing.B) {
	ta := newTestApp(b)
	id := ta.doc.ID
	for _, bc := range []struct{ name, path string }{
		{"editor-seed", fmt.Sprintf("/documents/%d/edit/es", id)},
		{"terms-api-seed", fmt.Sprintf("/api/documents/%d/terms?lang=es", id)},
		{"termcheck-api-seed", fmt.Sprintf("/api/documents/%d/termcheck?lang=es", id)},
		{"discover-api-seed", fmt.Sprintf("/api/documents/%d/discover", id)},
		{"lookup-api", "/api/glossary?q=sur"},
		{"glossary-page", "/glossary"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var size int
			for b.Loop() {
				size = serve(b, ta, bc.path).Body.Len()
			}
			b.ReportMetric(float64(size), "bytes")
		})
	}
	doc := bigDocument(b, ta, 10_000)
	b.Run("editor-warnings-10k", func(b *testing.B) {
		for b.Loop() {
			serve(b, ta, fmt.Sprintf("/documents/%d/edit/es?filter=warnings", doc.ID))
		}
	})
}
