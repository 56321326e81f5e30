package term

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"alinea/align/text"
	"alinea/internal/testenv"
)

func zhConcept(id int64, terms ...string) Concept {
	c := Concept{ID: id}
	for i, t := range terms {
		st := Preferred
		if i > 0 {
			st = Admitted
		}
		c.Terms = append(c.Terms, Term{ID: id*10 + int64(i), Lang: "zh", Text: t, Status: st})
	}
	return c
}

var testGlossary = []Concept{
	zhConcept(1, "命运共同体"),
	zhConcept(2, "中拉命运共同体"),
	zhConcept(3, "人类命运共同体"),
	zhConcept(4, "拉共体", "拉美和加勒比国家共同体"),
	zhConcept(5, "拉美和加勒比"),
	zhConcept(6, "中国—拉共体论坛", "中拉论坛"),
	zhConcept(7, "全球南方"),
	zhConcept(8, "发展中国家"),
	zhConcept(9, "小岛屿发展中国家"),
	zhConcept(10, "APEC", "亚太经合组织"),
	{ID: 11, Terms: []Term{{ID: 110, Lang: "es", Text: "Sur Global", Status: Preferred}}},
}

type span struct {
	id   int64
	text string
}

func hitSpans(text string, hits []TermHit) []span {
	var out []span
	for _, h := range hits {
		out = append(out, span{h.ConceptID, text[h.Start:h.End]})
	}
	return out
}

func TestMatcherFind(t *testing.T) {
	m := NewMatcher(testGlossary, "zh")
	tests := []struct {
		name string
		text string
		want []span
	}{
		{"longest wins", "共同谱写构建中拉命运共同体新篇章", []span{{2, "中拉命运共同体"}}},
		{"shorter alone", "携手迈向人类命运共同体和网络空间命运共同体", []span{{3, "人类命运共同体"}, {1, "命运共同体"}}},
		{"variant", "邀请拉美和加勒比国家共同体(以下简称拉共体)成员国", []span{{4, "拉美和加勒比国家共同体"}, {4, "拉共体"}}},
		{"longer variant over other concept", "拉美和加勒比国家共同体", []span{{4, "拉美和加勒比国家共同体"}}},
		{"dash folded", "积极推进中国-拉共体论坛框架下", []span{{6, "中国-拉共体论坛"}}},
		{"em dash as stored", "中国—拉共体论坛", []span{{6, "中国—拉共体论坛"}}},
		{"nested countries", "内陆发展中国家和小岛屿发展中国家", []span{{8, "发展中国家"}, {9, "小岛屿发展中国家"}}},
		{"space inside a term", "共建中拉 命运共同体", []span{{2, "中拉 命运共同体"}}},
		{"full width latin", "ＡＰＥＣ和亚太经合组织", []span{{10, "ＡＰＥＣ"}, {10, "亚太经合组织"}}},
		{"case folded", "apec", []span{{10, "apec"}}},
		{"other languages ignored", "Sur Global", nil},
		{"no hit", "中方愿同拉方携手推进", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := hitSpans(tt.text, m.Find(tt.text))
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Find(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestMatcherFindAll(t *testing.T) {
	m := NewMatcher(testGlossary, "zh")
	text := "推动构建中拉命运共同体和小岛屿发展中国家"
	got := hitSpans(text, m.FindAll(text))
	want := []span{{2, "中拉命运共同体"}, {1, "命运共同体"}, {9, "小岛屿发展中国家"}, {8, "发展中国家"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("FindAll = %v, want %v", got, want)
	}
}

func TestMatcherHitFields(t *testing.T) {
	m := NewMatcher(testGlossary, "zh")
	hits := m.Find("简称拉共体")
	if len(hits) != 1 {
		t.Fatalf("hits = %v", hits)
	}
	h := hits[0]
	if h.ConceptID != 4 || h.TermID != 40 || h.Term != "拉共体" || h.Start != len("简称") || h.End != len("简称拉共体") {
		t.Errorf("hit = %+v", h)
	}
}

func TestMatcherSharedTerm(t *testing.T) {
	m := NewMatcher([]Concept{zhConcept(1, "合作"), zhConcept(2, "合作"), zhConcept(3, "合作共赢")}, "zh")
	got := hitSpans("合作共赢的合作", m.Find("合作共赢的合作"))
	want := []span{{3, "合作共赢"}, {1, "合作"}, {2, "合作"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Find = %v, want %v", got, want)
	}
	if m.Len() != 2 {
		t.Errorf("Len = %d, want 2 distinct terms", m.Len())
	}
}

func TestMatcherEmpty(t *testing.T) {
	var nilM *Matcher
	if nilM.Len() != 0 {
		t.Error("nil matcher has terms")
	}
	m := NewMatcher(nil, "zh")
	if hits := m.Find("全球南方"); hits != nil {
		t.Errorf("empty matcher found %v", hits)
	}
	if _, ok := m.Concept(1); ok {
		t.Error("empty matcher has a concept")
	}
}

func TestMatcherOwnsItsConcepts(t *testing.T) {
	cs := []Concept{zhConcept(1, "全球南方")}
	m := NewMatcher(cs, "zh")
	cs[0].Terms[0].Text = "改了"
	if h := m.Find("全球南方"); len(h) != 1 || h[0].Term != "全球南方" {
		t.Errorf("matcher changed with its input: %v", h)
	}
	if c, ok := m.Concept(1); !ok || c.Terms[0].Text != "全球南方" {
		t.Errorf("Concept(1) = %v, %v", c, ok)
	}
}

func TestIsLang(t *testing.T) {
	tests := []struct {
		lang, base string
		want       bool
	}{
		{"zh", "zh", true}, {"zh-Hans", "zh", true}, {"ZH_cn", "zh", true},
		{"zhx", "zh", false}, {"z", "zh", false}, {"es", "zh", false}, {"pt-BR", "pt", true},
	}
	for _, tt := range tests {
		if got := text.IsLang(tt.lang, tt.base); got != tt.want {
			t.Errorf("text.IsLang(%q, %q) = %v", tt.lang, tt.base, got)
		}
	}
}

// TestMatcherAgainstNaive compares the automaton with a plain search over
// random texts drawn from a small alphabet, where overlaps are frequent.
func TestMatcherAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("中拉命运共同体发展")
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for round := range 200 {
		var cs []Concept
		for i := range 1 + rng.IntN(12) {
			cs = append(cs, zhConcept(int64(i+1), word(1+rng.IntN(4))))
		}
		m := NewMatcher(cs, "zh")
		text := word(rng.IntN(30))
		var want []string
		for i := range text {
			for _, c := range cs {
				if strings.HasPrefix(text[i:], c.Terms[0].Text) {
					want = append(want, fmt.Sprintf("%d@%d", c.ID, i))
				}
			}
		}
		var got []string
		for _, h := range m.FindAll(text) {
			got = append(got, fmt.Sprintf("%d@%d", h.ConceptID, h.Start))
		}
		slices.Sort(want)
		slices.Sort(got)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d: text %q terms %v: got %v, want %v", round, text, cs, got, want)
		}
	}
}

// glossarySeedDocument returns the non-blank lines of the seed document.
func glossarySeedDocument(tb testing.TB) []string {
	tb.Helper()
	return testenv.SeedLines(tb)
}

// syntheticTerms makes n distinct Han strings of 2–8 characters from the
// common CJK range, as a stand-in for a large termbase.
func syntheticTerms(n int) []Concept {
	rng := rand.New(rand.NewPCG(7, 8))
	seen := make(map[string]bool, n)
	cs := make([]Concept, 0, n)
	var b strings.Builder
	for len(cs) < n {
		b.Reset()
		for range 2 + rng.IntN(7) {
			b.WriteRune(rune(0x4E00 + rng.IntN(3500)))
		}
		s := b.String()
		if seen[s] {
			continue
		}
		seen[s] = true
		id := int64(len(cs) + 1)
		cs = append(cs, Concept{ID: id, Terms: []Term{{ID: id, Lang: "zh", Text: s, Status: Preferred}}})
	}
	return cs
}

func BenchmarkMatcherBuild100k(b *testing.B) {
	cs := syntheticTerms(100_000)
	b.ResetTimer()
	for b.Loop() {
		NewMatcher(cs, "zh")
	}
}

func BenchmarkMatcherFindSegment(b *testing.B) {
	m := NewMatcher(append(syntheticTerms(100_000), testGlossary...), "zh")
	seg := "中方愿同拉美和加勒比国家携手落实全球文明倡议,树立平等、互鉴、对话、包容的文明观,弘扬和平、发展、公平、正义、民主、自由的全人类共同价值,共同谱写构建中拉命运共同体新篇章。"
	b.SetBytes(int64(len(seg)))
	for b.Loop() {
		m.Find(seg)
	}
}

func BenchmarkMatcherSeedDocument(b *testing.B) {
	lines := glossarySeedDocument(b)
	m := NewMatcher(append(syntheticTerms(100_000), testGlossary...), "zh")
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, l := range lines {
			m.Find(l)
		}
	}
}
