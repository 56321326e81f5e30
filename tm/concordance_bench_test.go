package tm

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	"alinea/align/segment"
	"alinea/store"
	"alinea/workflow"
)

// BenchmarkConcordanceDocuments searches documents of Bible verses (and the
// memory their translations feed) at the size the concordance is meant for,
// e.g.
//
//	ALINEA_CONCORDANCE_DB=/tmp/conc-1m.db go test -tags sqlite_fts5 -run '^$' -bench ConcordanceDocuments -benchtime 10x ./tm/
//
// It is skipped without the variable, which names a SQLite file or a
// PostgreSQL DSN (copy the file there with alinea copy-db). A database
// without documents is filled on the first run, and kept:
// ALINEA_CONCORDANCE_DOCS documents (default 100) of 10,000 segments, four
// segments out of five translated into Spanish.
func BenchmarkConcordanceDocuments(b *testing.B) {
	path := os.Getenv("ALINEA_CONCORDANCE_DB")
	if path == "" {
		b.Skip("ALINEA_CONCORDANCE_DB names no database")
	}
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if docs, err := st.Documents(context.Background()); err != nil {
		b.Fatal(err)
	} else if len(docs) == 0 {
		docs := 100
		if n := os.Getenv("ALINEA_CONCORDANCE_DOCS"); n != "" {
			fmt.Sscan(n, &docs)
		}
		buildConcordanceDB(b, st, docs, 10_000)
	}
	if fi, err := os.Stat(path); err == nil {
		b.Logf("database: %d MB", fi.Size()>>20)
	}
	svc := New(st)
	ctx := context.Background()
	start := time.Now()
	if _, err := svc.Index(ctx, "es"); err != nil {
		b.Fatal(err)
	}
	b.Logf("memory index load: %.2f s", time.Since(start).Seconds())
	for _, q := range []struct{ name, query string }{
		{"han1-common", "神"},
		{"han1-rare", "鴿"},
		{"han2-common", "以色"},
		{"han2-rare", "鴿子"},
		{"han3", "耶和華"},
		{"han4-rare", "約翰三書"},
		{"phrase", "神說：“要有光！”就有了光"},
		{"latin-word", "Espíritu"},
		{"latin-folded", "ESPIRITU"},
		{"latin-rare", "paloma"},
		{"latin-late", "discípulos"},
		{"latin-2pct", "Jesús"},
		{"latin-7pct", "dijo"},
		{"latin-15pct", "Jehová"},
		{"latin-45pct", "que"},
		{"latin2", "ó"},
		{"absent", "xyzzyq"},
		{"absent-han", "麒麟"},
	} {
		b.Run(q.name, func(b *testing.B) {
			var hits []ConcordanceHit
			for b.Loop() {
				if hits, err = svc.Concordance(ctx, q.query, "", 0); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(hits)), "hits")
		})
	}
}

// bibleVerses reads the verses of a ../shared/tm-dev Bible, by book,
// chapter and verse.
func bibleVerses(b *testing.B, name string) [][][]string {
	f, err := os.Open("../../shared/tm-dev/" + name)
	if err != nil {
		b.Skip(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		b.Fatal(err)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var books []struct {
		Chapters [][]string `json:"chapters"`
	}
	if err := json.Unmarshal(data, &books); err != nil {
		b.Fatal(err)
	}
	out := make([][][]string, len(books))
	for i, bk := range books {
		out[i] = bk.Chapters
	}
	return out
}

// buildConcordanceDB imports docs documents of size verses each, every
// document starting at another verse, and saves the Spanish of four verses
// out of five as translated, each document's in one transaction.
func buildConcordanceDB(b *testing.B, st *store.Store, docs, size int) {
	zh, es := bibleVerses(b, "bible-zh_ncv.json.gz"), bibleVerses(b, "bible-es_rvr.json.gz")
	type verse struct{ zh, es string }
	var verses []verse
	for bk := range min(len(zh), len(es)) {
		for ch := range min(len(zh[bk]), len(es[bk])) {
			for v, z := range zh[bk][ch] {
				e := ""
				if v < len(es[bk][ch]) {
					e = es[bk][ch][v]
				}
				if z != "" {
					verses = append(verses, verse{z, e})
				}
			}
		}
	}
	ctx := context.Background()
	start := time.Now()
	var saved int
	for d := range docs {
		first := d * 7919 % len(verses)
		var paras []segment.Paragraph
		var es []string
		for i := 0; i < size; i += 10 {
			var p segment.Paragraph
			for j := i; j < min(i+10, size); j++ {
				v := verses[(first+j)%len(verses)]
				p.Segments = append(p.Segments, v.zh)
				es = append(es, v.es)
			}
			paras = append(paras, p)
		}
		doc, err := st.ImportDocument(ctx, store.NewDocument{Title: fmt.Sprintf("Biblia %d", d+1), SourceLang: "zh",
			Hash: fmt.Sprintf("concordance-bench-%d", d), Paragraphs: paras}, store.ImportOptions{AllowDuplicate: true})
		if err != nil {
			b.Fatal(err)
		}
		rows, _, err := st.Segments(ctx, doc.ID, store.SegmentQuery{Lang: "es"})
		if err != nil {
			b.Fatal(err)
		}
		var saves []store.Save
		for i, r := range rows {
			if i%5 != 4 && es[i] != "" {
				saves = append(saves, store.Save{SegmentID: r.ID, Lang: "es", Text: es[i], Status: workflow.StatusTranslated, Origin: "import"})
			}
		}
		if _, err := st.SaveTranslations(ctx, saves); err != nil {
			b.Fatal(err)
		}
		saved += len(saves)
		if (d+1)%10 == 0 {
			b.Logf("built %d documents, %d translations in %.0f s", d+1, saved, time.Since(start).Seconds())
		}
	}
	b.Logf("build: %d documents of %d segments (%d distinct verses), %d translations in %.1f s",
		docs, size, len(verses), saved, time.Since(start).Seconds())
}
