package align

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// TestReadingsMatchThePinyinPackage compares the readings of every
// character the pinyin package knows with what its Normal style gives.
func TestReadingsMatchThePinyinPackage(t *testing.T) {
	args := pinyin.NewArgs()
	args.Heteronym = true
	cache := pinyinReader{}
	for r := range pinyin.PinyinDict {
		want := pinyin.SinglePinyin(rune(r), args)
		if len(want) > 3 {
			want = want[:3]
		}
		for k := range want {
			want[k] = strings.ReplaceAll(want[k], "v", "u")
		}
		if got := cache.readings(rune(r)); !slices.Equal(got, want) {
			t.Errorf("%c: readings %q, the pinyin package %q", rune(r), got, want)
		}
	}
	if got := cache.readings('a'); got != nil {
		t.Errorf("a: readings %q, want none", got)
	}
}

// TestRuneClassesMatchUnicode checks the shortcuts the tokenizer takes.
func TestRuneClassesMatchUnicode(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isHan(r) != unicode.Is(unicode.Han, r) {
			t.Fatalf("isHan(%U) = %v", r, isHan(r))
		}
		_, d := zhDigits[r]
		_, u := zhUnitsValue[r]
		if isZhNumeral(r) != (d || u) {
			t.Fatalf("isZhNumeral(%c) = %v", r, isZhNumeral(r))
		}
	}
}

// TestCapitalisedRunsMatchesRuneByRune compares capitalisedWords, which reads
// ASCII byte by byte, with the rune-by-rune reading it replaces.
func TestCapitalisedRunsMatchesRuneByRune(t *testing.T) {
	reference := func(s string) []string {
		var out []string
		start := -1
		flush := func(end int) {
			if start < 0 {
				return
			}
			r, _ := utf8.DecodeRuneInString(s[start:])
			if unicode.IsUpper(r) {
				out = append(out, foldName(s[start:end]))
			} else {
				out = append(out, "")
			}
			start = -1
		}
		for i, r := range s {
			if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || start >= 0 && (r == '-' || r == '\'' || r == '’') {
				if start < 0 {
					start = i
				}
				continue
			}
			flush(i)
			if !unicode.IsSpace(r) {
				out = append(out, "")
			}
		}
		flush(len(s))
		return out
	}
	texts := []string{
		"", "Wei Xiaobao met Lianyungang's mayor.", "Xiǎo-bǎo and O'Neill—then\tJosé\u00a0Ñúñez\u0085went",
		"-Li- 'Wang' ’Zhang’ e\u0301t\u00e9 ÀB \xff\xfeBad UTF-8 Ｆull widths",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "Z", " ", "-", "'", "’", "\t", "é", "\u0301", "中", ".", "\xff", "\u00a0", "Ü", "ß"}
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(20) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		if got, want := firstOf(capitalisedWords(s, nil, nil)), reference(s); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	}
}

func firstOf(words []string, _ []bool) []string { return words }
