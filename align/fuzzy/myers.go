package fuzzy

// pattern is a query prepared for Myers' bit-parallel edit distance
// (Hyyrö's block version for patterns longer than 64 code points): the
// distance to a text of m code points costs about m × ⌈n/64⌉ word operations.
type pattern struct {
	n, w int
	// peq holds, per distinct query character, w words whose bits mark where
	// it occurs in the query; row maps a character id to its first word, or
	// -1 when the query lacks it.
	peq  []uint64
	row  []int32
	last uint64 // the bit of the query's last character in its block
	pv   []uint64
	mv   []uint64
}

// reset prepares p for query q (character ids below alphabet, or noID).
func (p *pattern) reset(q []uint32, alphabet int) {
	p.n = len(q)
	p.w = (len(q) + 63) / 64
	if cap(p.row) < alphabet {
		p.row = make([]int32, alphabet)
		for i := range p.row {
			p.row[i] = -1
		}
	}
	p.row = p.row[:cap(p.row)]
	p.peq = p.peq[:0]
	for i, c := range q {
		if c == noID {
			continue
		}
		r := p.row[c]
		if r < 0 {
			r = int32(len(p.peq))
			p.row[c] = r
			for range p.w {
				p.peq = append(p.peq, 0)
			}
		}
		p.peq[int(r)+i/64] |= 1 << uint(i%64)
	}
	p.last = 1 << uint((p.n-1)%64)
	if cap(p.pv) < p.w {
		p.pv = make([]uint64, p.w)
		p.mv = make([]uint64, p.w)
	}
	p.pv, p.mv = p.pv[:p.w], p.mv[:p.w]
}

// clear forgets the query's characters, leaving row all -1 for the next one.
func (p *pattern) clear(q []uint32) {
	for _, c := range q {
		if c != noID && int(c) < len(p.row) {
			p.row[c] = -1
		}
	}
}

// dist is the edit distance between the query and t, or limit+1 as soon as
// it is sure to exceed limit.
func (p *pattern) dist(t []uint32, limit int) int {
	if p.n == 0 {
		return len(t)
	}
	if p.w == 1 {
		return p.dist1(t, limit)
	}
	for i := range p.pv {
		p.pv[i] = ^uint64(0)
		p.mv[i] = 0
	}
	score := p.n
	m := len(t)
	for j, c := range t {
		base := int32(-1)
		if int(c) < len(p.row) {
			base = p.row[c]
		}
		hin := 1 // the top row of the matrix grows by one per text character
		for b := 0; b < p.w; b++ {
			var eq uint64
			if base >= 0 {
				eq = p.peq[int(base)+b]
			}
			pv, mv := p.pv[b], p.mv[b]
			xv := eq | mv
			if hin < 0 {
				eq |= 1
			}
			xh := (((eq & pv) + pv) ^ pv) | eq
			ph := mv | ^(xh | pv)
			mh := pv & xh
			high := uint64(1) << 63
			if b == p.w-1 {
				high = p.last
			}
			hout := 0
			if ph&high != 0 {
				hout = 1
			} else if mh&high != 0 {
				hout = -1
			}
			ph <<= 1
			mh <<= 1
			if hin < 0 {
				mh |= 1
			} else if hin > 0 {
				ph |= 1
			}
			p.pv[b] = mh | ^(xv | ph)
			p.mv[b] = ph & xv
			hin = hout
		}
		score += hin
		if score-(m-j-1) > limit {
			return limit + 1
		}
	}
	return score
}

func (p *pattern) dist1(t []uint32, limit int) int {
	pv, mv := ^uint64(0), uint64(0)
	score := p.n
	last := p.last
	m := len(t)
	for j, c := range t {
		var eq uint64
		if int(c) < len(p.row) {
			if r := p.row[c]; r >= 0 {
				eq = p.peq[r]
			}
		}
		xv := eq | mv
		xh := (((eq & pv) + pv) ^ pv) | eq
		ph := mv | ^(xh | pv)
		mh := pv & xh
		if ph&last != 0 {
			score++
		} else if mh&last != 0 {
			score--
		}
		ph = ph<<1 | 1
		mh <<= 1
		pv = mh | ^(xv | ph)
		mv = ph & xv
		if score-(m-j-1) > limit {
			return limit + 1
		}
	}
	return score
}

// Levenshtein is the edit distance between a and b (insert, delete and
// substitute a code point, each 1).
func Levenshtein(a, b []rune) int {
	if len(a) == 0 {
		return len(b)
	}
	ids := map[rune]uint32{}
	q := make([]uint32, len(a))
	for i, r := range a {
		id, ok := ids[r]
		if !ok {
			id = uint32(len(ids))
			ids[r] = id
		}
		q[i] = id
	}
	t := make([]uint32, len(b))
	for i, r := range b {
		if id, ok := ids[r]; ok {
			t[i] = id
		} else {
			t[i] = noID
		}
	}
	var p pattern
	p.reset(q, len(ids))
	return p.dist(t, len(a)+len(b))
}

// noID marks a character that no indexed text holds.
const noID = ^uint32(0)
