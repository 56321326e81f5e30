package align

import (
	"slices"
	"strings"
	"testing"

	"alinea/align/term"
)

func TestZhNumbers(t *testing.T) {
	cases := []struct {
		in   string
		want int64
	}{
		{"三十", 30}, {"三十五", 35}, {"十二", 12}, {"二〇〇八", 2008}, {"一千二百", 1200},
		{"十二万", 120000}, {"两百", 200}, {"三亿五千万", 350000000}, {"九", 9},
	}
	for _, tc := range cases {
		got, ok := zhNumberValue([]rune(tc.in))
		if !ok || got != tc.want {
			t.Errorf("zhNumberValue(%s) = %d, %v; want %d", tc.in, got, ok, tc.want)
		}
	}
}

func TestUnits(t *testing.T) {
	cases := []struct {
		lang, in string
		want     []string // tokens that must be there
		not      []string // tokens that must not
	}{
		{"zh", "2008年，二十国集团在华盛顿开会。", []string{"#2008", "#20", "国"}, nil},
		{"zh", "（一）总则", []string{"#1"}, nil},
		{"zh", "他一个人走了。", nil, []string{"#1"}},
		{"zh", "他说：“你好吗？”", []string{tokQuote, tokQuestion, tokColon}, nil},
		{"zh", "三三两两的人", nil, []string{"#33"}},
		{"en", "Thirty-five of the 2,008 delegates came.", []string{"#35", "#2008", "delega"}, []string{"thirty"}},
		{"en", "'Why don't you go home?' she asked.", []string{tokQuote, tokQuestion}, nil},
		{"en", "IV. The second part", []string{"#4", "#2"}, nil},
		{"es", "Llegaron treinta y cinco personas.", []string{"#35"}, nil},
		{"pt", "Chegaram trinta e duas pessoas.", []string{"#32"}, nil},
	}
	for _, tc := range cases {
		var got []string
		if tc.lang == "zh" {
			got, _ = zhUnits(tc.in, nil)
		} else {
			got, _ = tgtUnits(tc.in, tc.lang, nil)
		}
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s %q: tokens %q lack %q", tc.lang, tc.in, got, w)
			}
		}
		for _, w := range tc.not {
			if slices.Contains(got, w) {
				t.Errorf("%s %q: tokens %q should not have %q", tc.lang, tc.in, got, w)
			}
		}
	}
}

func TestNameAnchors(t *testing.T) {
	src := []string{"韦小宝来到连云港。", "单廷秀是个财主。", "他走了。"}
	tgt := []string{"Wei Xiaobao came to Lianyungang.", "Shan Tingxiu was a rich man.", "He left."}
	srcTok := make([][]string, len(src))
	tgtTok := make([][]string, len(tgt))
	addNameTokens(src, tgt, nil, srcTok, tgtTok)
	for i, want := range [][]string{{"py:weixiaobao", "py:lianyungang"}, {"py:shantingxiu"}, nil} {
		for _, w := range want {
			if !slices.Contains(srcTok[i], w) || !slices.Contains(tgtTok[i], w) {
				t.Errorf("sentence %d: want %q on both sides, got %q / %q", i, w, srcTok[i], tgtTok[i])
			}
		}
		if want == nil && (len(srcTok[i]) > 0 || len(tgtTok[i]) > 0) {
			t.Errorf("sentence %d: unexpected names %q / %q", i, srcTok[i], tgtTok[i])
		}
	}
}

func TestPairTokens(t *testing.T) {
	src := []string{"二十国集团峰会开幕。", "没有术语。"}
	tgt := []string{"The Group of Twenty summit opened.", "No term here."}
	srcTok := make([][]string, len(src))
	tgtTok := make([][]string, len(tgt))
	for j, s := range tgt {
		tgtTok[j], _ = tgtUnits(s, "en", nil)
	}
	opt := Options{TgtLang: "en", Pairs: []TermPair{{Zh: "二十国集团", Tgt: []string{"G20", "Group of Twenty"}}}}
	addPairTokens(src, srcTok, tgtTok, opt)
	if !slices.Contains(srcTok[0], "=0") || !slices.Contains(tgtTok[0], "=0") {
		t.Errorf("term not marked on both sides: %q / %q", srcTok[0], tgtTok[0])
	}
	if slices.Contains(srcTok[1], "=0") || slices.Contains(tgtTok[1], "=0") {
		t.Errorf("term marked where it is absent")
	}
}

// The Chinese variants of one concept mark the same token, so a sentence
// with either variant anchors a target sentence with the equivalent, and no
// variant is left over as a term without its partner.
func TestPairTokensVariantsShareOne(t *testing.T) {
	concepts := []term.Concept{{Terms: []term.Term{
		{Lang: "zh", Text: "拉美和加勒比", Status: term.Preferred},
		{Lang: "zh", Text: "拉丁美洲和加勒比", Status: term.Admitted},
		{Lang: "en", Text: "Latin America and the Caribbean", Status: term.Preferred},
	}}}
	src := []string{"第一部分 拉丁美洲和加勒比", "拉美和加勒比地区是全球南方重要组成部分。"}
	tgt := []string{"Part I Latin America and the Caribbean", "The region of Latin America and the Caribbean is part of the Global South."}
	srcTok := make([][]string, len(src))
	tgtTok := make([][]string, len(tgt))
	for j, s := range tgt {
		tgtTok[j], _ = tgtUnits(s, "en", nil)
	}
	addPairTokens(src, srcTok, tgtTok, Options{TgtLang: "en", Pairs: ConceptPairs(concepts, "en")})
	srcIDs, tgtIDs := strictAnchors(srcTok, tgtTok)
	c := &corpus{srcStrict: srcIDs, tgtStrict: tgtIDs, srcStrictCum: countNonEmpty(srcIDs), tgtStrictCum: countNonEmpty(tgtIDs)}
	for i := range src {
		if len(srcIDs[i]) != 1 || len(tgtIDs[i]) != 1 {
			t.Errorf("sentence %d: anchors %v / %v, want one on each side", i, srcIDs[i], tgtIDs[i])
		}
		if n := c.unmatchedAnchors(i, i+1, i, i+1); n != 0 {
			t.Errorf("sentence %d with its translation: %d anchors without a partner", i, n)
		}
	}
}

func TestQuoteState(t *testing.T) {
	en := []string{"He said nothing.", "'Why not?", "I don't know.'", "She left."}
	got, marked := quoteState(en, false)
	want := []bool{false, false, true, false, false}
	if !slices.Equal(got, want) || marked != 2 {
		t.Errorf("quoteState = %v (%d marked), want %v (2)", got, marked, want)
	}
	// An excerpt starting inside a quotation: counted, the quotation
	// after it is read inside out; the marks at sentence edges say better.
	ex := []string{"It was the sixties—\"", "\"Enough,\" he said.", "\"Then you know.", "It is slow.\"", "She left."}
	for _, c := range []struct {
		edges bool
		want  []bool
	}{
		{false, []bool{false, true, true, false, true, false}},
		{true, []bool{false, false, false, true, false, false}},
	} {
		if got, _ := quoteState(ex, c.edges); !slices.Equal(got, c.want) {
			t.Errorf("quoteState(edges %v) = %v, want %v", c.edges, got, c.want)
		}
	}
}

func TestLoadCEDICT(t *testing.T) {
	text := "# CC-CEDICT\n" +
		"傳統 传统 [chuan2 tong3] /tradition/traditional/convention/\n" +
		"好 好 [hao3] /good/\n" +
		"二十國集團 二十国集团 [Er4 shi2 guo2 Ji2 tuan2] /G20 (group of twenty)/\n"
	d, err := LoadCEDICT(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 4 { // two headwords of two entries; single characters are skipped
		t.Errorf("Len = %d, want 4", d.Len())
	}
	if g := d.glosses["传统"]; !slices.Contains(g, "tradit") || !slices.Contains(g, "conven") {
		t.Errorf("glosses of 传统 = %q", g)
	}
	js := `export default {"all":[["傳統","传统","chuan2 tong3",["tradition","convention"],[],[0]],["港口","港口","gang3 kou3","port",[],[]]]}`
	dj, err := LoadCEDICT(strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	if dj.Len() != 3 || !slices.Contains(dj.glosses["港口"], "port") {
		t.Errorf("npm form: %d headwords, 港口 → %q", dj.Len(), dj.glosses["港口"])
	}
	if _, err := LoadCEDICT(strings.NewReader(`export default {"all":[["x"]]}`)); err == nil || !strings.Contains(err.Error(), "entry 0") {
		t.Errorf("bad npm entry: err = %v", err)
	}
	if _, err := LoadCEDICT(strings.NewReader("# x\nnot a dictionary line\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("bad line: err = %v, want one naming line 2", err)
	}
	src := []string{"这是中国的传统。", "今天下雨。", "这些风俗很古老。"}
	tgt := []string{"This is a Chinese tradition.", "It rains today.", "These customs are very old."}
	beads := mustAlign(t, src, tgt, Options{SrcLang: "zh", TgtLang: "en", Dict: d})
	if got := beadStrings(beads); !slices.Equal(got, []string{"[0]:[0]", "[1]:[1]", "[2]:[2]"}) {
		t.Errorf("with a dictionary: %v", got)
	}
}

func TestConceptPairs(t *testing.T) {
	cs := []term.Concept{{Terms: []term.Term{
		{Lang: "zh", Text: "二十国集团", Status: term.Preferred},
		{Lang: "zh", Text: "20国集团", Status: term.Forbidden},
		{Lang: "en", Text: "G20", Status: term.Preferred},
		{Lang: "es", Text: "Grupo de los Veinte", Status: term.Preferred, Forms: []term.TermForm{{Text: "G20"}}},
	}}}
	got := ConceptPairs(cs, "es")
	if len(got) != 2 || got[1].Zh != "20国集团" || !slices.Equal(got[0].Tgt, []string{"Grupo de los Veinte", "G20"}) {
		t.Errorf("ConceptPairs = %+v", got)
	}
}

func TestStemLenMatchesStemWord(t *testing.T) {
	for _, w := range []string{"", "a", "sword", "swords", "swordsman", "niño", "corazón", "coração", "ñññññññ", "\xff\xfeabcdefg"} {
		if got, want := w[:stemLen([]byte(w))], stemWord(w); got != want {
			t.Errorf("stem of %q: %q, stemWord %q", w, got, want)
		}
	}
}
