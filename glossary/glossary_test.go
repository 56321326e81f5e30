package glossary_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"alinea/align/term"
	"alinea/align/text"
	"alinea/glossary"
	"alinea/internal/testenv"
	"alinea/seeds"
	"alinea/store"
	"alinea/workflow"
)

func openTemp(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(testenv.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// seeded is a store with the seed document and glossary.
func seeded(t testing.TB) (*store.Store, store.Document) {
	t.Helper()
	st := openTemp(t)
	got, err := seeds.Install(context.Background(), st)
	if err != nil || got.Document == nil || got.Concepts == 0 {
		t.Fatalf("seeds: %+v, %v", got, err)
	}
	return st, *got.Document
}

func concept(zh string, others ...string) store.Concept {
	c := store.Concept{Concept: term.Concept{Domain: "diplomacy", Terms: []term.Term{{Lang: "zh", Text: zh, Status: term.Preferred}}}}
	for i := 0; i+1 < len(others); i += 2 {
		c.Terms = append(c.Terms, term.Term{Lang: others[i], Text: others[i+1], Status: term.Preferred})
	}
	return c
}

func TestDetect(t *testing.T) {
	tests := []struct {
		named, file string
		def         glossary.Format
		want        glossary.Format
		err         bool
	}{
		{"tbx", "", "", glossary.TBX, false},
		{"CSV", "x.tbx", "", glossary.CSV, false},
		{"", "terms.TBX", "", glossary.TBX, false},
		{"", "terms.xml", "", glossary.TBX, false},
		{"", `C:\dir\terms.csv`, "", glossary.CSV, false},
		{"", "terms.txt", "", "", true},
		{"", "", glossary.TBX, glossary.TBX, false},
		{"", "terms.txt", glossary.CSV, glossary.CSV, false},
		{"xlsx", "terms.csv", "", "", true},
	}
	for _, tt := range tests {
		got, err := glossary.Detect(tt.named, tt.file, tt.def)
		if got != tt.want || (err != nil) != tt.err || err != nil && !errors.Is(err, glossary.ErrUnknownFormat) {
			t.Errorf("Detect(%q, %q, %q) = %q, %v", tt.named, tt.file, tt.def, got, err)
		}
	}
}

// TestReadWrite writes the seed glossary in both formats and reads each
// back to the same concepts.
func TestReadWrite(t *testing.T) {
	cs, err := glossary.Read(bytes.NewReader(seeds.Glossary), glossary.CSV)
	if err != nil || len(cs) < 60 {
		t.Fatalf("seed glossary: %d concepts, %v", len(cs), err)
	}
	for _, f := range []glossary.Format{glossary.TBX, glossary.CSV} {
		var b bytes.Buffer
		if err := glossary.Write(&b, f, cs); err != nil {
			t.Fatal(err)
		}
		back, err := glossary.Read(&b, f)
		if err != nil || len(back) != len(cs) {
			t.Fatalf("%s: %d concepts back, %v", f, len(back), err)
		}
		for i := range cs {
			if len(back[i].Terms) != len(cs[i].Terms) || back[i].Terms[0].Text != cs[i].Terms[0].Text {
				t.Errorf("%s: concept %d came back as %+v", f, i, back[i].Terms)
			}
		}
	}
	big := io64(glossary.MaxFileBytes + 1)
	if _, err := glossary.Read(big, glossary.CSV); !errors.Is(err, glossary.ErrTooLarge) {
		t.Errorf("over the limit: %v", err)
	}
}

func io64(n int) *bytes.Reader { return bytes.NewReader(bytes.Repeat([]byte("a"), n)) }

func TestImportAndExport(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	g := glossary.New(st)
	res, err := g.Import(ctx, bytes.NewReader(seeds.Glossary), glossary.CSV, store.ImportMerge, 0)
	if err != nil || res.Created < 60 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	var tbx bytes.Buffer
	n, err := g.Export(ctx, &tbx, glossary.TBX)
	if err != nil || n != res.Created {
		t.Fatalf("export: %d concepts, %v", n, err)
	}
	// The TBX read back into a replaced glossary leaves it as it was.
	again, err := g.Import(ctx, &tbx, glossary.TBX, store.ImportReplace, 0)
	if err != nil || again.Created != res.Created || again.Deleted != res.Created {
		t.Fatalf("reimport: %+v, %v", again, err)
	}
	for _, bad := range []struct {
		name, data string
		f          glossary.Format
	}{
		{"broken TBX", "<tbx", glossary.TBX},
		{"CSV with a bad row", "id,domain,zh_preferred,es_preferred\nx,diplomacy,全球南方,Sur Global\n", glossary.CSV},
		{"concept without terms", "", glossary.TBX},
	} {
		_, err := g.Import(ctx, strings.NewReader(bad.data), bad.f, store.ImportReplace, 0)
		var fe *glossary.FileError
		if !errors.As(err, &fe) {
			t.Errorf("%s: err = %v, want a FileError", bad.name, err)
		}
	}
	if cs, _ := st.Concepts(ctx); len(cs) != res.Created {
		t.Errorf("refused files changed the glossary: %d concepts", len(cs))
	}
}

func TestMatcherCache(t *testing.T) {
	st := openTemp(t)
	g := glossary.New(st)
	ctx := context.Background()
	m0, err := g.Matcher(ctx)
	if err != nil || m0.Len() != 0 {
		t.Fatalf("empty glossary: %v %d", err, m0.Len())
	}
	c, err := st.CreateConcept(ctx, concept("全球南方", "es", "Sur Global"), 0)
	if err != nil {
		t.Fatal(err)
	}
	m1, _ := g.Matcher(ctx)
	if m1 == m0 || len(m1.Find("全球南方国家")) != 1 {
		t.Error("matcher not rebuilt after a change")
	}
	if m2, _ := g.Matcher(ctx); m2 != m1 {
		t.Error("matcher rebuilt without a change")
	}
	// A write by another connection to the same file is seen too.
	other, err := store.Open(st.DSN())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.DeleteConcept(ctx, c.ID, 0); err != nil {
		t.Fatal(err)
	}
	if m3, _ := g.Matcher(ctx); m3.Len() != 0 {
		t.Error("matcher kept a concept deleted by another process")
	}
}

func BenchmarkAnnotateSeedDocument(b *testing.B) {
	st, doc := seeded(b)
	g := glossary.New(st)
	ctx := context.Background()
	rows, _, err := st.Segments(ctx, doc.ID, store.SegmentQuery{Lang: "es"})
	if err != nil {
		b.Fatal(err)
	}
	hits := 0
	for b.Loop() {
		m, err := g.Matcher(ctx)
		if err != nil {
			b.Fatal(err)
		}
		hits = 0
		for _, r := range rows {
			hits += len(m.Find(r.Source))
		}
	}
	b.ReportMetric(float64(hits), "hits")
	b.ReportMetric(float64(len(rows)), "segments")
}

func TestWarningsFilter(t *testing.T) {
	st, doc := seeded(t)
	g := glossary.New(st)
	ctx := context.Background()
	segs, err := st.SourceSegments(ctx, doc.ID)
	if err != nil || len(segs) != doc.Segments {
		t.Fatalf("%d source segments, want %d (%v)", len(segs), doc.Segments, err)
	}
	m, _ := g.Matcher(ctx)
	// Two segments with glossary terms: one translated with every preferred
	// Spanish equivalent, one without any.
	var good, bad int64
	texts := map[int64]string{}
	for _, s := range segs {
		hits := m.Find(s.Source)
		if len(hits) == 0 {
			continue
		}
		if good == 0 {
			good = s.ID
			var eq []string
			for _, h := range hits {
				c := m.ConceptOf(h)
				for _, tm := range c.TermsIn("es") {
					if tm.Status == term.Preferred {
						eq = append(eq, tm.Text)
					}
				}
			}
			texts[good] = strings.Join(eq, "; ")
		} else {
			bad = s.ID
			texts[bad] = "nada"
			break
		}
	}
	for id, text := range texts {
		if _, err := st.SaveTranslation(ctx, store.Save{SegmentID: id, Lang: "es", Text: text, Status: workflow.StatusDraft}); err != nil {
			t.Fatal(err)
		}
	}
	ws, err := g.Warnings(ctx, doc.ID, "es")
	if err != nil || len(ws) != 1 || len(ws[bad]) == 0 {
		t.Fatalf("warnings = %v, %v; want only segment %d", ws, err, bad)
	}
	rep, err := g.Report(ctx, doc.ID, "es")
	if err != nil || len(rep) != len(ws[bad]) || rep[0].SegmentID != bad {
		t.Fatalf("report = %+v, %v", rep, err)
	}
	res, err := g.FindSegments(ctx, doc.ID, store.FindQuery{Lang: "es", Filter: store.FilterWarnings, Limit: 50, From: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || len(res.Rows) != 1 || res.Rows[0].ID != bad {
		t.Errorf("warnings filter: %d rows, total %d", len(res.Rows), res.Total)
	}
	if _, ok, err := g.NextToTranslate(ctx, doc.ID, store.FindQuery{Lang: "es", Filter: store.FilterWarnings}, 0); err != nil || !ok {
		t.Errorf("next with warnings: %v %v", ok, err)
	}
}

// TestMatcherConcurrent reads the matcher from many goroutines while the
// glossary changes (run with -race).
func TestMatcherConcurrent(t *testing.T) {
	st, _ := seeded(t)
	g := glossary.New(st)
	ctx := context.Background()
	done := make(chan struct{})
	errs := make(chan error, 8)
	for range 4 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				m, err := g.Matcher(ctx)
				if err != nil {
					errs <- err
					return
				}
				if len(m.Find("全球南方")) != 1 {
					errs <- errors.New("全球南方 not found")
					return
				}
			}
		}()
	}
	for i := range 20 {
		if _, err := st.CreateConcept(ctx, concept("新概念"+strings.Repeat("一", i+1)), 0); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	m, _ := g.Matcher(ctx)
	if len(m.Find("新概念一一一")) != 1 {
		t.Error("the last matcher lacks the new concepts")
	}
}

func TestDiscover(t *testing.T) {
	st, doc := seeded(t)
	g := glossary.New(st)
	cands, err := g.Discover(context.Background(), doc.ID, term.DiscoverOptions{Limit: 10})
	if err != nil || len(cands) == 0 {
		t.Fatalf("%d candidates, %v", len(cands), err)
	}
	m, _ := g.Matcher(context.Background())
	for _, c := range cands {
		if len(c.Segments) != len(c.Occurrences) {
			t.Fatalf("%s: %d segments for %d occurrences", c.Text, len(c.Segments), len(c.Occurrences))
		}
		for i, o := range c.Occurrences {
			if got := text.Key(c.Segments[i].Source[o.Start:o.End]); got != c.Text {
				t.Errorf("%s: occurrence %d is %q", c.Text, i, got)
			}
		}
		if len(m.Find(c.Text)) > 0 && m.Find(c.Text)[0].Term == c.Text {
			t.Errorf("%s is proposed but in the glossary", c.Text)
		}
	}
}

// TBX says zh-Hans for Chinese, as exchange files do; both TBX versions
// read back to the glossary as it was, Chinese under zh, merged onto the
// same concepts.
func TestTBXLanguageTagsRoundTrip(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	g := glossary.New(st)
	if _, err := g.Import(ctx, bytes.NewReader(seeds.Glossary), glossary.CSV, store.ImportMerge, 0); err != nil {
		t.Fatal(err)
	}
	before, _ := st.Concepts(ctx)
	for _, f := range []glossary.Format{glossary.TBX, glossary.TBX2008} {
		var b bytes.Buffer
		if _, err := g.Export(ctx, &b, f); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), `xml:lang="zh-Hans"`) || strings.Contains(b.String(), `xml:lang="zh"`) {
			t.Errorf("%s: Chinese not tagged zh-Hans", f)
		}
		res, err := g.Import(ctx, &b, f, store.ImportMerge, 0)
		if err != nil || res.Created != 0 {
			t.Fatalf("%s: merge back: %+v, %v", f, res, err)
		}
		after, _ := st.Concepts(ctx)
		if len(after) != len(before) {
			t.Fatalf("%s: %d concepts, was %d", f, len(after), len(before))
		}
		for i := range after {
			if len(after[i].Terms) != len(before[i].Terms) || after[i].Terms[0].Lang != "zh" {
				t.Fatalf("%s: concept %d terms %+v, was %+v", f, after[i].ID, after[i].Terms, before[i].Terms)
			}
		}
	}
}
