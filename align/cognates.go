package align

import (
	"slices"
	"strings"

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
	var b []byte
	for _, r := range w {
		c, ok := plainLetter(r)
		if !ok {
			return ""
		}
		b = append(b, c)
	}
	if len(b) >= 3 && b[0] == 'e' && b[1] == 's' && !isVowel(b[2]) {
		b = b[1:]
	}
	out := make([]byte, 0, len(b))
	for k := 0; k < len(b); k++ {
		c := b[k]
		switch c {
		case 'h':
			if k > 0 && b[k-1] == 'p' {
				out[len(out)-1] = 'f'
				continue
			}
			if k == 0 || strings.IndexByte("crt", b[k-1]) >= 0 {
				continue
			}
		case 'y':
			c = 'i'
		case 'k':
			c = 'c'
		case 't':
			if k+2 < len(b) && b[k+1] == 'i' && isVowel(b[k+2]) {
				c = 'c'
			}
		}
		if len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
	}
	return string(out)
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
	byKey := map[string][]string{}
	seen := map[string]bool{}
	for _, us := range tgt {
		for _, u := range us {
			if seen[u] {
				continue
			}
			seen[u] = true
			if k := cognateKey(u); len(k) >= cognateMin {
				byKey[k[:cognateMin]] = append(byKey[k[:cognateMin]], u)
			}
		}
	}
	var out [][2]string
	for _, p := range pairs {
		k := cognateKey(p[1])
		if len(k) < cognateMin {
			continue
		}
		for _, u := range byKey[k[:cognateMin]] {
			if cognates(k, cognateKey(u)) {
				out = append(out, [2]string{p[0], u})
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

// dropUnpaired takes the dictionary words that no pair ties out of the
// source sentences: they would only thin the evidence of the others.
func dropUnpaired(src [][]string, pairs [][2]string) {
	paired := map[string]bool{}
	for _, p := range pairs {
		paired[p[0]] = true
	}
	for i, us := range src {
		out := us[:0]
		for _, u := range us {
			if !strings.HasPrefix(u, "d:") || paired[u] {
				out = append(out, u)
			}
		}
		src[i] = out
	}
}
