package align

// buildCorpus tokenizes both sides, adds the anchor tokens that known
// pairs, dictionary words and pinyin names give, and returns the corpus with
// the anchor lexicon: every token spelt the same on both sides is tied to
// itself, and dictionary words are tied to their glosses.
func buildCorpus(src, tgt []string, opt Options) (*corpus, *lexicon) {
	n, m := len(src), len(tgt)
	c := &corpus{n: n, m: m, srcLen: make([]float64, n), tgtLen: make([]float64, m)}
	srcTok := make([][]string, n)
	tgtTok := make([][]string, m)
	for i, s := range src {
		srcTok[i], c.srcLen[i] = zhUnits(s, nil)
	}
	for j, t := range tgt {
		tgtTok[j], c.tgtLen[j] = tgtUnits(t, opt.TgtLang, nil)
	}
	addPairTokens(src, srcTok, tgtTok, opt)
	addNameTokens(src, tgt, srcTok, tgtTok)
	var dictPairs [][2]string
	if opt.Dict != nil {
		dictPairs = opt.Dict.addTokens(src, srcTok)
	}

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
	c.pSrc = c.srcVocab.probs()
	c.pTgt = c.tgtVocab.probs()

	if len(opt.SrcParas) == n && len(opt.TgtParas) == m {
		c.srcPara = paraStarts(opt.SrcParas)
		c.tgtPara = paraStarts(opt.TgtParas)
		if !parasComparable(opt.SrcParas, opt.TgtParas) {
			c.srcPara, c.tgtPara = nil, nil
		}
	}

	sq, na := quoteState(src)
	tq, nb := quoteState(tgt)
	if quotesComparable(na, nb) {
		c.srcQuote, c.tgtQuote = sq, tq
	}

	anchors := newLexicon(len(c.srcVocab.names), len(c.tgtVocab.names))
	for z, name := range c.srcVocab.names {
		if e, ok := c.tgtVocab.ids[name]; ok {
			anchors.add(int32(z), e, float32(anchorWeight))
		}
	}
	for _, p := range dictPairs {
		z, ok1 := c.srcVocab.ids[p[0]]
		e, ok2 := c.tgtVocab.ids[p[1]]
		if ok1 && ok2 {
			anchors.add(z, e, dictWeight)
		}
	}
	return c, anchors
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
