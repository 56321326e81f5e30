package align

import "math"

// The scoring loops call log and exp hundreds of millions of times on long
// documents; these approximations are accurate to about 1e-4, far below what
// the models can tell apart.

// fastLog1p returns log(1+x) for x ≥ 0.
func fastLog1p(x float32) float32 {
	if x < 0.0625 {
		// Most evidence is faint; the series is cheaper and exact enough.
		return x * (1 - x*(0.5-x*(1.0/3)))
	}
	y := 1 + x
	bits := math.Float32bits(y)
	e := float32(int32(bits>>23) - 127)
	m := math.Float32frombits(bits&0x007fffff | 0x3f800000) // mantissa in [1,2)
	// log(m) on [1,2) by a polynomial in t = m−1 (minimax, error < 1e-4).
	t := m - 1
	p := t * (0.99949556 + t*(-0.49190896+t*(0.28947478+t*(-0.13606275+t*0.03215845))))
	return e*0.6931472 + p
}

const (
	softplusStep = 1.0 / 32
	softplusMax  = 30.0
)

var softplusTable = func() []float64 {
	t := make([]float64, int(softplusMax/softplusStep)+2)
	for k := range t {
		t[k] = math.Log1p(math.Exp(-float64(k) * softplusStep))
	}
	return t
}()

// logAdd returns log(exp(a) + exp(b)).
func logAdd(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	d := a - b
	if !(d < softplusMax) { // also catches b = −Inf
		return a
	}
	x := d / softplusStep
	k := int(x)
	f := x - float64(k)
	return a + softplusTable[k]*(1-f) + softplusTable[k+1]*f
}

const (
	tailStep = 1.0 / 64
	tailMax  = 12.0
)

var tailTable = func() []float64 {
	t := make([]float64, int(tailMax/tailStep)+2)
	for k := range t {
		t[k] = -math.Log(math.Erfc(float64(k) * tailStep / math.Sqrt2))
	}
	return t
}()

// twoTailCost returns −log(2(1−Φ(d))) for d ≥ 0: the cost of a standard
// normal deviation at least as large as d.
func twoTailCost(d float64) float64 {
	if d >= tailMax {
		return d*d/2 + math.Log(d) + 0.2258
	}
	x := d / tailStep
	k := int(x)
	f := x - float64(k)
	return tailTable[k]*(1-f) + tailTable[k+1]*f
}
