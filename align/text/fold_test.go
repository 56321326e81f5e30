package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestKey(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii case", "Global South", "global south"},
		{"spanish accents", "Política Exterior", "politica exterior"},
		{"portuguese", "Cooperação Econômica", "cooperacao economica"},
		{"enye and cedilla", "Año Çà", "ano ca"},
		{"combining accent", "poli\u0301tica", "politica"},
		{"full-width latin", "ＡＰＥＣ　２０３０", "apec 2030"},
		{"full-width punctuation", "（一）团结工程，", "(一)团结工程,"},
		{"han kept", "全球南方", "全球南方"},
		{"cjk compatibility ideograph", "\uF900", "\u8C48"},
		{"em dash", "中国—拉共体论坛", "中国-拉共体论坛"},
		{"en dash and minus", "China–CELAC − x", "china-celac - x"},
		{"curly apostrophe", "People’s Congress", "people's congress"},
		{"curly quotes", "“一带一路”", "\"一带一路\""},
		{"middle dots", "A・B", "a·b"},
		{"sharp s", "Straße", "strasse"},
		{"ligature", "ﬁnanzas", "finanzas"},
		{"space runs", "  países \t en\n\ndesarrollo ", "paises en desarrollo"},
		{"no-break space", "Sur\u00a0Global", "sur global"},
		{"space between han dropped", "中拉 命运共同体", "中拉命运共同体"},
		{"space next to han dropped", "G20 集团", "g20集团"},
		{"zero-width and soft hyphen", "de\u200bsa\u00adrrollo\ufeff", "desarrollo"},
		{"variation selector", "葛\ufe00", "葛"},
		{"control characters", "a\x00b\x7fc", "abc"},
		{"japanese voicing kept", "ガ", "ガ"},
		{"half-width katakana widened", "ｶﾞ", "ガ"},
		{"greek accents", "Ελλάδα", "ελλαδα"},
		{"invalid utf-8", "a\xffb", "ab"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Key(tt.in); got != tt.want {
				t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := Fold(tt.in).Text; got != tt.want {
				t.Errorf("Fold(%q).Text = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFoldOrig(t *testing.T) {
	tests := []struct {
		name, in, find, want string
	}{
		{"han after full-width", "（一）全球南方的一员", "全球南方", "全球南方"},
		{"accented word", "los países en desarrollo", "paises en desarrollo", "países en desarrollo"},
		{"combining mark included", "poli\u0301tica exterior", "politica", "poli\u0301tica"},
		{"ligature start", "las ﬁnanzas", "finanzas", "ﬁnanzas"},
		{"ligature inside", "las ﬁnanzas", "inanzas", "ﬁnanzas"},
		{"across a dropped space", "共建中拉 命运共同体", "中拉命运共同体", "中拉 命运共同体"},
		{"full-width letters", "ＡＰＥＣ成员", "apec", "ＡＰＥＣ"},
		{"dash", "中国—拉共体论坛", "中国-拉共体", "中国—拉共体"},
		{"space run kept as one", "Sur \t Global", "sur global", "Sur \t Global"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Fold(tt.in)
			i := strings.Index(f.Text, tt.find)
			if i < 0 {
				t.Fatalf("%q not in folded %q", tt.find, f.Text)
			}
			s, e := f.Orig(i, i+len(tt.find))
			if got := tt.in[s:e]; got != tt.want {
				t.Errorf("Orig of %q = %q, want %q", tt.find, got, tt.want)
			}
		})
	}
}

func TestSearch(t *testing.T) {
	tests := []struct {
		name, text, query string
		want              []string
	}{
		{"accent and case", "La POLÍTICA y la política", "politica", []string{"POLÍTICA", "política"}},
		{"query with accents", "la politica", "Política", []string{"politica"}},
		{"chinese across a line break", "共建中拉\n命运共同体", "中拉命运共同体", []string{"中拉\n命运共同体"}},
		{"full-width query", "APEC y ＡＰＥＣ", "ａｐｅｃ", []string{"APEC", "ＡＰＥＣ"}},
		{"non-overlapping", "aaaa", "aa", []string{"aa", "aa"}},
		{"empty query", "texto", " ", nil},
		{"absent", "texto", "otro", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Search(tt.text, tt.query) {
				got = append(got, tt.text[s.Start:s.End])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Search(%q, %q) = %q, want %q", tt.text, tt.query, got, tt.want)
			}
		})
	}
}

func TestFoldOrigEdges(t *testing.T) {
	f := Fold("Ａb")
	if s, e := f.Orig(0, 0); s != 0 || e != 0 {
		t.Errorf("empty range at 0 = [%d,%d)", s, e)
	}
	if s, e := f.Orig(2, 5); s != len("Ａb") || e != len("Ａb") {
		t.Errorf("range past the end = [%d,%d)", s, e)
	}
	if s, e := f.Orig(-1, 1); s != 0 || e != len("Ａ") {
		t.Errorf("negative start = [%d,%d)", s, e)
	}
	if f.Len() != len("Ａb") {
		t.Errorf("Len = %d", f.Len())
	}
}

// FuzzFold checks the invariants the matcher relies on: the key is what
// Fold produces, folding is idempotent, the result is valid UTF-8, and the
// offset map is monotone and inside the original.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "全球南方", "Política Ａ１", "e\u0301\u0301x", "中 拉", "ﬁ—’", "\xff\xfe", "a\u0300\u200b b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fd := Fold(s)
		if k := Key(s); k != fd.Text {
			t.Fatalf("Key %q != Fold %q", k, fd.Text)
		}
		if !utf8.ValidString(fd.Text) {
			t.Fatalf("folded text not UTF-8: %q", fd.Text)
		}
		if len(fd.start) != len(fd.Text) || len(fd.end) != len(fd.Text) {
			t.Fatalf("map length %d/%d for %d bytes", len(fd.start), len(fd.end), len(fd.Text))
		}
		prev := 0
		for i := range fd.start {
			s0, e0 := int(fd.start[i]), int(fd.end[i])
			if s0 < prev || s0 >= e0 || e0 > len(s) {
				t.Fatalf("bad span [%d,%d) at folded byte %d (prev %d, len %d)", s0, e0, i, prev, len(s))
			}
			prev = s0
		}
		if k2 := Key(fd.Text); utf8.ValidString(s) && k2 != fd.Text {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, fd.Text, k2)
		}
	})
}

func BenchmarkFoldSegment(b *testing.B) {
	s := "中方愿同拉美和加勒比国家携手落实全球文明倡议,树立平等、互鉴、对话、包容的文明观,弘扬和平、发展、公平、正义、民主、自由的全人类共同价值。"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Fold(s)
	}
}
