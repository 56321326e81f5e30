package tm

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"strings"

	"alinea/align/text"
	"alinea/store"
)

// memoryTargets holds the folded targets of the named memories' units in one
// language, end to end, so that the concordance finds Latin text in a million
// targets with one pass of bytes.Index instead of folding each in SQL (about
// 4 s a search at a million units). It is built on the first such search and
// follows the change log with the fuzzy index.
type memoryTargets struct {
	ids  []int64 // ascending
	offs []int   // ids[i]'s folded target is text[offs[i]:offs[i+1]-1]
	text []byte  // each target followed by a zero byte
	// Units changed since the build: gone from text, and their current
	// folded target in extra while they are memory units of the language.
	gone  map[int64]bool
	extra map[int64]string
	// Units the log says changed, not read yet.
	stale map[int64]bool
}

func loadMemoryTargets(ctx context.Context, st *store.Store, lang string) (*memoryTargets, error) {
	mt := &memoryTargets{gone: map[int64]bool{}, extra: map[int64]string{}, stale: map[int64]bool{}}
	err := st.MemoryTargets(ctx, lang, func(id int64, target string) {
		mt.ids = append(mt.ids, id)
		mt.offs = append(mt.offs, len(mt.text))
		mt.text = append(mt.text, text.Key(target)...)
		mt.text = append(mt.text, 0)
	})
	if err != nil {
		return nil, err
	}
	mt.offs = append(mt.offs, len(mt.text))
	return mt, nil
}

// refresh reads the units the log marked as changed.
func (mt *memoryTargets) refresh(ctx context.Context, st *store.Store, lang string) error {
	if len(mt.stale) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(mt.stale))
	for id := range mt.stale {
		ids = append(ids, id)
	}
	for len(ids) > 0 {
		n := min(len(ids), maxUnitBatch)
		units, err := st.MemoryUnits(ctx, ids[:n])
		if err != nil {
			return err
		}
		for _, id := range ids[:n] {
			mt.gone[id] = true
			delete(mt.extra, id)
		}
		for _, u := range units {
			if u.MemoryID != 0 && u.Lang == lang {
				mt.extra[u.ID] = text.Key(u.Target)
			}
		}
		ids = ids[n:]
	}
	clear(mt.stale)
	return nil
}

// worn reports that so many units changed that a rebuild is due.
func (mt *memoryTargets) worn() bool {
	return len(mt.gone) > 2000 && len(mt.gone) > len(mt.ids)/16
}

// find returns the ids of the units whose folded target holds needle (folded
// too), in order of id, at most limit of them.
func (mt *memoryTargets) find(needle string, limit int) []int64 {
	if needle == "" || strings.IndexByte(needle, 0) >= 0 {
		return nil
	}
	nb := []byte(needle)
	var out []int64
	for pos := 0; len(out) < limit; {
		i := bytes.Index(mt.text[pos:], nb)
		if i < 0 {
			break
		}
		at := pos + i
		u := sort.Search(len(mt.ids), func(j int) bool { return mt.offs[j+1] > at }) // the unit holding at
		if !mt.gone[mt.ids[u]] {
			out = append(out, mt.ids[u])
		}
		pos = mt.offs[u+1]
	}
	for id, t := range mt.extra {
		if strings.Contains(t, needle) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
