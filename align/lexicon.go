package align

import "sort"

// vocab numbers the distinct units of one side.
type vocab struct {
	ids   map[string]int32
	names []string
	count []float64
}

func newVocab() *vocab { return &vocab{ids: map[string]int32{}} }

func (v *vocab) id(s string) int32 {
	if id, ok := v.ids[s]; ok {
		return id
	}
	id := int32(len(v.names))
	v.ids[s] = id
	v.names = append(v.names, s)
	v.count = append(v.count, 0)
	return id
}

// probs returns the unigram probability of every unit in the document,
// the background against which translation evidence is measured.
func (v *vocab) probs() []float64 {
	var total float64
	for _, c := range v.count {
		total += c
	}
	p := make([]float64, len(v.count))
	for i, c := range v.count {
		p[i] = (c + 0.5) / (total + 0.5*float64(len(v.count)))
	}
	return p
}

type lexEntry struct {
	id int32
	p  float32
}

// lexicon holds translation associations in both directions: fwd[z] lists
// target units e with t(e|z), rev[e] lists source units z with t(z|e).
type lexicon struct {
	fwd, rev [][]lexEntry
}

func newLexicon(nSrc, nTgt int) *lexicon {
	return &lexicon{fwd: make([][]lexEntry, nSrc), rev: make([][]lexEntry, nTgt)}
}

// add records an association of weight w in both directions, adding to
// what is there.
func (lx *lexicon) add(z, e int32, w float32) {
	lx.fwd[z] = addEntry(lx.fwd[z], e, w)
	lx.rev[e] = addEntry(lx.rev[e], z, w)
}

func addEntry(list []lexEntry, id int32, w float32) []lexEntry {
	for k := range list {
		if list[k].id == id {
			list[k].p += w
			return list
		}
	}
	return append(list, lexEntry{id, w})
}

func (lx *lexicon) merge(o *lexicon) {
	for z, l := range o.fwd {
		for _, en := range l {
			lx.fwd[z] = addEntry(lx.fwd[z], en.id, en.p)
		}
	}
	for e, l := range o.rev {
		for _, en := range l {
			lx.rev[e] = addEntry(lx.rev[e], en.id, en.p)
		}
	}
}

// trainingPair is a source and a target stretch believed to translate each
// other, with how much it is believed.
type trainingPair struct {
	src, tgt []int32
	weight   float64
}

// Model-1 settings. Few iterations suffice on a document, and pruning keeps
// scoring fast and drops associations that rest on one co-occurrence among
// many.
const (
	model1Iterations = 4
	model1Prune      = 0.02
	model1MaxPairs   = 1000000
)

// trainModel1 learns t(e|z) and t(z|e) with IBM Model 1 (each direction with
// an empty word that takes up what has no counterpart) from pairs taken from
// the document pair itself, so no dictionary is needed and the same method
// serves every target language.
func trainModel1(pairs []trainingPair, nSrc, nTgt int) *lexicon {
	// Bound the work on very long documents: evenly spaced pairs teach as
	// much about frequent words as all of them would.
	total := 0
	for _, p := range pairs {
		total += (len(p.src) + 1) * (len(p.tgt) + 1)
	}
	if total > model1MaxPairs {
		step := float64(total) / model1MaxPairs
		var kept []trainingPair
		for x := 0.0; int(x) < len(pairs); x += step {
			kept = append(kept, pairs[int(x)])
		}
		pairs = kept
	}
	nullZ, nullE := int32(nSrc), int32(nTgt)
	total = 0
	for _, p := range pairs {
		total += (len(p.src) + 1) * (len(p.tgt) + 1)
	}
	// On documents, about one cell in five is a new pair: sized for that,
	// the index seldom grows (growing rehashes every pair seen so far).
	index := newPairIndex(max(1<<12, nextPow2(total/2)))
	index.keys = make([]uint64, 0, total/4)
	flat := make([]int32, 0, total)
	cells := make([][]int32, len(pairs))
	for k, p := range pairs {
		from := len(flat)
		for zi := 0; zi <= len(p.src); zi++ {
			z := nullZ
			if zi < len(p.src) {
				z = p.src[zi]
			}
			for ei := 0; ei <= len(p.tgt); ei++ {
				e := nullE
				if ei < len(p.tgt) {
					e = p.tgt[ei]
				}
				flat = append(flat, index.get(uint64(uint32(z))<<32|uint64(uint32(e))))
			}
		}
		cells[k] = flat[from:len(flat):len(flat)]
	}
	keys := index.keys
	// The forward direction reads a pair's cells target word by target
	// word: a copy laid out that way reads them in order.
	byTgt := make([]int32, len(flat))
	tcells := make([][]int32, len(pairs))
	from := 0
	for k, p := range pairs {
		S, T := len(p.src)+1, len(p.tgt)+1
		c, tc := cells[k], byTgt[from:from+S*T:from+S*T]
		for z := range S {
			for e := range T {
				tc[e*S+z] = c[z*T+e]
			}
		}
		tcells[k] = tc
		from += S * T
	}
	fwd := trainDirection(pairs, tcells, keys, nSrc+1, false)
	rev := trainDirection(pairs, cells, keys, nTgt+1, true)

	lx := newLexicon(nSrc, nTgt)
	for k, key := range keys {
		z, e := int32(key>>32), int32(uint32(key))
		if z == nullZ || e == nullE {
			continue
		}
		if fwd[k] >= model1Prune {
			lx.fwd[z] = append(lx.fwd[z], lexEntry{e, float32(fwd[k])})
		}
		if rev[k] >= model1Prune {
			lx.rev[e] = append(lx.rev[e], lexEntry{z, float32(rev[k])})
		}
	}
	for _, l := range lx.fwd {
		sort.Slice(l, func(a, b int) bool { return l[a].id < l[b].id })
	}
	for _, l := range lx.rev {
		sort.Slice(l, func(a, b int) bool { return l[a].id < l[b].id })
	}
	return lx
}

// trainDirection runs EM for t(e|z) (or t(z|e) when reverse) over the pair
// cells, laid out by the unit generated: for t(z|e), cell k of a pair is
// (source position k / T, target position k % T), and for t(e|z) (target
// position k / S, source position k % S), S and T counting the empty
// word, which is last on each side.
func trainDirection(pairs []trainingPair, cells [][]int32, keys []uint64, nCond int, reverse bool) []float64 {
	t := make([]float64, len(keys))
	for k := range t {
		t[k] = 1
	}
	count := make([]float64, len(keys))
	total := make([]float64, nCond)
	var col []float64
	for it := 0; it < model1Iterations; it++ {
		clear(count)
		clear(total)
		for pi, p := range pairs {
			c := cells[pi]
			// Each unit (the empty one excluded) is generated by one of
			// the other side's units or its empty word.
			gen, cond := len(p.tgt), len(p.src)+1
			if reverse {
				gen, cond = len(p.src), len(p.tgt)+1
			}
			for g := range gen {
				row := c[g*cond : g*cond+cond]
				var norm float64
				for _, k := range row {
					norm += t[k]
				}
				if norm == 0 {
					continue
				}
				f := p.weight / norm
				for _, k := range row {
					count[k] += t[k] * f
				}
			}
		}
		col = col[:0]
		for k, key := range keys {
			cond := int32(key >> 32)
			if reverse {
				cond = int32(uint32(key))
			}
			total[cond] += count[k]
		}
		for k, key := range keys {
			cond := int32(key >> 32)
			if reverse {
				cond = int32(uint32(key))
			}
			if total[cond] > 0 {
				t[k] = count[k] / total[cond]
			} else {
				t[k] = 0
			}
		}
	}
	return t
}

// pairIndex numbers (source, target) unit pairs: an open-addressing table,
// several times faster than a map for the millions of lookups training
// makes on a long document.
type pairIndex struct {
	slots []int32 // index into keys, −1 when empty
	keys  []uint64
	mask  uint64
}

// nextPow2 is the least power of two ≥ x (1 for x ≤ 1).
func nextPow2(x int) int {
	p := 1
	for p < x {
		p <<= 1
	}
	return p
}

func newPairIndex(size int) *pairIndex {
	p := &pairIndex{slots: make([]int32, size), mask: uint64(size - 1)}
	for i := range p.slots {
		p.slots[i] = -1
	}
	return p
}

// get returns the number of key, numbering it if new.
func (p *pairIndex) get(key uint64) int32 {
	h := key * 0x9E3779B97F4A7C15
	for i := h >> 32 & p.mask; ; i = (i + 1) & p.mask {
		k := p.slots[i]
		if k < 0 {
			k = int32(len(p.keys))
			p.slots[i] = k
			p.keys = append(p.keys, key)
			if len(p.keys)*2 > len(p.slots) {
				p.grow()
			}
			return k
		}
		if p.keys[k] == key {
			return k
		}
	}
}

func (p *pairIndex) grow() {
	p.slots = make([]int32, len(p.slots)*2)
	p.mask = uint64(len(p.slots) - 1)
	for i := range p.slots {
		p.slots[i] = -1
	}
	for k, key := range p.keys {
		h := key * 0x9E3779B97F4A7C15
		i := h >> 32 & p.mask
		for p.slots[i] >= 0 {
			i = (i + 1) & p.mask
		}
		p.slots[i] = int32(k)
	}
}
