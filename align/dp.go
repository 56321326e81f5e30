package align

import "math"

// beadTypes are the shapes a bead may take: (source sentences, target
// sentences). Literary English often cuts one long Chinese sentence in
// three or four; Chinese seldom does the same to the target.
var beadTypes = [...][2]int{
	{1, 1}, {1, 0}, {0, 1}, {1, 2}, {2, 1}, {1, 3}, {3, 1}, {2, 2},
	{1, 4}, {4, 1}, {2, 3}, {3, 2}, {1, 5},
}

// nCommonTypes is how many of beadTypes (the first ones) the length-only
// pass considers.
const nCommonTypes = 5

const (
	maxA       = 4 // most source sentences in a bead
	maxB       = 5 // most target sentences in a bead
	nBeadTypes = len(beadTypes)
	cacheWidth = maxA + maxB
)

// corpus is a document pair reduced to what the models read.
type corpus struct {
	n, m           int
	srcU, tgtU     [][]int32
	srcLen, tgtLen []float64
	srcVocab       *vocab
	tgtVocab       *vocab
	pSrc, pTgt     []float64
	srcPara        []bool // srcPara[i]: a paragraph starts at sentence i (i in 0..n)
	tgtPara        []bool
	srcStrict      [][]int32 // per sentence: anchors that want a partner in the bead
	tgtStrict      [][]int32
	// srcStrictCum[i] counts the sentences before i with strict anchors
	// (likewise tgtStrictCum): most beads have none, which these tell at
	// once.
	srcStrictCum, tgtStrictCum []int32
	srcQuote                   []bool // srcQuote[i]: position i is inside a quotation
	tgtQuote                   []bool
	// srcBar and tgtBar count, cumulatively, the sentences that no bead may
	// hold together with another (headings, and on the source side the
	// first sentence after a part left out); srcHead and tgtHead mark the
	// headings. Nil when there are none.
	srcBar, tgtBar   []int32
	srcHead, tgtHead []bool
	skip             []bool // source sentences the search may leave out cheaply
	dictUnit         []bool // per source unit: a dictionary word ("d:…")
	freeEnds         bool   // so may all before the first target sentence and after the last

	// outCum[i] counts the sentences before i around the located parts,
	// not in them (see marginCost); nil outside a located search.
	outCum []int32
}

// scorer holds the models of one pass.
type scorer struct {
	c         *corpus
	lm        lengthModel
	lex       *lexicon
	prior     [nBeadTypes]float64 // −log P(type)
	wLen      float64
	wLex      float64
	kappa     float64 // how much one unit of translation evidence is worth
	paraCost  float64
	quoteCost float64
	missCost  float64 // per strict anchor without its partner in a bead
	temp      float64 // temperature of the posteriors computed
	buf       buffers
	// lengthOnly restricts the search to the common bead types; the
	// length-only pass only has to find where the text runs.
	lengthOnly bool
}

// band is the part of the DP table searched: for each row i (source
// sentences consumed) the columns lo[i]..hi[i] (target sentences consumed).
// Both bounds never decrease, so the band follows the diagonal.
type band struct{ lo, hi []int }

func (b band) width(i int) int { return b.hi[i] - b.lo[i] + 1 }

func (b band) cells() int {
	n := 0
	for i := range b.lo {
		n += b.width(i)
	}
	return n
}

// lattice is a filled DP table: bead scores (log domain, higher is better)
// for every cell and bead type, and the offsets of the rows.
type lattice struct {
	b      band
	rowOff []int
	nt     int       // bead types scored: the first nt of beadTypes
	score  []float32 // (rowOff[i] + j − lo[i]) × nt + type; (j − lo[i]) × nt + type when rowOnly
	// rowOnly: score holds the last row filled only.
	rowOnly bool
	cell    []float32 // per cell: the boundary score (paragraphs, quotations) for ending a bead there
	buf     *buffers
}

// buffers are the large tables of one alignment, kept from pass to pass:
// fresh memory for every pass costs more in page faults and clearing than
// the passes themselves on long documents.
type buffers struct {
	score, cell, pcVals, best []float32
	fw, bw                    []float64
	back                      []int8
}

func (b *buffers) f32(p *[]float32, n int) []float32 {
	if cap(*p) < n {
		*p = make([]float32, n+n/4)
	}
	return (*p)[:n]
}

func (b *buffers) f64(p *[]float64, n int) []float64 {
	if cap(*p) < n {
		*p = make([]float64, n+n/4)
	}
	return (*p)[:n]
}

func (b *buffers) i8(n int) []int8 {
	if cap(b.back) < n {
		b.back = make([]int8, n+n/4)
	}
	return b.back[:n]
}

const negInf = float32(-1e30)

func (lt *lattice) idx(i, j int) int {
	if j < lt.b.lo[i] || j > lt.b.hi[i] {
		return -1
	}
	return lt.rowOff[i] + j - lt.b.lo[i]
}

// pairCache holds the lexical evidence of source sentence k with the
// target sentences of its window [pl[k], ph[k]): for each, the forward score
// of the source stretch of a sentences ending at k (a = 1..maxA) and the
// reverse score of the target stretch of b sentences ending there (b =
// 1..maxB) read against sentence k.
type pairCache struct {
	pl, ph []int
	off    []int
	vals   []float32
}

func (pc *pairCache) at(k, j int) []float32 {
	if pc.vals == nil || j < pc.pl[k] || j >= pc.ph[k] {
		return nil
	}
	o := (pc.off[k] + j - pc.pl[k]) * cacheWidth
	return pc.vals[o : o+cacheWidth]
}

// buildPairCache computes the lexical evidence for every sentence pair that
// a bead in the band can hold. Evidence for a target word e read against
// source units Z is log(1 + κ·r) with r = Σ t(e|z) / (|Z| · p(e)): how much
// likelier e is next to Z than anywhere in the document. Unrelated words
// score 0, so a wrong pairing gains nothing and a right one gains for each
// word its counterpart explains.
func (s *scorer) buildPairCache(b band) *pairCache {
	c := s.c
	n, m := c.n, c.m
	pc := &pairCache{pl: make([]int, n), ph: make([]int, n), off: make([]int, n+1)}
	for k := 0; k < n; k++ {
		lo := b.lo[k+1] - maxB
		hi := b.hi[min(k+maxA, n)]
		pc.pl[k] = max(lo, 0)
		pc.ph[k] = min(hi, m)
		if pc.ph[k] < pc.pl[k] {
			pc.ph[k] = pc.pl[k]
		}
		if k > 0 {
			// Keep windows monotone, which the reverse pass relies on.
			pc.pl[k] = max(pc.pl[k], pc.pl[k-1])
			pc.ph[k] = max(pc.ph[k], pc.ph[k-1])
		}
		pc.off[k+1] = pc.off[k] + pc.ph[k] - pc.pl[k]
	}
	if s.lex == nil || s.wLex == 0 {
		return pc
	}
	pc.vals = s.buf.f32(&s.buf.pcVals, pc.off[n]*cacheWidth)
	clear(pc.vals)
	kappa := s.kappa
	invTgt := make([]float32, len(c.pTgt))
	for e, p := range c.pTgt {
		invTgt[e] = float32(1 / p)
	}
	invSrc := make([]float32, len(c.pSrc))
	for z, p := range c.pSrc {
		invSrc[z] = float32(1 / p)
	}

	// Words that no entry of the lexicon reaches add nothing, and in the
	// anchor pass they are nearly all: each sentence keeps only the others.
	tgtW := lexicalUnits(c.tgtU, s.lex.fwd, len(c.tgtVocab.names))
	srcW := lexicalUnits(c.srcU, s.lex.rev, len(c.srcVocab.names))

	// Forward: target words read against source stretches ending at k.
	// ring[e*maxA + k%maxA] is Σ t(e|z) over the units z of sentence k,
	// for the last maxA sentences: the values one word needs share a cache
	// line.
	ring := make([]float32, len(c.tgtVocab.names)*maxA)
	memo := make([]float32, len(c.tgtVocab.names)*maxA)
	stamp := make([]int32, len(c.tgtVocab.names))
	var touched [maxA][]int32
	srcCount := make([]float64, n+1) // cumulative source units
	for k := 0; k < n; k++ {
		srcCount[k+1] = srcCount[k] + float64(len(c.srcU[k]))
	}
	for k := 0; k < n; k++ {
		stampK := int32(k + 1)
		slot := k % maxA
		for _, e := range touched[slot] {
			ring[int(e)*maxA+slot] = 0
		}
		touched[slot] = touched[slot][:0]
		for _, z := range c.srcU[k] {
			for _, en := range s.lex.fwd[z] {
				x := int(en.id)*maxA + slot
				if ring[x] == 0 {
					touched[slot] = append(touched[slot], en.id)
				}
				ring[x] += en.p
			}
		}
		var inv [maxA + 1]float32
		var slots [maxA + 1]int
		na := min(maxA, k+1) // stretches that fit before k
		for a := 1; a <= na; a++ {
			slots[a] = (k - a + 1) % maxA
			if u := srcCount[k+1] - srcCount[k-a+1]; u > 0 {
				inv[a] = float32(kappa / u)
			}
		}
		// fill reads the forward evidence of k only for beads ending at
		// row k+1, whose target sentences lie below hi[k+1]; the window
		// reaches further for the reverse evidence alone.
		for j := pc.pl[k]; j < min(pc.ph[k], b.hi[k+1]); j++ {
			// Each pair is visited once here, its slots still zero: the
			// sums build in acc, away from the cache's memory.
			var acc [maxA]float32
			for _, e := range tgtW[j] {
				w := memo[int(e)*maxA : int(e)*maxA+maxA]
				if stamp[e] != stampK {
					// A word's evidence against the stretches ending at k
					// is the same in every target sentence of the window:
					// it is worked out once per k.
					stamp[e] = stampK
					w[0], w[1], w[2], w[3] = 0, 0, 0, 0
					r := ring[int(e)*maxA : int(e)*maxA+maxA]
					if r[0] == 0 && r[1] == 0 && r[2] == 0 && r[3] == 0 {
						continue
					}
					pe := invTgt[e]
					var sum float32
					for a := 1; a <= na; a++ {
						sum += r[slots[a]]
						if sum > 0 {
							// fastLog1p, written out: this loop is the
							// aligner's hottest, and the call too big to inline.
							x := sum * inv[a] * pe
							if x < 0.0625 {
								w[a-1] = x * (1 - x*(0.5-x*(1.0/3)))
							} else {
								bits := math.Float32bits(1 + x)
								m := bits & 0x007fffff
								k := m >> (23 - logTableBits)
								f := float32(m&(1<<(23-logTableBits)-1)) * (1.0 / (1 << (23 - logTableBits)))
								w[a-1] = float32(int32(bits>>23)-127)*0.6931472 + logTable[k] + f*(logTable[k+1]-logTable[k])
							}
						}
					}
				}
				acc[0] += w[0]
				acc[1] += w[1]
				acc[2] += w[2]
				acc[3] += w[3]
			}
			copy(pc.at(k, j), acc[:])
		}
	}

	// Reverse: source units of k read against target stretches ending at j.
	tring := make([]float32, len(c.srcVocab.names)*maxB)
	tmemo := make([]float32, len(c.srcVocab.names)*maxB)
	tstamp := make([]int32, len(c.srcVocab.names))
	var ttouched [maxB][]int32
	tgtCount := make([]float64, m+1)
	for j := 0; j < m; j++ {
		tgtCount[j+1] = tgtCount[j] + float64(len(c.tgtU[j]))
	}
	kl, kh := 0, 0 // sentences k whose window holds j: kl ≤ k < kh
	for j := 0; j < m; j++ {
		stampJ := int32(j + 1)
		slot := j % maxB
		for _, z := range ttouched[slot] {
			tring[int(z)*maxB+slot] = 0
		}
		ttouched[slot] = ttouched[slot][:0]
		for _, e := range c.tgtU[j] {
			for _, en := range s.lex.rev[e] {
				x := int(en.id)*maxB + slot
				if tring[x] == 0 {
					ttouched[slot] = append(ttouched[slot], en.id)
				}
				tring[x] += en.p
			}
		}
		for kl < n && pc.ph[kl] <= j {
			kl++
		}
		if kh < kl {
			kh = kl
		}
		for kh < n && pc.pl[kh] <= j {
			kh++
		}
		var inv [maxB + 1]float32
		var slots [maxB + 1]int
		nb := min(maxB, j+1)
		for bb := 1; bb <= nb; bb++ {
			slots[bb] = (j - bb + 1) % maxB
			if u := tgtCount[j+1] - tgtCount[j-bb+1]; u > 0 {
				inv[bb] = float32(kappa / u)
			}
		}
		for k := kl; k < kh; k++ {
			// A bead holding k ends at a row i > k, at a column of at
			// least lo[i] ≥ lo[k+1]: the reverse evidence of its last
			// target sentence is never read below lo[k+1]−1.
			if j < b.lo[k+1]-1 {
				continue
			}
			v := pc.at(k, j)
			if v == nil {
				continue
			}
			var acc [maxB]float32
			for _, z := range srcW[k] {
				w := tmemo[int(z)*maxB : int(z)*maxB+maxB]
				if tstamp[z] != stampJ {
					// As forward: once per target stretch end j.
					tstamp[z] = stampJ
					w[0], w[1], w[2], w[3], w[4] = 0, 0, 0, 0, 0
					r := tring[int(z)*maxB : int(z)*maxB+maxB]
					if r[0] == 0 && r[1] == 0 && r[2] == 0 && r[3] == 0 && r[4] == 0 {
						continue
					}
					pz := invSrc[z]
					var sum float32
					for bb := 1; bb <= nb; bb++ {
						sum += r[slots[bb]]
						if sum > 0 {
							x := sum * inv[bb] * pz // fastLog1p, written out
							if x < 0.0625 {
								w[bb-1] = x * (1 - x*(0.5-x*(1.0/3)))
							} else {
								bits := math.Float32bits(1 + x)
								m := bits & 0x007fffff
								k := m >> (23 - logTableBits)
								f := float32(m&(1<<(23-logTableBits)-1)) * (1.0 / (1 << (23 - logTableBits)))
								w[bb-1] = float32(int32(bits>>23)-127)*0.6931472 + logTable[k] + f*(logTable[k+1]-logTable[k])
							}
						}
					}
				}
				acc[0] += w[0]
				acc[1] += w[1]
				acc[2] += w[2]
				acc[3] += w[3]
				acc[4] += w[4]
			}
			copy(v[maxA:], acc[:])
		}
	}
	return pc
}

// lexicalUnits returns, per sentence, its units (in order, repeats kept)
// that some list of other reaches: the words that can carry evidence.
func lexicalUnits(units [][]int32, other [][]lexEntry, vocab int) [][]int32 {
	reached := make([]bool, vocab)
	for _, l := range other {
		for _, en := range l {
			reached[en.id] = true
		}
	}
	total := 0
	for _, u := range units {
		total += len(u)
	}
	flat := make([]int32, 0, total)
	out := make([][]int32, len(units))
	for k, u := range units {
		from := len(flat)
		for _, x := range u {
			if reached[x] {
				flat = append(flat, x)
			}
		}
		out[k] = flat[from:len(flat):len(flat)]
	}
	return out
}

// fill scores every bead of the band.

// With pathOnly, no posteriors will be asked for: the scores of one row
// at a time are kept, the best path is searched as the rows are filled, and
// fill returns it. On the wide band of the length-only pass this spares
// writing and reading back tens of megabytes.
func (s *scorer) fill(b band, pathOnly bool) (*lattice, []Bead) {
	c := s.c
	n := c.n
	lt := &lattice{b: b, rowOff: make([]int, n+2), rowOnly: pathOnly}
	widest := 0
	for i := 0; i <= n; i++ {
		lt.rowOff[i+1] = lt.rowOff[i] + b.width(i)
		widest = max(widest, b.width(i))
	}
	cells := lt.rowOff[n+1]
	lt.nt = nBeadTypes
	if s.lengthOnly {
		lt.nt = nCommonTypes
	}
	nt := lt.nt
	if pathOnly {
		lt.score = s.buf.f32(&s.buf.score, widest*nt)
	} else {
		lt.score = s.buf.f32(&s.buf.score, cells*nt)
	}
	lt.cell = s.buf.f32(&s.buf.cell, cells)
	clear(lt.cell)
	lt.buf = &s.buf
	pc := s.buildPairCache(b)
	var best []float32
	var back []int8
	if pathOnly {
		best = lt.buf.f32(&lt.buf.best, cells)
		back = lt.buf.i8(cells)
	}

	srcCum := make([]float64, n+1)
	for i := 0; i < n; i++ {
		srcCum[i+1] = srcCum[i] + c.srcLen[i]
	}
	tgtCum := make([]float64, c.m+1)
	for j := 0; j < c.m; j++ {
		tgtCum[j+1] = tgtCum[j] + c.tgtLen[j]
	}
	ratio, variance := s.lm.ratio, s.lm.variance
	var zero [cacheWidth]float32
	// fw[x] is the pair-cache entry of source sentence i−1 and target
	// sentence j−x, rv[y] that of source sentence i−y and target j−1 (zero
	// outside the cache): every bead ending at (i, j) reads its evidence
	// from these nine entries, gathered once per cell.
	var fw [maxB + 1][]float32
	var rv [maxA + 1][]float32
	for i := 0; i <= n; i++ {
		for j := b.lo[i]; j <= b.hi[i]; j++ {
			x := lt.rowOff[i] + j - b.lo[i]
			if pc.vals != nil && i > 0 && j > 0 {
				for d := 1; d <= maxB; d++ {
					fw[d] = zero[:]
					if j-d >= 0 {
						if cv := pc.at(i-1, j-d); cv != nil {
							fw[d] = cv
						}
					}
				}
				for d := 1; d <= maxA; d++ {
					rv[d] = zero[:]
					if i-d >= 0 {
						if cv := pc.at(i-d, j-1); cv != nil {
							rv[d] = cv
						}
					}
				}
			}
			if c.srcPara != nil && c.srcPara[i] != c.tgtPara[j] {
				lt.cell[x] = float32(-s.paraCost)
			}
			if c.srcQuote != nil && c.srcQuote[i] != c.tgtQuote[j] {
				lt.cell[x] -= float32(s.quoteCost)
			}
			xs := lt.scoreAt(i, j, x)
			sc := lt.score[xs : xs+nt]
			for t, bt := range beadTypes[:nt] {
				a, bb := bt[0], bt[1]
				pi, pj := i-a, j-bb
				if pi < 0 || pj < 0 || pj < b.lo[pi] || pj > b.hi[pi] {
					sc[t] = negInf
					continue
				}
				v := -s.prior[t]
				if a > 1 && c.srcBar != nil && c.srcBar[i] != c.srcBar[pi+1] ||
					bb > 1 && c.tgtBar != nil && c.tgtBar[j] != c.tgtBar[pj+1] {
					sc[t] = negInf
					continue
				}
				if a == 1 && bb == 0 && (c.skip != nil && c.skip[pi] || c.freeEnds && (j == 0 || j == c.m)) {
					v = -skipCost
				}
				if a == 1 && bb == 1 && c.srcHead != nil && c.tgtHead != nil && c.srcHead[pi] != c.tgtHead[pj] {
					v -= headingCost
				}
				if bb > 0 && c.outCum != nil {
					v -= marginCost * float64(c.outCum[i]-c.outCum[pi])
				}
				if a > 0 && bb > 0 {
					ls, lg := srcCum[i]-srcCum[pi], tgtCum[j]-tgtCum[pj]
					if ls > 0 || lg > 0 {
						if ls <= 0 || lg <= 0 {
							ls, lg = math.Max(ls, 0.5), math.Max(lg, 0.5)
						}
						// lengthModel.cost and twoTailCost, written out:
						// the length-only pass scores millions of cells.
						mean := (ls*ratio + lg) / 2
						if mean < 1 {
							mean = 1
						}
						d := (lg - ls*ratio) / math.Sqrt(variance*mean)
						if d < 0 {
							d = -d
						}
						var cost float64
						if d >= tailMax {
							cost = twoTailCost(d)
						} else {
							x := d / tailStep
							k := int(x)
							f := x - float64(k)
							cost = tailTable[k]*(1-f) + tailTable[k+1]*f
						}
						v -= s.wLen * cost
					}
					if s.missCost > 0 {
						if u := c.unmatchedAnchors(pi, i, pj, j); u > 0 {
							v -= s.missCost * float64(u)
						}
					}
					if pc.vals != nil {
						var lex float64
						for d := bb; d >= 1; d-- {
							lex += float64(fw[d][a-1])
						}
						for d := a; d >= 1; d-- {
							lex += float64(rv[d][maxA+bb-1])
						}
						v += s.wLex * lex
					}
				}
				sc[t] = float32(v)
			}
		}
		if pathOnly {
			lt.viterbiRow(i, best, back)
		}
	}
	if pathOnly {
		return lt, lt.trace(n, c.m, back)
	}
	return lt, nil
}

// viterbi returns the best path as beads (confidence left at 0) and the
// cells it passes through.
func (lt *lattice) viterbi(n, m int) []Bead {
	best := lt.buf.f32(&lt.buf.best, len(lt.cell))
	back := lt.buf.i8(len(lt.cell))
	for i := 0; i <= n; i++ {
		lt.viterbiRow(i, best, back)
	}
	return lt.trace(n, m, back)
}

// scoreAt is where the scores of cell x (row i, column j) start.
func (lt *lattice) scoreAt(i, j, x int) int {
	if lt.rowOnly {
		return (j - lt.b.lo[i]) * lt.nt
	}
	return x * lt.nt
}

// viterbiRow extends the best paths to the cells of row i.
func (lt *lattice) viterbiRow(i int, best []float32, back []int8) {
	// base[t] + j is where the bead of type t ending at (i, j) starts: fill
	// scored it −∞ unless that cell is in the band, so no bead read here
	// needs the band's bounds checked again.
	var base [nBeadTypes]int
	lt.predBase(i, &base)
	lo := lt.b.lo[i]
	nt := lt.nt
	for j := lo; j <= lt.b.hi[i]; j++ {
		x := lt.rowOff[i] + j - lo
		if i == 0 && j == 0 {
			best[x], back[x] = 0, -1
			continue
		}
		bv, bt := negInf, int8(-1)
		xs := lt.scoreAt(i, j, x)
		sc := lt.score[xs : xs+nt]
		for t := range sc {
			if sc[t] <= negInf {
				continue
			}
			p := base[t] + j
			if v := best[p] + sc[t]; v > bv && best[p] > negInf {
				bv, bt = v, int8(t)
			}
		}
		if bt >= 0 {
			bv += lt.cell[x]
		}
		best[x], back[x] = bv, bt
	}
}

// predBase sets base[t] so that base[t] + j is the cell where a bead of type
// t ending at (i, j) starts, for the types whose start row exists.
func (lt *lattice) predBase(i int, base *[nBeadTypes]int) {
	for t, bt := range beadTypes[:lt.nt] {
		if pi := i - bt[0]; pi >= 0 {
			base[t] = lt.rowOff[pi] - lt.b.lo[pi] - bt[1]
		}
	}
}

// trace reads the best path back from the back pointers.
func (lt *lattice) trace(n, m int, back []int8) []Bead {
	var rev []Bead
	// The beads' sentence numbers share two allocations, one per side (a
	// bead's slices are capped, so appending to one copies it).
	srcIDs, tgtIDs := make([]int, n), make([]int, m)
	for k := range srcIDs {
		srcIDs[k] = k
	}
	for k := range tgtIDs {
		tgtIDs[k] = k
	}
	ids := func(all []int, from, to int) []int {
		if to <= from {
			return nil
		}
		return all[from:to:to]
	}
	i, j := n, m
	for i > 0 || j > 0 {
		x := lt.idx(i, j)
		t := back[x]
		if t < 0 {
			break // unreachable: the band is connected
		}
		a, bb := beadTypes[t][0], beadTypes[t][1]
		rev = append(rev, Bead{Src: ids(srcIDs, i-a, i), Tgt: ids(tgtIDs, j-bb, j)})
		i, j = i-a, j-bb
	}
	out := make([]Bead, len(rev))
	for k := range rev {
		out[k] = rev[len(rev)-1-k]
	}
	return out
}

// posteriors sets each bead's confidence to its posterior probability over
// all paths of the band (forward–backward), which is low where other ways
// of cutting the text score nearly as well.
func (lt *lattice) posteriors(beads []Bead, n, m int, temp float64) {
	fw := lt.buf.f64(&lt.buf.fw, len(lt.cell))
	bw := lt.buf.f64(&lt.buf.bw, len(lt.cell))
	inv := 1 / temp
	var base [nBeadTypes]int
	for i := 0; i <= n; i++ {
		lt.predBase(i, &base)
		for j := lt.b.lo[i]; j <= lt.b.hi[i]; j++ {
			x := lt.rowOff[i] + j - lt.b.lo[i]
			if i == 0 && j == 0 {
				fw[x] = 0
				continue
			}
			acc := math.Inf(-1)
			sc := lt.score[x*lt.nt : x*lt.nt+lt.nt]
			for t := range sc {
				if sc[t] <= negInf {
					continue
				}
				acc = logAdd(acc, fw[base[t]+j]+float64(sc[t])*inv)
			}
			fw[x] = acc + float64(lt.cell[x])*inv
		}
	}
	// The cells a bead of type t starting on row i ends in: columns
	// sLo[t]..sHi[t] of this row, at sBase[t] + j.
	var sBase, sLo, sHi [nBeadTypes]int
	for i := n; i >= 0; i-- {
		for t, btp := range beadTypes[:lt.nt] {
			sLo[t], sHi[t] = 0, -1
			if ni := i + btp[0]; ni <= n {
				sLo[t], sHi[t] = lt.b.lo[ni]-btp[1], lt.b.hi[ni]-btp[1]
				sBase[t] = lt.rowOff[ni] - lt.b.lo[ni] + btp[1]
			}
		}
		for j := lt.b.hi[i]; j >= lt.b.lo[i]; j-- {
			x := lt.rowOff[i] + j - lt.b.lo[i]
			if i == n && j == m {
				bw[x] = 0
				continue
			}
			acc := math.Inf(-1)
			for t := 0; t < lt.nt; t++ {
				if j < sLo[t] || j > sHi[t] {
					continue
				}
				y := sBase[t] + j
				s := lt.score[y*lt.nt+t]
				if s <= negInf {
					continue
				}
				acc = logAdd(acc, bw[y]+float64(s+lt.cell[y])*inv)
			}
			bw[x] = acc
		}
	}
	z := fw[lt.idx(n, m)]
	i, j := 0, 0
	for k := range beads {
		a, bb := len(beads[k].Src), len(beads[k].Tgt)
		p := lt.idx(i, j)
		y := lt.idx(i+a, j+bb)
		t := typeIndex(a, bb)
		post := 0.0
		if p >= 0 && y >= 0 && t >= 0 && t < lt.nt {
			s := float64(lt.score[y*lt.nt+t]+lt.cell[y]) * inv
			post = math.Exp(fw[p] + s + bw[y] - z)
		}
		if !(post >= 0) {
			post = 0
		}
		beads[k].Confidence = math.Min(post, 1)
		i, j = i+a, j+bb
	}
}

func typeIndex(a, b int) int {
	for t, bt := range beadTypes {
		if bt[0] == a && bt[1] == b {
			return t
		}
	}
	return -1
}

func seq(from, to int) []int {
	if to <= from {
		return nil
	}
	s := make([]int, to-from)
	for k := range s {
		s[k] = from + k
	}
	return s
}
