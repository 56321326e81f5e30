package align

import (
	"os"
	"testing"
)

// longDoc joins the documents of a development split, rounds times over,
// into one long pair with its reference: the banded passes and the widths
// of their bands matter on long documents, which single chapters are not.
func longDoc(t testing.TB, split, ext string, rounds int) goldDoc {
	docs := goldDocs(t, split, ext)
	var out goldDoc
	out.name, out.coarse = split, docs[0].coarse
	for range rounds {
		for _, d := range docs {
			i0, j0 := len(out.src), len(out.tgt)
			out.src = append(out.src, d.src...)
			out.tgt = append(out.tgt, d.tgt...)
			for _, g := range d.gold {
				var b Bead
				for _, s := range g.Src {
					b.Src = append(b.Src, s+i0)
				}
				for _, x := range g.Tgt {
					b.Tgt = append(b.Tgt, x+j0)
				}
				out.gold = append(out.gold, b)
			}
		}
	}
	return out
}

// shareRight is the share of predicted beads that are right.
func shareRight(pred, gold []Bead, coarse bool) float64 {
	right := 0
	for _, ok := range judge(pred, gold, coarse) {
		if ok {
			right++
		}
	}
	return float64(right) / float64(max(len(pred), 1))
}

// TestLongDocuments aligns the development documents joined into long
// pairs (over 5,000 sentences a side) and holds their beads nearly as right
// as the same documents' aligned one by one: the bands of the passes,
// narrow around a long document's path, must not lose it. Joined literary
// chapters lose some: each was translated at its own length ratio and with
// its own habits of splitting sentences, and the models fit one of each to
// the whole pair.
func TestLongDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("aligns long joined documents")
	}
	for _, set := range []struct {
		split, ext string
		rounds     int
		gap        float64 // most the share right may fall joined
	}{{"zh-en/dev", "en", 2, 0.03}, {"zh-es/dev", "es", 4, 0.01}} {
		if only := os.Getenv("ALIGN_SPLIT"); only != "" && only != set.ext {
			continue
		}
		t.Run(set.split, func(t *testing.T) {
			var one, beads int
			for _, d := range goldDocs(t, set.split, set.ext) {
				pred, err := Align(d.src, d.tgt, Options{SrcLang: "zh", TgtLang: set.ext})
				if err != nil {
					t.Fatal(err)
				}
				for _, ok := range judge(pred, d.gold, d.coarse) {
					if ok {
						one++
					}
				}
				beads += len(pred)
			}
			alone := float64(one) / float64(beads)
			long := longDoc(t, set.split, set.ext, set.rounds)
			pred, err := Align(long.src, long.tgt, Options{SrcLang: "zh", TgtLang: set.ext})
			if err != nil {
				t.Fatal(err)
			}
			joined := shareRight(pred, long.gold, long.coarse)
			t.Logf("%d × %d sentences: %.4f of %d beads right; one by one %.4f", len(long.src), len(long.tgt), joined, len(pred), alone)
			if joined < alone-set.gap {
				t.Errorf("joined into one long document, %.4f of the beads are right, against %.4f one by one", joined, alone)
			}
		})
	}
}

// TestLongPartialTranslations cuts parts out of the joined long pairs,
// as a chapter of a book or the part a colleague did: the coarse search
// that locates parts in long documents groups their sentences, and must
// still place every part's ends and fill nothing outside.
func TestLongPartialTranslations(t *testing.T) {
	if testing.Short() {
		t.Skip("aligns parts of long joined documents")
	}
	// Joined once: a text joined twice holds every part twice, and a
	// part's place is then a guess.
	// What is reached: every part's ends are placed; on zh-en a bead or
	// two still takes a margin sentence.
	for _, set := range []struct {
		split, ext         string
		misplaced, outside int
		right              float64 // least share of beads right in any cut
	}{{"zh-en/dev", "en", 0, 2, 0.87}, {"zh-es/dev", "es", 0, 1, 0.97}} {
		if only := os.Getenv("ALIGN_SPLIT"); only != "" && only != set.ext {
			continue
		}
		t.Run(set.split, func(t *testing.T) {
			long := longDoc(t, set.split, set.ext, 1)
			nb := len(long.gold)
			at := func(share float64) int { return int(share * float64(nb)) }
			var total partialResult
			for _, c := range []struct {
				kind string
				runs [][2]int
			}{
				{"prefix", [][2]int{{0, at(0.3)}}},
				{"suffix", [][2]int{{at(0.55), nb}}},
				{"middle", [][2]int{{at(0.41), at(0.47)}}},
				{"two parts", [][2]int{{at(0.12), at(0.2)}, {at(0.62), at(0.8)}}},
				{"nearly whole", [][2]int{{0, at(0.95)}}},
			} {
				pc := cutPartial(long, c.kind, c.runs)
				r := runPartial(t, pc, set.ext)
				t.Logf("%-12s %s: %d of %d ends in place, %d beads fill source outside, %.3f of the beads right",
					c.kind, pc.name, r.ends-r.endsMisplaced, r.ends, r.filledOutside, float64(r.right)/float64(r.beads))
				for _, f := range r.failedPlacements {
					t.Log("  ", f)
				}
				for _, f := range r.sureMistakes {
					t.Errorf("shown as sure: %s", f)
				}
				if share := float64(r.right) / float64(r.beads); share < set.right {
					t.Errorf("%s: %.3f of the beads right, want at least %.2f", pc.name, share, set.right)
				}
				total.ends += r.ends
				total.endsMisplaced += r.endsMisplaced
				total.filledOutside += r.filledOutside
			}
			if total.endsMisplaced > set.misplaced {
				t.Errorf("%d of %d part ends misplaced, want at most %d", total.endsMisplaced, total.ends, set.misplaced)
			}
			if total.filledOutside > set.outside {
				t.Errorf("%d beads fill source outside the parts, want at most %d", total.filledOutside, set.outside)
			}
		})
	}
}
