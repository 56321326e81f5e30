package align

import (
	"errors"
	"strings"
	"testing"
)

// FuzzAlign checks that any input aligns without panicking into beads that
// cover every sentence exactly once, in order, with confidences in [0,1].
func FuzzAlign(f *testing.F) {
	f.Add("那天晚上我没走掉。\n陈清扬把我拽住。", "I didn't leave that night.\nChen Qingyang held me back.", "")
	f.Add("二〇〇八年五月。\n（一）总则\n“你好？”", "In May 2008.\n1. General\n'Hello?'\nExtra.", "二〇〇八=2008")
	f.Add("\n\n", "", "")
	f.Add("韦小宝。", "Wei Xiaobao.\n\n\n", "韦小宝=Trinket")
	f.Add(strings.Repeat("甲。\n", 40), strings.Repeat("A.\nB.\n", 30), "")
	f.Fuzz(func(t *testing.T, src, tgt, pairs string) {
		s := strings.Split(src, "\n")
		g := strings.Split(tgt, "\n")
		if len(s) > 300 || len(g) > 300 {
			return
		}
		var opt Options
		for _, p := range strings.Split(pairs, "\n") {
			if zh, eq, ok := strings.Cut(p, "="); ok {
				opt.Pairs = append(opt.Pairs, TermPair{Zh: zh, Tgt: []string{eq}})
			}
		}
		if len(s)%3 == 0 {
			opt.SrcParas = make([]int, len(s))
			opt.TgtParas = make([]int, len(g))
			for i := range s {
				opt.SrcParas[i] = i / 2
			}
			for j := range g {
				opt.TgtParas[j] = j / 3
			}
		}
		beads, err := Align(s, g, opt)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckBeads(beads, len(s), len(g)); err != nil {
			t.Fatal(err)
		}
		// The same with parts given, drawn from the input's length: two
		// runs apart where there is room, else one.
		switch n := len(s); {
		case n >= 4:
			opt.Parts = []Span{{n / 4, n / 2}, {n/2 + 1, n}}
		default:
			opt.Parts = []Span{{0, n}}
		}
		beads, err = Align(s, g, opt)
		if errors.Is(err, ErrBadParts) {
			return // parts of blank sentences only
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckBeads(beads, len(s), len(g)); err != nil {
			t.Fatal(err)
		}
		if b, i, ok := pairedOutside(beads, opt.Parts); ok {
			t.Fatalf("%s pairs source %d outside the parts %v", FormatBead(b, false), i, opt.Parts)
		}
	})
}

// FuzzLoadCEDICT checks that the dictionary reader never panics and that
// what it accepts can be used.
func FuzzLoadCEDICT(f *testing.F) {
	f.Add("傳統 传统 [chuan2 tong3] /tradition/traditional/\n")
	f.Add("# comment\n\ufeff好 好 [hao3] /good/\n")
	f.Add("a b [c] /(x)/CL:個|个[ge4]/\n")
	f.Add("二十國集團 二十国集团 [x] /G20 (group of twenty)/variant of sth/\n")
	f.Add(`export default {"all":[["傳統","传统","x",["tradition"],[],[]],["港口","港口","y","port",[],[]]]}`)
	f.Fuzz(func(t *testing.T, text string) {
		d, err := LoadCEDICT(strings.NewReader(text))
		if err != nil {
			return
		}
		if _, err := Align([]string{"二十国集团传统很好。"}, []string{"The G20 tradition is good."}, Options{Dict: d}); err != nil {
			t.Fatal(err)
		}
	})
}
