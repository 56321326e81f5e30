package align

import (
	"math"
	"sort"
)

// lengthModel is Gale and Church's: the target length of a bead is normal
// around ratio × source length, with a variance that grows with the length.
// Both ratio and variance come from the document pair itself, since Chinese
// is about 3.4 times shorter than English in characters and the spread
// depends on how freely the text was translated.
type lengthModel struct {
	ratio    float64 // target characters per source character
	variance float64 // per (mean) character of the bead
}

func newLengthModel(srcLen, tgtLen []float64) lengthModel {
	var s, t float64
	for _, l := range srcLen {
		s += l
	}
	for _, l := range tgtLen {
		t += l
	}
	ratio := 1.0
	if s > 0 && t > 0 {
		ratio = t / s
	}
	// Gale and Church found 6.8 per source character for European pairs;
	// in target characters that is about 6.8 × ratio. It is only the start:
	// refit replaces it with the spread of the document's own beads.
	return lengthModel{ratio: ratio, variance: 6.8 * math.Max(ratio, 1) / 2}
}

// cost is −log P(length match) for a bead with ls source and lt target
// characters, both positive.
func (lm lengthModel) cost(ls, lt float64) float64 {
	mean := (ls*lm.ratio + lt) / 2
	if mean < 1 {
		mean = 1
	}
	d := (lt - ls*lm.ratio) / math.Sqrt(lm.variance*mean)
	if d < 0 {
		d = -d
	}
	if d >= tailMax {
		return twoTailCost(d)
	}
	// twoTailCost's table, read here: the part search calls cost for
	// every cell of its table.
	x := d / tailStep
	k := int(x)
	f := x - float64(k)
	return tailTable[k]*(1-f) + tailTable[k+1]*f
}

// refit estimates ratio and variance from beads believed right (weights are
// confidences). It keeps the old values when there are too few.
func (lm *lengthModel) refit(pairs [][2]float64, weights []float64) {
	if len(pairs) < 8 {
		return
	}
	var ws, wt, w float64
	for k, p := range pairs {
		ws += weights[k] * p[0]
		wt += weights[k] * p[1]
		w += weights[k]
	}
	if ws <= 0 || wt <= 0 || w <= 0 {
		return
	}
	ratio := wt / ws
	// The median of squared standardised deviations is robust to the wrong
	// beads that slip in; for a normal variable it is 0.455 × variance.
	dev := make([]float64, 0, len(pairs))
	for _, p := range pairs {
		mean := math.Max((p[0]*ratio+p[1])/2, 1)
		d := p[1] - p[0]*ratio
		dev = append(dev, d*d/mean)
	}
	sort.Float64s(dev)
	v := dev[len(dev)/2] / 0.455
	if v > 0 {
		lm.ratio = ratio
		lm.variance = v
	}
}
