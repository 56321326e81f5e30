package align

import "math"

// The posteriors measure how sure the models are of a bead against the
// other ways of cutting the text that they can score. One error they
// cannot see: a translation that moves a clause from one sentence into the
// next makes two beads of what is one (a reader joins them), and the
// lexicon, which scores each word against its own bead, prefers the split.
// The lengths show it: such beads stray from the length model, and joined
// they stray less.

// Weights of what lowers a bead's confidence below its posterior, chosen
// once on the development set so that beads shown at 0.9 or more are right
// 99 % of the time.
const (
	devWeight   = 0.1 // per standard deviation of the bead's lengths
	mergeWeight = 0.3 // per standard deviation that joining a neighbour would gain
	shapeFactor = 0.9 // a bead that is not 1-1
)

// temper lowers the posteriors of the beads by what they cannot see.
func (s *scorer) temper(beads []Bead) {
	dev, gain := s.lengthDeviation(beads)
	for k := range beads {
		f := math.Exp(-devWeight*dev[k] - mergeWeight*gain[k])
		if len(beads[k].Src) != 1 || len(beads[k].Tgt) != 1 {
			f *= shapeFactor
		}
		beads[k].Confidence *= f
	}
}

// lengthDeviation returns, for each bead, how far its lengths stray from
// the length model, in standard deviations; and how much less the pair it
// forms with either neighbour strays.
func (s *scorer) lengthDeviation(beads []Bead) ([]float64, []float64) {
	// dev reads the beads as one: a's sentences, then b's (when b is
	// not nil).
	dev := func(a *Bead, b *Bead) float64 {
		var ls, lt float64
		for _, bd := range [2]*Bead{a, b} {
			if bd == nil {
				break
			}
			for _, i := range bd.Src {
				ls += s.c.srcLen[i]
			}
		}
		for _, bd := range [2]*Bead{a, b} {
			if bd == nil {
				break
			}
			for _, j := range bd.Tgt {
				lt += s.c.tgtLen[j]
			}
		}
		mean := math.Max((ls*s.lm.ratio+lt)/2, 1)
		return math.Abs(lt-ls*s.lm.ratio) / math.Sqrt(s.lm.variance*mean)
	}
	own := make([]float64, len(beads))
	gain := make([]float64, len(beads))
	for k := range beads {
		if len(beads[k].Src) > 0 && len(beads[k].Tgt) > 0 {
			own[k] = dev(&beads[k], nil)
		}
	}
	for k := 0; k+1 < len(beads); k++ {
		a, b := beads[k], beads[k+1]
		if len(a.Src) == 0 || len(a.Tgt) == 0 || len(b.Src) == 0 || len(b.Tgt) == 0 {
			continue
		}
		m := dev(&beads[k], &beads[k+1])
		g := math.Max(own[k], own[k+1]) - m
		gain[k] = math.Max(gain[k], g)
		gain[k+1] = math.Max(gain[k+1], g)
	}
	return own, gain
}
