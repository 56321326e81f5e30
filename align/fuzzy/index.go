package fuzzy

import (
	"cmp"
	"math/bits"
	"slices"
	"sort"
	"sync"
)

// Index finds every unit whose key is at least min percent similar to a
// query, exactly as comparing the query with every unit would, while looking
// at few of them.
//
// Why it loses nothing: a unit of m characters within k edits of a query of
// n characters has at least max(n, m) − k of the query's character
// occurrences in common with it (each edit spoils at most one), so with
// T = max(n, m) − k it must contain one of any n − T + 1 of the query's
// occurrences. The index takes those from the query's rarest characters and
// reads their posting lists. Units are numbered in order of length, so a
// posting list read for a range of lengths is one contiguous run of it, and
// the longer a unit is the more it must share and the fewer lists are read.
// Each candidate is then measured exactly with Myers' bit-parallel distance.
// Short queries need no path of their own: T is at least 1 for any min above
// 0, so even a one-character query reads one list.
//
// Units added after Build wait in a tail that is compared one by one until
// the next Build. An Index is safe for concurrent use.
type Index struct {
	mu sync.RWMutex

	// Character ids: bmp[r] is id+1 for the Basic Multilingual Plane (a
	// table, as every character of every unit is looked up on load),
	// astral the rest.
	bmp    []uint32
	astral map[rune]uint32
	nAlpha int
	// The built part: units ordered by (length, id); ordinal i has key
	// chars[offs[i]:offs[i+1]].
	ids      []int64
	offs     []uint32
	chars    []uint32
	byLen    []uint32   // byLen[m] = first ordinal of length ≥ m
	postings [][]uint32 // per character id, the ordinals holding it, ascending
	dead     []bool     // removed since Build
	// The most frequent characters get a bit each, and sig[ordinal] marks
	// which of them a unit holds: a search counts them from the bits
	// instead of reading their long posting lists.
	sigBit []int8 // per character id, its bit or -1
	sig    []uint64
	// byID finds a built unit's ordinal, by binary search: a sorted slice
	// costs a fraction of a map's memory and build time at a million
	// units, and is read only to remove one.
	byID  []idOrd
	nDead int

	tail map[int64][]uint32 // added since Build
	// Units added before the first Build, keys in arena, in order of
	// addition. While ids come in ascending order (as a store reads them)
	// an id is found by binary search; pendingAt maps them once one comes
	// out of order.
	pending   []pendingEntry
	pendingAt map[int64]int
	nPending  int
	arena     [][]uint32 // in chunks, so that growing never copies

	scratch sync.Pool
}

type span struct{ chunk, off, n uint32 }

// arenaChunk is the size of a chunk of pending keys, in characters.
const arenaChunk = 1 << 20

type pendingEntry struct {
	id   int64
	sp   span
	gone bool // removed, or replaced by a later entry
}

type idOrd struct {
	id  int64
	ord uint32
}

type pendingUnit struct {
	id  int64
	key []uint32
}

// Hit is a unit found by Search.
type Hit struct {
	ID         int64
	Similarity float64 // 0–100, not rounded
	Distance   int
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{bmp: make([]uint32, 0x10000), astral: map[rune]uint32{}, tail: map[int64][]uint32{}, byLen: []uint32{0}}
}

// Len is the number of units the index holds.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.ids) - ix.nDead + len(ix.tail) + ix.nPending
}

// encode maps a normalized key to character ids, adding new characters when
// add is set (noID otherwise). Caller holds the lock it needs.
func (ix *Index) encode(key string, add bool) []uint32 {
	return ix.appendEncoded(make([]uint32, 0, len(key)), key, add)
}

func (ix *Index) appendEncoded(out []uint32, key string, add bool) []uint32 {
	for _, r := range key {
		var id uint32
		ok := false
		if r < 0x10000 {
			if v := ix.bmp[r]; v != 0 {
				id, ok = v-1, true
			}
		} else {
			id, ok = ix.astral[r]
		}
		if !ok {
			if !add {
				out = append(out, noID)
				continue
			}
			id = uint32(ix.nAlpha)
			ix.nAlpha++
			if r < 0x10000 {
				ix.bmp[r] = id + 1
			} else {
				ix.astral[r] = id
			}
		}
		out = append(out, id)
	}
	return out
}

func (ix *Index) pendingKey(sp span) []uint32 {
	return ix.arena[sp.chunk][sp.off : sp.off+sp.n : sp.off+sp.n]
}

// Add puts a unit with a normalized key (see Normalize) into the index,
// replacing any unit with the same id. Units added before Build are indexed
// by it; later ones wait in the tail until the next Build.
func (ix *Index) Add(id int64, key string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if len(ix.ids) == 0 && len(ix.tail) == 0 {
		ix.addPending(id, key)
		return
	}
	ix.removeLocked(id)
	ix.tail[id] = ix.encode(key, true)
}

func (ix *Index) addPending(id int64, key string) {
	n := len(ix.pending)
	if ix.pendingAt == nil && n > 0 && id <= ix.pending[n-1].id {
		ix.pendingAt = make(map[int64]int, n+1)
		for i, e := range ix.pending {
			if !e.gone {
				ix.pendingAt[e.id] = i
			}
		}
	}
	if ix.pendingAt != nil {
		// Only an id that came out of order can be there already.
		ix.removePending(id)
	}
	c := len(ix.arena) - 1
	// A key has at most as many characters as bytes.
	if c < 0 || cap(ix.arena[c])-len(ix.arena[c]) < len(key) {
		ix.arena = append(ix.arena, make([]uint32, 0, max(arenaChunk, len(key))))
		c++
	}
	off := len(ix.arena[c])
	ix.arena[c] = ix.appendEncoded(ix.arena[c], key, true)
	ix.pending = append(ix.pending, pendingEntry{id: id, sp: span{uint32(c), uint32(off), uint32(len(ix.arena[c]) - off)}})
	ix.nPending++
	if ix.pendingAt != nil {
		ix.pendingAt[id] = n
	}
}

func (ix *Index) removePending(id int64) {
	i, ok := -1, false
	if ix.pendingAt != nil {
		i, ok = ix.pendingAt[id]
		delete(ix.pendingAt, id)
	} else {
		i, ok = slices.BinarySearchFunc(ix.pending, id, func(e pendingEntry, id int64) int { return cmp.Compare(e.id, id) })
	}
	if ok && !ix.pending[i].gone {
		ix.pending[i].gone = true
		ix.nPending--
	}
}

// Remove takes a unit out of the index; unknown ids are ignored.
func (ix *Index) Remove(id int64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.removeLocked(id)
}

func (ix *Index) removeLocked(id int64) {
	if i, ok := slices.BinarySearchFunc(ix.byID, id, func(e idOrd, id int64) int { return cmp.Compare(e.id, id) }); ok {
		if o := ix.byID[i].ord; !ix.dead[o] {
			ix.dead[o] = true
			ix.nDead++
		}
	}
	delete(ix.tail, id)
	if ix.nPending > 0 {
		ix.removePending(id)
	}
}

// TailLen is the number of units added since the last Build.
func (ix *Index) TailLen() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.tail) + ix.nPending
}

// Build indexes every unit added so far, so none waits in the tail.
func (ix *Index) Build() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	units := make([]pendingUnit, 0, ix.nPending+len(ix.ids)+len(ix.tail))
	for _, e := range ix.pending {
		if !e.gone {
			units = append(units, pendingUnit{e.id, ix.pendingKey(e.sp)})
		}
	}
	for o, id := range ix.ids {
		if !ix.dead[o] {
			units = append(units, pendingUnit{id, ix.chars[ix.offs[o]:ix.offs[o+1]]})
		}
	}
	for id, k := range ix.tail {
		units = append(units, pendingUnit{id, k})
	}
	units = sortByLength(units)
	total := 0
	maxLen := 0
	for _, u := range units {
		total += len(u.key)
		maxLen = max(maxLen, len(u.key))
	}
	ids := make([]int64, len(units))
	offs := make([]uint32, len(units)+1)
	chars := make([]uint32, 0, total)
	byLen := make([]uint32, maxLen+2)
	byID := make([]idOrd, len(units))
	counts := make([]uint32, ix.nAlpha)
	seen := make([]uint32, ix.nAlpha) // last ordinal+1 that counted a character
	m := 0
	for o, u := range units {
		for m <= len(u.key) {
			byLen[m] = uint32(o)
			m++
		}
		ids[o] = u.id
		byID[o] = idOrd{u.id, uint32(o)}
		chars = append(chars, u.key...)
		offs[o+1] = uint32(len(chars))
		for _, c := range u.key {
			if seen[c] != uint32(o)+1 {
				seen[c] = uint32(o) + 1
				counts[c]++
			}
		}
	}
	for ; m < len(byLen); m++ {
		byLen[m] = uint32(len(units))
	}
	postings := make([][]uint32, ix.nAlpha)
	nPostings := 0
	for _, c := range counts {
		nPostings += int(c)
	}
	// One backing array for every list: a million units hold tens of
	// millions of postings, and one allocation keeps them compact.
	flat := make([]uint32, nPostings)
	pos := 0
	for c, n := range counts {
		postings[c] = flat[pos : pos : pos+int(n)]
		pos += int(n)
	}
	sigBit := make([]int8, ix.nAlpha)
	for i := range sigBit {
		sigBit[i] = -1
	}
	byDF := make([]uint32, 0, len(counts))
	for c, n := range counts {
		if n > 0 {
			byDF = append(byDF, uint32(c))
		}
	}
	slices.SortFunc(byDF, func(a, b uint32) int { return cmp.Compare(counts[b], counts[a]) })
	for bit, c := range byDF[:min(64, len(byDF))] {
		sigBit[c] = int8(bit)
	}
	sig := make([]uint64, len(units))
	clear(seen)
	for o := range units {
		for _, c := range chars[offs[o]:offs[o+1]] {
			if seen[c] != uint32(o)+1 {
				seen[c] = uint32(o) + 1
				postings[c] = append(postings[c], uint32(o))
				if b := sigBit[c]; b >= 0 {
					sig[o] |= 1 << uint(b)
				}
			}
		}
	}
	slices.SortFunc(byID, func(a, b idOrd) int { return cmp.Compare(a.id, b.id) })
	ix.ids, ix.offs, ix.chars, ix.byLen, ix.postings, ix.byID = ids, offs, chars, byLen, postings, byID
	ix.pending, ix.pendingAt, ix.nPending, ix.arena = nil, nil, 0, nil
	ix.sigBit, ix.sig = sigBit, sig
	ix.dead, ix.nDead = make([]bool, len(units)), 0
	ix.tail = map[int64][]uint32{}
}

// sortByLength orders units by key length, then id: a counting sort by
// length (lengths are few), then each length sorted by id where it is not
// already, which it is when the units were added in order of id.
func sortByLength(units []pendingUnit) []pendingUnit {
	maxLen := 0
	for _, u := range units {
		maxLen = max(maxLen, len(u.key))
	}
	start := make([]int, maxLen+2)
	for _, u := range units {
		start[len(u.key)+1]++
	}
	for m := 1; m < len(start); m++ {
		start[m] += start[m-1]
	}
	out := make([]pendingUnit, len(units))
	next := slices.Clone(start[:maxLen+1])
	for _, u := range units {
		out[next[len(u.key)]] = u
		next[len(u.key)]++
	}
	byID := func(a, b pendingUnit) int { return cmp.Compare(a.id, b.id) }
	for m := 0; m <= maxLen; m++ {
		if run := out[start[m]:start[m+1]]; !slices.IsSortedFunc(run, byID) {
			slices.SortFunc(run, byID)
		}
	}
	return out
}

// scratch is one search's working memory.
type scratch struct {
	pat pattern
	// Per ordinal, the epoch that last counted it (high half) and the
	// query occurrences it holds (low half): one word, one cache miss.
	stamp []uint64
	epoch uint32
	chars []charCount
	cands []uint32
	kOf   []int
}

type charCount struct {
	c    uint32
	mult uint32 // occurrences in the query
	df   int
}

func (ix *Index) getScratch() *scratch {
	s, _ := ix.scratch.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	if len(s.stamp) < len(ix.ids) {
		s.stamp = make([]uint64, len(ix.ids))
		s.epoch = 0
	}
	s.epoch++
	if s.epoch == 0 {
		clear(s.stamp)
		s.epoch = 1
	}
	return s
}

// Search returns the units at least min percent similar to the normalized
// query, best first (ties by id), at most limit of them (all when limit ≤ 0).
// min is clamped to at least 1: at 0 every unit would match.
func (ix *Index) Search(query string, min float64, limit int) []Hit {
	if min < 1 {
		min = 1
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	q := ix.encode(query, false)
	s := ix.getScratch()
	defer ix.scratch.Put(s)
	s.pat.reset(q, ix.nAlpha)
	defer s.pat.clear(q)
	var hits []Hit
	if ix.nPending > 0 {
		// Not built yet: compare with each unit.
		for _, e := range ix.pending {
			if e.gone {
				continue
			}
			if h, ok := verify(&s.pat, len(q), e.id, ix.pendingKey(e.sp), min); ok {
				hits = append(hits, h)
			}
		}
		return rank(hits, limit)
	}
	if len(q) == 0 {
		return nil
	}
	ix.count(s, q, min)
	// With a limit, try a high threshold first: when it already yields
	// limit units, no unit below it can be among the best, and far fewer
	// candidates pass its count.
	for _, t := range thresholds(min, limit) {
		hits = ix.verifyAt(s, q, t, hits[:0])
		if limit > 0 && len(hits) >= limit {
			break
		}
	}
	return rank(hits, limit)
}

func thresholds(min float64, limit int) []float64 {
	if limit <= 0 {
		return []float64{min}
	}
	var out []float64
	for _, t := range []float64{90, 75} {
		if t > min {
			out = append(out, t)
		}
	}
	return append(out, min)
}

func rank(hits []Hit, limit int) []Hit {
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Similarity != hits[j].Similarity {
			return hits[i].Similarity > hits[j].Similarity
		}
		return hits[i].ID < hits[j].ID
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

func verify(p *pattern, n int, id int64, key []uint32, min float64) (Hit, bool) {
	m := len(key)
	l := max(n, m)
	k := maxEdits(l, min)
	if abs(n-m) > k {
		return Hit{}, false
	}
	d := p.dist(key, k)
	if d > k {
		return Hit{}, false
	}
	return Hit{ID: id, Similarity: simOf(d, l), Distance: d}, true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// lengths is the range of unit lengths that can reach t against a query of
// n characters: below n down to n − k(n); above n while the extra length
// alone stays within the edits allowed.
func lengths(n int, t float64) (lo, hi int) {
	lo, hi = n-maxEdits(n, t), n
	for m := n + 1; m-n <= maxEdits(m, t); m++ {
		hi = m
	}
	return lo, hi
}

func (ix *Index) ordOfLen(m int) uint32 {
	if m < 0 {
		m = 0
	}
	if m >= len(ix.byLen) {
		return uint32(len(ix.ids))
	}
	return ix.byLen[m]
}

// count finds, for every unit whose length can reach min, how many of the
// query's character occurrences it may share: the candidates (s.cands) and
// their counts of the characters read from posting lists (s.stamp). The most
// frequent characters are left out of the reading while the occurrences
// left out stay fewer than the least any match must share, so a unit no
// list reached cannot match; verifyAt adds them back from the unit's bits.
func (ix *Index) count(s *scratch, q []uint32, minSim float64) {
	n := len(q)
	s.chars = s.chars[:0]
	for _, c := range q {
		if c == noID || int(c) >= len(ix.postings) {
			continue
		}
		found := false
		for i := range s.chars {
			if s.chars[i].c == c {
				s.chars[i].mult++
				found = true
				break
			}
		}
		if !found {
			s.chars = append(s.chars, charCount{c: c, mult: 1, df: len(ix.postings[c])})
		}
	}
	// The fewest characters any unit in range must share with the query.
	mlo, mhi := lengths(n, minSim)
	least := n
	for m := mlo; m <= mhi; m++ {
		l := max(n, m)
		least = min(least, l-maxEdits(l, minSim))
	}
	slices.SortFunc(s.chars, func(a, b charCount) int { return cmp.Compare(b.df, a.df) })
	skipped := 0
	lo, hi := ix.ordOfLen(mlo), ix.ordOfLen(mhi+1)
	s.cands = s.cands[:0]
	for i := range s.chars {
		ch := &s.chars[i]
		if ix.sigBit[ch.c] >= 0 && skipped+int(ch.mult) < least {
			skipped += int(ch.mult)
			ch.df = -1 // counted from the bits
			continue
		}
		list := ix.postings[ch.c]
		start, _ := slices.BinarySearch(list, lo)
		for _, ord := range list[start:] {
			if ord >= hi {
				break
			}
			if uint32(s.stamp[ord]>>32) != s.epoch {
				s.stamp[ord] = uint64(s.epoch) << 32
				s.cands = append(s.cands, ord)
			}
			s.stamp[ord] += uint64(ch.mult)
		}
	}
	// Add the characters counted from bits, one mask per multiplicity so a
	// unit's share of them is a few popcounts, and keep the candidates that
	// share enough for min: no stricter threshold can want the others.
	var layers [8]uint64
	extra := 0 // occurrences beyond the layers, counted as shared
	for _, ch := range s.chars {
		if ch.df != -1 {
			continue
		}
		bit := uint64(1) << uint(ix.sigBit[ch.c])
		for k := 0; k < int(ch.mult); k++ {
			if k < len(layers) {
				layers[k] |= bit
			} else {
				extra++
			}
		}
	}
	s.kOf = s.kOf[:0]
	for l := 0; l <= max(n, mhi); l++ {
		s.kOf = append(s.kOf, maxEdits(l, minSim))
	}
	kept := s.cands[:0]
	for _, ord := range s.cands {
		if ix.dead[ord] {
			continue
		}
		shared := int(uint32(s.stamp[ord])) + extra
		sig := ix.sig[ord]
		for _, l := range layers {
			if l == 0 {
				break
			}
			shared += bits.OnesCount64(sig & l)
		}
		l := max(n, int(ix.offs[ord+1]-ix.offs[ord]))
		if shared >= l-s.kOf[l] {
			s.stamp[ord] = uint64(s.epoch)<<32 | uint64(shared)
			kept = append(kept, ord)
		}
	}
	s.cands = kept
}

// verifyAt appends the candidates at least t percent similar to the query.
func (ix *Index) verifyAt(s *scratch, q []uint32, t float64, hits []Hit) []Hit {
	n := len(q)
	mlo, mhi := lengths(n, t)
	// kOf[l] is the edits allowed when the longer string has l characters.
	s.kOf = s.kOf[:0]
	for l := 0; l <= max(n, mhi); l++ {
		s.kOf = append(s.kOf, maxEdits(l, t))
	}
	for _, ord := range s.cands {
		key := ix.chars[ix.offs[ord]:ix.offs[ord+1]]
		m := len(key)
		if m < mlo || m > mhi {
			continue
		}
		l := max(n, m)
		k := s.kOf[l]
		if int(uint32(s.stamp[ord])) < l-k {
			continue
		}
		if d := s.pat.dist(key, k); d <= k {
			hits = append(hits, Hit{ID: ix.ids[ord], Similarity: simOf(d, l), Distance: d})
		}
	}
	for id, key := range ix.tail {
		if h, ok := verify(&s.pat, n, id, key, t); ok {
			hits = append(hits, h)
		}
	}
	return hits
}

// Contains returns the ids of the units whose key holds the normalized
// needle, in no particular order: the units on the posting list of the
// needle's rarest character, each checked.
func (ix *Index) Contains(needle string) []int64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	q := ix.encode(needle, false)
	if len(q) == 0 {
		return nil
	}
	var out []int64
	check := func(id int64, key []uint32) {
		if containsIDs(key, q) {
			out = append(out, id)
		}
	}
	for _, e := range ix.pending {
		if !e.gone {
			check(e.id, ix.pendingKey(e.sp))
		}
	}
	for id, key := range ix.tail {
		check(id, key)
	}
	rare := -1
	for _, c := range q {
		if c == noID || int(c) >= len(ix.postings) {
			return out
		}
		if rare < 0 || len(ix.postings[c]) < len(ix.postings[rare]) {
			rare = int(c)
		}
	}
	lo := ix.ordOfLen(len(q))
	list := ix.postings[rare]
	start, _ := slices.BinarySearch(list, lo)
	for _, ord := range list[start:] {
		if ix.dead[ord] {
			continue
		}
		// One character: being on its list is holding it.
		if len(q) == 1 {
			out = append(out, ix.ids[ord])
		} else {
			check(ix.ids[ord], ix.chars[ix.offs[ord]:ix.offs[ord+1]])
		}
	}
	return out
}

func containsIDs(key, q []uint32) bool {
	for i := 0; i+len(q) <= len(key); i++ {
		if key[i] == q[0] && slices.Equal(key[i+1:i+len(q)], q[1:]) {
			return true
		}
	}
	return false
}
