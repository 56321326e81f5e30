package align

import (
	"math/rand/v2"
	"testing"
)

// TestPairWindowsHoldEveryRead checks, on random bands, that every pair
// whose evidence fill reads lies in the windows buildPairCache computes:
// fill reads the cache without looking.
func TestPairWindowsHoldEveryRead(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for trial := range 200 {
		n, m := 1+rng.IntN(40), 1+rng.IntN(50)
		lo, hi := make([]int, n+1), make([]int, n+1)
		for i := range lo {
			c := i * m / n
			lo[i] = c - rng.IntN(6)
			hi[i] = c + rng.IntN(6)
		}
		b := normaliseBand(lo, hi, m)
		w := pairWindows(b, n, m)
		revLast := reverseLimits(b, n, m)
		inside := func(k, j int, from, to []int) bool { return j >= from[k] && j < to[k] }
		for k := range n {
			if w.fLo[k] < w.fHi[k] && (w.fLo[k] < w.pl[k] || w.fHi[k] > w.ph[k]) ||
				w.rLo[k] < w.rHi[k] && (w.rLo[k] < w.pl[k] || w.rHi[k] > w.ph[k]) {
				t.Fatalf("trial %d: row %d: windows fwd [%d,%d) rev [%d,%d) outside the stored [%d,%d)",
					trial, k, w.fLo[k], w.fHi[k], w.rLo[k], w.rHi[k], w.pl[k], w.ph[k])
			}
		}
		for i := 0; i <= n; i++ {
			for _, bt := range beadTypes {
				a, bb := bt[0], bt[1]
				pi := i - a
				if a == 0 || bb == 0 || pi < 0 {
					continue
				}
				for j := max(b.lo[i], b.lo[pi]+bb, bb); j <= min(b.hi[i], b.hi[pi]+bb); j++ {
					for d := 1; d <= bb; d++ {
						if !inside(i-1, j-d, w.fLo, w.fHi) {
							t.Fatalf("trial %d: bead %v ending at (%d,%d) reads forward pair (%d,%d) outside [%d,%d)",
								trial, bt, i, j, i-1, j-d, w.fLo[i-1], w.fHi[i-1])
						}
						if lim := forwardLimits(b, i-1); j-d >= lim[a] {
							t.Fatalf("trial %d: bead %v ending at (%d,%d) reads forward pair (%d,%d) beyond the limit %d",
								trial, bt, i, j, i-1, j-d, lim[a])
						}
					}
					for d := 1; d <= a; d++ {
						k := i - d
						if !inside(k, j-1, w.rLo, w.rHi) {
							t.Fatalf("trial %d: bead %v ending at (%d,%d) reads reverse pair (%d,%d) outside [%d,%d)",
								trial, bt, i, j, k, j-1, w.rLo[k], w.rHi[k])
						}
						if last := revLast[(j-1)*maxB+bb-1]; int32(k) > last {
							t.Fatalf("trial %d: bead %v ending at (%d,%d) reads reverse pair (%d,%d) beyond the last row %d",
								trial, bt, i, j, k, j-1, last)
						}
						// The reverse pass finds k among the rows whose
						// envelopes hold j−1.
						if w.rHiEnv[k] <= j-1 || w.rLoEnv[k] > j-1 {
							t.Fatalf("trial %d: row %d: envelope [%d,%d) misses column %d", trial, k, w.rLoEnv[k], w.rHiEnv[k], j-1)
						}
					}
				}
			}
		}
	}
}
