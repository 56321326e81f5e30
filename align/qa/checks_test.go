package qa

import (
	"slices"
	"strings"
	"testing"
)

// checksOf runs the segment checks and returns the messages they report.
func checksOf(src, tgt, lang string, heading bool) []string {
	var out []string
	for _, f := range (*Document)(nil).Segment(Segment{Source: src, Target: tgt, Heading: heading}, Options{Lang: lang}) {
		out = append(out, f.Check+":"+f.Message)
	}
	return out
}

func TestSegmentChecks(t *testing.T) {
	cases := []struct {
		name, src, tgt, lang string
		heading              bool
		want                 []string // findings expected; nil means none
	}{
		{"clean", "中拉关系不断发展。", "China-LAC relations keep developing.", "en", false, nil},
		{"full stop kept", "中拉关系不断发展。", "Las relaciones China-ALC siguen desarrollándose.", "es", false, nil},
		{"full stop missing", "中拉关系不断发展。", "China-LAC relations keep developing", "en", false,
			[]string{"end-punctuation:QAEndMissing"}},
		{"question", "你好吗？", "¿Cómo estás?", "es", false, nil},
		{"question turned statement", "你好吗？", "How are you.", "en", false, []string{"end-punctuation:QAEndDifferent"}},
		{"heading stays bare", "前言", "Preface", "en", true, nil},
		{"heading gets a stop", "前言", "Preface.", "en", true, []string{"end-punctuation:QAEndHeadingPunct"}},
		{"closing quote after stop", "他说：“我们合作。”", "He said: “We cooperate.”", "en", false, nil},
		{"brackets balanced", "（新华社北京电）", "(Xinhua, Beijing)", "en", true, nil},
		{"bracket left open", "中方（北京）支持。", "China (Beijing supports.", "en", false, []string{"brackets:QABracketsUnbalanced"}},
		{"list marker is no bracket", "一、团结", "a) Solidarity", "es", true, nil},
		{"quotes balanced", "共建“一带一路”。", "Jointly building the “Belt and Road”.", "en", false, nil},
		{"quote left open", "共建“一带一路”。", "Jointly building the “Belt and Road.", "en", false, []string{"quotes:QAQuotesUnbalanced"}},
		{"dialogue opened, not closed", "“哦，那就对了。", "\"Ah, makes sense.", "en", false, nil},
		{"dialogue closed", "可惜都是聋子的耳朵。”", "It's too bad.\"", "en", false, nil},
		{"straight quote left open", "他说：“好。”", "He said: \"Good.", "en", false, []string{"quotes:QAQuotesUnbalanced"}},
		{"guillemets", "共建“一带一路”。", "Construir conjuntamente la «Franja y la Ruta».", "es", false, nil},
		{"quote lost", "共建“一带一路”。", "Jointly building the belt and road.", "en", false, []string{"quotes:QAQuoteNoCounterpart"}},
		{"title as capitals", "发布《中国对拉政策文件》。", "It issued China's Policy Paper on Latin America.", "en", false, nil},
		{"converted brackets", "（一）高层交往", "(a) High-level exchanges", "en", true, nil},
		{"full-width left", "中方支持。", "China supports，and helps。", "en", false,
			[]string{"punctuation-width:QAFullWidth"}},
		{"full-width brackets", "（一）高层交往", "（a）High-level exchanges", "en", true, []string{"punctuation-width:QAFullWidth"}},
		{"double space", "中方支持。", "China  supports.", "en", false, []string{"whitespace:QASpaceDouble"}},
		{"trailing space", "中方支持。", "China supports. ", "en", false, []string{"whitespace:QASpaceEdges"}},
		{"space before comma", "中方支持，也帮助。", "China supports , and helps.", "en", false, []string{"whitespace:QASpaceBeforePunct"}},
		{"guillemet spacing is fine", "共建“一带一路”。", "Construir la « Franja y la Ruta ».", "es", false, nil},
		{"ellipsis after space", "等等……", "and so on ...", "en", false, []string{"capitalization:QALowerStart"}},
		{"chinese left", "中国同拉美友好交往源远流长。", "Although China and LAC are far apart, 双方人民友好交往源远流长.", "en", false,
			[]string{"untranslated:QAChineseLeft"}},
		{"same as source", "中拉友好。", "中拉友好。", "en", false, []string{"untranslated:QASameAsSource"}},
		{"number only is no error", "2025", "2025", "en", true, nil},
		{"the the", "中方支持。", "China supports the the plan.", "en", false, []string{"repeated-word:QARepeatedWord"}},
		{"de de", "中方支持。", "El apoyo de de China.", "es", false, []string{"repeated-word:QARepeatedWord"}},
		{"that that", "中方支持。", "He said that that plan works.", "en", false, nil},
		{"url kept", "详见https://example.org/a。", "See https://example.org/a.", "en", false, nil},
		{"url changed", "详见https://example.org/a。", "See https://example.org/b.", "en", false,
			[]string{"urls:QALinkExtra", "urls:QALinkMissing"}},
		{"email changed", "联系info@example.org。", "Write to infos@example.org.", "en", false,
			[]string{"urls:QALinkMissing", "urls:QALinkExtra"}},
		{"hashtag kept", "话题#CELAC2025。", "Topic #CELAC2025.", "en", false, nil},
		{"lower start", "中方支持。", "china supports.", "en", false, []string{"capitalization:QALowerStart"}},
		{"spanish opener", "你好吗？", "¿cómo estás?", "es", false, []string{"capitalization:QALowerStart"}},
		{"brand", "苹果手机。", "iPhone sales grew.", "en", false, nil},
		{"year changed", "1949年新中国成立。", "The PRC was founded in 1950.", "en", false, []string{"numbers:QANumberMissing"}},
		{"empty target", "中方支持。", "", "en", false, nil},
	}
	for _, c := range cases {
		got := checksOf(c.src, c.tgt, c.lang, c.heading)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %q → %q: %q; want %q", c.name, c.src, c.tgt, got, c.want)
		}
	}
}

func TestSpansPointAtTheProblem(t *testing.T) {
	seg := Segment{Source: "1949年新中国成立。", Target: "Founded in 1950 ，  then。"}
	fs := (*Document)(nil).Segment(seg, Options{Lang: "en"})
	got := map[string]string{}
	for _, f := range fs {
		var parts []string
		for _, s := range f.Source {
			parts = append(parts, "s:"+seg.Source[s.Start:s.End])
		}
		for _, s := range f.Target {
			parts = append(parts, "t:"+seg.Target[s.Start:s.End])
		}
		got[f.Message] = strings.Join(parts, " ")
	}
	want := map[string]string{
		"QANumberMissing":    "s:1949",
		"QAFullWidth":        "t:， t:。",
		"QASpaceDouble":      "t:  ",
		"QASpaceBeforePunct": "t: ，",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s spans %q; want %q (all: %v)", k, got[k], v, got)
		}
	}
}

func TestDocumentChecks(t *testing.T) {
	segs := []Segment{
		{ID: 1, Position: 1, Source: "中拉合作。", Target: "China-LAC cooperation."},
		{ID: 2, Position: 2, Source: "中拉合作。", Target: "Cooperation between China and LAC."},
		{ID: 3, Position: 3, Source: "中拉友好。", Target: "China-LAC friendship."},
		{ID: 4, Position: 4, Source: "中拉交流。", Target: "China-LAC friendship."},
		{ID: 5, Position: 5, Source: "中拉合作。", Target: "China-LAC cooperation."},
	}
	got := Check(segs, Options{Lang: "en", Checks: Set{CheckInconsistentTarget: true, CheckInconsistentSource: true}})
	want := [][]string{
		{"inconsistent-target:2"}, {"inconsistent-target:1, 5"}, {"inconsistent-source:4"}, {"inconsistent-source:3"},
		{"inconsistent-target:2"},
	}
	for i, fs := range got {
		var names []string
		for _, f := range fs {
			names = append(names, f.Check+":"+f.Args["Positions"].(string))
		}
		if !slices.Equal(names, want[i]) {
			t.Errorf("segment %d: %v; want %v", i+1, names, want[i])
		}
	}
}

func TestLength(t *testing.T) {
	var segs []Segment
	for i := range 30 {
		// About three letters of English per Chinese character, with noise.
		segs = append(segs, Segment{Position: i + 1, Source: strings.Repeat("中", 20),
			Target: strings.Repeat("a", 55+(i%7)*3) + "."})
	}
	segs = append(segs,
		Segment{Position: 31, Source: strings.Repeat("中", 20), Target: "Short."},
		Segment{Position: 32, Source: strings.Repeat("中", 20), Target: strings.Repeat("long ", 60)},
		Segment{Position: 33, Source: "中中", Target: "A very long rendering of two characters."}, // too short to judge
	)
	// An outlier among the learnt ones does not move the model.
	segs[0].Target = strings.Repeat("b", 400)
	got := Check(segs, Options{Lang: "en", Checks: Set{CheckLength: true}})
	for i, fs := range got {
		want := ""
		switch i {
		case 0:
			want = "QATooLong"
		case 30:
			want = "QATooShort"
		case 31:
			want = "QATooLong"
		}
		msg := ""
		if len(fs) > 0 {
			msg = fs[0].Message
		}
		if msg != want {
			t.Errorf("segment %d: %q; want %q", i+1, msg, want)
		}
	}
}

func TestParseChecks(t *testing.T) {
	s, err := ParseChecks("numbers, brackets")
	if err != nil || !s.Has("numbers") || !s.Has("brackets") || s.Has("quotes") {
		t.Errorf("ParseChecks = %v, %v", s, err)
	}
	if _, err := ParseChecks("numbers,nope"); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown check accepted: %v", err)
	}
	if s, err := ParseChecks(""); err != nil || !s.Has("length") {
		t.Errorf("empty list is not all checks: %v, %v", s, err)
	}
}

func TestDocumentUpdate(t *testing.T) {
	segs := []Segment{
		{Position: 1, Source: "中拉合作。", Target: "China-LAC cooperation."},
		{Position: 2, Source: "中拉合作。", Target: "Cooperation."},
	}
	doc := NewDocument(segs, "en")
	opt := Options{Lang: "en", Checks: Set{CheckInconsistentTarget: true}}
	if len(doc.Segment(segs[0], opt)) != 1 {
		t.Fatal("inconsistency not found")
	}
	fixed := segs[1]
	fixed.Target = "China-LAC cooperation."
	doc.Update(segs[1], fixed)
	if fs := doc.Segment(segs[0], opt); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
}
