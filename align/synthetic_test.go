package align

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// synthPair generates a parallel text with a known alignment: Chinese-like
// sentences over a Zipf-distributed character set, and target sentences that
// translate most characters into fixed pseudo-words (with function words and
// some noise), grouped into beads of the usual shapes. It stands in for a
// long document in benchmarks and checks the aligner on data whose answer
// is known.
func synthPair(seed uint64, nSrc int) (src, tgt []string, gold []Bead) {
	rng := rand.New(rand.NewPCG(seed, 7))
	const nChars = 3000
	zipf := rand.NewZipf(rng, 1.1, 2, nChars-1)
	words := make([]string, nChars)
	letters := "abcdefghijklmnopqrstuvwxyz"
	for k := range words {
		n := 2 + rng.IntN(8)
		var b strings.Builder
		for range n {
			b.WriteByte(letters[rng.IntN(len(letters))])
		}
		words[k] = b.String()
	}
	function := []string{"the", "of", "and", "a", "to", "in", "he", "was", "that", "it"}
	sentence := func() (zh string, tw []string) {
		n := int(math.Exp(rng.NormFloat64()*0.5 + math.Log(28)))
		n = max(n, 3)
		var zb strings.Builder
		for k := range n {
			c := int(zipf.Uint64())
			zb.WriteRune(rune(0x4E00 + c))
			if k > 0 && k < n-1 && rng.IntN(9) == 0 {
				zb.WriteRune('，')
			}
			if rng.Float64() < 0.7 {
				tw = append(tw, words[c])
			}
			if rng.Float64() < 0.5 {
				tw = append(tw, function[rng.IntN(len(function))])
			}
		}
		zb.WriteRune('。')
		return zb.String(), tw
	}
	render := func(tw []string) string {
		if len(tw) == 0 {
			tw = []string{"so"}
		}
		s := strings.Join(tw, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	split := func(tw []string, parts int) []string {
		var out []string
		for p := range parts {
			a, b := p*len(tw)/parts, (p+1)*len(tw)/parts
			out = append(out, render(tw[a:b]))
		}
		return out
	}
	for len(src) < nSrc {
		var b Bead
		x := rng.Float64()
		var zs []string
		var ts []string
		switch {
		case x < 0.63: // 1-1
			z, t := sentence()
			zs, ts = []string{z}, []string{render(t)}
		case x < 0.80: // 1-2
			z, t := sentence()
			zs, ts = []string{z}, split(t, 2)
		case x < 0.85: // 1-3
			z, t := sentence()
			zs, ts = []string{z}, split(t, 3)
		case x < 0.91: // 2-1
			z1, t1 := sentence()
			z2, t2 := sentence()
			zs, ts = []string{z1, z2}, []string{render(append(t1, t2...))}
		case x < 0.96: // 2-2 with the boundary moved
			z1, t1 := sentence()
			z2, t2 := sentence()
			all := append(t1, t2...)
			cut := len(t1) + len(t2)/3
			zs, ts = []string{z1, z2}, []string{render(all[:cut]), render(all[cut:])}
		case x < 0.98: // omission
			z, _ := sentence()
			zs = []string{z}
		default: // insertion
			_, t := sentence()
			ts = []string{render(t)}
		}
		for _, z := range zs {
			b.Src = append(b.Src, len(src))
			src = append(src, z)
		}
		for _, t := range ts {
			b.Tgt = append(b.Tgt, len(tgt))
			tgt = append(tgt, t)
		}
		gold = append(gold, b)
	}
	return src, tgt, gold
}

// strictF1 compares beads the way the benchmark's scorer does in strict
// mode: precision over all predicted beads, recall over gold beads with
// both sides non-empty.
func strictF1(gold, pred []Bead) float64 {
	key := func(b Bead) string { return FormatBead(Bead{Src: b.Src, Tgt: b.Tgt}, false) }
	g := map[string]bool{}
	nGold := 0
	for _, b := range gold {
		g[key(b)] = true
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			nGold++
		}
	}
	hit, hitGold := 0, 0
	for _, b := range pred {
		if g[key(b)] {
			hit++
			if len(b.Src) > 0 && len(b.Tgt) > 0 {
				hitGold++
			}
		}
	}
	if len(pred) == 0 || nGold == 0 || hit == 0 {
		return 0
	}
	p := float64(hit) / float64(len(pred))
	r := float64(hitGold) / float64(nGold)
	return 2 * p * r / (p + r)
}

func TestSyntheticPair(t *testing.T) {
	src, tgt, gold := synthPair(1, 600)
	beads, err := Align(src, tgt, Options{SrcLang: "zh", TgtLang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckBeads(beads, len(src), len(tgt)); err != nil {
		t.Fatal(err)
	}
	if f := strictF1(gold, beads); f < 0.9 {
		t.Errorf("strict F1 %.3f on a generated pair, want ≥ 0.9", f)
	}
}

// TestSyntheticLongPair aligns the benchmark's pair. Its target runs about
// twice as long per character as English does, so the search for a part
// translated reads it, on lengths alone, as a translation of the first half:
// that must not leave the whole text unaligned.
func TestSyntheticLongPair(t *testing.T) {
	if testing.Short() {
		t.Skip("aligns 10,000 sentences")
	}
	src, tgt, gold := synthPair(2, 10000)
	beads, err := Align(src, tgt, Options{SrcLang: "zh", TgtLang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if f := strictF1(gold, beads); f < 0.9 {
		t.Errorf("strict F1 %.3f on a generated pair of 10,000 sentences, want ≥ 0.9", f)
	}
}

// BenchmarkAlign10k aligns a generated pair of 10,000 source and about
// 12,000 target sentences.
func BenchmarkAlign10k(b *testing.B) {
	src, tgt, _ := synthPair(2, 10000)
	b.ReportMetric(float64(len(tgt)), "tgt-sentences")
	b.ReportAllocs()
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		if _, err := Align(src, tgt, Options{SrcLang: "zh", TgtLang: "en"}); err != nil {
			b.Fatal(err)
		}
	}
}
