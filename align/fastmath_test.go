package align

import (
	"math"
	"testing"
)

func TestFastMath(t *testing.T) {
	for _, x := range []float64{0, 1e-6, 0.001, 0.3, 1, 2.5, 17, 1000, 1e6, 1e12} {
		got, want := float64(fastLog1p(float32(x))), math.Log1p(x)
		if math.Abs(got-want) > 2e-4*math.Max(1, math.Abs(want)) {
			t.Errorf("fastLog1p(%v) = %v, want %v", x, got, want)
		}
	}
	for _, d := range []float64{0, 0.01, 0.5, 3, 29.9, 31, 100} {
		got, want := logAdd(0, -d), math.Log1p(math.Exp(-d))
		if math.Abs(got-want) > 1e-3 {
			t.Errorf("logAdd(0, %v) = %v, want %v", -d, got, want)
		}
	}
	if got := logAdd(math.Inf(-1), 3); got != 3 {
		t.Errorf("logAdd(-Inf, 3) = %v", got)
	}
	for _, d := range []float64{0, 0.3, 1, 2, 5, 11.99, 12, 20} {
		want := -math.Log(math.Erfc(d / math.Sqrt2))
		if got := twoTailCost(d); math.Abs(got-want) > 1e-2*math.Max(1, want) {
			t.Errorf("twoTailCost(%v) = %v, want %v", d, got, want)
		}
	}
}
