package align

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// goldDoc is a development document with its reference alignment.
type goldDoc struct {
	devDoc
	gold   []Bead
	coarse bool // the reference is verse-level: finer beads inside one are right
}

func parseIDs(t testing.TB, s string) []int {
	s = strings.Trim(strings.TrimSpace(s), "[]")
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			t.Fatalf("gold id %q: %v", f, err)
		}
		out = append(out, v)
	}
	return out
}

func goldDocs(t testing.TB, split, ext string) []goldDoc {
	var out []goldDoc
	for _, d := range devDocs(t, split, ext) {
		g := goldDoc{devDoc: d, coarse: ext == "es"}
		for _, line := range readLines(t, filepath.Join(alignDevDir(t), split, d.name+".align")) {
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' {
				continue
			}
			parts := strings.Split(line, ":")
			g.gold = append(g.gold, Bead{Src: parseIDs(t, parts[0]), Tgt: parseIDs(t, parts[1])})
		}
		out = append(out, g)
	}
	return out
}

// monotone reports whether gold beads run in order over contiguous ids, so
// that cutting between them gives a clean partial translation.
func monotone(gold []Bead) bool {
	i, j := 0, 0
	for _, b := range gold {
		for _, s := range b.Src {
			if s != i {
				return false
			}
			i++
		}
		for _, x := range b.Tgt {
			if x != j {
				return false
			}
			j++
		}
	}
	return true
}

// partialCase is a translation of some runs of a document's gold beads:
// the source is the whole document, the target the runs' target sentences.
type partialCase struct {
	name    string
	kind    string // prefix, suffix, middle, two parts
	src     []string
	tgt     []string
	gold    []Bead // over the whole source and the cut target
	covered []bool // source sentences inside the runs
	coarse  bool
	// edges are the first and last target sentences of each run, with the
	// source sentences of their reference beads.
	edges map[int][]int
}

func cutPartial(d goldDoc, kind string, runs [][2]int) partialCase {
	pc := partialCase{kind: kind, src: d.src, covered: make([]bool, len(d.src)), coarse: d.coarse, edges: map[int][]int{}}
	var names []string
	inRun := func(k int) bool {
		for _, r := range runs {
			if k >= r[0] && k < r[1] {
				return true
			}
		}
		return false
	}
	for _, r := range runs {
		names = append(names, fmt.Sprintf("%d-%d", r[0], r[1]))
	}
	pc.name = d.name + "/" + strings.Join(names, "+")
	lastTgt := -1
	for k, b := range d.gold {
		if inRun(k) && !inRun(k-1) {
			lastTgt = -1
		}
		if inRun(k) && len(b.Tgt) > 0 {
			if lastTgt < 0 {
				pc.edges[len(pc.tgt)] = b.Src
			}
			lastTgt = len(pc.tgt) + len(b.Tgt) - 1
		}
		if inRun(k) && !inRun(k+1) && lastTgt >= 0 {
			defer func(x int, src []int) { pc.edges[x] = src }(lastTgt, b.Src)
		}
		if !inRun(k) {
			for _, s := range b.Src {
				pc.gold = append(pc.gold, Bead{Src: []int{s}})
			}
			continue
		}
		nb := Bead{Src: b.Src}
		for _, x := range b.Tgt {
			nb.Tgt = append(nb.Tgt, len(pc.tgt))
			pc.tgt = append(pc.tgt, d.tgt[x])
		}
		for _, s := range b.Src {
			pc.covered[s] = true
		}
		pc.gold = append(pc.gold, nb)
	}
	return pc
}

// beadKey identifies a bead by its sentences.
func beadKey(b Bead) string { return FormatBead(b, false) }

// judge tells, for each predicted bead, whether it is right: one of the
// reference's beads, or (verse-level references) inside one of them with
// both sides non-empty.
func judge(pred, gold []Bead, coarse bool) []bool {
	exact := map[string]bool{}
	srcBead := map[int]int{}
	tgtBead := map[int]int{}
	for k, g := range gold {
		exact[beadKey(g)] = true
		for _, s := range g.Src {
			srcBead[s] = k
		}
		for _, x := range g.Tgt {
			tgtBead[x] = k
		}
	}
	out := make([]bool, len(pred))
	for k, p := range pred {
		if exact[beadKey(p)] {
			out[k] = true
			continue
		}
		if !coarse || len(p.Src) == 0 || len(p.Tgt) == 0 {
			continue
		}
		g, ok := srcBead[p.Src[0]]
		right := ok
		for _, s := range p.Src {
			right = right && srcBead[s] == g
		}
		for _, x := range p.Tgt {
			gx, ok := tgtBead[x]
			right = right && ok && gx == g
		}
		out[k] = right
	}
	return out
}

// partialCases cuts every monotone document of a split at several places:
// prefixes, suffixes, middle parts, two parts with a gap between them, and
// nearly all of it.
func partialCases(t testing.TB, split, ext string, seed uint64) []partialCase {
	rng := rand.New(rand.NewPCG(seed, 13))
	nearRng := rand.New(rand.NewPCG(seed, 14))
	var out []partialCase
	for _, d := range goldDocs(t, split, ext) {
		if !monotone(d.gold) {
			continue
		}
		nb := len(d.gold)
		cut := func(lo, hi int) int { return lo + rng.IntN(max(hi-lo, 1)) }
		out = append(out,
			cutPartial(d, "prefix", [][2]int{{0, cut(nb/10, nb/2)}}),
			cutPartial(d, "prefix", [][2]int{{0, cut(nb/2, nb*9/10)}}),
			cutPartial(d, "suffix", [][2]int{{cut(nb/10, nb/2), nb}}),
			cutPartial(d, "suffix", [][2]int{{cut(nb/2, nb*9/10), nb}}),
		)
		a := cut(nb/10, nb/3)
		out = append(out, cutPartial(d, "middle", [][2]int{{a, a + cut(nb/6, nb/2)}}))
		a = cut(nb/12, nb/4)
		b := a + cut(nb/8, nb/4)
		c := b + cut(nb/8, nb/4)
		out = append(out, cutPartial(d, "two parts", [][2]int{{a, b}, {c, min(nb, c+cut(nb/8, nb/3))}}))
		// Nearly whole: a few paragraphs left out at one end, which must
		// not be taken for a whole translation's loose end. (Drawn from
		// their own stream, so that the other cuts stay where they were.)
		near := func(lo, hi int) int { return lo + nearRng.IntN(max(hi-lo, 1)) }
		out = append(out,
			cutPartial(d, "nearly whole", [][2]int{{0, near(nb*9/10, nb*97/100)}}),
			cutPartial(d, "nearly whole", [][2]int{{near(nb*3/100, nb/10), nb}}),
		)
	}
	return out
}

type partialResult struct {
	beads, right     int
	ends             int
	filledOutside    int // beads with target sentences holding source outside the runs
	endsMisplaced    int // target sentences at run ends not in their reference bead
	conf             []float64
	correct          []bool
	paired           []bool // the bead holds target sentences
	failedPlacements []string
	// sureMistakes are the misplaced ends and the beads filling source
	// outside the parts that are shown as sure (see shownSure).
	sureMistakes []string
}

// shownSure is the confidence from which a bead is shown as sure: such
// beads must be right (TestCalibration), and a part's end placed wrong or
// a sentence outside the parts filled never shows at it.
const shownSure = 0.9

func runPartial(t testing.TB, pc partialCase, lang string) partialResult {
	return runPartialOpt(t, pc, Options{SrcLang: "zh", TgtLang: lang})
}

func runPartialOpt(t testing.TB, pc partialCase, opt Options) partialResult {
	beads, err := Align(pc.src, pc.tgt, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckBeads(beads, len(pc.src), len(pc.tgt)); err != nil {
		t.Fatalf("%s: %v", pc.name, err)
	}
	var r partialResult
	ok := judge(beads, pc.gold, pc.coarse)
	for k, b := range beads {
		r.beads++
		if ok[k] {
			r.right++
		}
		r.conf = append(r.conf, b.Confidence)
		r.correct = append(r.correct, ok[k])
		r.paired = append(r.paired, len(b.Tgt) > 0)
		if len(b.Tgt) == 0 {
			continue
		}
		for _, s := range b.Src {
			if !pc.covered[s] {
				r.filledOutside++
				f := fmt.Sprintf("%s: %s fills source %d outside", pc.name, FormatBead(b, true), s)
				r.failedPlacements = append(r.failedPlacements, f)
				if b.Confidence >= shownSure {
					r.sureMistakes = append(r.sureMistakes, f)
				}
				break
			}
		}
	}
	// The first and last target sentence of each run must land in their
	// reference bead's source.
	beadOf := map[int]Bead{}
	for _, b := range beads {
		for _, x := range b.Tgt {
			beadOf[x] = b
		}
	}
	for x, want := range pc.edges {
		r.ends++
		b := beadOf[x]
		got := b.Src
		if (len(got) == 0) != (len(want) == 0) || len(want) > 0 && !slices.ContainsFunc(got, func(s int) bool { return slices.Contains(want, s) }) {
			r.endsMisplaced++
			f := fmt.Sprintf("%s: target %d at source %v (%.2f), want %v", pc.name, x, got, b.Confidence, want)
			r.failedPlacements = append(r.failedPlacements, f)
			if b.Confidence >= shownSure {
				r.sureMistakes = append(r.sureMistakes, f)
			}
		}
	}
	return r
}

// The kinds of cut that the aligner does not yet place exactly (see
// knownMisses). In each, the words and lengths of the texts say otherwise
// than the reference: aligned with the reference parts given a margin, as
// the located ones are, the cut's ends still miss, or the alignment is less
// sure than the aligner's own placement.
const (
	// missEdge: a part's first or last sentence, freely translated, is
	// taken for its neighbour's (or left without a partner).
	missEdge = "edge sentence taken for its neighbour"
	// missGap: the gap between two parts is placed where the lengths of
	// the sentences, or phrases the verses repeat, fit as well.
	missGap = "gap between the parts placed elsewhere"
	// missOutside: the ends are in place, but a sentence beside one takes
	// part of its target.
	missOutside = "a neighbour shares an end bead"
)

// knownMisses are the cuts of TestPartialTranslations whose ends are not
// all in place, or that fill some source outside their parts. Every other
// cut must be placed exactly; a cut listed here that becomes exact must
// leave the list.
var knownMisses = map[string]string{
	"mac-dev-002/9-238":          missOutside,
	"mac-dev-002/197-238":        missEdge,
	"mac-dev-003/0-41":           missEdge,
	"mac-dev-005/0-201":          missOutside,
	"mac-dev-005/44-113":         missEdge,
	"mac-test-001/0-222":         missOutside,
	"mac-test-005/16-74":         missEdge,
	"mac-test-005/26-56+89-134":  missGap,
	"mac-test-005/36-62+81-103":  missGap,
	"mac-test-009/30-63+94-134":  missEdge,
	"mac-test-009/37-176":        missEdge,
	"mac-test-009/51-103":        missOutside,
	"mac-test-013/12-181":        missEdge,
	"mac-test-013/15-53+85-141":  missOutside,
	"mac-test-013/44-81+104-142": missEdge,
	"mac-test-021/20-48+68-97":   missEdge,
	"mac-test-021/37-67+100-146": missEdge,
	"bible-ec/46-88+140-208":     missEdge,
	"bible-ec/194-222":           missOutside,
	"bible-mk/60-193+340-471":    missGap,
	"bible-ph/9-33+52-67":        missGap,
	"bible-ph/24-38+55-71":       missGap,
	"bible-rt/0-9":               missEdge,
	"bible-rt/13-28+39-60":       missGap,
	"bible-rt/14-33+48-70":       missGap,
	"bible-rt/39-85":             missOutside,
}

// TestPartialTranslations aligns translations of parts of the development
// documents with the whole documents: nothing may be filled outside the
// parts, the ends of every part land in their place, and inside the parts
// the beads are as right as on whole texts. Every cut but those of
// knownMisses is placed exactly; over all cuts, floors bound the misses;
// in every cut, an end that misses its place or a bead that fills source
// outside the parts must not be shown as sure.
func TestPartialTranslations(t *testing.T) {
	if testing.Short() {
		t.Skip("aligns many cuts of the development set")
	}
	// Two sets of cuts, so that the floors are not set by a lucky few. The
	// floors are what the aligner reaches, less a cut's worth: literary
	// zh-en is translated freely enough that a part's first or last
	// sentence is sometimes taken for its neighbour's, and in the letters
	// of the Bible the same phrases recur so often, with few names to tell
	// the verses apart, that a short part finds a likelier place elsewhere.
	// Those beads are shown as unsure (see TestCalibration).
	for _, set := range []struct {
		split, ext string
		placed     float64 // share of part ends in place, all cuts
		onePart    float64 // the same for single parts
		outside    float64 // most beads filling source outside the parts
	}{
		{"zh-en/dev", "en", 0.96, 0.975, 0.001},
		{"zh-es/dev", "es", 0.94, 0.97, 0.0015},
	} {
		if only := os.Getenv("ALIGN_SPLIT"); only != "" && only != set.ext {
			continue
		}
		t.Run(set.split, func(t *testing.T) {
			var total partialResult
			kinds := map[string]*partialResult{}
			cases := append(partialCases(t, set.split, set.ext, 1), partialCases(t, set.split, set.ext, 2)...)
			for _, pc := range cases {
				r := runPartial(t, pc, set.ext)
				total.beads += r.beads
				total.right += r.right
				total.ends += r.ends
				total.filledOutside += r.filledOutside
				total.endsMisplaced += r.endsMisplaced
				k := kinds[pc.kind]
				if k == nil {
					k = &partialResult{}
					kinds[pc.kind] = k
				}
				k.ends += r.ends
				k.endsMisplaced += r.endsMisplaced
				if testing.Verbose() {
					for _, f := range r.failedPlacements {
						t.Log(f)
					}
				}
				for _, f := range r.sureMistakes {
					t.Errorf("shown as sure: %s", f)
				}
				exact := r.endsMisplaced == 0 && r.filledOutside == 0
				switch why, known := knownMisses[pc.name]; {
				case !exact && !known:
					t.Errorf("%s is not placed exactly: %s", pc.name, strings.Join(r.failedPlacements, "; "))
				case exact && known:
					t.Errorf("%s is placed exactly now (it was listed: %s): take it out of knownMisses", pc.name, why)
				}
			}
			share := float64(total.right) / float64(total.beads)
			outside := float64(total.filledOutside) / float64(total.beads)
			placed := 1 - float64(total.endsMisplaced)/float64(total.ends)
			t.Logf("%d cuts: %d beads, %.3f right; %d (%.4f) fill source outside the parts; %d of %d part ends (%.3f) in place",
				len(cases), total.beads, share, total.filledOutside, outside, total.ends-total.endsMisplaced, total.ends, placed)
			var one partialResult
			for _, kind := range []string{"prefix", "suffix", "middle", "nearly whole", "two parts"} {
				k := kinds[kind]
				t.Logf("  %-12s %3d of %3d part ends in place", kind, k.ends-k.endsMisplaced, k.ends)
				if kind != "two parts" {
					one.ends += k.ends
					one.endsMisplaced += k.endsMisplaced
				}
			}
			if outside > set.outside {
				t.Errorf("%.4f of the beads fill source sentences outside the translated parts, want at most %.3f", outside, set.outside)
			}
			if placed < set.placed {
				t.Errorf("%.3f of the part ends in place, want at least %.2f", placed, set.placed)
			}
			if p := 1 - float64(one.endsMisplaced)/float64(one.ends); p < set.onePart {
				t.Errorf("%.3f of the ends of single parts in place, want at least %.2f", p, set.onePart)
			}
			if share < 0.93 {
				t.Errorf("%.3f of the beads right, want at least 0.93", share)
			}
		})
	}
}

// calibration counts beads and right ones per confidence band.
type calibration struct {
	bands        []float64 // lower bounds, ascending
	count, right []int
}

func newCalibration() *calibration {
	b := []float64{0, 0.5, 0.7, 0.9, 0.99}
	return &calibration{bands: b, count: make([]int, len(b)), right: make([]int, len(b))}
}

func (c *calibration) add(conf float64, ok bool) {
	k := len(c.bands) - 1
	for k > 0 && conf < c.bands[k] {
		k--
	}
	c.count[k]++
	if ok {
		c.right[k]++
	}
}

// above is the share of right beads among those at or above conf.
func (c *calibration) above(conf float64) (float64, int) {
	n, r := 0, 0
	for k, b := range c.bands {
		if b >= conf {
			n += c.count[k]
			r += c.right[k]
		}
	}
	if n == 0 {
		return 1, 0
	}
	return float64(r) / float64(n), n
}

func (c *calibration) String() string {
	var sb strings.Builder
	for k, b := range c.bands {
		hi := 1.0
		if k+1 < len(c.bands) {
			hi = c.bands[k+1]
		}
		share := 0.0
		if c.count[k] > 0 {
			share = float64(c.right[k]) / float64(c.count[k])
		}
		fmt.Fprintf(&sb, "  [%.2f, %.2f%s %5d beads, %.3f right\n", b, hi, map[bool]string{true: "]", false: ")"}[k+1 == len(c.bands)], c.count[k], share)
	}
	return sb.String()
}

// TestCalibration checks that confidences mean what they say on whole
// development documents and on partial translations cut from them: beads
// shown at 0.9 or more are right at least 99 % of the time.
func TestCalibration(t *testing.T) {
	if testing.Short() {
		t.Skip("aligns the development set")
	}
	for _, set := range []struct{ split, ext string }{{"zh-en/dev", "en"}, {"zh-es/dev", "es"}} {
		if only := os.Getenv("ALIGN_SPLIT"); only != "" && only != set.ext {
			continue
		}
		t.Run(set.split, func(t *testing.T) {
			// The source outside the parts makes beads of its own, which
			// are right and sure: the beads holding target text are
			// counted apart as well, so that those cannot hide theirs.
			whole, part, paired := newCalibration(), newCalibration(), newCalibration()
			for _, d := range goldDocs(t, set.split, set.ext) {
				beads, err := Align(d.src, d.tgt, Options{SrcLang: "zh", TgtLang: set.ext})
				if err != nil {
					t.Fatal(err)
				}
				for k, ok := range judge(beads, d.gold, d.coarse) {
					whole.add(beads[k].Confidence, ok)
				}
			}
			cases := partialCases(t, set.split, set.ext, 2)
			for k, pc := range cases {
				if k%2 == 1 {
					continue // half of them: the partial test runs them all
				}
				r := runPartial(t, pc, set.ext)
				for k := range r.conf {
					part.add(r.conf[k], r.correct[k])
					if r.paired[k] {
						paired.add(r.conf[k], r.correct[k])
					}
				}
			}
			for name, c := range map[string]*calibration{"whole documents": whole, "partial translations": part, "partial translations, beads holding target": paired} {
				share, n := c.above(0.9)
				t.Logf("%s:\n%s  at 0.9 or more: %d beads, %.4f right", name, c, n, share)
				if share < 0.99 {
					t.Errorf("%s: beads at 0.9 or more are %.4f right, want 0.99", name, share)
				}
			}
		})
	}
}

// TestWholeTextsTold checks that the part search takes every whole
// development document for whole: one taken for a part is aligned as one,
// and pays for the finer search and the alignment of the parts.
func TestWholeTextsTold(t *testing.T) {
	for _, set := range []struct{ split, ext string }{{"zh-en/dev", "en"}, {"zh-es/dev", "es"}} {
		for _, d := range devDocs(t, set.split, set.ext) {
			opt, err := withDictionary(Options{SrcLang: "zh", TgtLang: set.ext})
			if err != nil {
				t.Fatal(err)
			}
			s, _ := prepare(d.src, d.tgt, &opt)
			if parts, whole := s.locateParts(opt); !whole {
				t.Errorf("%s: located as parts %v of %d sentences, want whole", d.name, parts, len(d.src))
			}
		}
	}
}

// BenchmarkPartSearch measures what the search for partial translations
// costs whole texts: the whole development documents of each language pair
// aligned with it ("with") and without it ("without"), and the search alone
// ("locate"). The share is with/without − 1.
func BenchmarkPartSearch(b *testing.B) {
	for _, set := range []struct{ split, ext string }{{"zh-en/dev", "en"}, {"zh-es/dev", "es"}} {
		docs := devDocs(b, set.split, set.ext)
		for _, mode := range []string{"with", "without"} {
			b.Run(set.ext+"/"+mode, func(b *testing.B) {
				for b.Loop() {
					for _, d := range docs {
						opt := Options{SrcLang: "zh", TgtLang: set.ext}
						opt.located = mode == "without"
						if _, err := Align(d.src, d.tgt, opt); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
		b.Run(set.ext+"/locate", func(b *testing.B) {
			type prepared struct {
				s   *scorer
				opt Options
			}
			var ps []prepared
			for _, d := range docs {
				opt, err := withDictionary(Options{SrcLang: "zh", TgtLang: set.ext})
				if err != nil {
					b.Fatal(err)
				}
				s, _ := prepare(d.src, d.tgt, &opt)
				ps = append(ps, prepared{s, opt})
			}
			for b.Loop() {
				for _, p := range ps {
					p.s.locateParts(p.opt)
				}
			}
		})
	}
}
