package exchange

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"testing"

	"alinea/align/segment"
	"alinea/formats"
	"alinea/internal/testenv"
	"alinea/seeds"
	"alinea/store"
	"alinea/workflow"
)

var allLangs = []string{"es", "pt", "en"}

// translateAll gives every segment of doc a translation in every language,
// in one transaction per language.
func translateAll(tb testing.TB, st *store.Store, doc store.Document) {
	tb.Helper()
	ctx := context.Background()
	for _, l := range allLangs {
		var ups []store.Update
		for r, err := range st.ExportRows(ctx, doc.ID, nil) {
			if err != nil {
				tb.Fatal(err)
			}
			ups = append(ups, store.Update{SegmentID: r.ID, Lang: l, Status: workflow.StatusTranslated,
				Text: fmt.Sprintf("Translation into %s of segment %d, a sentence of ordinary length with some words.", l, r.Position)})
		}
		if _, err := st.ApplyTranslations(ctx, doc.ID, ups, store.ApplyOptions{}); err != nil {
			tb.Fatal(err)
		}
	}
}

func openStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Open(testenv.DB(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func seedStore(tb testing.TB) (*store.Store, store.Document) {
	tb.Helper()
	st := openStore(tb)
	got, err := seeds.Install(context.Background(), st)
	if err != nil || got.Document == nil {
		tb.Fatalf("seed: %v", err)
	}
	translateAll(tb, st, *got.Document)
	return st, *got.Document
}

// syntheticStore holds one document of n segments, ten to a paragraph,
// translated into every language.
func syntheticStore(tb testing.TB, n int) (*store.Store, store.Document) {
	tb.Helper()
	st := openStore(tb)
	var paras []segment.Paragraph
	for i := 0; i < n; i += 10 {
		p := segment.Paragraph{Heading: i%500 == 0}
		for j := i; j < min(i+10, n); j++ {
			s := fmt.Sprintf("第%d句：中国同拉丁美洲和加勒比国家的合作不断深化，惠及双方人民。", j+1)
			p.Segments = append(p.Segments, s)
			p.Text += s
		}
		paras = append(paras, p)
	}
	doc, err := st.ImportDocument(context.Background(), store.NewDocument{Title: "合成文档", SourceLang: "zh",
		Hash: fmt.Sprintf("synthetic-%d", n), Paragraphs: paras}, store.ImportOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	translateAll(tb, st, doc)
	return st, doc
}

// BenchmarkExportSeed exports the seed document, fully translated, in every
// format, through the store's row iterator.
func BenchmarkExportSeed(b *testing.B) {
	st, doc := seedStore(b)
	ctx := context.Background()
	for _, f := range formats.ExportFormats() {
		langs := allLangs
		if f.OneLang {
			langs = allLangs[:1]
		}
		b.Run(f.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Export(ctx, st, io.Discard, doc, f, langs, formats.ExportOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(doc.Segments), "ns/segment")
		})
	}
}

// BenchmarkExportLarge exports documents of 1,000 and 10,000 segments as TMX
// (three languages) and XLIFF 2.0 (one). Besides time it reports the bytes
// and allocations per segment, which stay the same as the document grows,
// and the largest live heap seen during an export, which does not grow
// with it: rows are read and written one at a time.
func BenchmarkExportLarge(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{1000, 10000} {
		st, doc := syntheticStore(b, n)
		for _, tc := range []struct {
			format string
			langs  []string
		}{{"tmx", allLangs}, {"xliff2", allLangs[:1]}} {
			f, _ := formats.LookupFormat(tc.format)
			b.Run(fmt.Sprintf("%s/%d", tc.format, n), func(b *testing.B) {
				b.ReportAllocs()
				var before, after, ms runtime.MemStats
				var peak uint64
				runtime.ReadMemStats(&before)
				for b.Loop() {
					if err := Export(ctx, st, io.Discard, doc, f, tc.langs, formats.ExportOptions{}); err != nil {
						b.Fatal(err)
					}
				}
				runtime.ReadMemStats(&after)
				elapsed, loops := b.Elapsed(), b.N
				// One more pass, outside the timing, measuring the live heap
				// (after a collection) every 500 units.
				b.StopTimer()
				h := Header(doc, tc.langs)
				i := 0
				units := func(yield func(formats.Unit, error) bool) {
					for u, err := range Units(ctx, st, doc.ID, tc.langs) {
						if i++; i%500 == 0 {
							runtime.GC()
							runtime.ReadMemStats(&ms)
							peak = max(peak, ms.HeapAlloc)
						}
						if !yield(u, err) {
							return
						}
					}
				}
				if err := f.Write(io.Discard, h, units, formats.ExportOptions{}); err != nil {
					b.Fatal(err)
				}
				perSeg := float64(loops) * float64(n)
				b.ReportMetric(float64(elapsed.Nanoseconds())/perSeg, "ns/segment")
				b.ReportMetric(float64(after.Mallocs-before.Mallocs)/perSeg, "allocs/segment")
				b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/perSeg, "B/segment")
				b.ReportMetric(float64(peak)/(1<<20), "live-heap-MB")
			})
		}
	}
}
