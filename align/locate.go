package align

import (
	"math"
	"slices"

	"alinea/align/text"
)

// Translations often cover only part of a document: one chapter, the part a
// colleague did, the beginning. The banded search follows the length
// diagonal of the whole pair and would spread such a translation over the
// whole document, so before it the covered parts are located: a search of
// the whole table (or of a coarser one, with sentences grouped, for long
// texts) on lengths, anchors and paragraph structure, where source
// sentences may also be skipped in runs. A run costs the same whatever its
// length, little at the ends of the document and more inside it, where it
// says that the translation left a part out.
const (
	// locateMaxCells bounds the located table; longer pairs are located
	// with sentences grouped.
	locateMaxCells   = 300_000
	locateQuickCells = 12_000 // the coarse search that tells whole translations
	endJump          = 4.0    // skipping the source before or after the translation
	midJump          = 15.0   // skipping a part of the source inside the translation
	midJumpPerUnit   = 0.2    // and for each sentence skipped there,
	maxSkipUnits     = 100    // up to this many
	jumpParaCost     = 3.0    // a skip that starts or ends inside a paragraph
	locateMargin     = 2      // sentences the fine search may still take around a located part
	locateTypes      = 6      // bead types of the located search: the first ones of beadTypes
	locateRounds     = 2      // searches again with the lexicon the parts taught
	reverseWeight    = 0.5    // of the evidence read from the source side in the finer searches
	wholeMargin      = 5.0    // how much better leaving units out must explain the pair than pairing them all
	mostOfIt         = 0.9    // a part this share of the source needs no second look
	cheapGapsBelow   = 0.5    // confidence of the parts' alignment below which cheaper skips are tried
	cheapGapsGain    = 0.1    // how much more confidence the parts they find must give
	skipCost         = 0.2    // leaving out a margin sentence between two parts in the fine search
	// endSkipGain is what the fine search gains for each margin sentence
	// (outside the located parts) it leaves out before the translation's
	// first sentence or after its last. Translation evidence is never
	// negative, so a sentence next to a part's edge gains a little from
	// any target text it is paired with, and the bead-type prior favours
	// cutting a part's first or last bead in two (1-1 and 1-2 are each
	// likelier than one 1-3): those ends grew by a sentence far more
	// often than they shrank. Only the margin gains, or a loose end would
	// shed the part's own sentences by the dozen.
	endSkipGain = 0.5
	headingCost = 4.0  // a heading paired with a sentence that is not one
	edgeFactor  = 0.85 // confidence left to the first and last bead of a located part
	// marginCost is paid by a bead pairing a margin sentence (outside the
	// located parts) with target text. The located ends are mostly exact;
	// without it, the loosely translated sentence at a part's end lost
	// its last target sentences to the neighbour in the margin, and the
	// first sentence of a second part stuck to the end of the first.
	marginCost = 2.0
	// outerMarginCost takes marginCost's place before the first part and
	// after the last where those margin sentences are read by the
	// anchors alone (see corpus.lexU). The learnt evidence that pulled a
	// neighbour in is gone then, and the anchors alone must still take
	// back a sentence of the part that the located search left out.
	outerMarginCost = 0.5
)

// defaultRatio is the usual number of target characters per Chinese
// character for whole translations, the length model's ratio while the
// covered part is unknown; refit then takes the located part's own.
func defaultRatio(lang string) float64 {
	switch text.BaseLang(lang) {
	case "en":
		return 3.4
	case "es", "pt":
		return 2.8
	}
	return 0
}

// srcSpan is a part of the source, sentences [s, e), that the target
// translates.
//
// pad widens the fine search's margin around the part beyond
// locateMargin: a part located on grouped sentences is known to a group.
// A given part (Options.Parts) has no margin.
type srcSpan struct {
	s, e, pad int
	given     bool
}

// margin is how many sentences the fine search may still take around the
// part.
func (p srcSpan) margin() int {
	if p.given {
		return 0
	}
	return locateMargin + p.pad
}

// locView is the corpus as the locating search reads it: per unit (a
// sentence or a group of sentences) its lengths, lexical units and whether
// a paragraph starts there.
type locView struct {
	n, m           int
	srcLen, tgtLen []float64
	srcU, tgtU     [][]int32
	srcPara        []bool // n+1 entries, or nil
	tgtPara        []bool
	// reverse weighs the evidence read from the source side (see
	// addReverse); 0 reads the target side only.
	reverse float32
}

// groupedView merges every g sentences of the source, and the target into
// groups as long as g source sentences at the given ratio (of h sentences
// on average; none when h is 1).
func groupedView(c *corpus, g, h int, ratio float64, srcPara, tgtPara []bool) (locView, []int) {
	// per > 0 cuts groups of that length instead of g sentences.
	merge := func(lens []float64, units [][]int32, para []bool, g int, per float64) ([]float64, [][]int32, []bool, []int) {
		groups := (len(lens) + g - 1) / g
		ol := make([]float64, 0, groups)
		ou := make([][]int32, 0, groups)
		op := make([]bool, 0, groups+1)
		starts := make([]int, 0, groups+1)
		total := 0
		for _, u := range units {
			total += len(u)
		}
		// One backing array for all groups' units: the view is rebuilt
		// for every grouping tried, and many small slices cost more in
		// allocation than the search over them.
		flat := make([]int32, 0, total)
		var run float64
		for k := 0; k < len(lens); {
			e := min(k+g, len(lens))
			if per > 0 {
				e = k + 1
				run += lens[k]
				for e < len(lens) && run+lens[e]/2 < per*float64(len(ol)+1) {
					run += lens[e]
					e++
				}
			}
			var l float64
			from := len(flat)
			startsPara := false
			for x := k; x < e; x++ {
				l += lens[x]
				flat = append(flat, units[x]...)
			}
			u := flat[from:len(flat):len(flat)]
			if len(u) == 0 {
				u = nil
			}
			if para != nil {
				startsPara = para[k]
			}
			ol, ou, op = append(ol, l), append(ou, u), append(op, startsPara)
			starts = append(starts, k)
			k = e
		}
		starts = append(starts, len(lens))
		if para == nil {
			op = nil
		} else {
			op = append(op, true)
		}
		return ol, ou, op, starts
	}
	var v locView
	var ss []int
	v.srcLen, v.srcU, v.srcPara, ss = merge(c.srcLen, c.srcU, srcPara, g, 0)
	var per float64
	if h > 1 {
		// The target is cut by length, g source sentences' worth at the
		// ratio: where a translation cuts sentences in two, groups of h
		// of its sentences run ahead of the source's and drift apart by
		// many sentences over a long text, which the search then reads
		// as a part left out. A whole translation at another ratio than
		// the one assumed has groups of another number instead, which
		// beads of two groups on one side absorb.
		var total float64
		for _, l := range c.srcLen {
			total += l
		}
		per = total / float64(len(v.srcLen)) * ratio
	}
	v.tgtLen, v.tgtU, v.tgtPara, _ = merge(c.tgtLen, c.tgtU, tgtPara, h, per)
	v.n, v.m = len(v.srcLen), len(v.tgtLen)
	return v, ss
}

// locate returns the parts of the source the target translates, in order,
// and whether they are the whole source.
func (s *scorer) locate(srcPara, tgtPara []bool, reverse float32) ([]srcSpan, bool) {
	c := s.c
	grouping := func(cells int) (int, int) {
		g, h := 1, 1
		for (c.n/g+1)*(c.m/h+1) > cells {
			g++
			h = max(1, int(math.Round(float64(g)*float64(c.m)/float64(c.n))))
		}
		return g, h
	}
	// Most translations are whole: a coarse search tells so cheaply, and
	// only a part left out calls for the finer one.
	// Target groups are cut at the usual ratio, at most twice as many as
	// the source's (a translation far longer than usual).
	groupRatio := math.Max(s.lm.ratio, newLengthModel(c.srcLen, c.tgtLen).ratio/2)
	g, h := grouping(locateQuickCells)
	v, srcStart := groupedView(c, g, h, groupRatio, srcPara, tgtPara)
	lm := s.lm
	path, score := s.locatePath(v, lm, g, true)
	if coversAll(path, v.n) {
		return []srcSpan{{s: 0, e: c.n}}, true
	}
	// A whole translation that runs freer or tighter than usual near an
	// end, or whose ratio is off the usual one, can find a path that
	// leaves a few units out there slightly better than one that pairs
	// them. A part left out is far better left out: its units have no
	// target at all. The same coarse table without skips tells the two
	// apart cheaply, where the finer search would cost a whole text more
	// than the part search may. Only clear cases are settled here (about
	// one end skip's worth): a translation that leaves out the last few
	// paragraphs gains little more, and the finer search tells it.
	if _, all := s.locatePath(v, lm, g, false); score-all < wholeMargin {
		return []srcSpan{{s: 0, e: c.n}}, true
	}
	// The finer searches place the ends of the parts, where one sentence
	// more or less is what the words of both sides tell (see addReverse).
	v.reverse = reverse
	if fg, fh := grouping(locateMaxCells); fg < g {
		g, h = fg, fh
		v, srcStart = groupedView(c, g, h, groupRatio, srcPara, tgtPara)
		v.reverse = reverse
		path, _ = s.locatePath(v, lm, g, true)
		if cp := pathParts(path); len(cp) == 1 && cp[0].s == 0 && cp[0].e == v.n {
			return []srcSpan{{s: 0, e: c.n}}, true
		}
	}
	// The lengths of the located part tell its own ratio; one more search
	// with it places the ends better when the prior ratio was off.
	fit, prior := s.fitPath(v, path, lm)
	path, _ = s.locatePathWith(v, fit, prior, g, true)
	parts := pathParts(path)
	if len(parts) == 0 {
		// Nothing pairs up at all: the lengths are far from the usual
		// ratio and no anchor ties the texts. A part cannot be told from
		// the rest, so the translation is aligned as a whole (which finds
		// its own ratio) rather than left out entirely.
		return []srcSpan{{s: 0, e: c.n}}, true
	}
	for k := range parts {
		parts[k] = srcSpan{s: srcStart[parts[k].s], e: srcStart[parts[k].e]}
	}
	whole := len(parts) == 1 && parts[0].s == 0 && parts[0].e == c.n
	if g > 1 && !whole {
		// A group at either end of a part may hold only a few of its
		// sentences: the margins of the fine search cover one group.
		// They are margin, not part: the rest of the group is no part
		// of it, and a margin sentence is paired only where it must be.
		for k := range parts {
			parts[k].pad = g
		}
	}
	return parts, whole
}

// coversAll tells whether a coarse located path pairs the whole source:
// no run left out inside, and at most one unit at either end, which is how
// the coarse search meets a loose start or end of a whole translation (the
// banded search leaves out single sentences there by itself).
func coversAll(path [][4]int, n int) bool {
	if !hasSkip(path) {
		return len(path) > 0
	}
	cp := pathParts(path)
	return len(cp) == 1 && cp[0].s <= 1 && cp[0].e >= n-1
}

// fitPath reads the length model and the bead-type prior off the paired
// steps of a located path: the located part's own ratio, and the
// translation's habits (some cut every sentence in two) rather than the
// usual ones.
func (s *scorer) fitPath(v locView, path [][4]int, lm lengthModel) (lengthModel, [nBeadTypes]float64) {
	var pairs [][2]float64
	var w []float64
	counts := make([]float64, nBeadTypes)
	for _, p := range path {
		if p[2] < 0 {
			continue
		}
		if p[1]-p[0] == 1 && p[3]-p[2] == 1 {
			pairs = append(pairs, [2]float64{v.srcLen[p[0]], v.tgtLen[p[2]]})
			w = append(w, 1)
		}
		if t := typeIndex(p[1]-p[0], p[3]-p[2]); t >= 0 {
			counts[t]++
		}
	}
	lm.refit(pairs, w)
	saved := s.prior
	setPrior(s, basePrior, counts)
	prior := s.prior
	s.prior = saved
	return lm, prior
}

// locatePathWith is locatePath under another bead-type prior.
func (s *scorer) locatePathWith(v locView, lm lengthModel, prior [nBeadTypes]float64, g int, skips bool) ([][4]int, float32) {
	saved := s.prior
	s.prior = prior
	defer func() { s.prior = saved }()
	return s.locatePath(v, lm, g, skips)
}

// locatePath searches the whole table of v for the best path that may skip
// runs of source units (unless skips is false), and returns its steps as
// [i0, i1, j0, j1], a skip being a step with j0 = j1 = −1, and its score.
func (s *scorer) locatePath(v locView, lm lengthModel, g int, skips bool) ([][4]int, float32) {
	n, m := v.n, v.m
	w := m + 1
	best := make([]float32, (n+1)*w)
	back := make([]int8, (n+1)*w)
	const jump, longJump = int8(-2), int8(-3)
	ev := s.locateEvidence(v)
	// colBest[j] is the best start in column j of a skip that pays for
	// each unit it leaves out; colFlat[j] of one that pays the most any
	// skip pays (a long document may leave out a long stretch: paying
	// for each unit, the search would rather squeeze a part in beside
	// another than put it where it belongs).
	colBest := make([]float32, w)
	colFlat := make([]float32, w)
	for j := range colBest {
		colBest[j], colFlat[j] = negInf, negInf
	}
	srcCum := cumulative(v.srcLen)
	tgtCum := cumulative(v.tgtLen)
	paraPen := func(i int) float32 {
		if v.srcPara == nil || v.srcPara[i] {
			return 0
		}
		return jumpParaCost
	}
	cellPen := func(i, j int) float32 {
		if v.srcPara == nil || v.tgtPara == nil || v.srcPara[i] == v.tgtPara[j] {
			return 0
		}
		return float32(s.paraCost)
	}
	mid := float32(midJump)
	if s.midJump > 0 {
		mid = s.midJump
	}
	jumpCost := func(j int) float32 {
		if j == 0 || j == m {
			return endJump
		}
		return mid
	}
	perUnit := func(j int) float32 {
		if j == 0 || j == m {
			return 0
		}
		return midJumpPerUnit * float32(g)
	}
	// Dense copies of the evidence of the last maxA source units, so that
	// a bead reads its pairs by index.
	var dense [maxA][]float32
	for k := range dense {
		dense[k] = make([]float32, w)
	}
	for i := 0; i <= n; i++ {
		if i > 0 {
			d := dense[(i-1)%maxA]
			if i > maxA {
				for _, c := range ev.rows[i-1-maxA] {
					d[c.j] = 0
				}
			}
			for _, c := range ev.rows[i-1] {
				d[c.j] = c.v
			}
		}
		row := best[i*w : i*w+w]
		for j := 0; j <= m; j++ {
			if i == 0 && j == 0 {
				row[0], back[0] = 0, -1
				continue
			}
			bv, bt := negInf, int8(-1)
			for t, btp := range beadTypes[:locateTypes] {
				a, b := btp[0], btp[1]
				pi, pj := i-a, j-b
				if pi < 0 || pj < 0 {
					continue
				}
				prev := best[pi*w+pj]
				if prev <= negInf {
					continue
				}
				sc := -float32(s.prior[t])
				if a > 0 && b > 0 {
					sc -= float32(s.wLen * lm.cost(math.Max(srcCum[i]-srcCum[pi], 0.5), math.Max(tgtCum[j]-tgtCum[pj], 0.5)))
					for x := pi; x < i; x++ {
						d := dense[x%maxA]
						for y := pj; y < j; y++ {
							sc += d[y]
						}
					}
				}
				if val := prev + sc; val > bv {
					bv, bt = val, int8(t)
				}
			}
			if colBest[j] > negInf {
				if val := colBest[j] - jumpCost(j) - perUnit(j)*float32(i) - paraPen(i); val > bv {
					bv, bt = val, jump
				}
				if j > 0 && j < m {
					if val := colFlat[j] - jumpCost(j) - maxSkipUnits*midJumpPerUnit - paraPen(i); val > bv {
						bv, bt = val, longJump
					}
				}
			}
			if bt >= 0 || bt < -1 {
				bv -= cellPen(i, j)
			}
			row[j], back[i*w+j] = bv, bt
		}
		for j := 0; j <= m && skips; j++ {
			if val := row[j] - paraPen(i) + perUnit(j)*float32(i); row[j] > negInf && val > colBest[j] {
				colBest[j] = val
			}
			if val := row[j] - paraPen(i); row[j] > negInf && val > colFlat[j] {
				colFlat[j] = val
			}
		}
	}
	var rev [][4]int
	i, j := n, m
	for i > 0 || j > 0 {
		t := back[i*w+j]
		switch {
		case t == jump:
			// The origin is the row the column maximum came from.
			from, fv := -1, negInf
			for r := 0; r < i; r++ {
				if x := best[r*w+j]; x > negInf && x-paraPen(r)+perUnit(j)*float32(r) > fv {
					from, fv = r, x-paraPen(r)+perUnit(j)*float32(r)
				}
			}
			rev = append(rev, [4]int{from, i, -1, -1})
			i = from
		case t == longJump:
			from, fv := -1, negInf
			for r := 0; r < i; r++ {
				if x := best[r*w+j]; x > negInf && x-paraPen(r) > fv {
					from, fv = r, x-paraPen(r)
				}
			}
			rev = append(rev, [4]int{from, i, -1, -1})
			i = from
		case t >= 0:
			a, b := beadTypes[t][0], beadTypes[t][1]
			rev = append(rev, [4]int{i - a, i, j - b, j})
			i, j = i-a, j-b
		default:
			return [][4]int{{0, n, 0, m}}, negInf
		}
	}
	slices.Reverse(rev)
	return rev, best[n*w+m]
}

// locEvidence holds the anchor evidence of the located search, sparse per
// source unit.
type locEvidence struct {
	rows [][]locCell
}

type locCell struct {
	j int32
	v float32
}

// locateEvidence scores every pair of units that share an anchor: the same
// evidence as the banded search's, log(1 + κ·t/p) per anchored word, read
// one way only and unit by unit.
func (s *scorer) locateEvidence(v locView) *locEvidence {
	ev := &locEvidence{rows: make([][]locCell, v.n)}
	if s.lex == nil {
		return ev
	}
	c := s.c
	post := make([][]int32, len(c.tgtVocab.names)) // target units holding each word
	for j, us := range v.tgtU {
		for _, e := range us {
			if l := post[e]; len(l) == 0 || l[len(l)-1] != int32(j) {
				post[e] = append(post[e], int32(j))
			}
		}
	}
	acc := make([]float32, v.m)
	var touched []int32
	for i, us := range v.srcU {
		units := float32(max(1, len(us)))
		for _, z := range us {
			for _, en := range s.lex.fwd[z] {
				r := float32(s.kappa) * en.p / (units * float32(c.pTgt[en.id]))
				val := fastLog1p(r)
				for _, j := range post[en.id] {
					if acc[j] == 0 {
						touched = append(touched, j)
					}
					acc[j] += val
				}
			}
		}
		slices.Sort(touched)
		row := make([]locCell, 0, len(touched))
		for _, j := range touched {
			row = append(row, locCell{j, float32(s.wLex) * acc[j]})
			acc[j] = 0
		}
		ev.rows[i] = row
		touched = touched[:0]
	}
	if v.reverse > 0 {
		s.addReverse(v, ev)
	}
	return ev
}

// addReverse adds the evidence read the other way, as the banded search
// reads both: each target unit's words against the source units holding
// their counterparts. Read from the target side only, a loose translation
// of a part's edge sentence scores as well against its neighbour outside
// the part, whose own words it does not explain. It is weighed at less
// than the target side's, against which the costs of skips were set.
func (s *scorer) addReverse(v locView, ev *locEvidence) {
	c := s.c
	// The source units holding each word, once per occurrence: each is
	// read on its own, as a target word is in the forward direction.
	post := make([][]int32, len(c.srcVocab.names))
	for i, us := range v.srcU {
		for _, z := range us {
			post[z] = append(post[z], int32(i))
		}
	}
	rev := make([][]locCell, v.n)
	acc := make([]float32, v.n)
	sum := make([]float32, len(c.srcVocab.names))
	var touched, words []int32
	for j, es := range v.tgtU {
		// t(z|E) summed over the unit's words first: a source word
		// explained by several of them is explained once.
		for _, e := range es {
			for _, en := range s.lex.rev[e] {
				if sum[en.id] == 0 {
					words = append(words, en.id)
				}
				sum[en.id] += en.p
			}
		}
		units := float32(max(1, len(es)))
		for _, z := range words {
			val := fastLog1p(float32(s.kappa) * sum[z] / (units * float32(c.pSrc[z])))
			sum[z] = 0
			for _, i := range post[z] {
				if acc[i] == 0 {
					touched = append(touched, i)
				}
				acc[i] += val
			}
		}
		words = words[:0]
		slices.Sort(touched)
		for _, i := range touched {
			rev[i] = append(rev[i], locCell{int32(j), float32(s.wLex) * v.reverse * acc[i]})
			acc[i] = 0
		}
		touched = touched[:0]
	}
	for i := range ev.rows {
		a, b := ev.rows[i], rev[i]
		out := make([]locCell, 0, len(a)+len(b))
		x, y := 0, 0
		for x < len(a) || y < len(b) {
			switch {
			case y == len(b) || x < len(a) && a[x].j < b[y].j:
				out = append(out, a[x])
				x++
			case x == len(a) || b[y].j < a[x].j:
				out = append(out, b[y])
				y++
			default:
				out = append(out, locCell{a[x].j, a[x].v + b[y].v})
				x++
				y++
			}
		}
		ev.rows[i] = out
	}
}

func cumulative(xs []float64) []float64 {
	out := make([]float64, len(xs)+1)
	for k, x := range xs {
		out[k+1] = out[k] + x
	}
	return out
}

// cheapJumps are the costs of a skip inside the translation that the
// located search tries in place of midJump when the parts it found explain
// the target poorly (see alignSentences).
var cheapJumps = []float32{midJump / 2, midJump / 8}

// locateParts runs the located search over the whole pair, with the usual
// ratio of the language pair for lengths and the anchors for evidence.
func (s *scorer) locateParts(opt Options) ([]srcSpan, bool) {
	return s.locateWith(opt, reverseWeight)
}

// relocateParts runs it again with the lexicon the parts taught, read from
// the target side only: the anchors tie words sparsely and surely, where
// that lexicon's reverse table, learnt over Chinese characters from a few
// hundred beads, gives common characters some weight for many words, and
// read that way it moved the ends of well placed parts.
func (s *scorer) relocateParts(opt Options) ([]srcSpan, bool) {
	return s.locateWith(opt, 0)
}

func (s *scorer) locateWith(opt Options, reverse float32) ([]srcSpan, bool) {
	c := s.c
	var srcPara, tgtPara []bool
	if len(opt.SrcParas) == c.n && len(opt.TgtParas) == c.m {
		srcPara, tgtPara = paraStarts(opt.SrcParas), paraStarts(opt.TgtParas)
	}
	saved := s.lm
	if r := defaultRatio(opt.TgtLang); r > 0 {
		s.lm = lengthModel{ratio: r, variance: 6.8 * math.Max(r, 1) / 2}
	}
	defer func() { s.lm = saved }()
	return s.locate(srcPara, tgtPara, reverse)
}

// alignParts aligns the target with the located parts of the source (and a
// margin around each, which the search may leave out), and gives every
// other source sentence a bead of its own.
//
// It also returns the confidences of the beads before the edge beads lose
// some: the beads' own evidence, which a whole alignment's is weighed
// against; and the path of the search's anchor pass, in the sentences of
// the whole source (see anchoredEnds).
func alignParts(src, tgt []string, opt Options, parts []srcSpan) ([]Bead, []float64, []Bead, error) {
	n := len(src)
	// A part found to start or end within the margin of the document's
	// start or end runs to it. A translation seldom leaves out only the
	// first or last sentence or two of a document, and a loosely
	// translated sentence there (the last one rendered by a short line
	// that the length model gives to the sentence before) is what the
	// located search leaves out most. Inside the part, the fine search
	// still leaves such a sentence out if nothing pairs with it, as
	// cheaply as any before the first target sentence or after the last.
	parts = slices.Clone(parts)
	if parts[0].s <= parts[0].margin() {
		parts[0].s = 0
	}
	if l := len(parts) - 1; parts[l].e >= n-parts[l].margin() {
		parts[l].e = n
	}
	inPart := make([]bool, n)
	keep := make([]bool, n)
	for _, p := range parts {
		for i := p.s; i < p.e; i++ {
			inPart[i] = true
		}
		for i := max(0, p.s-p.margin()); i < min(n, p.e+p.margin()); i++ {
			keep[i] = true
		}
	}
	// A margin sentence may be left out cheaply only between two parts.
	// Before the first part and after the last, the search leaves out
	// whatever precedes the first target sentence or follows the last
	// cheaply anyway; a margin there that was also cheap inside the
	// target's run let the search cut a part's first or last bead in two
	// and give the piece cut off to a sentence of the margin.
	//
	// A part runs into its margin without a hole: the search is run again
	// without a margin sentence it paired across one of the margin it left
	// out (see strayMargins).
	first, last := parts[0].s, parts[len(parts)-1].e
	var idx []int
	var sub Options
	var anchorPass []Bead
	var beads []Bead
	for try := 0; ; try++ {
		idx = nil
		var skip, outside []bool
		for i := range n {
			if keep[i] {
				idx = append(idx, i)
				skip = append(skip, !inPart[i] && i > first && i < last)
				outside = append(outside, !inPart[i])
			}
		}
		sub = opt
		sub.Parts = nil
		sub.located = true
		sub.skippable = skip
		sub.outside = outside
		sub.walls = make([]bool, len(idx))
		for k := 1; k < len(idx); k++ {
			sub.walls[k] = idx[k] != idx[k-1]+1
		}
		sub.SrcParas = pick(opt.SrcParas, idx)
		if opt.tokens != nil {
			sub.tokens = opt.tokens.pick(idx)
		}
		if opt.SrcHeadings != nil {
			sub.SrcHeadings = pickBools(opt.SrcHeadings, idx)
		}
		anchorPass = nil
		sub.anchorPass = &anchorPass
		var err error
		if beads, err = alignSentences(pickStrings(src, idx), tgt, sub); err != nil {
			return nil, nil, nil, err
		}
		if try > 0 {
			break
		}
		drop := strayMargins(beads, idx, parts, inPart)
		if len(drop) == 0 {
			break
		}
		for _, i := range drop {
			keep[i] = false
		}
	}
	for k, b := range anchorPass {
		b.Src = slices.Clone(b.Src)
		for x, i := range b.Src {
			b.Src[x] = idx[i]
		}
		anchorPass[k] = b
	}
	own := make([]float64, len(beads))
	for k, b := range beads {
		own[k] = b.Confidence
	}
	// The first and the last bead of a part rest on where the part was
	// found to start and end, which the beads' own evidence does not tell
	// (given parts were not found: the translator placed them).
	// Sub-source sentences that start a part, and the pairs of beads
	// holding both sides: a bead is at an edge when no such bead precedes
	// (or follows) it within its part.
	wallBetween := func(from, to int) bool { // a wall at from+1..to
		for w := from + 1; w <= to && w < len(sub.walls); w++ {
			if sub.walls[w] {
				return true
			}
		}
		return false
	}
	var full []int
	for k, b := range beads {
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			full = append(full, k)
		}
	}
	edge := make([]bool, len(beads))
	for x, k := range full {
		b := beads[k]
		edge[k] = x == 0 || x == len(full)-1 ||
			wallBetween(beads[full[x-1]].Src[len(beads[full[x-1]].Src)-1], b.Src[0]) ||
			wallBetween(b.Src[len(b.Src)-1], beads[full[x+1]].Src[0])
	}
	for k := range beads {
		if edge[k] && !parts[0].given {
			beads[k].Confidence *= edgeFactor
		}
	}
	var out []Bead
	var outOwn []float64
	next := 0 // next source sentence not yet placed
	flush := func(to int) {
		for ; next < to; next++ {
			out = append(out, Bead{Src: []int{next}, Confidence: 1})
			outOwn = append(outOwn, 1)
		}
	}
	for k, b := range beads {
		if len(b.Src) > 0 {
			first := idx[b.Src[0]]
			flush(first)
			nb := Bead{Tgt: b.Tgt, Confidence: b.Confidence}
			for _, k := range b.Src {
				nb.Src = append(nb.Src, idx[k])
			}
			next = idx[b.Src[len(b.Src)-1]] + 1
			out = append(out, nb)
		} else {
			out = append(out, b)
		}
		outOwn = append(outOwn, own[k])
	}
	flush(n)
	return out, outOwn, anchorPass, nil
}

// strayMargins returns the margin sentences (in the sentences of the whole
// source) to take out of the fine search whose beads (over the sub-source
// idx) are given: a margin sentence paired with target text while the
// margin sentence next to it on its part's side is left out, and the rest
// of its margin beyond it. Such a pair is a stray one: the lexicon the
// parts taught gives a sentence near a part some evidence against most
// target text (the same names and words run through a chapter), and the
// target sentence it takes belongs to its part's edge bead, or to the
// other part across the gap, whose first sentence the other margin then
// takes the same way.
func strayMargins(beads []Bead, idx []int, parts []srcSpan, inPart []bool) []int {
	n := len(inPart)
	paired := make([]int8, n) // 0 not searched, 1 left out, 2 paired
	for _, b := range beads {
		for _, k := range b.Src {
			paired[idx[k]] = 1
			if len(b.Tgt) > 0 {
				paired[idx[k]] = 2
			}
		}
	}
	var drop []int
	for _, p := range parts {
		for i := p.e; i < min(n, p.e+p.margin()) && !inPart[i]; i++ {
			if paired[i] == 2 && paired[i-1] == 1 && !inPart[i-1] {
				for x := i; x < min(n, p.e+p.margin()) && !inPart[x]; x++ {
					drop = append(drop, x)
				}
				break
			}
		}
		for i := p.s - 1; i >= max(0, p.s-p.margin()) && !inPart[i]; i-- {
			if paired[i] == 2 && paired[i+1] == 1 && !inPart[i+1] {
				for x := i; x >= max(0, p.s-p.margin()) && !inPart[x]; x-- {
					drop = append(drop, x)
				}
				break
			}
		}
	}
	return drop
}

// anchoredEnds checks the outer ends of the parts (the first one's start,
// the last one's end) against the anchor pass of their alignment: where
// that pass pairs the target's first or last sentence with other source
// sentences than the passes that read the lexicon learnt from the part's
// beads, the end is moved to where the anchor pass put it, and the parts
// are aligned again. The learnt lexicon holds what the located search
// made of an end: a part found one sentence too long teaches it the
// pairs of its wrong first bead, and a part found one sentence too short
// leaves its true first sentence in the margin, which is read by the
// anchors alone (see corpus.lexU) against a part read with everything.
// The anchor pass reads both alike. Its place is taken only when the
// alignment of the moved parts agrees with it there, so that the anchors
// and the learnt lexicon both say so; and never for a bead that joins a
// margin sentence to the part's own edge sentence, which is how any
// evidence draws a part into its margin (see endSkipGain).
func anchoredEnds(src, tgt []string, opt Options, parts []srcSpan, beads []Bead, own []float64, anchorPass []Bead) ([]Bead, []float64, error) {
	n, m, l := len(src), len(tgt), len(parts)-1
	moved := slices.Clone(parts)
	if a, f := sourceOf(anchorPass, 0), sourceOf(beads, 0); len(a) > 0 && !slices.Equal(a, f) &&
		parts[0].s > parts[0].margin() && (a[0] >= parts[0].s || a[len(a)-1] < parts[0].s) {
		moved[0].s = a[0]
	}
	if a, f := sourceOf(anchorPass, m-1), sourceOf(beads, m-1); len(a) > 0 && !slices.Equal(a, f) &&
		parts[l].e < n-parts[l].margin() && (a[len(a)-1] < parts[l].e || a[0] >= parts[l].e) {
		moved[l].e = a[len(a)-1] + 1
	}
	if slices.Equal(moved, parts) || moved[0].s >= moved[0].e || moved[l].s >= moved[l].e {
		return beads, own, nil
	}
	mb, mown, _, err := alignParts(src, tgt, opt, moved)
	if err != nil {
		return nil, nil, err
	}
	if moved[0].s != parts[0].s && !slices.Equal(sourceOf(mb, 0), sourceOf(anchorPass, 0)) ||
		moved[l].e != parts[l].e && !slices.Equal(sourceOf(mb, m-1), sourceOf(anchorPass, m-1)) {
		return beads, own, nil
	}
	return mb, mown, nil
}

// sourceOf returns the source sentences of the bead holding target
// sentence y.
func sourceOf(beads []Bead, y int) []int {
	for _, b := range beads {
		if slices.Contains(b.Tgt, y) {
			return b.Src
		}
	}
	return nil
}

func pickBools(xs []bool, keep []int) []bool {
	out := make([]bool, len(keep))
	for k, i := range keep {
		out[k] = xs[i]
	}
	return out
}

// innerEnds keeps, of a part's ends as located again and as located
// before, the inner one where the two are within the fine search's margin
// of each other: both searches lean outward (translation evidence is never
// negative, so a sentence next to a part gains a little from any target
// it is paired with), and the margin still lets the fine search take the
// sentence left out. Ends moved further are the new search's to place.
func innerEnds(again, before []srcSpan) []srcSpan {
	if len(again) != len(before) {
		return again
	}
	out := slices.Clone(again)
	for k := range out {
		d := out[k].margin()
		near := func(a, b int) bool { return a-b <= d && b-a <= d }
		if near(out[k].s, before[k].s) {
			out[k].s = max(out[k].s, before[k].s)
		}
		if near(out[k].e, before[k].e) {
			out[k].e = min(out[k].e, before[k].e)
		}
		if out[k].s >= out[k].e {
			out[k] = again[k]
		}
	}
	return out
}

// movedGaps puts back, in parts (the new ends after innerEnds), every gap
// between two parts whose ends the new search (again) moved the same way,
// one of them beyond the fine search's margin: the gap moved rather than
// grew or shrank, and target sentences passed from one part to the other.
// The lexicon the parts taught moves gaps so where they were right: it
// gives most sentences of a chapter some evidence against any target
// text (the same names and words run through it), and the part that grows
// into the gap gains more for the sentences it takes than the other loses
// for the fewer it gives up. It tells whether it put any gap back.
func movedGaps(parts, again, before []srcSpan) ([]srcSpan, bool) {
	if len(again) != len(before) || len(parts) != len(before) {
		return parts, false
	}
	out := slices.Clone(parts)
	moved := false
	for k := 0; k+1 < len(out); k++ {
		near := func(a, b int) bool {
			d := max(out[k].margin(), out[k+1].margin())
			return a-b <= d && b-a <= d
		}
		de, ds := again[k].e-before[k].e, again[k+1].s-before[k+1].s
		if !(de > 0 && ds > 0 || de < 0 && ds < 0) || near(again[k].e, before[k].e) && near(again[k+1].s, before[k+1].s) {
			continue
		}
		if out[k].s < before[k].e && before[k+1].s < out[k+1].e {
			out[k].e, out[k+1].s = before[k].e, before[k+1].s
			moved = true
		}
	}
	return out, moved
}

// hasSkip tells whether a located path leaves out a run of source units.
func hasSkip(path [][4]int) bool {
	for _, p := range path {
		if p[2] < 0 {
			return true
		}
	}
	return false
}

// pathParts returns the parts of a located path: the runs of steps between
// skips, without the source units left out at their ends.
func pathParts(path [][4]int) []srcSpan {
	var parts []srcSpan
	open := false
	for _, p := range path {
		switch {
		case p[2] < 0:
			open = false
		case p[3] > p[2] && p[1] > p[0]:
			if open {
				parts[len(parts)-1].e = p[1]
			} else {
				parts = append(parts, srcSpan{s: p[0], e: p[1]})
				open = true
			}
		}
	}
	return parts
}

// countTrue returns the cumulative count of set flags: out[k] is how many
// of xs[:k] are set.
func countTrue(xs []bool) []int32 {
	out := make([]int32, len(xs)+1)
	for k, x := range xs {
		out[k+1] = out[k]
		if x {
			out[k+1]++
		}
	}
	return out
}
