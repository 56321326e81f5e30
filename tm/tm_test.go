package tm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"alinea/align/segment"
	"alinea/internal/testenv"
	"alinea/store"
	"alinea/workflow"
)

func openStore(t testing.TB) (*store.Store, string) {
	t.Helper()
	path := testenv.DB(t)
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

func importSeed(t testing.TB, st *store.Store, title string) []store.Row {
	t.Helper()
	b, err := os.ReadFile("../seeds/china-lac-policy-paper-2025.zh.txt")
	if err != nil {
		t.Fatal(err)
	}
	p, err := segment.Prepare(b, "zh")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	doc, err := st.ImportDocument(ctx, store.NewDocument{Title: title, SourceLang: "zh", Hash: p.Hash,
		Encoding: string(p.Encoding), Paragraphs: p.Paragraphs}, store.ImportOptions{AllowDuplicate: true})
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := st.Segments(ctx, doc.ID, store.SegmentQuery{Lang: "es"})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func save(t testing.TB, st *store.Store, seg int64, text string, status workflow.Status) {
	t.Helper()
	ctx := context.Background()
	cur, err := st.Translation(ctx, seg, "es")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveTranslation(ctx, store.Save{SegmentID: seg, Lang: "es", Text: text, Status: status, BaseVersion: cur.Version}); err != nil {
		t.Fatal(err)
	}
}

// TestLiveTranslationsFeedTheMemory: a translation is offered while it is
// translated or above, with its document as origin, a penalty until it is
// reviewed, and 101 where the neighbours match too.
func TestLiveTranslationsFeedTheMemory(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	svc := New(st)
	doc1 := importSeed(t, st, "uno")
	doc2 := importSeed(t, st, "dos")
	const k = 5
	seg := doc1[k]
	lookup := func() []Match {
		t.Helper()
		ms, err := svc.Lookup(ctx, Query{Text: seg.Source, Lang: "es", SegmentID: doc2[k].ID,
			PrevText: doc2[k-1].Source, NextText: doc2[k+1].Source})
		if err != nil {
			t.Fatal(err)
		}
		return ms
	}
	if ms := lookup(); len(ms) != 0 {
		t.Fatalf("matches before any translation: %+v", ms)
	}
	save(t, st, seg.ID, "borrador", workflow.StatusDraft)
	if ms := lookup(); len(ms) != 0 {
		t.Fatalf("a draft was offered: %+v", ms)
	}
	save(t, st, seg.ID, "traducido", workflow.StatusTranslated)
	ms := lookup()
	if len(ms) != 1 || ms[0].Suggestion != "traducido" || ms[0].From() != "uno" || ms[0].Similarity != 100 ||
		!ms[0].Context || ms[0].Score != 100 || ms[0].Band != BandExact {
		t.Fatalf("after translating: %+v", ms)
	}
	save(t, st, seg.ID, "revisado", workflow.StatusReviewed)
	ms = lookup()
	if len(ms) != 1 || ms[0].Suggestion != "revisado" || ms[0].Score != 101 || ms[0].Band != BandContext {
		t.Fatalf("after review: %+v", ms)
	}
	// The segment's own unit is never offered to itself.
	own, err := svc.Lookup(ctx, Query{Text: seg.Source, Lang: "es", SegmentID: seg.ID})
	if err != nil || len(own) != 0 {
		t.Fatalf("own unit offered: %+v %v", own, err)
	}
	save(t, st, seg.ID, "", workflow.StatusNew)
	if ms := lookup(); len(ms) != 0 {
		t.Fatalf("an emptied translation is still offered: %+v", ms)
	}
	// A draft from an accepted alignment is offered, below reviewed work.
	cur, _ := st.Translation(ctx, seg.ID, "es")
	if _, err := st.SaveTranslation(ctx, store.Save{SegmentID: seg.ID, Lang: "es", Text: "alineado", Status: workflow.StatusDraft,
		BaseVersion: cur.Version, Origin: "align"}); err != nil {
		t.Fatal(err)
	}
	ms = lookup()
	if len(ms) != 1 || ms[0].Suggestion != "alineado" || ms[0].Score != 99 || ms[0].Origin != "align" {
		t.Fatalf("aligned draft: %+v", ms)
	}
}

const sampleTMX = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="es"><seg>Prólogo</seg></tuv><tuv xml:lang="zh-TW"><seg>前言</seg></tuv><tuv xml:lang="pt-BR"><seg>Prefácio</seg></tuv></tu>
<tu><tuv xml:lang="zh-Hans"><seg>二〇二五年的计划</seg></tuv><tuv xml:lang="es" creationid="ana"><seg>El plan de 2025</seg></tuv></tu>
<tu><tuv xml:lang="zh"><seg>第42章</seg></tuv><tuv xml:lang="es"><seg>Capítulo 42</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>no source</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>只有中文</seg></tuv></tu>
</body></tmx>`

func TestImportLookupExport(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	svc := New(st)
	rep, err := svc.ImportTMX(ctx, strings.NewReader(sampleTMX), "legacy", 0)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Read != 5 || rep.Added != 4 || rep.Skipped[SkipNoSource] != 1 || rep.Skipped[SkipNoTarget] != 1 {
		t.Fatalf("report %+v", rep)
	}
	again, err := svc.ImportTMX(ctx, strings.NewReader(sampleTMX), "legacy", 0)
	if err != nil || again.Added != 0 || again.Skipped[SkipDuplicate] != 4 {
		t.Fatalf("second import %+v %v", again, err)
	}
	for _, c := range []struct {
		q, lang, want string
		fixed         bool
		score         float64
	}{
		{"前言", "es", "Prólogo", false, 100},
		{"前言", "pt", "Prefácio", false, 100},
		{"2025年的计划", "es", "El plan de 2025", true, 99},
		{"二〇二六年的计划", "es", "El plan de 2026", true, 99},
		{"第43章", "es", "Capítulo 43", true, 99},
	} {
		ms, err := svc.Lookup(ctx, Query{Text: c.q, Lang: c.lang})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].Suggestion != c.want || ms[0].NumbersFixed != c.fixed || ms[0].Score != c.score || ms[0].From() != "legacy" {
			t.Errorf("Lookup(%q, %s) = %+v", c.q, c.lang, ms)
		}
	}
	// 3万 and 30,000 are one value, but not carried over.
	if _, err := svc.ImportTMX(ctx, strings.NewReader(`<tmx><body><tu><tuv xml:lang="zh"><seg>今年共有30,000人参加了会议</seg></tuv><tuv xml:lang="es"><seg>Hay 30.000 personas</seg></tuv></tu></body></tmx>`), "legacy", 0); err != nil {
		t.Fatal(err)
	}
	ms, err := svc.Lookup(ctx, Query{Text: "今年共有3万人参加了会议", Lang: "es"})
	if err != nil || len(ms) != 1 || ms[0].NumbersFixed || ms[0].Suggestion != "Hay 30.000 personas" {
		t.Fatalf("3万 vs 30,000: %+v %v", ms, err)
	}

	var buf bytes.Buffer
	n, err := svc.ExportTMX(ctx, &buf, "legacy", "")
	if err != nil || n != 5 {
		t.Fatalf("export: %d units, %v", n, err)
	}
	st2, _ := openStore(t)
	rep2, err := New(st2).ImportTMX(ctx, &buf, "copy", 0)
	if err != nil || rep2.Added != 5 {
		t.Fatalf("export does not import back: %+v %v", rep2, err)
	}

	if _, err := st.DeleteMemory(ctx, "legacy"); err != nil {
		t.Fatal(err)
	}
	if ms, _ := svc.Lookup(ctx, Query{Text: "前言", Lang: "es"}); len(ms) != 0 {
		t.Fatalf("deleted memory still offered: %+v", ms)
	}
}

// A file that breaks half way adds nothing.
func TestImportIsAllOrNothing(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	broken := strings.Replace(sampleTMX, "</body></tmx>", "<tu><tuv xml:lang=\"zh\"><seg>x</tuv></tu>", 1)
	if _, err := New(st).ImportTMX(ctx, strings.NewReader(broken), "legacy", 0); err == nil {
		t.Fatal("a broken file was accepted")
	}
	if _, err := st.Memory(ctx, "legacy"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("broken import left a memory: %v", err)
	}
}

// Another process's writes reach an index already built.
func TestIndexFollowsOtherWriters(t *testing.T) {
	st, path := openStore(t)
	ctx := context.Background()
	reader := New(st)
	if ms, err := reader.Lookup(ctx, Query{Text: "前言", Lang: "es"}); err != nil || len(ms) != 0 {
		t.Fatalf("%+v %v", ms, err)
	}
	other, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := New(other).ImportTMX(ctx, strings.NewReader(sampleTMX), "legacy", 0); err != nil {
		t.Fatal(err)
	}
	ms, err := reader.Lookup(ctx, Query{Text: "序言", Lang: "es"})
	if err != nil || len(ms) != 1 || ms[0].Similarity != 50 {
		t.Fatalf("other writer's unit not found: %+v %v", ms, err)
	}
	if _, err := other.DeleteMemory(ctx, "legacy"); err != nil {
		t.Fatal(err)
	}
	if ms, _ := reader.Lookup(ctx, Query{Text: "序言", Lang: "es"}); len(ms) != 0 {
		t.Fatalf("other writer's delete not seen: %+v", ms)
	}
}

// A unit whose numbers are substituted ranks first for the translator, but
// never takes the place of a more similar unit: the result always holds the
// Limit most similar units, as an exhaustive search finds them.
func TestNumberSubstitutedMatchesComeBesides(t *testing.T) {
	st, _ := openStore(t)
	ctx := context.Background()
	svc := New(st)
	var b strings.Builder
	b.WriteString(`<tmx version="1.4"><header srclang="zh"/><body>`)
	tu := func(zh, es string) {
		fmt.Fprintf(&b, `<tu><tuv xml:lang="zh"><seg>%s</seg></tuv><tuv xml:lang="es"><seg>%s</seg></tuv></tu>`, zh, es)
	}
	// Two units 80 % similar to 第56章, and chapter headings 50–75 %
	// similar whose number can be carried over.
	tu("第當56章", "Capítulo 56 de otro")
	tu("第公56章", "Capítulo 56 de uno")
	for _, n := range []int{5, 6, 12, 16, 26, 36, 46} {
		tu(fmt.Sprintf("第%d章", n), fmt.Sprintf("Capítulo %d", n))
	}
	b.WriteString(`</body></tmx>`)
	if _, err := svc.ImportTMX(ctx, strings.NewReader(b.String()), "bible", 0); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		limit int
		sort  Order
		first string
		n     int
	}{
		// The two most similar, then the substituted ones among the
		// next five that score higher (5, 6, 16, 26, 36 at 75 %; 12 and 46
		// at 50 % are past the units looked at). Ties go by age.
		{2, ByScore, "第5章", 7},
		{2, BySimilarity, "第當56章", 7},
		{1, BySimilarity, "第當56章", 5},
		{10, BySimilarity, "第當56章", 9},
		{10, "", "第5章", 9},
	} {
		ms, err := svc.Lookup(ctx, Query{Text: "第56章", Lang: "es", Limit: c.limit, Sort: c.sort})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != c.n || ms[0].Source != c.first {
			t.Errorf("limit %d sort %q: %d matches, first %q; want %d, first %q", c.limit, c.sort, len(ms), ms[0].Source, c.n, c.first)
			continue
		}
		found := map[string]bool{}
		for _, m := range ms {
			found[m.Source] = true
			if m.NumbersFixed && m.Suggestion != "Capítulo 56" {
				t.Errorf("substituted %q gives %q", m.Source, m.Suggestion)
			}
		}
		if !found["第當56章"] || (c.limit > 1 && !found["第公56章"]) {
			t.Errorf("limit %d sort %q: a more similar unit was pushed out: %+v", c.limit, c.sort, ms)
		}
	}
}
