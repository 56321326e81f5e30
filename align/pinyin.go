package align

import (
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/unicode/norm"
)

// Names are transliterated, not translated: 韦小宝 is Wei Xiaobao and
// 连云港 Lianyungang. A run of two to four Chinese characters whose pinyin
// (tones dropped, syllables joined) equals a run of capitalised target
// words becomes an anchor token "py:<pinyin>" on both sides.

const (
	nameMinChars  = 2
	nameMaxChars  = 4
	nameMaxWords  = 3
	nameMinLetter = 4 // shorter pinyin strings (li, wang) match by chance
)

var (
	pinyinMu    sync.Mutex
	pinyinCache = map[rune][]string{}
)

// readings returns up to two toneless pinyin readings of r (surnames often
// take the second one: 单 is Shan), or nil for a character without one.
func readings(r rune) []string {
	pinyinMu.Lock()
	defer pinyinMu.Unlock()
	if p, ok := pinyinCache[r]; ok {
		return p
	}
	args := pinyin.NewArgs()
	args.Heteronym = true
	ps := pinyin.SinglePinyin(r, args)
	if len(ps) > 2 {
		ps = ps[:2]
	}
	for k := range ps {
		ps[k] = strings.ReplaceAll(ps[k], "v", "u")
	}
	pinyinCache[r] = ps
	return ps
}

// foldName lowercases a target word and strips diacritics, hyphens and
// apostrophes: "Xiǎo-bǎo" → "xiaobao".
func foldName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '-', r == '\'', r == '’':
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return strings.ReplaceAll(b.String(), "ü", "u")
}

// addNameTokens adds "py:" anchor tokens for names found on both sides.
func addNameTokens(src, tgt []string, srcTok, tgtTok [][]string) {
	names := map[string][]int{} // folded name → target sentences holding it
	for j, t := range tgt {
		words := capitalisedRuns(t)
		for a := range words {
			if words[a] == "" {
				continue
			}
			joined := ""
			for b := a; b < len(words) && b < a+nameMaxWords && words[b] != ""; b++ {
				joined += words[b]
				if len(joined) >= nameMinLetter {
					l := names[joined]
					if len(l) == 0 || l[len(l)-1] != j {
						names[joined] = append(l, j)
					}
				}
			}
		}
	}
	if len(names) == 0 {
		return
	}
	matched := map[string]bool{}
	for i, s := range src {
		runes := []rune(s)
		seen := map[string]bool{}
		for a := range runes {
			if !unicode.Is(unicode.Han, runes[a]) {
				continue
			}
			prefixes := []string{""}
			for b := a; b < len(runes) && b < a+nameMaxChars && unicode.Is(unicode.Han, runes[b]); b++ {
				rs := readings(runes[b])
				if len(rs) == 0 {
					break
				}
				var next []string
				for _, p := range prefixes {
					for _, r := range rs {
						next = append(next, p+r)
					}
				}
				prefixes = next
				if b-a+1 < nameMinChars {
					continue
				}
				for _, p := range prefixes {
					if _, ok := names[p]; ok && !seen[p] {
						seen[p] = true
						matched[p] = true
						srcTok[i] = append(srcTok[i], "py:"+p)
					}
				}
			}
		}
	}
	for name := range matched {
		for _, j := range names[name] {
			tgtTok[j] = append(tgtTok[j], "py:"+name)
		}
	}
}

// capitalisedRuns returns the folded words of s, with "" in place of every
// word that is not capitalised (so runs of names are contiguous), and
// sentence-initial words kept, since a name often opens a sentence.
func capitalisedRuns(s string) []string {
	var out []string
	word := []rune{}
	flush := func() {
		if len(word) == 0 {
			return
		}
		if unicode.IsUpper(word[0]) {
			out = append(out, foldName(string(word)))
		} else {
			out = append(out, "")
		}
		word = word[:0]
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || (len(word) > 0 && (r == '-' || r == '\'' || r == '’')) {
			word = append(word, r)
			continue
		}
		flush()
		if !unicode.IsSpace(r) {
			out = append(out, "")
		}
	}
	flush()
	return out
}
