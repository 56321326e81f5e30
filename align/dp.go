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
	// outerCum counts those before the first part and after the last,
	// which pay outerCost instead.
	outCum, outerCum []int32
	outerCost        float64
	// lexU are the source units the lexical evidence reads: srcU, less
	// the units no anchor ties in the margin sentences before the first
	// located part and after the last where a dictionary reads them.
	lexU [][]int32
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
	// anchorPass is the path of alignBanded's anchor pass.
	anchorPass []Bead
	// midJump, when set, takes the place of the constant midJump in the
	// located search (see cheapJumps).
	midJump float32
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
	score  []float32 // (rowOff[i] + j − lo[i]) × nt + type
	cell   []float32 // per cell: the boundary score (paragraphs, quotations) for ending a bead there
	buf    *buffers
}

// buffers are the large tables of one alignment, kept from pass to pass:
// fresh memory for every pass costs more in page faults and clearing than
// the passes themselves on long documents.
type buffers struct {
	score, cell, pcVals, best []float32
	fw, bw                    []float64
	back                      []int8
	srcIDs, tgtIDs            []int
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

// ids returns 0, 1, …, n−1, made once.
func (b *buffers) ids(p *[]int, n int) []int {
	if len(*p) != n {
		*p = make([]int, n)
		for k := range *p {
			(*p)[k] = k
		}
	}
	return *p
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
	if s.lex == nil || s.wLex == 0 {
		return &pairCache{}
	}
	c := s.c
	n, m := c.n, c.m
	win := pairWindows(b, n, m)
	pc := &pairCache{pl: win.pl, ph: win.ph, off: make([]int, n+1)}
	for k := 0; k < n; k++ {
		pc.off[k+1] = pc.off[k] + pc.ph[k] - pc.pl[k]
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
	srcW := lexicalUnits(c.lexU, s.lex.rev, len(c.srcVocab.names))

	// Forward: target words read against source stretches ending at k.
	// memo[e].ring[k%maxA] is Σ t(e|z) over the units z of sentence k, for
	// the last maxA sentences; memo[e].w the evidence of word e against
	// the stretches ending at the sentence k its stamp names: stamp k+1,
	// or −(k+1) when all of it is zero (the word is added to no sum then:
	// adding zeros changes nothing). All a word needs shares a cache line
	// or two.
	memo := make([]fwdMemo, len(c.tgtVocab.names))
	for e := range memo {
		memo[e].inv = invTgt[e]
	}
	srcCount := make([]float64, n+1) // cumulative source units
	for k := 0; k < n; k++ {
		srcCount[k+1] = srcCount[k] + float64(len(c.srcU[k]))
	}
	for k := 0; k < n; k++ {
		stampK := int32(k + 1)
		slot := k % maxA
		// The slot's sums were last those of sentence k − maxA: the
		// same entries, walked again, clear them (cheaper than keeping
		// a list of the words touched, whose test the processor cannot
		// predict).
		if k >= maxA {
			for _, z := range c.lexU[k-maxA] {
				for _, en := range s.lex.fwd[z] {
					memo[en.id].ring[slot] = 0
				}
			}
		}
		for _, z := range c.lexU[k] {
			for _, en := range s.lex.fwd[z] {
				memo[en.id].ring[slot] += en.p
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
		// A word met first beyond forwardLimits needs no evidence for
		// that stretch: the window runs up the columns.
		aHi := forwardLimits(b, k)
		for j := win.fLo[k]; j < win.fHi[k]; j++ {
			// Each pair is visited once here, its slots still zero: the
			// sums build in registers, away from the cache's memory.
			var acc0, acc1, acc2, acc3 float32
			for _, e := range tgtW[j] {
				mm := &memo[e]
				if mm.stamp != stampK && mm.stamp != -stampK {
					// A word's evidence against the stretches ending at k
					// is the same in every target sentence of the window:
					// it is worked out once per k.
					mm.stamp = -stampK
					mm.w = [maxA]float32{}
					r := &mm.ring
					if r[0] == 0 && r[1] == 0 && r[2] == 0 && r[3] == 0 {
						continue
					}
					pe := mm.inv
					var sum float32
					for a := 1; a <= na; a++ {
						sum += r[slots[a]]
						if sum > 0 && j < aHi[a] {
							mm.stamp = stampK
							// fastLog1p, written out: this loop is the
							// aligner's hottest, and the call too big to inline.
							x := sum * inv[a] * pe
							if x < 0.0625 {
								mm.w[a-1] = x * (1 - x*(0.5-x*(1.0/3)))
							} else {
								bits := math.Float32bits(1 + x)
								m := bits & 0x007fffff
								k := m >> (23 - logTableBits)
								f := float32(m&(1<<(23-logTableBits)-1)) * (1.0 / (1 << (23 - logTableBits)))
								mm.w[a-1] = float32(int32(bits>>23)-127)*0.6931472 + logTable[k] + f*(logTable[k+1]-logTable[k])
							}
						}
					}
				}
				if mm.stamp > 0 {
					acc0 += mm.w[0]
					acc1 += mm.w[1]
					acc2 += mm.w[2]
					acc3 += mm.w[3]
				}
			}
			o := (pc.off[k] + j - pc.pl[k]) * cacheWidth
			v := pc.vals[o : o+maxA]
			v[0], v[1], v[2], v[3] = acc0, acc1, acc2, acc3
		}
	}

	// Reverse: source units of k read against target stretches ending at j.
	tmemo := make([]revMemo, len(c.srcVocab.names))
	for z := range tmemo {
		tmemo[z].inv = invSrc[z]
	}
	tgtCount := make([]float64, m+1)
	for j := 0; j < m; j++ {
		tgtCount[j+1] = tgtCount[j] + float64(len(c.tgtU[j]))
	}
	// As forward, a word met first from a sentence k beyond the last one
	// whose beads read the evidence of a stretch needs none for it: the
	// sentences k of a column are visited in order.
	revLast := reverseLimits(b, n, m)
	kl, kh := 0, 0 // sentences k whose window holds j: kl ≤ k < kh
	for j := 0; j < m; j++ {
		stampJ := int32(j + 1)
		slot := j % maxB
		if j >= maxB {
			for _, e := range c.tgtU[j-maxB] {
				for _, en := range s.lex.rev[e] {
					tmemo[en.id].ring[slot] = 0
				}
			}
		}
		for _, e := range c.tgtU[j] {
			for _, en := range s.lex.rev[e] {
				tmemo[en.id].ring[slot] += en.p
			}
		}
		for kl < n && win.rHiEnv[kl] <= j {
			kl++
		}
		if kh < kl {
			kh = kl
		}
		for kh < n && win.rLoEnv[kh] <= j {
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
			if j < win.rLo[k] || j >= win.rHi[k] {
				continue
			}
			var acc0, acc1, acc2, acc3, acc4 float32
			for _, z := range srcW[k] {
				mm := &tmemo[z]
				if mm.stamp != stampJ && mm.stamp != -stampJ {
					// As forward: once per target stretch end j.
					mm.stamp = -stampJ
					mm.w = [maxB]float32{}
					r := &mm.ring
					if r[0] == 0 && r[1] == 0 && r[2] == 0 && r[3] == 0 && r[4] == 0 {
						continue
					}
					pz := mm.inv
					var sum float32
					last := revLast[j*maxB : j*maxB+maxB]
					for bb := 1; bb <= nb; bb++ {
						sum += r[slots[bb]]
						if sum > 0 && int32(k) <= last[bb-1] {
							mm.stamp = stampJ
							x := sum * inv[bb] * pz // fastLog1p, written out
							if x < 0.0625 {
								mm.w[bb-1] = x * (1 - x*(0.5-x*(1.0/3)))
							} else {
								bits := math.Float32bits(1 + x)
								m := bits & 0x007fffff
								k := m >> (23 - logTableBits)
								f := float32(m&(1<<(23-logTableBits)-1)) * (1.0 / (1 << (23 - logTableBits)))
								mm.w[bb-1] = float32(int32(bits>>23)-127)*0.6931472 + logTable[k] + f*(logTable[k+1]-logTable[k])
							}
						}
					}
				}
				if mm.stamp > 0 {
					acc0 += mm.w[0]
					acc1 += mm.w[1]
					acc2 += mm.w[2]
					acc3 += mm.w[3]
					acc4 += mm.w[4]
				}
			}
			o := (pc.off[k]+j-pc.pl[k])*cacheWidth + maxA
			v := pc.vals[o : o+maxB]
			v[0], v[1], v[2], v[3], v[4] = acc0, acc1, acc2, acc3, acc4
		}
	}
	return pc
}

// fwdMemo and revMemo hold what buildPairCache reads of one word, in one
// place: its evidence against the stretches ending at one sentence (w,
// stamped), the sums of its translation probabilities over the last
// sentences (ring) and its inverse document probability (inv).
type fwdMemo struct {
	stamp int32
	inv   float32
	ring  [maxA]float32
	w     [maxA]float32
}

type revMemo struct {
	stamp int32
	inv   float32
	ring  [maxB]float32
	w     [maxB]float32
}

// windows are, per source sentence k, the target sentences whose pair
// with k fill reads: forward evidence [fLo[k], fHi[k]) and reverse evidence
// [rLo[k], rHi[k]), and the stored window [pl[k], ph[k]) that holds both.
// rLoEnv and rHiEnv are the smallest rLo from k on and the largest rHi up
// to k: never decreasing, they let the reverse pass, which runs over the
// target, find the sentences k whose window may hold j by sliding.
type windows struct {
	fLo, fHi, rLo, rHi, pl, ph []int
	rLoEnv, rHiEnv             []int
}

// pairWindows works the windows out from the beads fill scores: a bead of
// a source and bb target sentences ending at (i, j), with its start
// (i−a, j−bb) in the band, reads the forward evidence of pairs (i−1, j−d)
// for d = 1..bb and the reverse evidence of pairs (i−d, j−1) for d = 1..a.
// Evidence nobody reads is not computed: a band around a path is narrow,
// and the windows of a fixed width around it held a third more pairs.
func pairWindows(b band, n, m int) windows {
	w := windows{fLo: make([]int, n), fHi: make([]int, n), rLo: make([]int, n), rHi: make([]int, n),
		pl: make([]int, n), ph: make([]int, n), rLoEnv: make([]int, n), rHiEnv: make([]int, n)}
	for k := range n {
		w.fLo[k], w.fHi[k], w.rLo[k], w.rHi[k] = m+1, -1, m+1, -1
	}
	for k := range n {
		i := k + 1
		for _, bt := range beadTypes {
			a, bb := bt[0], bt[1]
			if a == 0 || bb == 0 || i-a < 0 {
				continue
			}
			// Columns j−bb.. of the forward pairs of row i−1 = k.
			lo, hi := max(b.lo[i]-bb, b.lo[i-a]), min(b.hi[i], b.hi[i-a]+bb)
			w.fLo[k], w.fHi[k] = min(w.fLo[k], lo), max(w.fHi[k], hi)
		}
		for _, bt := range beadTypes {
			a, bb := bt[0], bt[1]
			if a == 0 || bb == 0 {
				continue
			}
			// The beads ending at row i = k+d hold k.
			for d := 1; d <= a && k+d <= n; d++ {
				i := k + d
				if i-a < 0 {
					continue
				}
				lo, hi := max(b.lo[i], b.lo[i-a]+bb)-1, min(b.hi[i], b.hi[i-a]+bb)
				if lo < hi {
					w.rLo[k], w.rHi[k] = min(w.rLo[k], lo), max(w.rHi[k], hi)
				}
			}
		}
		w.fLo[k], w.fHi[k] = min(max(w.fLo[k], 0), m), min(max(w.fHi[k], 0), m)
		w.rLo[k], w.rHi[k] = min(max(w.rLo[k], 0), m), min(max(w.rHi[k], 0), m)
		w.fHi[k], w.rHi[k] = max(w.fHi[k], w.fLo[k]), max(w.rHi[k], w.rLo[k])
		w.pl[k], w.ph[k] = min(w.fLo[k], w.rLo[k]), max(w.fHi[k], w.rHi[k])
		if w.fLo[k] == w.fHi[k] {
			w.pl[k], w.ph[k] = w.rLo[k], w.rHi[k]
		} else if w.rLo[k] == w.rHi[k] {
			w.pl[k], w.ph[k] = w.fLo[k], w.fHi[k]
		}
	}
	for k := range n {
		w.rHiEnv[k] = w.rHi[k]
		if k > 0 {
			w.rHiEnv[k] = max(w.rHiEnv[k], w.rHiEnv[k-1])
		}
	}
	for k := n - 1; k >= 0; k-- {
		w.rLoEnv[k] = w.rLo[k]
		if w.rLo[k] == w.rHi[k] {
			w.rLoEnv[k] = m // empty: holds nothing
		}
		if k+1 < n {
			w.rLoEnv[k] = min(w.rLoEnv[k], w.rLoEnv[k+1])
		}
	}
	return w
}

// forwardLimits returns, for each stretch length a, the column below which
// fill reads the forward evidence of the stretch of a source sentences
// ending at k (the beads of a sentences ending at row k+1).
func forwardLimits(b band, k int) [maxA + 1]int {
	var lim [maxA + 1]int
	for _, bt := range beadTypes {
		if a, bb := bt[0], bt[1]; a > 0 && bb > 0 && a <= k+1 {
			lim[a] = max(lim[a], min(b.hi[k+1], b.hi[k+1-a]+bb))
		}
	}
	return lim
}

// reverseLimits returns, at j×maxB + bb−1, the last source sentence k
// whose pair with target sentence j fill reads the reverse evidence of the
// stretch of bb target sentences ending at j for (−1 for none).
func reverseLimits(b band, n, m int) []int32 {
	last := make([]int32, m*maxB)
	for x := range last {
		last[x] = -1
	}
	for i := 1; i <= n; i++ {
		for _, bt := range beadTypes {
			a, bb := bt[0], bt[1]
			if a == 0 || bb == 0 || i-a < 0 {
				continue
			}
			// The beads ending at row i read the sentences i−a..i−1,
			// the last of them i−1; rows come in order.
			for j := max(b.lo[i], b.lo[i-a]+bb) - 1; j < min(b.hi[i], b.hi[i-a]+bb); j++ {
				last[j*maxB+bb-1] = int32(i - 1)
			}
		}
	}
	return last
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
func (s *scorer) fill(b band) *lattice {
	c := s.c
	n := c.n
	lt := &lattice{b: b, rowOff: make([]int, n+2)}
	for i := 0; i <= n; i++ {
		lt.rowOff[i+1] = lt.rowOff[i] + b.width(i)
	}
	cells := lt.rowOff[n+1]
	lt.nt = nBeadTypes
	if s.lengthOnly {
		lt.nt = nCommonTypes
	}
	nt := lt.nt
	lt.score = s.buf.f32(&s.buf.score, cells*nt)
	lt.cell = s.buf.f32(&s.buf.cell, cells)
	clear(lt.cell)
	lt.buf = &s.buf
	pc := s.buildPairCache(b)
	rs := s.newRowScorer(b, pc)
	for i := 0; i <= n; i++ {
		if c.srcPara == nil && c.srcQuote == nil {
			break
		}
		for j := b.lo[i]; j <= b.hi[i]; j++ {
			lt.cell[lt.rowOff[i]+j-b.lo[i]] = s.boundary(i, j)
		}
	}
	for i := 0; i <= n; i++ {
		rs.score(i, lt.score[lt.rowOff[i]*nt:lt.rowOff[i+1]*nt], nt)
	}
	return lt
}

// boundary is the score of ending a bead at (i, j): paragraph and
// quotation boundaries on one side only.
func (s *scorer) boundary(i, j int) float32 {
	c := s.c
	var v float32
	if c.srcPara != nil && c.srcPara[i] != c.tgtPara[j] {
		v = float32(-s.paraCost)
	}
	// Before the first target sentence and after the last, the margin
	// sentences a located search leaves out are no boundary of the
	// translation's quotations: an excerpt may start or end inside one.
	if c.srcQuote != nil && c.srcQuote[i] != c.tgtQuote[j] && !(c.freeEnds && (j == 0 || j == c.m)) {
		v -= float32(s.quoteCost)
	}
	return v
}

// rowScorer scores the beads that end in one row of a band.
type rowScorer struct {
	s              *scorer
	b              band
	pc             *pairCache
	srcCum, tgtCum []float64
	anyStrict      bool
}

func (s *scorer) newRowScorer(b band, pc *pairCache) *rowScorer {
	c := s.c
	return &rowScorer{s: s, b: b, pc: pc, srcCum: cumulative(c.srcLen), tgtCum: cumulative(c.tgtLen),
		anyStrict: c.srcStrictCum[c.n] > 0 || c.tgtStrictCum[c.m] > 0}
}

// score sets row[(j−lo)×nt + t] to the score of the bead of type t ending
// at (i, j), −∞ for the beads that cannot be there.
func (rs *rowScorer) score(i int, row []float32, nt int) {
	s, c, b, pc := rs.s, rs.s.c, rs.b, rs.pc
	srcCum, tgtCum := rs.srcCum, rs.tgtCum
	ratio, variance := s.lm.ratio, s.lm.variance
	var rvBase [maxA + 1]int
	lo, hi := b.lo[i], b.hi[i]
	for k := range row {
		row[k] = negInf
	}
	// Type by type: the beads of one type ask the same questions in every
	// cell, and the cells of a row run through the band, which is where a
	// bead of each type may start.
	for t, bt := range beadTypes[:nt] {
		a, bb := bt[0], bt[1]
		pi := i - a
		if pi < 0 || a > 1 && c.srcBar != nil && c.srcBar[i] != c.srcBar[pi+1] {
			continue
		}
		prior := -s.prior[t]
		jl, jh := max(lo, b.lo[pi]+bb, bb), min(hi, b.hi[pi]+bb)
		if a == 0 || bb == 0 {
			for j := jl; j <= jh; j++ {
				v := prior
				if c.freeEnds && a == 1 && (j == 0 || j == c.m) {
					v = -skipCost
					if c.outCum != nil && c.outCum[i] != c.outCum[pi] {
						v = endSkipGain
					}
				} else if a == 1 && c.skip != nil && c.skip[pi] {
					v = -skipCost
				} else if a == 1 && (j == 0 || j == c.m) {
					// Before the translation's first sentence or after
					// its last (see endOmitCost).
					v = max(v, -endOmitCost)
				}
				row[(j-lo)*nt+t] = float32(v)
			}
			continue
		}
		ls0 := srcCum[i] - srcCum[pi]
		srcStrict := c.srcStrictCum[i] != c.srcStrictCum[pi]
		// What a bead pays for the sentences outside the located parts
		// it holds (a bead without target sentences pays nothing, and
		// one without source sentences holds none).
		var outside float64
		if c.outCum != nil {
			outer := float64(c.outerCum[i] - c.outerCum[pi])
			outside = marginCost*(float64(c.outCum[i]-c.outCum[pi])-outer) + c.outerCost*outer
		}
		tgtBar := bb > 1 && c.tgtBar != nil
		heading := a == 1 && bb == 1 && c.srcHead != nil && c.tgtHead != nil
		// The evidence fill reads lies in the pair cache's windows
		// (see pairWindows): vals[fwBase + 9j'] is the forward
		// evidence of the a source sentences ending at i−1 against
		// target sentence j', vals[rvBase[d] + 9j'] the reverse
		// evidence of the bb target sentences ending at j' against
		// source sentence i−d.
		lex := pc.vals != nil
		var fwBase int
		if lex {
			fwBase = (pc.off[i-1]-pc.pl[i-1])*cacheWidth + a - 1
			for d := 1; d <= a; d++ {
				rvBase[d] = (pc.off[i-d]-pc.pl[i-d])*cacheWidth + maxA + bb - 1
			}
		}
		for j := jl; j <= jh; j++ {
			pj := j - bb
			if tgtBar && c.tgtBar[j] != c.tgtBar[pj+1] {
				continue
			}
			v := prior
			if heading && c.srcHead[pi] != c.tgtHead[pj] {
				v -= headingCost
			}
			if outside != 0 {
				v -= outside
			}
			ls, lg := ls0, tgtCum[j]-tgtCum[pj]
			if ls > 0 || lg > 0 {
				if ls <= 0 || lg <= 0 {
					ls, lg = math.Max(ls, 0.5), math.Max(lg, 0.5)
				}
				// lengthModel.cost and twoTailCost, written out:
				// fill scores millions of beads.
				mean := (ls*ratio + lg) / 2
				if mean < 1 {
					mean = 1
				}
				d := math.Abs(lg-ls*ratio) / math.Sqrt(variance*mean)
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
			if rs.anyStrict && s.missCost > 0 && (srcStrict || c.tgtStrictCum[j] != c.tgtStrictCum[pj]) {
				if u := c.unmatchedAnchors(pi, i, pj, j); u > 0 {
					v -= s.missCost * float64(u)
				}
			}
			if lex {
				// The forward evidence of the source stretch against
				// each target sentence, then the reverse evidence of
				// the target stretch against each source sentence.
				var sum float64
				for d := bb; d >= 1; d-- {
					sum += float64(pc.vals[fwBase+(j-d)*cacheWidth])
				}
				for d := a; d >= 1; d-- {
					sum += float64(pc.vals[rvBase[d]+(j-1)*cacheWidth])
				}
				v += s.wLex * sum
			}
			row[(j-lo)*nt+t] = float32(v)
		}
	}
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
		sc := lt.score[x*nt : x*nt+nt]
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
	// The beads' sentence numbers share two allocations, one per side and
	// for all passes (a bead's slices are capped, so appending to one
	// copies it).
	srcIDs, tgtIDs := lt.buf.ids(&lt.buf.srcIDs, n), lt.buf.ids(&lt.buf.tgtIDs, m)
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

// lengthViterbi is fill and viterbi for the length-only pass, row by row:
// the pass asks for the best path only, so the scores of one row at a time
// are kept, and the best paths are extended to a row as soon as it is
// scored. Its band is the widest by far; fill's table for it would be
// written and read back at the cost of tens of megabytes.
func (s *scorer) lengthViterbi(b band) []Bead {
	c := s.c
	n, m := c.n, c.m
	const nt = nCommonTypes
	lt := &lattice{b: b, rowOff: make([]int, n+2), nt: nt, buf: &s.buf}
	widest := 0
	for i := 0; i <= n; i++ {
		lt.rowOff[i+1] = lt.rowOff[i] + b.width(i)
		widest = max(widest, b.width(i))
	}
	cells := lt.rowOff[n+1]
	best := s.buf.f32(&s.buf.best, cells)
	back := s.buf.i8(cells)
	row := s.buf.f32(&s.buf.score, widest*nt)
	rs := s.newRowScorer(b, &pairCache{})
	boundaries := c.srcPara != nil || c.srcQuote != nil
	var base [nBeadTypes]int
	for i := 0; i <= n; i++ {
		rs.score(i, row, nt)
		// As viterbiRow: the first type of the best score wins.
		lo := b.lo[i]
		lt.predBase(i, &base)
		for j := lo; j <= b.hi[i]; j++ {
			x := lt.rowOff[i] + j - lo
			if i == 0 && j == 0 {
				best[x], back[x] = 0, -1
				continue
			}
			bv, bt := negInf, int8(-1)
			sc := row[(j-lo)*nt : (j-lo)*nt+nt]
			for t := range sc {
				if sc[t] <= negInf {
					continue
				}
				p := base[t] + j
				if v := best[p] + sc[t]; v > bv && best[p] > negInf {
					bv, bt = v, int8(t)
				}
			}
			if bt >= 0 && boundaries {
				bv += s.boundary(i, j)
			}
			best[x], back[x] = bv, bt
		}
	}
	return lt.trace(n, m, back)
}
