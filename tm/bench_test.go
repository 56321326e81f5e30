package tm

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"alinea/align/fuzzy"
	"alinea/store"
)

// The benchmarks run on a memory built with ../shared/tm-dev/build.py, e.g.
//
//	python3 build.py tm bible-zh_ncv.json.gz bible-es_rvr.json.gz 100000 7 /tmp/tm-100k.tmx
//	ALINEA_TM_TMX=/tmp/tm-100k.tmx go test -tags sqlite_fts5 -run '^$' -bench . ./tm/
//
// and are skipped without one. The imported database is kept beside the TMX
// (FILE.tmx.db) so later runs skip the import.
func benchService(b *testing.B) (*Service, *store.Store) {
	tmx := os.Getenv("ALINEA_TM_TMX")
	if tmx == "" {
		b.Skip("ALINEA_TM_TMX names no TMX memory")
	}
	dbPath := tmx + ".db"
	_, statErr := os.Stat(dbPath)
	st, err := store.Open(dbPath)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	svc := New(st)
	if statErr != nil {
		f, err := os.Open(tmx)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		fi, _ := f.Stat()
		start := time.Now()
		rep, err := svc.ImportTMX(context.Background(), bufio.NewReaderSize(f, 1<<20), filepath.Base(tmx), 0)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("import: %d units in %.1f s (%d MB of TMX)", rep.Added, time.Since(start).Seconds(), fi.Size()>>20)
	}
	start := time.Now()
	if _, err := svc.Index(context.Background(), "es"); err != nil {
		b.Fatal(err)
	}
	b.Logf("index load: %.2f s", time.Since(start).Seconds())
	return svc, st
}

func devQueries(b *testing.B) []string {
	data, err := os.ReadFile("../../shared/tm-dev/queries-dev.txt")
	if err != nil {
		b.Skip("no ../shared/tm-dev/queries-dev.txt")
	}
	return strings.Split(strings.TrimRight(string(data), "\n"), "\n")
}

// BenchmarkLookup is one lookup (top 10 at 50 % or more) of a dev query,
// the queries taken in turn.
func BenchmarkLookup(b *testing.B) {
	svc, _ := benchService(b)
	qs := devQueries(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := svc.Lookup(ctx, Query{Text: qs[i%len(qs)], Lang: "es", Limit: 10, Min: 50}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchShort is the index alone on 1–6 character queries.
func BenchmarkSearchShort(b *testing.B) {
	svc, _ := benchService(b)
	ix, _ := svc.Index(context.Background(), "es")
	qs := []string{"前言", "中", "第56章", "創世記", "耶和華", "神", "以色列人", "約翰三書"}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix.Search(fuzzy.Normalize(qs[i%len(qs)]), 50, 10)
	}
}

// BenchmarkLookupShort is one lookup of a 1–6 character heading, each
// length apart.
func BenchmarkLookupShort(b *testing.B) {
	svc, _ := benchService(b)
	ctx := context.Background()
	for _, q := range []string{"神", "前言", "創世記", "以色列人", "約翰福音書", "第一百五十章"} {
		b.Run(fmt.Sprint(len([]rune(q))), func(b *testing.B) {
			for b.Loop() {
				if _, err := svc.Lookup(ctx, Query{Text: q, Lang: "es", Limit: 10, Min: 50}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearch is the index alone on the dev queries.
func BenchmarkSearch(b *testing.B) {
	svc, _ := benchService(b)
	ix, _ := svc.Index(context.Background(), "es")
	qs := devQueries(b)
	for i := range qs {
		qs[i] = fuzzy.Normalize(qs[i])
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix.Search(qs[i%len(qs)], 50, 10)
	}
}

// BenchmarkImport imports the whole ALINEA_TM_TMX memory into a new database.
func BenchmarkImport(b *testing.B) {
	tmx := os.Getenv("ALINEA_TM_TMX")
	if tmx == "" {
		b.Skip("ALINEA_TM_TMX names no TMX memory")
	}
	for b.Loop() {
		st, err := store.Open(filepath.Join(b.TempDir(), "tm.db"))
		if err != nil {
			b.Fatal(err)
		}
		f, err := os.Open(tmx)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := New(st).ImportTMX(context.Background(), bufio.NewReaderSize(f, 1<<20), "bench", 0)
		f.Close()
		st.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Added), "units")
	}
}

// BenchmarkIndexLoad builds the fuzzy index of the whole memory from the store.
func BenchmarkIndexLoad(b *testing.B) {
	_, st := benchService(b)
	for b.Loop() {
		if _, err := New(st).Index(context.Background(), "es"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRepetitionCounts is the marks of one editor page: 100 rows of a
// document whose source recurs in nine other copies.
func BenchmarkRepetitionCounts(b *testing.B) {
	st, _ := openStore(b)
	var rows []store.Row
	for i := range 10 {
		rows = importSeed(b, st, fmt.Sprintf("copia %d", i))
	}
	segs := make([]store.Segment, 0, 100)
	for _, r := range rows[:100] {
		segs = append(segs, r.Segment)
	}
	ctx := context.Background()
	for b.Loop() {
		counts, err := New(st).RepetitionCounts(ctx, segs)
		if err != nil || counts[segs[0].ID] != 9 {
			b.Fatalf("%v %v", counts[segs[0].ID], err)
		}
	}
}

// BenchmarkConcordance is one concordance search of the memory, per query
// length: one and two characters (frequent ones: most units hold 神), three,
// a phrase, and Latin text in the targets, frequent and absent.
func BenchmarkConcordance(b *testing.B) {
	svc, _ := benchService(b)
	ctx := context.Background()
	for _, q := range []string{"神", "前言", "耶和華", "以色列人的神", "jesus", "xyzzy"} {
		b.Run(q, func(b *testing.B) {
			// The first Latin search reads the memory's targets.
			if _, err := svc.Concordance(ctx, q, "es", 0); err != nil {
				b.Fatal(err)
			}
			n := 0
			for b.Loop() {
				hits, err := svc.Concordance(ctx, q, "es", 0)
				if err != nil {
					b.Fatal(err)
				}
				n = len(hits)
			}
			b.ReportMetric(float64(n), "hits")
		})
	}
}

// BenchmarkTargetsLoad reads and folds the memory's targets, as the first
// Latin concordance search of a process does.
func BenchmarkTargetsLoad(b *testing.B) {
	_, st := benchService(b)
	for b.Loop() {
		if _, err := loadMemoryTargets(context.Background(), st, "es"); err != nil {
			b.Fatal(err)
		}
	}
}
