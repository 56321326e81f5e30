package text

import "testing"

func TestRomanValue(t *testing.T) {
	for s, want := range map[string]int64{
		"I": 1, "IV": 4, "IX": 9, "XII": 12, "XL": 40, "XC": 90, "C": 100,
		"": 0, "i": 0, "iv": 0, "MIX": 0, "IIIIIIIII": 0, "VX": 5, "A": 0, "Ⅻ": 0,
	} {
		if got := RomanValue(s); got != want {
			t.Errorf("RomanValue(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestCombineNumberWords(t *testing.T) {
	for _, c := range []struct {
		vs   []int64
		want int64
	}{
		{[]int64{30, 5}, 35},          // thirty five
		{[]int64{5, 100}, 500},        // five hundred
		{[]int64{2, 1000, 8}, 2008},   // dos mil ocho
		{[]int64{1000}, 1000},         // mil
		{[]int64{3, 100, 20, 1}, 321}, // three hundred twenty one
		{[]int64{2, 1000000, 5}, 2000005},
		{nil, 0},
	} {
		if got := CombineNumberWords(c.vs); got != c.want {
			t.Errorf("CombineNumberWords(%v) = %d, want %d", c.vs, got, c.want)
		}
		fs := make([]float64, len(c.vs))
		for i, v := range c.vs {
			fs[i] = float64(v)
		}
		if got := CombineNumberWords(fs); got != float64(c.want) {
			t.Errorf("CombineNumberWords(%v) as float = %v, want %d", fs, got, c.want)
		}
	}
}
