package term

import (
	"slices"
	"sort"
	"unicode/utf8"

	"alinea/align/text"
)

// TermHit is one occurrence of a glossary term in a text.
type TermHit struct {
	ConceptID int64
	TermID    int64
	Term      string // the term as stored in the glossary
	// Start and End are byte offsets into the original text, End exclusive.
	Start, End int
	concept    int32 // index into the matcher's concepts
}

// Matcher finds the source-language terms of a glossary in text, all of them
// in one pass over the text (Aho–Corasick), however many terms there are.
//
// A Matcher is immutable once built and safe for concurrent use. When the
// glossary changes, build a new one and swap the pointer (an
// atomic.Pointer[Matcher] does); readers holding the old one finish with it.
// It keeps its own copy of the concepts it was built from.
type Matcher struct {
	lang     string
	concepts []Concept
	byID     map[int64]int32

	// The trie, in breadth-first order, with the edges of state s at
	// edges[first[s]:first[s+1]], sorted by rune.
	first []int32
	label []rune
	next  []int32
	fail  []int32
	out   []int32 // pattern ending at the state, or -1
	dict  []int32 // nearest state on the failure chain with a pattern, or -1
	// root maps a BMP rune to the root's child for it, or -1: most steps of
	// a scan start again from the root, which has the most edges.
	root []int32
	pats []pattern
}

// pattern is one distinct folded term.
type pattern struct {
	key  string
	hits []patternHit // the terms that fold to it, one per concept
}

type patternHit struct {
	concept, term int32
}

// NewMatcher builds a matcher over the terms in language lang (usually "zh",
// the source language) of concepts, whatever their status: a forbidden
// source term still names its concept. Terms are matched on their folded
// form (see text.Fold), so width, case and spacing differences do not hide them.
func NewMatcher(concepts []Concept, lang string) *Matcher {
	m := &Matcher{lang: lang, concepts: make([]Concept, len(concepts)), byID: make(map[int64]int32, len(concepts))}
	byKey := map[string]int32{}
	for ci := range concepts {
		c := concepts[ci]
		c.Terms = slices.Clone(c.Terms)
		for ti := range c.Terms {
			c.Terms[ti].Forms = slices.Clone(c.Terms[ti].Forms)
		}
		m.concepts[ci] = c
		if c.ID != 0 {
			m.byID[c.ID] = int32(ci)
		}
		for ti, t := range c.Terms {
			if !text.IsLang(t.Lang, lang) {
				continue
			}
			k := text.Key(t.Text)
			if k == "" {
				continue
			}
			pi, ok := byKey[k]
			if !ok {
				pi = int32(len(m.pats))
				byKey[k] = pi
				m.pats = append(m.pats, pattern{key: k})
			}
			p := &m.pats[pi]
			if n := len(p.hits); n > 0 && p.hits[n-1].concept == int32(ci) {
				continue // two terms of one concept fold alike
			}
			p.hits = append(p.hits, patternHit{int32(ci), int32(ti)})
		}
	}
	m.build()
	return m
}

// build makes the trie from the patterns sorted by key, level by level: the
// terms under one state are a contiguous run of the sorted list, so each
// state's children are made together and its edges are contiguous and
// sorted without any per-node map.
func (m *Matcher) build() {
	order := make([]int32, len(m.pats))
	for i := range order {
		order[i] = int32(i)
	}
	// Byte order of UTF-8 is code point order, so this sorts by runes.
	sort.Slice(order, func(a, b int) bool { return m.pats[order[a]].key < m.pats[order[b]].key })
	runes := make([][]rune, len(order))
	total := 0
	for i, pi := range order {
		runes[i] = []rune(m.pats[pi].key)
		total += len(runes[i])
	}
	type node struct {
		lo, hi int32 // range of sorted patterns under this state
		depth  int32
	}
	nodes := make([]node, 1, total+1)
	nodes[0] = node{0, int32(len(order)), 0}
	m.first = make([]int32, 1, total+2)
	m.out = make([]int32, 0, total+1)
	m.label = make([]rune, 0, total)
	m.next = make([]int32, 0, total)
	for s := 0; s < len(nodes); s++ {
		n := nodes[s]
		i := n.lo
		out := int32(-1)
		// Patterns that end here sort first under their prefix.
		if i < n.hi && int32(len(runes[i])) == n.depth {
			out = order[i]
			i++
		}
		m.out = append(m.out, out)
		for i < n.hi {
			r := runes[i][n.depth]
			j := i + 1
			for j < n.hi && runes[j][n.depth] == r {
				j++
			}
			m.label = append(m.label, r)
			m.next = append(m.next, int32(len(nodes)))
			nodes = append(nodes, node{i, j, n.depth + 1})
			i = j
		}
		m.first = append(m.first, int32(len(m.label)))
	}
	m.root = make([]int32, 0x10000)
	for i := range m.root {
		m.root[i] = -1
	}
	for e := m.first[0]; e < m.first[1]; e++ {
		if r := m.label[e]; r < 0x10000 {
			m.root[r] = m.next[e]
		}
	}
	m.fail = make([]int32, len(nodes))
	m.dict = make([]int32, len(nodes))
	m.dict[0] = -1
	// Breadth-first order means a state's failure target (shallower) is
	// always done before the state itself.
	for s := range nodes {
		for e := m.first[s]; e < m.first[s+1]; e++ {
			child, r := m.next[e], m.label[e]
			f := int32(0)
			if s != 0 {
				for p := m.fail[s]; ; p = m.fail[p] {
					if t := m.step(p, r); t >= 0 {
						f = t
						break
					}
					if p == 0 {
						break
					}
				}
			}
			m.fail[child] = f
			if m.out[f] >= 0 {
				m.dict[child] = f
			} else {
				m.dict[child] = m.dict[f]
			}
		}
	}
}

// step follows the edge labelled r out of state s, or returns -1.
func (m *Matcher) step(s int32, r rune) int32 {
	if s == 0 && r >= 0 && r < 0x10000 && m.root != nil {
		return m.root[r]
	}
	lo, hi := m.first[s], m.first[s+1]
	for lo < hi {
		mid := int32(uint32(lo+hi) >> 1)
		if m.label[mid] < r {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < m.first[s+1] && m.label[lo] == r {
		return m.next[lo]
	}
	return -1
}

// Len is the number of distinct folded terms the matcher looks for.
func (m *Matcher) Len() int {
	if m == nil {
		return 0
	}
	return len(m.pats)
}

// Lang is the language whose terms the matcher looks for.
func (m *Matcher) Lang() string { return m.lang }

// Concept returns the concept with the given id, as the matcher was built.
func (m *Matcher) Concept(id int64) (Concept, bool) {
	if m == nil {
		return Concept{}, false
	}
	i, ok := m.byID[id]
	if !ok {
		return Concept{}, false
	}
	return m.concepts[i], true
}

// ConceptOf returns the concept a hit of this matcher belongs to, even
// when the concept has no id yet.
func (m *Matcher) ConceptOf(h TermHit) Concept {
	return m.concepts[h.concept]
}

// FindAll returns every occurrence of every term in text, overlapping ones
// included (命运共同体 inside 中拉命运共同体 is reported too), ordered by
// start, longer first at the same start. A term shared by several concepts
// gives one hit per concept.
func (m *Matcher) FindAll(s string) []TermHit {
	if m.Len() == 0 || s == "" {
		return nil
	}
	return m.scan(text.Fold(s))
}

// Find returns the occurrences to highlight: leftmost-longest and
// non-overlapping, so 中拉命运共同体 is one hit and its 命运共同体 is not.
// Concepts sharing the same span are all kept.
func (m *Matcher) Find(s string) []TermHit {
	return longest(m.FindAll(s))
}

func (m *Matcher) scan(f text.Folded) []TermHit {
	var hits []TermHit
	s := int32(0)
	for i, r := range f.Text {
		for {
			if t := m.step(s, r); t >= 0 {
				s = t
				break
			}
			if s == 0 {
				break
			}
			s = m.fail[s]
		}
		end := i + utf8.RuneLen(r)
		if r == utf8.RuneError {
			end = i + 1
		}
		t := s
		if m.out[t] < 0 {
			t = m.dict[t]
		}
		for ; t >= 0; t = m.dict[t] {
			p := &m.pats[m.out[t]]
			os, oe := f.Orig(end-len(p.key), end)
			for _, h := range p.hits {
				c := &m.concepts[h.concept]
				hits = append(hits, TermHit{
					ConceptID: c.ID,
					TermID:    c.Terms[h.term].ID,
					Term:      c.Terms[h.term].Text,
					Start:     os,
					End:       oe,
					concept:   h.concept,
				})
			}
		}
	}
	slices.SortStableFunc(hits, func(a, b TermHit) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	return hits
}

// longest keeps, from hits ordered as FindAll orders them, the
// leftmost-longest non-overlapping ones.
func longest(hits []TermHit) []TermHit {
	out := hits[:0]
	end := -1
	lastStart, lastEnd := -1, -1
	for _, h := range hits {
		if h.Start == lastStart && h.End == lastEnd {
			out = append(out, h) // same span, another concept
			continue
		}
		if h.Start < end {
			continue
		}
		out = append(out, h)
		end, lastStart, lastEnd = h.End, h.Start, h.End
	}
	return out
}
