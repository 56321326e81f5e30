package align

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"alinea/align/text"
)

// Tuning constants. They were chosen once for all documents and languages;
// nothing is fitted per document except what each pass estimates from the
// pair itself (length ratio and spread, bead-type frequencies, the lexicon).
const (
	lengthBandHalf = 40   // half-width of the length-only pass's band, in sentences
	firstBandHalf  = 7    // around the length-only path, for the anchor pass
	anchorTries    = 6    // times the anchor pass may widen its band
	secondBandHalf = 4    // around the first path in later passes
	lowConfidence  = 0.2  // beads below it widen the band around them
	sureConfidence = 0.95 // beads above it narrow the band around them
	trainThreshold = 0.8  // confidence a bead needs to teach the lexicon: unsure beads teach wrong pairs that later passes trust
	anchorWeight   = 1.0  // t-value an anchor adds
	lexWeight      = 1.0  // weight of translation evidence against length
	lenWeight      = 0.85 // weight of the length model
	kappaValue     = 0.25 // scale of translation evidence, see buildPairCache
	paraPenalty    = 2.0  // a paragraph boundary on one side only
	quotePenalty   = 1.0  // a boundary inside a quotation on one side only
	missPenalty    = 3.0  // a glossary term whose equivalent is not in the bead
	posteriorTemp  = 1.0  // temperature of the posteriors the passes read
	// endOmitCost is what a whole translation pays for each source
	// sentence it leaves out before its first sentence or after its last,
	// less than one left out inside: a title or an opening paragraph left
	// untranslated is common, and a translation that starts a few
	// sentences in is told from a whole one only by its beads.
	endOmitCost = 1.5
	// displayTemp flattens the confidences shown: the models' evidence
	// is summed over many words as if they were independent, which makes
	// the posteriors of the passes far surer than their beads are right.
	// Beads shown at 0.9 or more are then right 99 % of the time.
	displayTemp   = 3.0
	priorStrength = 50.0 // pseudo-count of the base bead-type frequencies
	// bandedMargin is how much more mean confidence over the target the
	// banded alignment needs than the located parts' to be taken instead.
	bandedMargin = 0.1
)

// basePrior is the bead-type distribution before the document says
// otherwise: mostly 1-1, with target-side splits (Chinese sentences are long
// and translators cut them) far likelier than source-side ones.
var basePrior = [nBeadTypes]float64{
	0.62, 0.006, 0.006, 0.18, 0.05, 0.05, 0.006, 0.02,
	0.015, 0.002, 0.01, 0.003, 0.004,
}

// maxCells bounds how far the band may widen (the DP table holds
// nBeadTypes scores per cell).
const maxCells = 8_000_000

// widenBudget is how many times its first size a band may grow by
// widening, and widenCells how many cells it may reach whatever its first
// size: a path lost by 60 sentences over a few hundred needs the band to
// grow by as much on a short text as on a long one, and 1,000,000 cells
// (some 250 MB) bound the memory.
const (
	widenBudget = 4
	widenCells  = 1_000_000
)

// ErrTooLarge is returned for inputs beyond what the aligner accepts.
var ErrTooLarge = errors.New("align: too many sentences")

// ErrBadParts is returned (wrapped) for Options.Parts that are out of the
// source, empty, overlapping or out of order.
var ErrBadParts = errors.New("parts must be runs of source sentences, in order and apart")

// maxSentences bounds memory: the band keeps the tables linear in length.
const maxSentences = 2_000_000

// Align finds the beads between source (Chinese) and target sentences:
// 1-1, 1-0, 0-1 and groups of up to 4 source and 5 target sentences.
//
// It works in passes over a band of the dynamic-programming table around
// the diagonal, so time and memory grow linearly with the text. A pass on
// sentence lengths alone (ratio and spread fitted to the pair) finds where
// the text runs; the next adds anchors (numbers in any notation,
// punctuation classes, names written in pinyin, glossary and dictionary
// pairs) and soft constraints (paragraph and quotation boundaries). Its
// confident beads teach an IBM Model 1 lexicon in both directions, over
// Chinese characters and target word stems, and two more passes align with
// length, anchors and lexicon together, in a band around the previous path
// that is wider where that path was unsure and widens again where the new
// path runs along its edge. Confidences are posterior probabilities of each
// bead over all alignments in the band.
func Align(src, tgt []string, opt Options) ([]Bead, error) {
	if len(src) > maxSentences || len(tgt) > maxSentences {
		return nil, ErrTooLarge
	}
	if err := checkParts(opt.Parts, len(src)); err != nil {
		return nil, err
	}
	opt, err := withDictionary(opt)
	if err != nil {
		return nil, err
	}
	// Blank sentences carry nothing to align by; they are set aside and
	// come back as beads of their own (or inside the bead around them).
	srcKeep, tgtKeep := nonBlank(src), nonBlank(tgt)
	if len(srcKeep) == len(src) && len(tgtKeep) == len(tgt) {
		return alignSentences(src, tgt, opt)
	}
	sub := opt
	sub.SrcParas, sub.TgtParas = pick(opt.SrcParas, srcKeep), pick(opt.TgtParas, tgtKeep)
	if sub.Parts = keptParts(opt.Parts, srcKeep); len(opt.Parts) > 0 && len(sub.Parts) == 0 {
		return nil, fmt.Errorf("align: the parts hold only blank sentences: %w", ErrBadParts)
	}
	beads, err := alignSentences(pickStrings(src, srcKeep), pickStrings(tgt, tgtKeep), sub)
	if err != nil {
		return nil, err
	}
	return restoreBlanks(beads, srcKeep, tgtKeep, len(src), len(tgt)), nil
}

// checkParts tells whether parts are runs of source sentences out of n, in
// order and apart.
func checkParts(parts []Span, n int) error {
	end := 0
	for k, p := range parts {
		if p.Start < end || p.End <= p.Start || p.End > n {
			return fmt.Errorf("align: part %d, sentences %d to %d of %d: %w", k+1, p.Start, p.End, n, ErrBadParts)
		}
		end = p.End
	}
	return nil
}

// keptParts maps parts to the sentences kept (the indices keep holds),
// dropping those left empty.
func keptParts(parts []Span, keep []int) []Span {
	var out []Span
	for _, p := range parts {
		s, _ := slices.BinarySearch(keep, p.Start)
		e, _ := slices.BinarySearch(keep, p.End)
		if e > s {
			out = append(out, Span{s, e})
		}
	}
	return out
}

// withDictionary gives English, Spanish and Portuguese targets the shipped
// dictionary unless another one is set or none is wanted. A dictionary that
// glosses in English is read through cognates for Spanish and Portuguese
// (see cognatePairs): the anchors tie few words of such a text, and a part
// of one is placed by the words that tie it to the source.
func withDictionary(opt Options) (Options, error) {
	if opt.NoDict {
		opt.Dict = nil
	} else if opt.Dict == nil && (text.BaseLang(opt.TgtLang) == "en" || cognateLang(opt.TgtLang)) {
		d, err := DefaultDictionary()
		if err != nil {
			return opt, err
		}
		opt.Dict = d
	}
	opt.pivot = opt.Dict != nil && opt.Dict.lang == "en" && cognateLang(opt.TgtLang)
	return opt, nil
}

func alignSentences(src, tgt []string, opt Options) ([]Bead, error) {
	n, m := len(src), len(tgt)
	if n == 0 || m == 0 {
		var out []Bead
		for i := range src {
			out = append(out, Bead{Src: []int{i}, Confidence: 1})
		}
		for j := range tgt {
			out = append(out, Bead{Tgt: []int{j}, Confidence: 1})
		}
		return out, nil
	}
	if len(opt.Parts) > 0 && !opt.located {
		// The parts are known: they are aligned as they are, with no
		// margin to take or leave and no other placement to weigh. The
		// texts are tokenized once, for the search inside them.
		opt.tokens = tokenize(src, tgt, opt)
		given := make([]srcSpan, len(opt.Parts))
		for k, p := range opt.Parts {
			given[k] = srcSpan{s: p.Start, e: p.End, given: true}
		}
		beads, _, _, err := alignParts(src, tgt, opt, given)
		return beads, err
	}
	s, anchors := prepare(src, tgt, &opt)
	c := s.c
	var parts []srcSpan
	whole := true
	if !opt.located {
		parts, whole = s.locateParts(opt)
	}
	if whole {
		beads := s.alignBanded(anchors)
		if opt.anchorPass != nil {
			*opt.anchorPass = s.anchorPass
		}
		return beads, nil
	}
	partial, own, anchorPass, err := alignParts(src, tgt, opt, parts)
	if err != nil {
		return nil, err
	}
	if len(parts) == 1 && float64(parts[0].e-parts[0].s) >= mostOfIt*float64(n) {
		// The translation covers nearly all: its ends were placed, and
		// the search inside may still leave out what is not translated.
		partial, _, err = anchoredEnds(src, tgt, opt, parts, partial, own, anchorPass)
		return partial, err
	}
	// Anchors alone place long parts well and short ones roughly; the
	// lexicon that the parts' alignment teaches places them again.
	for range locateRounds {
		lex := trainModel1(trainingPairs(c, partial), len(c.srcVocab.names), len(c.tgtVocab.names))
		lex.merge(anchors)
		s.lex = lex
		found, _ := s.relocateParts(opt)
		again := innerEnds(found, parts)
		if slices.Equal(again, parts) {
			break
		}
		np, nown, nap, err := alignParts(src, tgt, opt, again)
		if err != nil {
			return nil, err
		}
		// A gap that the new search moved (see movedGaps) is right there
		// about as often as where it was: where anchors are sparse the
		// parts' lexicon places it better, where they are many it moves
		// a well placed gap. The alignment of the target tells: the
		// placement whose beads pair it with more confidence is kept.
		if kept, ok := movedGaps(again, found, parts); ok {
			kp, kown, kap := partial, own, anchorPass
			if !slices.Equal(kept, parts) {
				if kp, kown, kap, err = alignParts(src, tgt, opt, kept); err != nil {
					return nil, err
				}
			}
			if ownConfidence(kp, kown, m) >= ownConfidence(np, nown, m) {
				again, np, nown, nap = kept, kp, kown, kap
			}
		}
		if slices.Equal(again, parts) {
			break
		}
		// On a long text the search reads grouped sentences, and the
		// parts' lexicon (which gives a chapter's sentences some evidence
		// against any of its target text) can draw ends out by groups,
		// the target of one part then aligned over the other's source.
		// The alignment tells: new places explaining the target with
		// less confidence than the old ones are not taken.
		if ownConfidence(np, nown, m) < ownConfidence(partial, own, m) {
			break
		}
		parts, partial, own, anchorPass = again, np, nown, nap
	}
	// A part left out inside a short translation costs the located search
	// a mid skip that the few pairs it takes apart do not pay back, and
	// the target of the part before the gap is then spread over the
	// gap's source (or the whole of a short first part is given to the
	// start of the next one), where hardly anything pairs it: the
	// alignment explains the target with little confidence. Searches that
	// leave parts out more cheaply (reading the lexicon the parts taught)
	// find such gaps; their parts are taken when they explain the target
	// with clearly more confidence.
	if conf := ownConfidence(partial, own, m); conf < cheapGapsBelow {
		best := conf + cheapGapsGain
		for _, mj := range cheapJumps {
			s.midJump = mj
			found, _ := s.relocateParts(opt)
			s.midJump = 0
			if slices.Equal(found, parts) {
				continue
			}
			np, nown, nap, err := alignParts(src, tgt, opt, found)
			if err != nil {
				return nil, err
			}
			if c := ownConfidence(np, nown, m); c > best {
				best, parts, partial, own, anchorPass = c, found, np, nown, nap
			}
		}
	}
	if partial, own, err = anchoredEnds(src, tgt, opt, parts, partial, own, anchorPass); err != nil {
		return nil, err
	}
	// The located search reads less than the banded one, and a hard
	// stretch of a whole translation can look like a part left out. The
	// alignment must show it: the banded one wins when it explains the
	// target with clearly more confidence. Only clearly: on a freely
	// translated part, the banded search spreads the part over the whole
	// document with about the confidence of the part's own hard beads. The
	// parts' confidence is read before their edge beads were marked down,
	// which is a warning for the reader rather than evidence against the
	// parts.
	beads := s.alignBanded(anchors)
	if targetConfidence(beads, m) > ownConfidence(partial, own, m)+bandedMargin {
		return beads, nil
	}
	return partial, nil
}

// prepare reads the pair into a corpus (tokenizing it once, for opt and
// the searches inside located parts) and returns a scorer for it, with
// the anchors as its lexicon.
func prepare(src, tgt []string, opt *Options) (*scorer, *lexicon) {
	if opt.tokens == nil {
		opt.tokens = tokenize(src, tgt, *opt)
	}
	c, anchors := buildCorpus(src, tgt, *opt)
	s := &scorer{
		c: c, lm: newLengthModel(c.srcLen, c.tgtLen), lex: anchors,
		wLen: lenWeight, wLex: lexWeight, kappa: kappaValue, paraCost: paraPenalty, quoteCost: quotePenalty, missCost: missPenalty,
	}
	setPrior(s, basePrior, nil)
	return s, anchors
}

// ownConfidence is targetConfidence with the beads' own confidences.
func ownConfidence(beads []Bead, own []float64, m int) float64 {
	raw := slices.Clone(beads)
	for k := range raw {
		raw[k].Confidence = own[k]
	}
	return targetConfidence(raw, m)
}

// targetConfidence is the mean confidence with which the beads pair each
// target sentence with source text. A target sentence left unpaired
// explains nothing, however sure the search is that it has no partner:
// parts that leave most of the target out do not explain it.
func targetConfidence(beads []Bead, m int) float64 {
	var sum float64
	for _, b := range beads {
		if len(b.Src) > 0 {
			sum += b.Confidence * float64(len(b.Tgt))
		}
	}
	return sum / float64(max(m, 1))
}

// alignBanded runs the passes of the banded search over the whole pair.
func (s *scorer) alignBanded(anchors *lexicon) []Bead {
	c := s.c
	n, m := c.n, c.m
	s.temp = posteriorTemp
	// Lengths alone are cheap enough to search a wide band; they find where
	// the text runs, which the global length diagonal misses wherever the
	// translation is locally freer or tighter.
	s.lex = nil
	s.lengthOnly = true
	beads := s.run(diagonalBand(c, s.lm.ratio, lengthBandHalf), false, 8)
	s.lex = anchors
	s.lengthOnly = false
	// Lengths alone lose the path over stretches of a long document
	// whose translation runs freer or tighter than the rest, by up to 60
	// sentences on joined literary chapters; the anchors find it again if
	// the band widens far enough, and it widens only where the path runs
	// along its edge.
	beads = s.run(pathBand(beads, n, m, firstBandHalf, false), true, anchorTries)
	s.anchorPass = beads
	for pass := 0; pass < 2; pass++ {
		if pass == 1 {
			s.temp = displayTemp
		}
		s.refit(beads)
		lex := trainModel1(trainingPairs(c, beads), len(c.srcVocab.names), len(c.tgtVocab.names))
		lex.merge(anchors)
		s.lex = lex
		beads = s.run(pathBand(beads, n, m, secondBandHalf, true), true, 1)
	}
	s.temper(beads)
	return beads
}

// run aligns within band b, widening it where the path runs along its edge,
// at most tries times.
func (s *scorer) run(b band, confidences bool, tries int) []Bead {
	// Where the ends do not match or the texts are not translations of
	// each other, the path runs along the edge however wide the band is;
	// the band stops widening at a few times its first size, or at
	// widenCells on texts whose first band is small.
	limit := min(maxCells, max(widenBudget*b.cells(), widenCells))
	for try := 1; ; try++ {
		var lt *lattice
		var beads []Bead
		if confidences {
			lt = s.fill(b)
			beads = lt.viterbi(s.c.n, s.c.m)
		} else {
			// Without posteriors, only the best path is asked for: the
			// scores need not be kept.
			beads = s.lengthViterbi(b)
		}
		wider, ok := widenAtEdges(b, beads, s.c.n, s.c.m)
		if ok || try >= tries || wider.cells() > limit {
			if confidences {
				lt.posteriors(beads, s.c.n, s.c.m, s.temp)
			}
			return beads
		}
		b = wider
	}
}

// refit re-estimates the length model and the bead-type prior from beads.
func (s *scorer) refit(beads []Bead) {
	var pairs [][2]float64
	var w []float64
	counts := make([]float64, nBeadTypes)
	for _, bd := range beads {
		if t := typeIndex(len(bd.Src), len(bd.Tgt)); t >= 0 {
			counts[t] += bd.Confidence
		}
		if len(bd.Src) == 1 && len(bd.Tgt) == 1 && bd.Confidence > 0.5 {
			pairs = append(pairs, [2]float64{s.c.srcLen[bd.Src[0]], s.c.tgtLen[bd.Tgt[0]]})
			w = append(w, bd.Confidence)
		}
	}
	s.lm.refit(pairs, w)
	setPrior(s, basePrior, counts)
}

func setPrior(s *scorer, base [nBeadTypes]float64, counts []float64) {
	var total float64
	for _, c := range counts {
		total += c
	}
	for t := range base {
		p := base[t]
		if total > 0 {
			p = (counts[t] + priorStrength*base[t]) / (total + priorStrength)
		}
		s.prior[t] = -math.Log(p)
	}
}

// trainingPairs turns beads into lexicon training data, weighted by
// confidence; unsure beads teach nothing. Dictionary words stay out: the
// dictionary ties them to their glosses already, and as many more units
// they would make training several times slower.
func trainingPairs(c *corpus, beads []Bead) []trainingPair {
	var out []trainingPair
	for _, b := range beads {
		if len(b.Src) == 0 || len(b.Tgt) == 0 || b.Confidence < trainThreshold {
			continue
		}
		var sp, tp []int32
		for _, i := range b.Src {
			for _, z := range c.srcU[i] {
				if !c.dictUnit[z] {
					sp = append(sp, z)
				}
			}
		}
		for _, j := range b.Tgt {
			tp = append(tp, c.tgtU[j]...)
		}
		out = append(out, trainingPair{src: sp, tgt: tp, weight: b.Confidence})
	}
	return out
}

// diagonalBand centres the first band on the length diagonal: row i is
// expected where the target has as many characters as ratio × the source
// read so far, which follows the text better than sentence counts do.
func diagonalBand(c *corpus, ratio float64, half int) band {
	n, m := c.n, c.m
	center := make([]int, n+1)
	var s, t float64
	j := 0
	var tgtCum []float64
	tgtCum = append(tgtCum, 0)
	for _, l := range c.tgtLen {
		t += l
		tgtCum = append(tgtCum, t)
	}
	for i := 0; i <= n; i++ {
		if i > 0 {
			s += c.srcLen[i-1]
		}
		want := s * ratio
		for j < m && tgtCum[j+1] <= want {
			j++
		}
		center[i] = j
	}
	center[n] = m
	// On long texts the length path wanders further from the diagonal (its
	// drift grows like a random walk); widening afterwards costs more.
	half = max(half, int(0.8*math.Sqrt(float64(max(n, m)))))
	lo := make([]int, n+1)
	hi := make([]int, n+1)
	for i := range center {
		lo[i] = center[i] - half
		hi[i] = center[i] + half
	}
	return normaliseBand(lo, hi, m)
}

// pathBand is a band of the given half-width around a path, twice as wide
// around beads the path was unsure of and half as wide around those it
// was sure of: the next pass moves those seldom, and scoring the band is
// most of its work.
func pathBand(beads []Bead, n, m, half int, confidences bool) band {
	lo := make([]int, n+1)
	hi := make([]int, n+1)
	for i := range lo {
		lo[i], hi[i] = m+1, -1
	}
	i, j := 0, 0
	mark := func(r, jl, jh, w int) {
		lo[r] = min(lo[r], jl-w)
		hi[r] = max(hi[r], jh+w)
	}
	for _, b := range beads {
		w := half
		if confidences && b.Confidence < lowConfidence {
			w = 2 * half
		} else if confidences && b.Confidence >= sureConfidence {
			w = max(half/2, 1)
		}
		a, bb := len(b.Src), len(b.Tgt)
		for r := i; r <= i+a; r++ {
			mark(r, j, j+bb, w)
		}
		i, j = i+a, j+bb
	}
	return normaliseBand(lo, hi, m)
}

// normaliseBand clips a band to the table, makes both bounds monotone and
// keeps consecutive rows overlapping, so that a path always exists.
func normaliseBand(lo, hi []int, m int) band {
	n := len(lo) - 1
	lo[0] = 0
	hi[n] = m
	for i := range lo {
		lo[i] = min(max(lo[i], 0), m)
		hi[i] = min(max(hi[i], 0), m)
	}
	for i := n - 1; i >= 0; i-- {
		lo[i] = min(lo[i], lo[i+1])
	}
	for i := 1; i <= n; i++ {
		hi[i] = max(hi[i], hi[i-1])
	}
	for i := 0; i < n; i++ {
		if lo[i+1] > hi[i] {
			hi[i] = lo[i+1]
		}
	}
	for i := 1; i <= n; i++ {
		hi[i] = max(hi[i], hi[i-1])
	}
	return band{lo, hi}
}

// widenAtEdges reports ok when no bead of the path lies within two
// sentences of the band's edge; otherwise it returns a band twice as wide
// around those places, since the best path may lie outside.
func widenAtEdges(b band, beads []Bead, n, m int) (band, bool) {
	lo := append([]int(nil), b.lo...)
	hi := append([]int(nil), b.hi...)
	ok := true
	i, j := 0, 0
	for _, bd := range beads {
		i, j = i+len(bd.Src), j+len(bd.Tgt)
		near := (j-b.lo[i] < 2 && b.lo[i] > 0) || (b.hi[i]-j < 2 && b.hi[i] < m)
		if !near {
			continue
		}
		ok = false
		w := b.width(i)
		for r := max(i-w, 0); r <= min(i+w, n); r++ {
			lo[r] = min(lo[r], j-w)
			hi[r] = max(hi[r], j+w)
		}
	}
	if ok {
		return b, true
	}
	return normaliseBand(lo, hi, m), false
}

func nonBlank(sents []string) []int {
	keep := make([]int, 0, len(sents))
	for i, s := range sents {
		if strings.TrimSpace(s) != "" {
			keep = append(keep, i)
		}
	}
	return keep
}

func pick(xs []int, keep []int) []int {
	if xs == nil {
		return nil
	}
	out := make([]int, len(keep))
	for k, i := range keep {
		out[k] = xs[i]
	}
	return out
}

func pickStrings(xs []string, keep []int) []string {
	out := make([]string, len(keep))
	for k, i := range keep {
		out[k] = xs[i]
	}
	return out
}

// restoreBlanks maps beads over the non-blank sentences back to the full
// numbering. A blank sentence inside a bead's span joins it; any other
// becomes a bead of its own, so that beads stay contiguous and in order.
func restoreBlanks(beads []Bead, srcKeep, tgtKeep []int, n, m int) []Bead {
	var out []Bead
	i, j := 0, 0 // next original sentence not yet placed
	flushTo := func(ni, nj int) {
		for ; i < ni; i++ {
			out = append(out, Bead{Src: []int{i}, Confidence: 1})
		}
		for ; j < nj; j++ {
			out = append(out, Bead{Tgt: []int{j}, Confidence: 1})
		}
	}
	for _, b := range beads {
		var nb Bead
		nb.Confidence = b.Confidence
		if len(b.Src) > 0 {
			first, last := srcKeep[b.Src[0]], srcKeep[b.Src[len(b.Src)-1]]
			flushTo(first, j)
			nb.Src = seq(first, last+1)
			i = last + 1
		}
		if len(b.Tgt) > 0 {
			first, last := tgtKeep[b.Tgt[0]], tgtKeep[b.Tgt[len(b.Tgt)-1]]
			if len(nb.Src) > 0 {
				// Place the blanks before this bead's target first, keeping
				// the bead whole.
				for ; j < first; j++ {
					out = append(out, Bead{Tgt: []int{j}, Confidence: 1})
				}
			} else {
				flushTo(i, first)
			}
			nb.Tgt = seq(first, last+1)
			j = last + 1
		}
		out = append(out, nb)
	}
	flushTo(n, m)
	return out
}
