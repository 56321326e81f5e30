package align

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"alinea/align/text"
)

// The shipped dictionary glosses Chinese words in English. Spanish and
// Portuguese share much of their learned vocabulary with English, and the
// Bible and literature use it freely: discípulo and disciple, espíritu and
// spirit, nación and nation, profeta and prophet. A gloss reaches the
// target words spelt like it (cognateKey): far fewer pairs than the
// dictionary gives English, but each ties a word that a short text cannot
// teach the lexicon.

// cognateLang tells whether a target language reaches the English glosses
// by spelling.
func cognateLang(lang string) bool {
	switch text.BaseLang(lang) {
	case "es", "pt":
		return true
	}
	return false
}

// cognateMin is the shortest key (less its final vowels) by which two
// words are cognates, and cognatePrefix the shortest key that is the start
// of a longer one (a stem cut at stemRunes letters: espíri, spirit).
const (
	cognateMin    = 4
	cognatePrefix = 5
)

// cognateKey spells a word (a stem of stemRunes letters) so that cognates
// of English and Spanish or Portuguese meet: lower case without accents,
// ph as f, no h at the start or in th, ch and rh, y as i, k as c, ti
// before a vowel as ci, doubled letters once, and the e that Spanish and
// Portuguese put before an initial s and a consonant left out.
func cognateKey(w string) string {
	var b, out [32]byte
	k, _ := appendCognateKey(out[:0], b[:0], w)
	return string(k)
}

// appendCognateKey spells the cognate key of w into out, with b to hold its
// letters (both empty, of any capacity), and returns both.
func appendCognateKey(out, b []byte, w string) ([]byte, []byte) {
	for _, r := range w {
		c, ok := plainLetter(r)
		if !ok {
			return out, b
		}
		b = append(b, c)
	}
	letters := b
	if len(b) >= 3 && b[0] == 'e' && b[1] == 's' && !isVowel(b[2]) {
		b = b[1:]
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch c {
		case 'h':
			if i > 0 && b[i-1] == 'p' {
				out[len(out)-1] = 'f'
				continue
			}
			if i == 0 || strings.IndexByte("crt", b[i-1]) >= 0 {
				continue
			}
		case 'y':
			c = 'i'
		case 'k':
			c = 'c'
		case 't':
			if i+2 < len(b) && b[i+1] == 'i' && isVowel(b[i+2]) {
				c = 'c'
			}
		}
		if len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
	}
	return out, letters
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// plainLetter maps a lower-case letter to its ASCII base.
func plainLetter(r rune) (byte, bool) {
	switch {
	case r >= 'a' && r <= 'z':
		return byte(r), true
	case r == 'á' || r == 'à' || r == 'â' || r == 'ã':
		return 'a', true
	case r == 'é' || r == 'ê' || r == 'è':
		return 'e', true
	case r == 'í' || r == 'ï':
		return 'i', true
	case r == 'ó' || r == 'ô' || r == 'õ':
		return 'o', true
	case r == 'ú' || r == 'ü':
		return 'u', true
	case r == 'ñ':
		return 'n', true
	case r == 'ç':
		return 'c', true
	}
	return 0, false
}

// cognatePairs turns the dictionary's (word, English gloss) pairs into
// (word, target unit) pairs, for the units of the target spelt like the
// gloss: the same key but for the vowels it ends in (glori, gloria), or,
// where one was cut shorter, one key the start of the other (spiri from
// espíritu, spirit).
func cognatePairs(pairs [][2]string, tgt [][]string) [][2]string {
	return newCognateIndex(tgt).pairs(pairs)
}

// cognateIndex holds the target's units, with their keys, by the first
// cognateMin letters of their keys (keyStart).
type cognateIndex map[uint32][]cognateUnit

func keyStart[S string | []byte](k S) uint32 {
	return uint32(k[0])<<24 | uint32(k[1])<<16 | uint32(k[2])<<8 | uint32(k[3])
}

type cognateUnit struct{ unit, key string }

func newCognateIndex(tgt [][]string) cognateIndex {
	n := 0
	for _, us := range tgt {
		n += len(us)
	}
	ix := make(cognateIndex, n/8)
	seen := make(map[string]bool, n/4)
	for _, us := range tgt {
		for _, u := range us {
			if seen[u] {
				continue
			}
			seen[u] = true
			if k := cognateKey(u); len(k) >= cognateMin {
				ix[keyStart(k)] = append(ix[keyStart(k)], cognateUnit{u, k})
			}
		}
	}
	return ix
}

// dictPairs is cognatePairs over the indexed target for the dictionary's
// words that markWords found (word → token).
func (ix cognateIndex) dictPairs(d *Dictionary, used map[string]string) [][2]string {
	var pairs [][2]string
	for w, tok := range used {
		for _, g := range d.glossTokens(w, ix.glossUnits) {
			pairs = append(pairs, [2]string{tok, g})
		}
	}
	return ix.pairs(pairs) // sorted
}

// pairs is cognatePairs over the indexed target.
func (ix cognateIndex) pairs(pairs [][2]string) [][2]string {
	var out [][2]string
	for _, p := range pairs {
		k := cognateKey(p[1])
		if len(k) < cognateMin {
			continue
		}
		for _, u := range ix[keyStart(k)] {
			if cognates(k, u.key) {
				out = append(out, [2]string{p[0], u.unit})
			}
		}
	}
	slices.SortFunc(out, func(a, b [2]string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	return slices.Compact(out)
}

// glossUnits appends to toks, each once, the units of a gloss of the
// dictionary that may have a cognate in the target: those whose keys start
// like some target unit's. It reads the gloss as glossTokens does (remarks
// in brackets left out; runs of letters lowercased and cut at stemRunes,
// but for number words and stop words) without making the units that
// cannot pair.
func (ix cognateIndex) glossUnits(gloss string, toks []string) []string {
	var lb, kb, bb [32]byte
	lower, key, letters := lb[:0], kb[:0], bb[:0]
	stem, depth, in := 0, 0, false
	nw := numberWordsByLang["en"]
	word := func() {
		s := lower[:stem]
		key, letters = appendCognateKey(key[:0], letters[:0], string(s))
		if len(key) < cognateMin || len(ix[keyStart(key)]) == 0 {
			return
		}
		if _, ok := nw.words[string(lower)]; ok || englishStop[string(s)] {
			return
		}
		for _, t := range toks {
			if t == string(s) {
				return
			}
		}
		toks = append(toks, string(s))
	}
	runes := 0
	for _, r := range gloss {
		switch r {
		case '(', '[':
			depth++
			continue
		case ')', ']':
			depth = max(depth-1, 0)
			continue
		}
		if depth > 0 {
			continue
		}
		if unicode.IsLetter(r) || in && unicode.Is(unicode.Mn, r) {
			if !in {
				in, lower, runes = true, lower[:0], 0
			}
			lower = utf8.AppendRune(lower, unicode.ToLower(r))
			if runes++; runes <= stemRunes {
				stem = len(lower)
			}
			continue
		}
		if in {
			in = false
			word()
		}
	}
	if in {
		word()
	}
	return toks
}

// cognates tells whether two keys spell cognates (see cognatePairs).
func cognates(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) >= cognatePrefix && strings.HasPrefix(b, a) {
		return true
	}
	a, b = strings.TrimRight(a, "aeiou"), strings.TrimRight(b, "aeiou")
	return a == b && len(a) >= cognateMin
}

// dictMark is a dictionary word found in source sentence i.
type dictMark struct {
	i   int
	tok string
}

// addPaired gives the source sentences the tokens of the dictionary words
// found in them that some pair ties: the others would only thin the
// evidence of the rest.
func addPaired(src [][]string, marks []dictMark, pairs [][2]string) {
	paired := make(map[string]bool, len(pairs))
	for _, p := range pairs {
		paired[p[0]] = true
	}
	for _, m := range marks {
		if paired[m.tok] {
			src[m.i] = append(src[m.i], m.tok)
		}
	}
}
