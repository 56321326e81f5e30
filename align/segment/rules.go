package segment

import (
	_ "embed"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// lookbehind bounds how far back a beforebreak pattern may reach. SRX tools
// built on Java regular expressions have the same kind of bound, because
// Java lookbehind must have a bounded length.
const lookbehind = 256

//go:embed rules/default.srx
var defaultSRX []byte

// Rules segments the text of one language into sentences. The rules are data
// (an SRX 2.0 language rule), not code: a project can bring its own SRX file.
type Rules struct {
	Name  string // the SRX languagerulename
	rules []rule
	// candidates holds the runes after which a break rule can match; nil
	// when some break rule may match after anything.
	candidates *runeSet
	anywhere   bool
}

type rule struct {
	brk bool
	// rev is the beforebreak pattern reversed and anchored: matched against
	// the reversed text before a position, it tells whether a match ends
	// there in a few steps, where a forward search would scan the whole
	// lookbehind window.
	rev   *regexp.Regexp
	after *regexp.Regexp // anchored at the position
	first *runeSet       // runes a before match can start with; nil = any
	last  *runeSet       // runes a before match can end with; nil = any
}

// RuleSet is a parsed SRX document: named language rules and the map from
// language codes to them.
type RuleSet struct {
	rules map[string]*Rules
	maps  []langMap
}

type langMap struct {
	pattern *regexp.Regexp
	name    string
}

var (
	defaultOnce sync.Once
	defaultSet  *RuleSet
	defaultErr  error
)

// DefaultRuleSet returns the built-in rules for Chinese, Spanish, Portuguese,
// English and a generic fallback.
func DefaultRuleSet() (*RuleSet, error) {
	defaultOnce.Do(func() {
		defaultSet, defaultErr = ParseSRX(strings.NewReader(string(defaultSRX)))
	})
	return defaultSet, defaultErr
}

// RulesFor returns the built-in rules for a language code such as "zh",
// "es-MX" or "pt-BR".
func RulesFor(lang string) (*Rules, error) {
	set, err := DefaultRuleSet()
	if err != nil {
		return nil, err
	}
	return set.For(lang)
}

// For returns the rules the SRX map assigns to lang (the first matching
// languagemap, as SRX specifies with cascade off).
func (s *RuleSet) For(lang string) (*Rules, error) {
	if !validLangCode(lang) {
		return nil, fmt.Errorf("unknown language code %q", lang)
	}
	for _, m := range s.maps {
		if m.pattern.MatchString(lang) {
			return s.rules[m.name], nil
		}
	}
	return nil, fmt.Errorf("no segmentation rules for language %q", lang)
}

func validLangCode(lang string) bool {
	if lang == "" || len(lang) > 35 {
		return false
	}
	for i, part := range strings.Split(lang, "-") {
		if part == "" || len(part) > 8 || i == 0 && len(part) > 3 {
			return false
		}
		for _, c := range part {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
				return false
			}
		}
	}
	return true
}

type srxDoc struct {
	Rules []struct {
		Name  string `xml:"languagerulename,attr"`
		Rules []struct {
			Break  string `xml:"break,attr"`
			Before string `xml:"beforebreak"`
			After  string `xml:"afterbreak"`
		} `xml:"rule"`
	} `xml:"body>languagerules>languagerule"`
	Maps []struct {
		Pattern string `xml:"languagepattern,attr"`
		Name    string `xml:"languagerulename,attr"`
	} `xml:"body>maprules>languagemap"`
}

// ParseSRX reads an SRX 2.0 document whose patterns are RE2 regular
// expressions (Go's syntax: no lookaround).
func ParseSRX(r io.Reader) (*RuleSet, error) {
	var doc srxDoc
	dec := xml.NewDecoder(io.LimitReader(r, 4<<20))
	if err := dec.Decode(&doc); err != nil {
		line, _ := dec.InputPos()
		return nil, fmt.Errorf("read SRX: line %d: %w", line, err)
	}
	set := &RuleSet{rules: map[string]*Rules{}}
	for _, lr := range doc.Rules {
		rs := &Rules{Name: lr.Name}
		var cand []rune
		for i, x := range lr.Rules {
			ru, err := compileRule(x.Break != "no", x.Before, x.After)
			if err != nil {
				return nil, fmt.Errorf("read SRX: languagerule %q, rule %d: %w", lr.Name, i+1, err)
			}
			if ru.brk {
				if ru.last == nil {
					rs.anywhere = true
				} else {
					cand = append(cand, ru.last.ranges...)
				}
			}
			rs.rules = append(rs.rules, ru)
		}
		if !rs.anywhere && len(cand) > 0 {
			rs.candidates = newRuneSet(cand)
		}
		set.rules[lr.Name] = rs
	}
	for _, m := range doc.Maps {
		if set.rules[m.Name] == nil {
			return nil, fmt.Errorf("read SRX: languagemap refers to unknown languagerule %q", m.Name)
		}
		re, err := regexp.Compile(`^(?:` + m.Pattern + `)$`)
		if err != nil {
			return nil, fmt.Errorf("read SRX: languagepattern %q: %w", m.Pattern, err)
		}
		set.maps = append(set.maps, langMap{re, m.Name})
	}
	return set, nil
}

func compileRule(brk bool, before, after string) (rule, error) {
	ru := rule{brk: brk}
	re, err := syntax.Parse(before, syntax.Perl)
	if err != nil {
		return ru, fmt.Errorf("beforebreak: %w", err)
	}
	re = re.Simplify()
	rev := reverseRegexp(re)
	if ru.rev, err = regexp.Compile(`^(?:` + rev.String() + `)`); err != nil {
		return ru, fmt.Errorf("beforebreak: %w", err)
	}
	if ru.after, err = regexp.Compile(`^(?:` + after + `)`); err != nil {
		return ru, fmt.Errorf("afterbreak: %w", err)
	}
	if rs, ok := firstOf(re); ok && len(rs) > 0 {
		ru.first = newRuneSet(rs)
	}
	if rs, ok := firstOf(rev); ok && len(rs) > 0 {
		ru.last = newRuneSet(rs)
	}
	return ru, nil
}

// Split cuts text into sentences. The sentences concatenate to text exactly;
// whitespace after a break stays with the sentence before it.
func (r *Rules) Split(text string) []string {
	if text == "" {
		return nil
	}
	var out []string
	start := 0
	for _, p := range r.breaks(text) {
		// Whitespace after the break belongs to the sentence it follows.
		for p < len(text) {
			c, n := utf8.DecodeRuneInString(text[p:])
			if !unicode.IsSpace(c) {
				break
			}
			p += n
		}
		if p > start && p < len(text) {
			out = append(out, text[start:p])
			start = p
		}
	}
	return append(out, text[start:])
}

// breaks returns the break positions in text, in order: every position
// after a rune a break rule's pattern can end with is tried against the
// rules, as SRX does at every position.
func (r *Rules) breaks(text string) []int {
	var out []int
	var rev []byte
	for i := 0; i < len(text); {
		if !r.anywhere {
			if r.candidates == nil {
				return nil
			}
			if i = r.candidates.next(text, i); i < 0 {
				return out
			}
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if i >= len(text) {
			break
		}
		var brk bool
		if brk, rev = r.decide(text, i, rev); brk {
			out = append(out, i)
		}
	}
	return out
}

// decide applies the rules in order at pos; the first whose before and after
// patterns both match decides. rev is scratch space for the reversed window.
func (r *Rules) decide(text string, pos int, rev []byte) (bool, []byte) {
	ws := pos - lookbehind
	if ws < 0 {
		ws = 0
	}
	for ws > 0 && !utf8.RuneStart(text[ws]) {
		ws++
	}
	window := text[ws:pos]
	lastRune, _ := utf8.DecodeLastRuneInString(window)
	rest := text[pos:]
	reversed := false
	for i := range r.rules {
		ru := &r.rules[i]
		if ru.last != nil && !ru.last.has(lastRune) {
			continue
		}
		if ru.first != nil && !ru.first.anyIn(window) {
			continue
		}
		if !reversed {
			rev = reverseRunes(rev[:0], window)
			reversed = true
		}
		if !ru.rev.Match(rev) {
			continue
		}
		if ru.after.MatchString(rest) {
			return ru.brk, rev
		}
	}
	return false, rev
}

// reverseRunes appends the runes of s to dst in reverse order.
func reverseRunes(dst []byte, s string) []byte {
	for i := len(s); i > 0; {
		_, n := utf8.DecodeLastRuneInString(s[:i])
		dst = append(dst, s[i-n:i]...)
		i -= n
	}
	return dst
}

// reverseRegexp returns a pattern that matches the reversed strings re
// matches: concatenations and literals run backwards, and the assertions
// about either end trade places.
func reverseRegexp(re *syntax.Regexp) *syntax.Regexp {
	out := *re
	out.Sub = nil
	if len(re.Sub) > 0 {
		out.Sub = make([]*syntax.Regexp, len(re.Sub))
		for i, sub := range re.Sub {
			out.Sub[i] = reverseRegexp(sub)
		}
	}
	switch re.Op {
	case syntax.OpConcat:
		for i, j := 0, len(out.Sub)-1; i < j; i, j = i+1, j-1 {
			out.Sub[i], out.Sub[j] = out.Sub[j], out.Sub[i]
		}
	case syntax.OpLiteral:
		out.Rune = make([]rune, len(re.Rune))
		for i, c := range re.Rune {
			out.Rune[len(re.Rune)-1-i] = c
		}
	case syntax.OpBeginText:
		out.Op = syntax.OpEndText
	case syntax.OpEndText:
		out.Op = syntax.OpBeginText
	case syntax.OpBeginLine:
		out.Op = syntax.OpEndLine
	case syntax.OpEndLine:
		out.Op = syntax.OpBeginLine
	}
	return &out
}

// runeSet is the set of runes a pattern's match can begin with.
type runeSet struct {
	ranges []rune // pairs lo, hi
	bytes  [256]bool
}

func (s *runeSet) has(r rune) bool {
	for i := 0; i+1 < len(s.ranges); i += 2 {
		if r >= s.ranges[i] && r <= s.ranges[i+1] {
			return true
		}
	}
	return false
}

// next returns the byte index of the first rune at or after i that is in
// the set, or -1.
func (s *runeSet) next(text string, i int) int {
	for i < len(text) {
		c := text[i]
		if !s.bytes[c] {
			i++
			continue
		}
		r, n := rune(c), 1
		if c >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:])
		}
		if s.has(r) {
			return i
		}
		i += n
	}
	return -1
}

func (s *runeSet) anyIn(text string) bool { return s.next(text, 0) >= 0 }

func newRuneSet(ranges []rune) *runeSet {
	s := &runeSet{ranges: ranges}
	var buf [utf8.UTFMax]byte
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		for r := lo; r <= hi; r = nextLead(r) {
			// Every rune from r to the end of its lead byte's block shares
			// that lead byte; marking one per block covers the range.
			if r > utf8.MaxRune {
				break
			}
			utf8.EncodeRune(buf[:], r)
			s.bytes[buf[0]] = true
		}
	}
	return s
}

// firstRunes computes the runes a match of pattern can start with, or nil when
// the pattern may match the empty string or starts with an assertion.
func firstRunes(pattern string) *runeSet {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	ranges, ok := firstOf(re.Simplify())
	if !ok || len(ranges) == 0 {
		return nil
	}
	return newRuneSet(ranges)
}

// nextLead returns the smallest rune after r with a different first UTF-8
// byte, so wide ranges are covered by their lead bytes.
func nextLead(r rune) rune {
	switch {
	case r < 0x80:
		return r + 1
	case r < 0x800:
		return (r | 0x3F) + 1
	case r < 0x10000:
		return (r | 0xFFF) + 1
	default:
		return (r | 0x3FFFF) + 1
	}
}

// firstOf returns the rune ranges that can begin a non-empty match of re, and
// whether re cannot match the empty string (only then is the set complete).
func firstOf(re *syntax.Regexp) ([]rune, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return nil, false
		}
		r := re.Rune[0]
		if re.Flags&syntax.FoldCase != 0 {
			return foldRanges(r), true
		}
		return []rune{r, r}, true
	case syntax.OpCharClass:
		return append([]rune(nil), re.Rune...), len(re.Rune) > 0
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return []rune{0, utf8.MaxRune}, true
	case syntax.OpCapture:
		return firstOf(re.Sub[0])
	case syntax.OpPlus:
		return firstOf(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min == 0 {
			return nil, false
		}
		return firstOf(re.Sub[0])
	case syntax.OpConcat:
		// The union of the first runes of the leading elements that may
		// match nothing, and of the first one that must match something.
		var acc []rune
		for _, sub := range re.Sub {
			optional := sub.Op == syntax.OpStar || sub.Op == syntax.OpQuest ||
				sub.Op == syntax.OpRepeat && sub.Min == 0
			if sub.Op == syntax.OpEmptyMatch {
				continue
			}
			inner := sub
			if optional {
				inner = sub.Sub[0]
			}
			rs, ok := firstOf(inner)
			if !ok {
				return nil, false
			}
			acc = append(acc, rs...)
			if !optional {
				return acc, true
			}
		}
		return nil, false
	case syntax.OpAlternate:
		var acc []rune
		for _, sub := range re.Sub {
			rs, ok := firstOf(sub)
			if !ok {
				return nil, false
			}
			acc = append(acc, rs...)
		}
		return acc, true
	}
	return nil, false
}

func foldRanges(r rune) []rune {
	out := []rune{r, r}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		out = append(out, f, f)
	}
	return out
}
