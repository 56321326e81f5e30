package align

import (
	"errors"
	"os"
	"slices"
	"testing"
)

// coveredSpans returns the runs of source sentences that a cut covers.
func coveredSpans(pc partialCase) []Span {
	var out []Span
	for i, c := range pc.covered {
		switch {
		case !c:
		case len(out) > 0 && out[len(out)-1].End == i:
			out[len(out)-1].End = i + 1
		default:
			out = append(out, Span{i, i + 1})
		}
	}
	return out
}

// pairedOutside returns a bead that pairs a source sentence outside parts
// with target text, and that sentence.
func pairedOutside(beads []Bead, parts []Span) (Bead, int, bool) {
	for _, b := range beads {
		if len(b.Tgt) == 0 {
			continue
		}
		for _, i := range b.Src {
			if !slices.ContainsFunc(parts, func(p Span) bool { return i >= p.Start && i < p.End }) {
				return b, i, true
			}
		}
	}
	return Bead{}, 0, false
}

// TestGivenParts aligns the cuts of TestPartialTranslations with their
// parts given, as a translator who knows which chapters a colleague did
// would give them: in every cut nothing outside is filled, and nearly every
// part's first and last target sentence lands in its reference bead (two
// zh-en ends, of a chapter whose translation leaves sentences out at a
// part's edge, do not, and are shown as weak).
func TestGivenParts(t *testing.T) {
	if testing.Short() {
		t.Skip("aligns many cuts of the development set")
	}
	for _, set := range []struct{ split, ext string }{{"zh-en/dev", "en"}, {"zh-es/dev", "es"}} {
		if only := os.Getenv("ALIGN_SPLIT"); only != "" && only != set.ext {
			continue
		}
		t.Run(set.split, func(t *testing.T) {
			var ends, misplaced, beads, right int
			cases := append(partialCases(t, set.split, set.ext, 1), partialCases(t, set.split, set.ext, 2)...)
			for _, pc := range cases {
				r := runPartialOpt(t, pc, Options{SrcLang: "zh", TgtLang: set.ext, Parts: coveredSpans(pc)})
				if r.filledOutside > 0 {
					t.Errorf("%s: %d beads fill source outside the given parts", pc.name, r.filledOutside)
				}
				for _, f := range r.sureMistakes {
					t.Errorf("shown as sure: %s", f)
				}
				if testing.Verbose() {
					for _, f := range r.failedPlacements {
						t.Log(f)
					}
				}
				ends += r.ends
				misplaced += r.endsMisplaced
				beads += r.beads
				right += r.right
			}
			placed := 1 - float64(misplaced)/float64(ends)
			t.Logf("%d cuts: %d of %d part ends (%.3f) in place; %.3f of the beads right", len(cases), ends-misplaced, ends, placed, float64(right)/float64(beads))
			if placed < 0.99 {
				t.Errorf("%.3f of the part ends in place, want at least 0.99", placed)
			}
		})
	}
}

func TestBadParts(t *testing.T) {
	src := []string{"第一句。", "第二句。", "", "第四句。"}
	tgt := []string{"One.", "Two."}
	for _, tc := range []struct {
		name  string
		parts []Span
		ok    bool
	}{
		{"one part", []Span{{0, 2}}, true},
		{"two parts", []Span{{0, 1}, {3, 4}}, true},
		{"the whole", []Span{{0, 4}}, true},
		{"empty", []Span{{1, 1}}, false},
		{"reversed", []Span{{2, 1}}, false},
		{"negative", []Span{{-1, 1}}, false},
		{"past the end", []Span{{3, 5}}, false},
		{"overlapping", []Span{{0, 2}, {1, 3}}, false},
		{"out of order", []Span{{3, 4}, {0, 1}}, false},
		{"only blanks", []Span{{2, 3}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			beads, err := Align(src, tgt, Options{SrcLang: "zh", TgtLang: "en", Parts: tc.parts})
			if !tc.ok {
				if !errors.Is(err, ErrBadParts) {
					t.Fatalf("err = %v, want ErrBadParts", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := CheckBeads(beads, len(src), len(tgt)); err != nil {
				t.Fatal(err)
			}
			if b, i, ok := pairedOutside(beads, tc.parts); ok {
				t.Errorf("%s pairs source %d outside the parts", FormatBead(b, true), i)
			}
		})
	}
}
