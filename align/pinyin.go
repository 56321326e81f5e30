package align

import (
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

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

// pinyinReader caches the readings of the characters of one document that
// lie outside the common block; those of the block are kept for the
// process in pinyinBlock.
type pinyinReader struct {
	other map[rune][]string
}

// pinyinBlock holds the readings of the common block's characters once
// read: the name search asks for every character of the text, and a table
// of the block per document would cost more memory than short documents
// take to align. Two alignments reading a character at once store equal
// readings.
var pinyinBlock [hanLast - hanFirst + 1]atomic.Pointer[[]string]

// readings returns up to three toneless pinyin readings of r (surnames often
// take a rarer one: 单 is Shan), or nil for a character without one. The
// slice is shared: callers only read it.
func (cache *pinyinReader) readings(r rune) []string {
	if r >= hanFirst && r <= hanLast {
		slot := &pinyinBlock[r-hanFirst]
		if p := slot.Load(); p != nil {
			return *p
		}
		p := pinyinReadings(r)
		slot.Store(&p)
		return p
	}
	if cache.other == nil {
		cache.other = map[rune][]string{}
	}
	if p, ok := cache.other[r]; ok {
		return p
	}
	p := pinyinReadings(r)
	cache.other[r] = p
	return p
}

func pinyinReadings(r rune) []string {
	var ps []string
	if value, ok := pinyin.PinyinDict[int(r)]; ok {
		for p := range strings.SplitSeq(value, ",") {
			if p = toneless.Replace(p); !slices.Contains(ps, p) {
				ps = append(ps, p)
			}
		}
	}
	if len(ps) > 3 {
		ps = ps[:3]
	}
	for k := range ps {
		ps[k] = strings.ReplaceAll(ps[k], "v", "u")
	}
	return ps
}

// toneless drops the tone marks of pinyin as the pinyin package's Normal
// style does (ü becomes v there), without its regular expressions, which
// took as long as the rest of the name search.
var toneless = strings.NewReplacer(
	"ā", "a", "á", "a", "ǎ", "a", "à", "a",
	"ē", "e", "é", "e", "ě", "e", "è", "e",
	"ō", "o", "ó", "o", "ǒ", "o", "ò", "o",
	"ī", "i", "í", "i", "ǐ", "i", "ì", "i",
	"ū", "u", "ú", "u", "ǔ", "u", "ù", "u",
	"ü", "v", "ǘ", "v", "ǚ", "v", "ǜ", "v",
	"ń", "n", "ň", "n", "ǹ", "n", "ḿ", "m",
)

// foldName lowercases a target word and strips diacritics, hyphens and
// apostrophes: "Xiǎo-bǎo" → "xiaobao".
func foldName(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c == '-' || c == '\'' {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
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

// addNameTokens adds "py:" anchor tokens for names found on both sides,
// and "sn:" ones for names that sound alike (see addSoundTokens).
func addNameTokens(src, tgt []string, dict *Dictionary, srcTok, tgtTok [][]string) {
	names := map[string][]int{} // folded name → target sentences holding it
	inside := map[string]bool{} // single words capitalised inside a sentence
	var (
		words []string
		mid   []bool
	)
	for j, t := range tgt {
		words, mid = capitalisedWords(t, words[:0], mid[:0])
		for a := range words {
			if words[a] == "" {
				continue
			}
			if mid[a] && !inside[words[a]] {
				inside[words[a]] = true
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
	// kind tells the names (isName) and every prefix of one (isPrefix), so
	// that pinyin strings that start no name are dropped after one or two
	// syllables instead of being extended; one look-up answers both.
	const isPrefix, isName = 1, 2
	kind := make(map[string]uint8, 4*len(names))
	for name := range names {
		kind[name] |= isName
		for k := 1; k < len(name); k++ {
			kind[name[:k]] |= isPrefix
		}
	}
	matched := map[string]bool{}
	var py pinyinReader
	// The readings of a character that start a name: the first step of
	// the search from every character, asked once per character.
	starts := map[rune][]string{}
	startsOf := func(r rune, rs []string) []string {
		if l, ok := starts[r]; ok {
			return l
		}
		var l []string
		for _, p := range rs {
			if kind[p] != 0 {
				l = append(l, p)
			}
		}
		starts[r] = l
		return l
	}
	seen := map[string]bool{}
	// Kept from sentence to sentence: the candidates are built in buf and
	// become strings only when they start a name, which few do.
	var (
		runes       []rune
		han         []bool
		rd          [][]string
		buf         []byte
		cands, next []string
	)
	for i, s := range src {
		runes, han, rd = runes[:0], han[:0], rd[:0]
		for _, r := range s {
			h := isHan(r)
			var rs []string
			if h {
				rs = py.readings(r) // once per character, not once per run through it
			}
			runes, han, rd = append(runes, r), append(han, h), append(rd, rs)
		}
		clear(seen)
		for a := range runes {
			if !han[a] {
				continue
			}
			for b := a; b < len(runes) && b < a+nameMaxChars && han[b]; b++ {
				next = next[:0]
				if b == a {
					next = append(next, startsOf(runes[a], rd[a])...)
				} else {
					for _, p := range cands {
						for _, r := range rd[b] {
							buf = append(append(buf[:0], p...), r...)
							if kind[string(buf)] != 0 {
								next = append(next, string(buf))
							}
						}
					}
				}
				cands, next = next, cands
				if len(cands) == 0 {
					break
				}
				if b-a+1 < nameMinChars {
					continue
				}
				for _, p := range cands {
					if kind[p]&isName != 0 && !seen[p] {
						seen[p] = true
						matched[p] = true
						srcTok[i] = append(srcTok[i], "py:"+p)
					}
				}
			}
		}
	}
	// Sorted, so that every run gives the target sentences their tokens in
	// the same order (weights are summed in that order).
	for _, name := range slices.Sorted(maps.Keys(matched)) {
		for _, j := range names[name] {
			tgtTok[j] = append(tgtTok[j], "py:"+name)
		}
	}
	addSoundTokens(src, names, inside, matched, dict, srcTok, tgtTok)
}

// capitalisedWords appends to out the folded words of s, with "" in place
// of every word that is not capitalised and of every punctuation mark (so
// runs of names are contiguous); sentence-initial words are kept, since a
// name often opens a sentence. It appends to mid, for every
// element of out, whether it is a capitalised word right after another
// word: a name, not a word capitalised for opening a sentence or a quotation.
func capitalisedWords(s string, out []string, mid []bool) ([]string, []bool) {
	start := -1        // byte offset of the current word, −1 outside words
	afterWord := false // the last thing met was a word
	flush := func(end int) {
		if start < 0 {
			return
		}
		r, _ := utf8.DecodeRuneInString(s[start:])
		if unicode.IsUpper(r) {
			out = append(out, foldName(s[start:end]))
			mid = append(mid, afterWord)
		} else {
			out = append(out, "")
			mid = append(mid, false)
		}
		afterWord = true
		start = -1
	}
	for i := 0; i < len(s); {
		// ASCII is read byte by byte: it is most of a European text.
		var inWord, space bool
		size := 1
		if c := s[i]; c < utf8.RuneSelf {
			inWord = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || start >= 0 && (c == '-' || c == '\'')
			space = c == ' ' || '\t' <= c && c <= '\r'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			inWord = unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || start >= 0 && r == '’'
			space = unicode.IsSpace(r)
		}
		if inWord {
			if start < 0 {
				start = i
			}
		} else {
			flush(i)
			if !space {
				out = append(out, "")
				mid = append(mid, false)
				afterWord = false
			}
		}
		i += size
	}
	flush(len(s))
	return out, mid
}
