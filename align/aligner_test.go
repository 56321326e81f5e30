package align

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// beadStrings renders beads without confidences, for comparison.
func beadStrings(beads []Bead) []string {
	out := make([]string, len(beads))
	for k, b := range beads {
		out[k] = FormatBead(b, false)
	}
	return out
}

func mustAlign(t *testing.T, src, tgt []string, opt Options) []Bead {
	t.Helper()
	beads, err := Align(src, tgt, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckBeads(beads, len(src), len(tgt)); err != nil {
		t.Fatalf("%v\n%s", err, strings.Join(beadStrings(beads), "\n"))
	}
	return beads
}

// story is a short parallel text written for these tests. Each entry is one
// bead: Chinese sentences and their English translation.
var story = [][2][]string{
	{{"二〇〇八年五月，王小明第一次来到连云港。"}, {"In May 2008, Wang Xiaoming came to Lianyungang for the first time."}},
	{{"他在港口找到了一份工作，每天工作十二个小时，一个月只挣三百元钱，可是他从来不抱怨。"}, {"He found a job at the port.", "He worked twelve hours a day and earned only 300 yuan a month.", "But he never complained."}},
	{{"李大姐问他：“你为什么不回家？”"}, {"'Why don't you go home?' Sister Li asked him."}},
	{{"他笑着说：“我要先攒够钱。”"}, {"'I have to save enough money first,' he said with a smile."}},
	{{"三年以后，他开了一家小饭馆。"}, {"Three years later, he opened a small restaurant."}},
	{{"饭馆有八张桌子，二十四把椅子。"}, {"The restaurant had eight tables and twenty-four chairs."}},
	{{"生意很好，客人从早到晚络绎不绝。"}, {"Business was good, and customers came and went from morning to night."}},
	{{"二〇一五年，他把父母接到了连云港。"}, {"In 2015 he brought his parents to Lianyungang."}},
	{{"母亲第一次看到大海，高兴得哭了。"}, {"His mother cried with joy when she saw the sea for the first time."}},
	{{"王小明说，这是他一生中最幸福的一天。"}, {"Wang Xiaoming said it was the happiest day of his life."}},
}

// build flattens beads into sentences and the expected alignment,
// dropping target sentences of beads listed in omit and adding the extra
// target sentence after bead insertAfter (−1 for none).
func build(beads [][2][]string, omit map[int]bool, insertAfter int, extra string) (src, tgt, want []string) {
	for k, b := range beads {
		var bd Bead
		for _, s := range b[0] {
			bd.Src = append(bd.Src, len(src))
			src = append(src, s)
		}
		if !omit[k] {
			for _, s := range b[1] {
				bd.Tgt = append(bd.Tgt, len(tgt))
				tgt = append(tgt, s)
			}
		}
		want = append(want, FormatBead(bd, false))
		if k == insertAfter {
			want = append(want, FormatBead(Bead{Tgt: []int{len(tgt)}}, false))
			tgt = append(tgt, extra)
		}
	}
	return src, tgt, want
}

func TestAlignSmallTexts(t *testing.T) {
	cases := []struct {
		name        string
		omit        map[int]bool
		insertAfter int
		extra       string
	}{
		{name: "splits and anchors", insertAfter: -1},
		{name: "omission of a long sentence", omit: map[int]bool{1: true}, insertAfter: -1},
		{name: "insertion", insertAfter: 4, extra: "(The restaurant, locals say, still serves the best noodles in the whole of the old harbour district, and the queue on Sunday mornings goes round the block.)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src, tgt, want := build(story, tc.omit, tc.insertAfter, tc.extra)
			got := beadStrings(mustAlign(t, src, tgt, Options{SrcLang: "zh", TgtLang: "en"}))
			if !slices.Equal(got, want) {
				t.Errorf("beads\n got %v\nwant %v", got, want)
			}
		})
	}
}

// A one-to-three split is found even when lengths alone would rather pair
// the pieces with the neighbouring sentences: the numbers tie them down.
func TestAlignSplitByNumbers(t *testing.T) {
	src := []string{
		"第一章",
		"会议于2019年3月12日在北京召开，共有45个国家的230名代表出席，会期5天。",
		"会议通过了一项决议。",
	}
	tgt := []string{
		"Chapter 1",
		"The meeting opened in Beijing on 12 March 2019.",
		"It was attended by 230 delegates from 45 countries.",
		"It lasted 5 days.",
		"The meeting adopted a resolution.",
	}
	got := beadStrings(mustAlign(t, src, tgt, Options{SrcLang: "zh", TgtLang: "en"}))
	want := []string{"[0]:[0]", "[1]:[1,2,3]", "[2]:[4]"}
	if !slices.Equal(got, want) {
		t.Errorf("beads %v, want %v", got, want)
	}
}

// Glossary pairs anchor sentences that length and numbers cannot tell
// apart: here they show which of three sentences was left untranslated.
func TestAlignGlossaryAnchors(t *testing.T) {
	beads := slices.Clone(story[:5])
	beads = append(beads,
		[2][]string{{"二十国集团领导人发表了声明。"}, {"The leaders of the G20 issued a statement."}},
		[2][]string{{"上海合作组织秘书处表示欢迎，并呼吁各方加强合作。"}, {"The SCO secretariat welcomed it and called for closer cooperation."}},
		[2][]string{{"金砖国家新开发银行也表示支持。"}, {"The New Development Bank also expressed support."}},
	)
	beads = append(beads, story[5:]...)
	src, tgt, want := build(beads, map[int]bool{6: true}, -1, "")
	pairs := []TermPair{
		{Zh: "二十国集团", Tgt: []string{"G20", "Group of Twenty"}},
		{Zh: "上海合作组织", Tgt: []string{"Shanghai Cooperation Organisation", "SCO"}},
		{Zh: "新开发银行", Tgt: []string{"New Development Bank"}},
	}
	got := beadStrings(mustAlign(t, src, tgt, Options{SrcLang: "zh", TgtLang: "en", Pairs: pairs}))
	if !slices.Equal(got, want) {
		t.Errorf("beads\n got %v\nwant %v", got, want)
	}
}

func TestAlignEdges(t *testing.T) {
	cases := []struct {
		src, tgt []string
		want     []string
	}{
		{nil, nil, []string{}},
		{[]string{"你好。"}, nil, []string{"[0]:[]"}},
		{nil, []string{"Hello.", "Bye."}, []string{"[]:[0]", "[]:[1]"}},
		{[]string{"你好。"}, []string{"Hello."}, []string{"[0]:[0]"}},
		{[]string{"", ""}, []string{""}, nil},
	}
	for _, tc := range cases {
		beads := mustAlign(t, tc.src, tc.tgt, Options{})
		got := beadStrings(beads)
		if tc.want != nil && !slices.Equal(got, tc.want) {
			t.Errorf("Align(%q, %q) = %v, want %v", tc.src, tc.tgt, got, tc.want)
		}
	}
}

// With paragraphs on both sides, beads do not cross a paragraph boundary
// that both sides agree on.
func TestAlignParagraphs(t *testing.T) {
	src := []string{"甲乙丙丁戊己庚辛。", "子丑寅卯。", "辰巳午未申酉戌亥子丑。", "天地玄黄。"}
	tgt := []string{"Alpha beta gamma delta epsilon zeta.", "Eta theta iota kappa lambda mu nu xi omicron pi rho sigma.", "Tau upsilon phi chi psi omega one two three four.", "Sky earth dark yellow."}
	opt := Options{SrcParas: []int{0, 0, 1, 1}, TgtParas: []int{0, 1, 2, 2}}
	for _, b := range mustAlign(t, src, tgt, opt) {
		for _, i := range b.Src {
			if i >= 2 && slices.ContainsFunc(b.Tgt, func(j int) bool { return j == 0 }) {
				t.Errorf("bead %s joins the second source paragraph to the first target one", FormatBead(b, false))
			}
		}
	}
}

func TestConfidences(t *testing.T) {
	src, tgt, _ := build(story, nil, -1, "")
	beads := mustAlign(t, src, tgt, Options{SrcLang: "zh", TgtLang: "en"})
	var sum float64
	for _, b := range beads {
		sum += b.Confidence
	}
	if mean := sum / float64(len(beads)); mean < 0.5 {
		t.Errorf("mean confidence %.2f on a clean text, want ≥ 0.5", mean)
	}
}

func TestFormatAndCheckBeads(t *testing.T) {
	b := Bead{Src: []int{0, 1}, Tgt: []int{0}, Confidence: 0.934}
	if got := FormatBead(b, true); got != "[0,1]:[0]:0.93" {
		t.Errorf("FormatBead = %q", got)
	}
	if got := FormatBead(Bead{Tgt: []int{3}}, false); got != "[]:[3]" {
		t.Errorf("FormatBead = %q", got)
	}
	bad := []struct {
		beads    []Bead
		n, m     int
		contains string
	}{
		{[]Bead{{Src: []int{1}, Tgt: []int{0}}}, 2, 1, "want 0"},
		{[]Bead{{}}, 0, 0, "empty"},
		{[]Bead{{Src: []int{0}, Tgt: []int{0}, Confidence: 1.5}}, 1, 1, "confidence"},
		{[]Bead{{Src: []int{0}}}, 1, 1, "cover"},
	}
	for _, tc := range bad {
		err := CheckBeads(tc.beads, tc.n, tc.m)
		if err == nil || !strings.Contains(err.Error(), tc.contains) {
			t.Errorf("CheckBeads(%v) = %v, want error containing %q", tc.beads, err, tc.contains)
		}
	}
}

func ExampleAlign() {
	src := []string{"二〇〇八年五月，他来到连云港。", "他在港口找到了一份工作，每天工作十二个小时。"}
	tgt := []string{"In May 2008 he came to Lianyungang.", "He found a job at the port.", "He worked twelve hours a day."}
	beads, _ := Align(src, tgt, Options{SrcLang: "zh", TgtLang: "en"})
	for _, b := range beads {
		fmt.Println(FormatBead(b, false))
	}
	// Output:
	// [0]:[0]
	// [1]:[1,2]
}

// TestAlignHeadingsStandAlone checks that a heading shares no bead with a
// body sentence: translated, it pairs with its translation; left out, it
// stays alone, even where its length would fit a merge.
func TestAlignHeadingsStandAlone(t *testing.T) {
	src, tgt, _ := build(story, nil, -1, "")
	src = append([]string{"第一部分 连云港"}, src...)
	srcHeads := make([]bool, len(src))
	srcHeads[0] = true
	cases := []struct {
		name string
		tgt  []string
		want string // the first bead
	}{
		{"translated", append([]string{"Part I Lianyungang"}, tgt...), "[0]:[0]"},
		{"left out", tgt, "[0]:[]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tgtHeads := make([]bool, len(tc.tgt))
			tgtHeads[0] = tc.name == "translated"
			beads := mustAlign(t, src, tc.tgt, Options{SrcLang: "zh", TgtLang: "en", SrcHeadings: srcHeads, TgtHeadings: tgtHeads})
			if got := FormatBead(beads[0], false); got != tc.want {
				t.Errorf("first bead %s, want %s\n%s", got, tc.want, strings.Join(beadStrings(beads), "\n"))
			}
			for _, b := range beads {
				if len(b.Src) > 1 && b.Src[0] == 0 || len(b.Tgt) > 1 && tgtHeads[b.Tgt[0]] {
					t.Errorf("heading merged: %s", FormatBead(b, false))
				}
			}
		})
	}
}
