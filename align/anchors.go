package align

import (
	"strings"
	"unicode/utf8"

	"alinea/align/term"
	"alinea/align/text"
)

// addPairTokens marks known pairs (glossary terms, translation-memory
// segments) in the sentences: a sentence that holds the Chinese side gets
// the token "=<index>", and so does a target sentence holding one of the
// equivalents. Being spelt the same, the two tokens anchor each other.
func addPairTokens(src []string, srcTok, tgtTok [][]string, opt Options) {
	if len(opt.Pairs) == 0 {
		return
	}
	type tgtTerm struct {
		toks []string
		key  string
	}
	byRune := map[rune][]int{}
	byTok := map[string][]tgtTerm{}
	// Pairs with the same equivalents (the Chinese variants of one concept,
	// 拉美和加勒比 and 拉丁美洲和加勒比) share one token: with a token each,
	// a target sentence would hold both and its source only one, and the
	// variant left over would look like a term whose partner is missing.
	keyOf := make([]string, len(opt.Pairs))
	byEqs := map[string]string{}
	for k, p := range opt.Pairs {
		zh := strings.TrimSpace(p.Zh)
		if zh == "" {
			continue
		}
		eqs := strings.Join(p.Tgt, "\x00")
		key, shared := byEqs[eqs]
		if !shared {
			key = "=" + itoa(k)
			byEqs[eqs] = key
		}
		keyOf[k] = key
		r, _ := utf8.DecodeRuneInString(zh)
		byRune[r] = append(byRune[r], k)
		if shared {
			continue
		}
		for _, eq := range p.Tgt {
			toks, _ := tgtUnits(eq, opt.TgtLang, nil)
			if len(toks) == 0 {
				continue
			}
			byTok[toks[0]] = append(byTok[toks[0]], tgtTerm{toks, key})
		}
	}
	for i, s := range src {
		seen := map[string]bool{}
		for off, r := range s {
			for _, k := range byRune[r] {
				if !seen[keyOf[k]] && strings.HasPrefix(s[off:], strings.TrimSpace(opt.Pairs[k].Zh)) {
					seen[keyOf[k]] = true
					srcTok[i] = append(srcTok[i], keyOf[k])
				}
			}
		}
	}
	for j, toks := range tgtTok {
		n := len(toks)
		seen := map[string]bool{}
		for a := 0; a < n; a++ {
			for _, term := range byTok[toks[a]] {
				if seen[term.key] || a+len(term.toks) > n {
					continue
				}
				match := true
				for b, t := range term.toks {
					if toks[a+b] != t {
						match = false
						break
					}
				}
				if match {
					seen[term.key] = true
					tgtTok[j] = append(tgtTok[j], term.key)
				}
			}
		}
	}
}

func itoa(k int) string {
	if k == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for k > 0 {
		i--
		buf[i] = byte('0' + k%10)
		k /= 10
	}
	return string(buf[i:])
}

// ConceptPairs turns termbase concepts into alignment anchors: every
// Chinese term of a concept paired with all its terms (and their inflected
// forms) in tgtLang. Forbidden terms are kept on both sides: texts under
// alignment may well use them, and they still name the concept.
func ConceptPairs(concepts []term.Concept, tgtLang string) []TermPair {
	var out []TermPair
	for _, c := range concepts {
		var eqs []string
		for _, t := range c.Terms {
			if !text.IsLang(t.Lang, tgtLang) {
				continue
			}
			eqs = append(eqs, t.Text)
			for _, f := range t.Forms {
				eqs = append(eqs, f.Text)
			}
		}
		if len(eqs) == 0 {
			continue
		}
		for _, t := range c.Terms {
			if text.IsLang(t.Lang, "zh") {
				out = append(out, TermPair{Zh: t.Text, Tgt: eqs})
			}
		}
	}
	return out
}
