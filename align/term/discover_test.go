package term

import (
	"slices"
	"strings"
	"testing"

	"alinea/align/text"
)

func candidateTexts(cs []Candidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Text)
	}
	return out
}

func TestDiscoverSeedDocument(t *testing.T) {
	lines := glossarySeedDocument(t)
	cs := Discover(lines, DiscoverOptions{Limit: 30})
	if len(cs) != 30 {
		t.Fatalf("got %d candidates, want 30", len(cs))
	}
	texts := candidateTexts(cs)
	t.Logf("top 30: %s", strings.Join(texts, " "))
	for _, want := range []string{"全球南方", "命运共同体", "一带一路"} {
		if !slices.Contains(texts, want) {
			t.Errorf("%s not among the top 30", want)
		}
	}
	for _, frag := range []string{"命运共同", "运共同体", "带一路", "球南方"} {
		if slices.Contains(texts, frag) {
			t.Errorf("fragment %s proposed", frag)
		}
	}
	for _, c := range cs {
		if len(c.Occurrences) != c.Count || c.Count < 2 {
			t.Errorf("%s: count %d, %d occurrences", c.Text, c.Count, len(c.Occurrences))
		}
		for _, o := range c.Occurrences {
			if got := text.Key(lines[o.Segment][o.Start:o.End]); got != c.Text {
				t.Errorf("%s: occurrence %+v is %q", c.Text, o, got)
			}
		}
	}
}

func TestDiscoverKnownTermsExcluded(t *testing.T) {
	lines := glossarySeedDocument(t)
	known := NewMatcher([]Concept{zhConcept(1, "一带一路"), zhConcept(2, "命运共同体")}, "zh")
	texts := candidateTexts(Discover(lines, DiscoverOptions{Known: known, Limit: -1}))
	for _, k := range []string{"一带一路", "命运共同体", "命运共同", "带一"} {
		if slices.Contains(texts, k) {
			t.Errorf("%s proposed although inside a known term", k)
		}
	}
	if !slices.Contains(texts, "全球南方") {
		t.Error("全球南方 no longer proposed")
	}
}

func TestDiscover(t *testing.T) {
	segs := []string{
		"推动南南合作。加强南南合作,深化合作",
		"南南合作是典范,支持合作。",
		"我们的南 南合作",
		"abc,def",
	}
	cs := Discover(segs, DiscoverOptions{})
	texts := candidateTexts(cs)
	if len(cs) == 0 || cs[0].Text != "南南合作" {
		t.Fatalf("candidates = %v, want 南南合作 first", texts)
	}
	c := cs[0]
	if c.Count != 4 {
		t.Errorf("count = %d, want 4", c.Count)
	}
	last := c.Occurrences[len(c.Occurrences)-1]
	if last.Segment != 2 || segs[2][last.Start:last.End] != "南 南合作" {
		t.Errorf("last occurrence %+v", last)
	}
	for _, frag := range []string{"南南", "南合作", "南南合"} {
		if slices.Contains(texts, frag) {
			t.Errorf("fragment %s proposed: %v", frag, texts)
		}
	}
	if got := Discover(segs, DiscoverOptions{MinCount: 7}); len(got) != 0 {
		t.Errorf("MinCount 7 gives %v", candidateTexts(got))
	}
	if got := Discover(nil, DiscoverOptions{}); got != nil {
		t.Errorf("no segments gives %v", got)
	}
}

func TestDiscoverLimit(t *testing.T) {
	lines := glossarySeedDocument(t)
	if n := len(Discover(lines, DiscoverOptions{Limit: 5})); n != 5 {
		t.Errorf("Limit 5 gives %d", n)
	}
	if n := len(Discover(lines, DiscoverOptions{})); n != 100 {
		t.Errorf("default limit gives %d", n)
	}
}

func BenchmarkDiscoverSeedDocument(b *testing.B) {
	lines := glossarySeedDocument(b)
	for b.Loop() {
		Discover(lines, DiscoverOptions{})
	}
}
