package align

import (
	"slices"
	"strings"
)

// buildCorpus tokenizes both sides, adds the anchor tokens that known
// pairs, dictionary words and pinyin names give, and returns the corpus with
// the anchor lexicon: every token spelt the same on both sides is tied to
// itself, and dictionary words are tied to their glosses.
func buildCorpus(src, tgt []string, opt Options) (*corpus, *lexicon) {
	n, m := len(src), len(tgt)
	tk := opt.tokens
	if tk == nil {
		tk = tokenize(src, tgt, opt)
	}
	c := &corpus{n: n, m: m, srcLen: tk.srcLen, tgtLen: tk.tgtLen}
	srcTok, tgtTok, dictPairs := tk.src, tk.tgt, tk.dictPairs

	c.srcVocab, c.tgtVocab = newVocab(), newVocab()
	c.srcU = make([][]int32, n)
	c.tgtU = make([][]int32, m)
	for i, toks := range srcTok {
		ids := make([]int32, len(toks))
		for k, t := range toks {
			ids[k] = c.srcVocab.id(t)
			c.srcVocab.count[ids[k]]++
		}
		c.srcU[i] = ids
	}
	for j, toks := range tgtTok {
		ids := make([]int32, len(toks))
		for k, t := range toks {
			ids[k] = c.tgtVocab.id(t)
			c.tgtVocab.count[ids[k]]++
		}
		c.tgtU[j] = ids
	}
	c.dictUnit = make([]bool, len(c.srcVocab.names))
	for z, name := range c.srcVocab.names {
		c.dictUnit[z] = strings.HasPrefix(name, "d:")
	}
	c.srcStrict, c.tgtStrict = strictAnchors(srcTok, tgtTok)
	c.srcStrictCum, c.tgtStrictCum = countNonEmpty(c.srcStrict), countNonEmpty(c.tgtStrict)
	c.pSrc = c.srcVocab.probs()
	c.pTgt = c.tgtVocab.probs()

	if len(opt.SrcParas) == n && len(opt.TgtParas) == m {
		c.srcPara = paraStarts(opt.SrcParas)
		c.tgtPara = paraStarts(opt.TgtParas)
		if !parasComparable(opt.SrcParas, opt.TgtParas) {
			c.srcPara, c.tgtPara = nil, nil
		}
	}

	if len(opt.skippable) == n {
		c.skip = opt.skippable
		c.freeEnds = true
	}
	if len(opt.outside) == n {
		c.outCum = countTrue(opt.outside)
	}
	var walls []bool
	if len(opt.walls) == n {
		walls = opt.walls
	}
	if len(opt.SrcHeadings) == n {
		c.srcHead = opt.SrcHeadings
	}
	if len(opt.TgtHeadings) == m {
		c.tgtHead = opt.TgtHeadings
	}
	c.srcBar = barCounts(c.srcHead, walls, n)
	c.tgtBar = barCounts(c.tgtHead, nil, m)

	// Marks at sentence edges are read as such in a located search only:
	// on whole translations they read more quotations right but placed
	// the beads no better.
	sq, na := quoteState(src, opt.located)
	tq, nb := quoteState(tgt, opt.located)
	if quotesComparable(na, nb) {
		c.srcQuote, c.tgtQuote = sq, tq
	}

	anchors := newLexicon(len(c.srcVocab.names), len(c.tgtVocab.names))
	for z, name := range c.srcVocab.names {
		if e, ok := c.tgtVocab.ids[name]; ok {
			anchors.add(int32(z), e, anchorWeight)
		}
	}
	for _, p := range dictPairs {
		z, ok1 := c.srcVocab.ids[p[0]]
		e, ok2 := c.tgtVocab.ids[p[1]]
		if ok1 && ok2 {
			anchors.add(z, e, dictWeight)
		}
	}
	c.lexU = c.srcU
	c.outerCost = marginCost
	if c.outCum != nil {
		// The margin sentences before the first located part and after
		// the last (those between two parts are the search's to skip).
		outer := make([]bool, n)
		for i := range n {
			outer[i] = c.outCum[i+1] != c.outCum[i] && (c.skip == nil || !c.skip[i])
		}
		c.outerCum = countTrue(outer)
		// With a dictionary, they are read by the anchors alone. The
		// lexicon the passes learn comes from the part's own beads, and
		// a sentence next to the part shares its names and words: read
		// by it, a neighbour outside took the last target sentences of
		// the part's loosely translated edge sentence, which the anchor
		// pass had placed right, and the learnt lexicon then held it
		// there. Without a dictionary, the anchors (numbers, names) read
		// too little of a sentence to take back one of the part's own
		// that the located search left out; a dictionary read through
		// cognates (opt.pivot) ties too few words to do better.
		if opt.Dict != nil && !opt.pivot {
			c.lexU = slices.Clone(c.srcU)
			for i := range n {
				if !outer[i] {
					continue
				}
				var keep []int32
				for _, z := range c.srcU[i] {
					if len(anchors.fwd[z]) > 0 {
						keep = append(keep, z)
					}
				}
				c.lexU[i] = keep
			}
			c.outerCost = outerMarginCost
		}
	}
	return c, anchors
}

// tokens are the units of both sides, with their lengths and the
// dictionary pairs among them: the costly part of building a corpus, done
// once when the located parts are aligned again.
type tokens struct {
	src, tgt       [][]string
	srcLen, tgtLen []float64
	dictPairs      [][2]string
}

func tokenize(src, tgt []string, opt Options) *tokens {
	n, m := len(src), len(tgt)
	tk := &tokens{src: make([][]string, n), tgt: make([][]string, m), srcLen: make([]float64, n), tgtLen: make([]float64, m)}
	tz := newTokenizer()
	for i, s := range src {
		tk.src[i], tk.srcLen[i] = tz.zhUnits(s, nil)
	}
	for j, t := range tgt {
		tk.tgt[j], tk.tgtLen[j] = tz.tgtUnits(t, opt.TgtLang, nil)
	}
	addPairTokens(src, tk.src, tk.tgt, opt)
	if opt.pivot {
		// Names are matched as without a dictionary: one that holds a
		// name (拿俄米, Naomi) ties it through the English gloss, which
		// the target spells otherwise (Noemi).
		addNameTokens(src, tgt, nil, tk.src, tk.tgt)
		var marks []dictMark
		used := opt.Dict.markWords(src, func(i int, tok string) { marks = append(marks, dictMark{i, tok}) })
		tk.dictPairs = newCognateIndex(tk.tgt).dictPairs(opt.Dict, used)
		addPaired(tk.src, marks, tk.dictPairs)
	} else {
		addNameTokens(src, tgt, opt.Dict, tk.src, tk.tgt)
		if opt.Dict != nil {
			tk.dictPairs = opt.Dict.addTokens(src, tk.src)
		}
	}
	return tk
}

// pick keeps the source sentences idx.
func (tk *tokens) pick(idx []int) *tokens {
	out := &tokens{tgt: tk.tgt, tgtLen: tk.tgtLen, dictPairs: tk.dictPairs,
		src: make([][]string, len(idx)), srcLen: make([]float64, len(idx))}
	for k, i := range idx {
		out.src[k], out.srcLen[k] = tk.src[i], tk.srcLen[i]
	}
	return out
}

// paraStarts marks, for every boundary position 0..len(paras), whether a
// paragraph starts there (the ends of the text count as starts).
func paraStarts(paras []int) []bool {
	out := make([]bool, len(paras)+1)
	for i := range out {
		out[i] = i == 0 || i == len(paras) || paras[i] != paras[i-1]
	}
	return out
}

// parasComparable tells whether the two sides' paragraphs can guide the
// alignment at all: a translation whose paragraphs were joined or split
// wholesale would only be misled by them.
func parasComparable(src, tgt []int) bool {
	count := func(p []int) int {
		k := 0
		for i := range p {
			if i == 0 || p[i] != p[i-1] {
				k++
			}
		}
		return k
	}
	a, b := count(src), count(tgt)
	if a < 2 || b < 2 {
		return false
	}
	return float64(min(a, b))/float64(max(a, b)) >= 0.7
}

// strictAnchors lists, per sentence, the anchors that should not be left
// unmatched inside a bead: glossary terms (names found through pinyin are
// too often false friends for this). A bead
// with such an anchor on one side only is unlikely, unless the other side is
// empty (an omission explains a missing term).
func strictAnchors(srcTok, tgtTok [][]string) (src, tgt [][]int32) {
	ids := map[string]int32{}
	collect := func(toks [][]string) [][]int32 {
		out := make([][]int32, len(toks))
		for i, ts := range toks {
			for _, t := range ts {
				if !strings.HasPrefix(t, "=") {
					continue
				}
				id, ok := ids[t]
				if !ok {
					id = int32(len(ids))
					ids[t] = id
				}
				out[i] = append(out[i], id)
			}
		}
		return out
	}
	return collect(srcTok), collect(tgtTok)
}

// unmatchedAnchors counts the strict anchors of source sentences [i0, i1)
// missing from target sentences [j0, j1), and the other way round.
func (c *corpus) unmatchedAnchors(i0, i1, j0, j1 int) int {
	if c.srcStrictCum[i1] == c.srcStrictCum[i0] && c.tgtStrictCum[j1] == c.tgtStrictCum[j0] {
		return 0
	}
	in := func(lists [][]int32, from, to int, id int32) bool {
		for k := from; k < to; k++ {
			if slices.Contains(lists[k], id) {
				return true
			}
		}
		return false
	}
	n := 0
	for i := i0; i < i1; i++ {
		for _, id := range c.srcStrict[i] {
			if !in(c.tgtStrict, j0, j1, id) {
				n++
			}
		}
	}
	for j := j0; j < j1; j++ {
		for _, id := range c.tgtStrict[j] {
			if !in(c.srcStrict, i0, i1, id) {
				n++
			}
		}
	}
	return n
}

// barCounts counts the boundaries between sentences that no bead may cross:
// out[k+1] is how many of the boundaries 1..k (boundary k lies before
// sentence k) are barred, so a bead of sentences [p, i) crosses one when
// out[p+1] and out[i] differ.
func barCounts(head, wall []bool, n int) []int32 {
	if head == nil && wall == nil {
		return nil
	}
	out := make([]int32, n+1)
	// A bead [p, i) with more than one sentence is barred when some
	// boundary k in p+1..i-1 is barred: boundary k is barred when sentence
	// k−1 or k is a heading, or a wall precedes sentence k.
	for k := 1; k < n; k++ {
		barred := head != nil && (head[k-1] || head[k]) || wall != nil && wall[k]
		out[k+1] = out[k]
		if barred {
			out[k+1]++
		}
	}
	return out
}

// countNonEmpty returns the cumulative count of non-empty lists: out[k] is
// how many of lists[:k] are non-empty.
func countNonEmpty(lists [][]int32) []int32 {
	out := make([]int32, len(lists)+1)
	for k, l := range lists {
		out[k+1] = out[k]
		if len(l) > 0 {
			out[k+1]++
		}
	}
	return out
}
