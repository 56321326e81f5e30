package term

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"alinea/align/text"
)

// Candidate is a string proposed as a new glossary term.
type Candidate struct {
	Text  string // as folded (see text.Fold); Han characters are unchanged by folding
	Count int    // occurrences counted for it
	Score float64
	// The statistics behind the score. LeftEntropy and RightEntropy (in
	// nats) say how freely the string combines with what comes before and
	// after it. Cohesion, in [0,1], and PMI (in nats) say how strongly its
	// parts hold together, at its weakest split point.
	LeftEntropy, RightEntropy float64
	Cohesion, PMI             float64
	Occurrences               []Occurrence
}

// Occurrence is where a candidate occurs: segment index and byte offsets
// into the original segment text, End exclusive.
type Occurrence struct {
	Segment    int
	Start, End int
}

// DiscoverOptions tune Discover; zero values take the defaults.
type DiscoverOptions struct {
	MinLen, MaxLen int // in characters; default 2 and 8
	MinCount       int // default 2
	Limit          int // at most this many candidates; default 100, <0 for all
	// Known is the current glossary: its terms are not proposed again, and
	// occurrences inside its terms do not count.
	Known *Matcher
}

// Discover proposes candidate terms for a Chinese document, given as its
// segments: recurring runs of 2–8 Han characters that hold together and
// have stable boundaries. Each is measured by
//
//   - frequency: it occurs at least MinCount times;
//   - boundaries: the characters just before and just after its
//     occurrences vary (left and right branching entropy; the edge of a Han
//     run counts as a new neighbour each time). A fragment of a longer
//     word is always preceded or followed by the same character, so one of
//     its entropies is low;
//   - cohesion: at every way of cutting it in two, one part rarely occurs
//     without the other (the larger of the two conditional probabilities,
//     at the weakest cut). This separates fixed units (气候变化: 气候 and 变化
//     only occur together) from free combinations of common words (鼓励双方);
//     pointwise mutual information, which overrates rare pairs in a single
//     document, only has to be positive.
//
// The score multiplies the evidence of the count (1 − e^(−count/3), which
// saturates: frequency alone does not make a term), the lower branching
// entropy relative to its ceiling (ln(count+2)), the cohesion, and log2 of
// the length (longer strings are likelier terms than words). Among
// candidates that contain one another, a string is dropped when a
// better-scored one contains it and accounts for most of its occurrences
// (a fragment), or when it contains a better-scored one (the rest is
// context). Strings inside the Known glossary's terms are not counted, so
// existing terms are not proposed again. Candidates come best first.
func Discover(segments []string, opt DiscoverOptions) []Candidate {
	if opt.MinLen < 2 {
		opt.MinLen = 2
	}
	if opt.MaxLen < opt.MinLen {
		opt.MaxLen = max(8, opt.MinLen)
	}
	if opt.MinCount < 2 {
		opt.MinCount = 2
	}
	if opt.Limit == 0 {
		opt.Limit = 100
	}
	d := newDiscovery(segments, opt)
	d.count()
	d.collect()
	d.score()
	return d.rank()
}

// hanRun is a maximal run of Han characters in a folded segment.
type hanRun struct {
	seg  int
	pos  []int // folded byte offset of each character, and the end
	text string
	// inKnown marks characters covered by a known glossary term.
	inKnown []bool
}

type discovery struct {
	opt    DiscoverOptions
	folded []text.Folded
	runs   []hanRun
	total  float64 // Han characters in the document
	counts map[string]int32
	cands  map[string]*cand
}

type cand struct {
	text string
	n    int // characters
	occ  []Occurrence
	// The characters before and after each occurrence; -1 is the edge of
	// a Han run, which counts as a different neighbour every time.
	left, right []rune
	Candidate
}

func newDiscovery(segments []string, opt DiscoverOptions) *discovery {
	d := &discovery{opt: opt, folded: make([]text.Folded, len(segments)), counts: map[string]int32{}, cands: map[string]*cand{}}
	for si, s := range segments {
		f := text.Fold(s)
		d.folded[si] = f
		var known []text.Span
		if opt.Known.Len() > 0 {
			for _, h := range opt.Known.FindAll(s) {
				known = append(known, text.Span{Start: h.Start, End: h.End})
			}
		}
		var run *hanRun
		for i, r := range f.Text {
			if !unicode.Is(unicode.Han, r) {
				if run != nil {
					run.pos = append(run.pos, i)
					d.addRun(run, f)
					run = nil
				}
				continue
			}
			if run == nil {
				run = &hanRun{seg: si}
			}
			run.pos = append(run.pos, i)
			os, oe := f.Orig(i, i+utf8.RuneLen(r))
			run.inKnown = append(run.inKnown, overlapsAny(text.Span{Start: os, End: oe}, known))
		}
		if run != nil {
			run.pos = append(run.pos, len(f.Text))
			d.addRun(run, f)
		}
	}
	return d
}

func (d *discovery) addRun(r *hanRun, f text.Folded) {
	r.text = f.Text[r.pos[0]:r.pos[len(r.pos)-1]]
	d.runs = append(d.runs, *r)
	d.total += float64(len(r.pos) - 1)
}

// count counts every substring of up to MaxLen characters, the parts
// included, since cohesion needs the counts of the parts.
func (d *discovery) count() {
	d.counts = make(map[string]int32, int(d.total)*d.opt.MaxLen/2)
	for _, r := range d.runs {
		n := len(r.pos) - 1
		for i := range n {
			for l := 1; l <= d.opt.MaxLen && i+l <= n; l++ {
				d.counts[d.sub(r, i, l)]++
			}
		}
	}
}

func (d *discovery) sub(r hanRun, i, l int) string {
	base := r.pos[0]
	return r.text[r.pos[i]-base : r.pos[i+l]-base]
}

// collect gathers the occurrences and neighbours of the frequent strings.
func (d *discovery) collect() {
	for _, r := range d.runs {
		n := len(r.pos) - 1
		for i := range n {
			for l := d.opt.MinLen; l <= d.opt.MaxLen && i+l <= n; l++ {
				s := d.sub(r, i, l)
				if int(d.counts[s]) < d.opt.MinCount {
					break // a longer string is no more frequent
				}
				if allKnown(r.inKnown[i : i+l]) {
					continue
				}
				c := d.cands[s]
				if c == nil {
					c = &cand{text: s, n: l}
					d.cands[s] = c
				}
				f := d.folded[r.seg]
				os, oe := f.Orig(r.pos[i], r.pos[i+l])
				c.occ = append(c.occ, Occurrence{Segment: r.seg, Start: os, End: oe})
				lr, rr := rune(-1), rune(-1)
				if i > 0 {
					lr, _ = utf8.DecodeRuneInString(r.text[r.pos[i-1]-r.pos[0]:])
				}
				if i+l < n {
					rr, _ = utf8.DecodeRuneInString(r.text[r.pos[i+l]-r.pos[0]:])
				}
				c.left = append(c.left, lr)
				c.right = append(c.right, rr)
			}
		}
	}
}

func allKnown(b []bool) bool {
	for _, k := range b {
		if !k {
			return false
		}
	}
	return true
}

// entropy of the neighbours ns, in which each edge (-1) is a neighbour of
// its own. It sorts ns.
func entropy(ns []rune) float64 {
	if len(ns) == 0 {
		return 0
	}
	slices.Sort(ns)
	total := float64(len(ns))
	h := 0.0
	for i := 0; i < len(ns); {
		j := i + 1
		if ns[i] >= 0 {
			for j < len(ns) && ns[j] == ns[i] {
				j++
			}
		}
		p := float64(j-i) / total
		h -= p * math.Log(p)
		i = j
	}
	return h
}

func (d *discovery) score() {
	for s, c := range d.cands {
		if len(c.occ) < d.opt.MinCount {
			delete(d.cands, s)
			continue
		}
		c.Text = s
		c.Count = len(c.occ)
		c.Occurrences = c.occ
		c.LeftEntropy = entropy(c.left)
		c.RightEntropy = entropy(c.right)
		c.Cohesion = d.overlap(s)
		c.PMI = d.pmi(s)
		if c.PMI <= 0 {
			continue // no more frequent than chance
		}
		// The more occurrences, the more the statistics can be trusted,
		// but frequency alone says little: it saturates.
		evidence := 1 - math.Exp(-float64(c.Count)/3)
		// Entropy grows with the number of occurrences (at most log n), so
		// it is taken relative to that, with a margin that keeps two
		// chance-different neighbours from looking like a perfect boundary.
		boundary := math.Min(c.LeftEntropy, c.RightEntropy) / math.Log(float64(c.Count)+2)
		// Longer strings are likelier to be terms than words.
		length := math.Log2(float64(c.n))
		c.Score = evidence * boundary * c.Cohesion * length
	}
}

// overlap is the lowest, over the ways of cutting s in two, of the larger
// conditional probability of one part given the other.
func (d *discovery) overlap(s string) float64 {
	g := float64(d.counts[s])
	lowest := 1.0
	for i := range s {
		if i == 0 {
			continue
		}
		a, b := float64(d.counts[s[:i]]), float64(d.counts[s[i:]])
		lowest = math.Min(lowest, g/math.Min(a, b))
	}
	return lowest
}

// pmi is the lowest pointwise mutual information over the ways of cutting
// s in two.
func (d *discovery) pmi(s string) float64 {
	g := float64(d.counts[s])
	lowest := math.Inf(1)
	for i := range s {
		if i == 0 {
			continue
		}
		a, b := float64(d.counts[s[:i]]), float64(d.counts[s[i:]])
		lowest = math.Min(lowest, math.Log(g*d.total/(a*b)))
	}
	return lowest
}

func (d *discovery) rank() []Candidate {
	list := make([]*cand, 0, len(d.cands))
	for _, c := range d.cands {
		if c.Score > 0 {
			list = append(list, c)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Score != list[j].Score {
			return list[i].Score > list[j].Score
		}
		return list[i].Text < list[j].Text
	})
	var kept []*cand
	for _, c := range list {
		if d.opt.Limit > 0 && len(kept) >= d.opt.Limit {
			break
		}
		if !d.dominated(c, kept) {
			kept = append(kept, c)
		}
	}
	var out []Candidate
	for _, c := range kept {
		out = append(out, c.Candidate)
	}
	return out
}

// dominated reports whether c, weaker than every candidate in better, is
// made redundant by one of them: it contains a better candidate (its extra
// characters are context, not term), or it is contained in better ones
// that account for most of its occurrences (it is a fragment of them).
func (d *discovery) dominated(c *cand, better []*cand) bool {
	var supers []*cand
	for _, b := range better {
		if strings.Contains(c.text, b.text) {
			return true
		}
		if strings.Contains(b.text, c.text) {
			supers = append(supers, b)
		}
	}
	if len(supers) == 0 {
		return false
	}
	free := 0
	for _, o := range c.occ {
		inside := false
		for _, b := range supers {
			for _, bo := range b.occ {
				if bo.Segment == o.Segment && bo.Start <= o.Start && o.End <= bo.End {
					inside = true
					break
				}
			}
			if inside {
				break
			}
		}
		if !inside {
			free++
		}
	}
	return free < d.opt.MinCount || 2*free < len(c.occ)
}
