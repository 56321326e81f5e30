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
	// log(y) = e·log 2 + log(mantissa), the latter read from a table
	// indexed by the mantissa's top bits and interpolated.
	bits := math.Float32bits(1 + x)
	e := float32(int32(bits>>23) - 127)
	m := bits & 0x007fffff
	k := m >> (23 - logTableBits)
	f := float32(m&(1<<(23-logTableBits)-1)) * (1.0 / (1 << (23 - logTableBits)))
	return e*0.6931472 + logTable[k] + f*(logTable[k+1]-logTable[k])
}

const logTableBits = 10

var logTable = func() []float32 {
	t := make([]float32, 1<<logTableBits+1)
	for k := range t {
		t[k] = float32(math.Log1p(float64(k) / (1 << logTableBits)))
	}
	return t
}()

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
		// Far out in the tail: beads this unlikely are never chosen, but the
		// wide bands score millions of them, so log d is read from the table.
		return d*d/2 + float64(fastLog1p(float32(d-1))) + 0.2258
	}
	x := d / tailStep
	k := int(x)
	f := x - float64(k)
	return tailTable[k]*(1-f) + tailTable[k+1]*f
}
