package align

import (
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// Foreign names reach Chinese and the target language by different roads:
// 拿俄米 reads naemi where the Spanish Bible writes Noemi, 路得 lude for
// Ruth, 腓利門 feilimen for Filemón. Pinyin and target spelling disagree in
// vowels, in r and l, in b, p, f and v, in silent h, but keep most
// consonants in order. A name is therefore also matched by its sound key
// (appendSoundKey): the classes of its consonants in order, vowels and h
// left out, the Chinese side read in each character's first pinyin reading.
// Such keys are short and many words share them, so a pair becomes an
// anchor ("sn:<key>") only when it looks like a name on both sides and
// nothing else competes for it:
//
//   - the target word is capitalised inside a sentence somewhere, not only
//     where a sentence opens, is not one pinyin syllable (Zhen, for the
//     exact match) and has at least minSoundKey consonant classes;
//   - every character of the Chinese run is one that transliterations use
//     (translitChars, counted in CC-CEDICT's foreign names), and its first
//     and last characters sound in the key (提摩太, not 和提摩太);
//   - the key is held by one target word and one Chinese run (not counting
//     runs that hold a shorter one of the key), or one of them is met at
//     least soundDominance times as often as every other holder;
//   - both are met in at least minSoundCount sentences, and the target word
//     not in many more than the Chinese run (a translation may cover a part
//     of the source, never more than all of it);
//   - at least one character of the run is met inside it in at least
//     soundOwnShare of the sentences holding the character (a name's own
//     characters are rare elsewhere; 里的 is not a name);
//   - the run is read as no other key, and the dictionary has no word
//     holding it.
const (
	minSoundKey    = 2
	soundDominance = 4
	soundMaxChars  = 4
	minSoundCount  = 2
	soundOwnShare  = 0.5
)

// soundClass maps a lowercase ASCII letter to its consonant class, 0 for
// vowels and the letters left out (h, w, y). The classes are those that
// transliteration confuses: labials (b p f v), dentals (d t), velars (g k),
// sibilants and affricates (s z x and pinyin j q c zh ch sh), liquids (l r),
// and m and n on their own.
func soundClass(c byte, pinyin bool) byte {
	switch c {
	case 'b', 'p', 'f', 'v':
		return 'P'
	case 'd', 't':
		return 'T'
	case 'g', 'k':
		return 'K'
	case 's', 'z', 'x':
		return 'S'
	case 'l', 'r':
		return 'L'
	case 'm':
		return 'M'
	case 'n':
		return 'N'
	case 'j':
		// Pinyin j is an affricate; a European j is a Hebrew or Latin y
		// (Judá, 猶大) or a sound Chinese spells with h or y.
		if pinyin {
			return 'S'
		}
		return 0
	case 'q':
		if pinyin {
			return 'S'
		}
		return 'K'
	case 'c':
		if pinyin {
			return 'S'
		}
		return 'K' // soft c (before e, i, y) and ch: see appendSoundKey
	}
	return 0
}

// appendSoundKey appends the sound key of s (lowercase ASCII letters,
// folded) to key, merging a class with the same class before it.
func appendSoundKey(key []byte, s string, pinyin bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		var next byte
		if i+1 < len(s) {
			next = s[i+1]
		}
		k := soundClass(c, pinyin)
		switch {
		case c == 'n' && next == 'g' && pinyin:
			i++ // the final ng of a syllable is one nasal
		case c == 'c' && !pinyin && (next == 'h' || next == 'e' || next == 'i' || next == 'y'):
			k = 'S'
		}
		if k == 0 || len(key) > 0 && key[len(key)-1] == k {
			continue
		}
		key = append(key, k)
	}
	return key
}

// soundKey returns the sound key of a folded target word.
func soundKey(word string) string { return string(appendSoundKey(nil, word, false)) }

// translitSet marks the characters of translitChars in the common block.
var translitSet = func() []uint64 {
	set := make([]uint64, (hanLast-hanFirst)/64+1)
	for _, r := range translitChars {
		if r >= hanFirst && r <= hanLast {
			set[(r-hanFirst)/64] |= 1 << ((r - hanFirst) % 64)
		}
	}
	return set
}()

func isTranslitChar(r rune) bool {
	return r >= hanFirst && r <= hanLast && translitSet[(r-hanFirst)/64]&(1<<((r-hanFirst)%64)) != 0
}

// addSoundTokens adds "sn:" anchor tokens for names whose pinyin and target
// spelling share a sound key (see above). names holds the capitalised
// words and runs of the target with their sentences, inside the single
// words met capitalised inside a sentence, and exact the names already
// matched through pinyin, which need no second anchor; nor do those the
// dictionary knows (爱因斯坦 Einstein), whose gloss anchors them already:
// two anchors for one name outweigh the sentences around it.
func addSoundTokens(src []string, names map[string][]int, inside, exact map[string]bool, dict *Dictionary, srcTok, tgtTok [][]string) {
	const isPrefix, isKey = 1, 2
	var kind map[string]uint8
	// Sound key → target words: byKey by their own key, byVariant by a
	// key with its ending left out, which serves only where no word has
	// the key as its own or none of those passes.
	byKey, byVariant := map[string][]string{}, map[string][]string{}
	for w := range inside {
		if exact[w] || len(w) < nameMinLetter {
			continue
		}
		key := soundKey(w)
		if len(key) < minSoundKey || isPinyinSyllable(w) {
			continue
		}
		if kind == nil {
			kind = map[string]uint8{}
		}
		keys := []string{key}
		if len(key) > 3 && key[len(key)-1] == 'S' {
			// Spanish and Latin endings: Filipos is 腓立比, Elimelech 以利米勒.
			keys = append(keys, key[:len(key)-1])
		}
		for v, key := range keys {
			if v == 0 {
				byKey[key] = append(byKey[key], w)
			} else {
				byVariant[key] = append(byVariant[key], w)
			}
			kind[key] |= isKey
			for k := 1; k < len(key); k++ {
				kind[key[:k]] |= isPrefix
			}
		}
	}
	if len(kind) == 0 {
		return
	}
	// The keys of a character's readings, each once.
	frags := map[rune][]string{}
	var py pinyinReader
	fragsOf := func(r rune) []string {
		if f, ok := frags[r]; ok {
			return f
		}
		var f []string
		// The first reading only: the rarer ones serve Chinese surnames
		// (单 Shan), and with them 以 (yi, si) would sound like the s of
		// Israel.
		if ps := py.readings(r); len(ps) > 0 {
			f = append(f, string(appendSoundKey(nil, ps[0], true)))
		}
		frags[r] = f
		return f
	}
	// How many sentences hold each transliteration character: a name's
	// characters are mostly met inside it.
	type charCount struct{ n, last int } // sentences, and the last one + 1
	charSents := map[rune]charCount{}
	type run struct{ key, han string }
	type cand struct {
		key    string
		sounds bool // the last character added to the key
	}
	found := map[run][]int{} // Chinese runs holding a key → their sentences
	var (
		runes       []rune
		buf         []byte
		cands, next []cand
	)
	for i, s := range src {
		runes = appendRunes(runes[:0], s)
		for _, r := range runes {
			if isTranslitChar(r) {
				if c := charSents[r]; c.last != i+1 {
					charSents[r] = charCount{c.n + 1, i + 1}
				}
			}
		}
		for a := range runes {
			if !isTranslitChar(runes[a]) {
				continue
			}
			// A run starts and ends with characters that sound in its key:
			// 提摩太 is Timoteo, 和提摩太 and 提摩太的 (de, its d merged
			// into the t before) are not names.
			cands = cands[:0]
			for _, f := range fragsOf(runes[a]) {
				if f != "" && kind[f] != 0 {
					cands = append(cands, cand{f, true})
				}
			}
			for b := a + 1; len(cands) > 0 && b < len(runes) && b < a+soundMaxChars && isTranslitChar(runes[b]); b++ {
				next = next[:0]
				for _, p := range cands {
					for _, f := range fragsOf(runes[b]) {
						buf = append(buf[:0], p.key...)
						if f != "" && buf[len(buf)-1] == f[0] {
							f = f[1:]
						}
						buf = append(buf, f...)
						if kind[string(buf)] == 0 {
							continue
						}
						c := cand{string(buf), f != ""}
						if !slices.Contains(next, c) {
							next = append(next, c)
						}
					}
				}
				cands, next = next, cands
				for _, c := range cands {
					if !c.sounds || kind[c.key]&isKey == 0 {
						continue
					}
					r := run{c.key, string(runes[a : b+1])}
					if l := found[r]; len(l) == 0 || l[len(l)-1] != i {
						found[r] = append(l, i)
					}
				}
			}
		}
	}
	// The runs of each key, most frequent first.
	runsOf := map[string][]run{}
	for r := range found {
		runsOf[r.key] = append(runsOf[r.key], r)
	}
	// dominant returns the element of xs met most often when it is met at
	// least soundDominance times as often as any other.
	dominant := func(xs []string, count func(string) int) (string, bool) {
		if len(xs) == 0 {
			return "", false
		}
		slices.SortFunc(xs, func(a, b string) int {
			if d := count(b) - count(a); d != 0 {
				return d
			}
			if a < b {
				return -1
			}
			return 1
		})
		if len(xs) > 1 && count(xs[0]) < soundDominance*count(xs[1]) {
			return "", false
		}
		return xs[0], true
	}
	type pair struct{ han, word string }
	chosen := map[string]pair{} // key → its pair
	byHan := map[string][]string{}
	// pairOf returns the pair of key among the target words given, if
	// one passes.
	pairOf := func(key string, words []string) (pair, bool) {
		word, ok := dominant(words, func(w string) int { return len(names[w]) })
		if !ok {
			return pair{}, false
		}
		// A run holding a shorter one of the same key adds only silent or
		// merged characters to it (來路得 for 路得): the shorter one is
		// the name.
		var hans []string
		for _, r := range runsOf[key] {
			if !slices.ContainsFunc(runsOf[key], func(o run) bool { return len(o.han) < len(r.han) && strings.Contains(r.han, o.han) }) {
				hans = append(hans, r.han)
			}
		}
		han, ok := dominant(hans, func(h string) int { return len(found[run{key, h}]) })
		if !ok {
			return pair{}, false
		}
		nt, ns := len(names[word]), len(found[run{key, han}])
		if nt < minSoundCount || ns < minSoundCount || nt > ns+max(2, ns/4) {
			return pair{}, false
		}
		for _, r := range han {
			if float64(ns) >= soundOwnShare*float64(charSents[r].n) {
				return pair{han, word}, true
			}
		}
		return pair{}, false
	}
	for _, key := range slices.Sorted(maps.Keys(runsOf)) {
		p, ok := pairOf(key, byKey[key])
		if !ok {
			p, ok = pairOf(key, byVariant[key])
		}
		if ok {
			chosen[key] = p
			byHan[p.han] = append(byHan[p.han], key)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(chosen)) {
		p := chosen[key]
		if len(byHan[p.han]) > 1 {
			continue // one run read as two names
		}
		if dict != nil && inDictionary(dict, src[found[run{key, p.han}][0]], p.han) {
			continue
		}
		tok := "sn:" + key
		for _, i := range found[run{key, p.han}] {
			srcTok[i] = append(srcTok[i], tok)
		}
		for _, j := range names[p.word] {
			tgtTok[j] = append(tgtTok[j], tok)
		}
	}
}

// inDictionary tells whether a headword of d holds the first run han in s,
// with up to two characters on either side of it.
func inDictionary(d *Dictionary, s, han string) bool {
	at := strings.Index(s, han)
	if at < 0 {
		return false
	}
	rs := []rune(s)
	a := utf8.RuneCountInString(s[:at])
	b := a + utf8.RuneCountInString(han)
	for lo := max(a-2, 0); lo <= a; lo++ {
		for hi := b; hi <= min(b+2, len(rs)); hi++ {
			if hi-lo <= maxDictRunes && d.has(string(rs[lo:hi])) {
				return true
			}
		}
	}
	return false
}

// pinyinInitials and pinyinFinals spell every syllable of Mandarin.
var (
	pinyinInitials = []string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w", ""}
	pinyinFinals   = map[string]bool{
		"a": true, "o": true, "e": true, "i": true, "u": true, "ai": true, "ei": true, "ui": true, "ao": true, "ou": true,
		"iu": true, "ie": true, "ue": true, "er": true, "an": true, "en": true, "in": true, "un": true, "ang": true,
		"eng": true, "ing": true, "ong": true, "ia": true, "iao": true, "ian": true, "iang": true, "iong": true,
		"ua": true, "uo": true, "uai": true, "uan": true, "uang": true,
	}
)

// isPinyinSyllable tells whether w is one syllable of pinyin: a Chinese
// name's part (Zhen), which the exact match serves, and whose sound key is
// too short to tell anything.
func isPinyinSyllable(w string) bool {
	for _, in := range pinyinInitials {
		if strings.HasPrefix(w, in) && pinyinFinals[w[len(in):]] {
			return true
		}
	}
	return false
}
