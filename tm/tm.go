// Package tm is the translation memory as a workflow: importing and
// exporting TMX memories, and looking up fuzzy matches for a sentence among
// every memory and every document's live translations. Matching itself is
// align/fuzzy; the units are kept by the store.
package tm

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"alinea/align/fuzzy"
	"alinea/store"
	"alinea/workflow"
)

// Service looks up and imports translation-memory units. It keeps one fuzzy
// index per target language in memory, built on first use from the store and
// brought up to date with the store's change log before every lookup, so
// writes by other processes are seen too. A Service is safe for concurrent use.
type Service struct {
	st *store.Store

	mu  sync.Mutex
	idx map[string]*langIndex
}

type langIndex struct {
	mu   sync.Mutex // serializes refreshes
	ix   *fuzzy.Index
	head int64

	// The concordance's memory targets, nil until a search needs them,
	// under a lock of their own so that building them holds up no lookup.
	tmu     sync.Mutex
	targets *memoryTargets
	// Once the targets are in use, refreshes hand them the units that
	// changed, or reset when the log was pruned.
	cmu      sync.Mutex
	tracking bool
	changed  []int64
	reset    bool
}

// maxChangedTargets bounds the changes kept for the concordance's targets
// between two of its searches.
const maxChangedTargets = 1 << 16

// lang returns the index of lang, created empty on first use.
func (s *Service) lang(lang string) *langIndex {
	s.mu.Lock()
	defer s.mu.Unlock()
	li := s.idx[lang]
	if li == nil {
		li = &langIndex{}
		s.idx[lang] = li
	}
	return li
}

// New returns a Service over st.
func New(st *store.Store) *Service {
	return &Service{st: st, idx: map[string]*langIndex{}}
}

// DefaultMin is the lowest similarity offered unless asked otherwise.
const DefaultMin = 50

// head is the memory's change log head in lang as of now: it moves with
// every change to the memory, in this process or another.
func (s *Service) head(ctx context.Context, lang string) (int64, error) {
	if _, err := s.Index(ctx, lang); err != nil {
		return 0, err
	}
	li := s.lang(lang)
	li.mu.Lock()
	defer li.mu.Unlock()
	return li.head, nil
}

// Index returns the up-to-date fuzzy index of the units in lang.
func (s *Service) Index(ctx context.Context, lang string) (*fuzzy.Index, error) {
	li := s.lang(lang)
	li.mu.Lock()
	defer li.mu.Unlock()
	if li.ix != nil {
		changes, head, err := s.st.MemoryChanges(ctx, lang, li.head)
		switch {
		case errors.Is(err, store.ErrLogPruned):
			li.ix = nil
			li.cmu.Lock()
			li.changed, li.reset = nil, li.tracking
			li.cmu.Unlock()
		case err != nil:
			return nil, err
		default:
			li.cmu.Lock()
			if li.tracking && !li.reset {
				for _, c := range changes {
					li.changed = append(li.changed, c.UnitID)
				}
				// Long without a concordance search: reading the
				// targets again costs less than keeping this list.
				if len(li.changed) > maxChangedTargets {
					li.changed, li.reset = nil, true
				}
			}
			li.cmu.Unlock()
			for _, c := range changes {
				if c.Deleted {
					li.ix.Remove(c.UnitID)
				} else {
					li.ix.Add(c.UnitID, key(c.Source, c.Key))
				}
			}
			li.head = head
			// Units in the tail are compared one by one: rebuild once they
			// would cost more than the index itself.
			if t := li.ix.TailLen(); t > 2000 && t > li.ix.Len()/16 {
				li.ix.Build()
			}
			return li.ix, nil
		}
	}
	ix := fuzzy.NewIndex()
	head, err := s.st.MemoryKeys(ctx, lang, func(id int64, source, k string) {
		ix.Add(id, key(source, k))
	})
	if err != nil {
		return nil, err
	}
	ix.Build()
	li.ix, li.head = ix, head
	return ix, nil
}

func key(source, stored string) string {
	if stored != "" {
		return stored
	}
	return fuzzy.Normalize(source)
}

// Query is one lookup.
type Query struct {
	Text  string
	Lang  string
	Limit int     // at most this many matches; 0 means 10
	Min   float64 // lowest similarity, 1–100; 0 means DefaultMin
	// The segment being translated, when there is one: its own unit is not
	// offered, and its neighbours' sources decide context matches.
	SegmentID          int64
	PrevText, NextText string
	Sort               Order
}

// Band is a range of scores as translators quote them.
type Band string

// The bands, best first.
const (
	BandContext Band = "101"
	BandExact   Band = "100"
	Band95      Band = "95-99"
	Band85      Band = "85-94"
	Band75      Band = "75-84"
	Band50      Band = "50-74"
	BandNew     Band = "new"
)

// Bands lists the bands, best first.
var Bands = []Band{BandContext, BandExact, Band95, Band85, Band75, Band50, BandNew}

// BandOf is the band of a score.
func BandOf(score float64) Band {
	switch {
	case score >= 101:
		return BandContext
	case score >= 100:
		return BandExact
	case score >= 95:
		return Band95
	case score >= 85:
		return Band85
	case score >= 75:
		return Band75
	case score >= 50:
		return Band50
	}
	return BandNew
}

// Match is a unit offered for a query.
type Match struct {
	store.MemoryUnit
	// Similarity is the raw character similarity, 0–100, two decimals.
	Similarity float64
	// Score ranks: Similarity less penalties for unreviewed units, 101 for
	// an exact match in the same context, 99 for a unit that differs only
	// in numbers that were carried into Target.
	Score        float64
	Band         Band
	Context      bool
	NumbersFixed bool
	// Target is the unit's target, with numbers carried over when
	// NumbersFixed; the stored one is in MemoryUnit.Target.
	Suggestion string
}

// From names where a match comes from: its memory or its document.
func (m Match) From() string {
	if m.MemoryName != "" {
		return m.MemoryName
	}
	return m.Document
}

// penalty is what a unit loses for not being reviewed.
func penalty(u store.MemoryUnit) float64 {
	switch {
	case u.Origin == "align":
		return 2
	case u.SegmentID != 0 && u.Status.Rank() < workflow.StatusReviewed.Rank():
		return 1
	}
	return 0
}

// Order is how Lookup sorts its matches.
type Order string

const (
	// ByScore puts the match a translator would take first: in context,
	// exact, numbers substituted, then by similarity less penalties. The
	// editor and pre-translation use it.
	ByScore Order = "score"
	// BySimilarity sorts by raw similarity alone, the order an exhaustive
	// search gives, for comparing memories and tools.
	BySimilarity Order = "similarity"
)

// spare is how many units past the most similar ones Lookup looks at for
// matches that score better than they are similar (in context, numbers
// substituted, reviewed), and to make up for the segment's own unit.
const spare = 5

// Lookup returns the Limit units most similar to the query, plus any of the
// next few units that would score above one of them, sorted by q.Sort
// (ByScore when empty). A unit whose numbers can be carried into its target
// scores 99 even when only 50 % similar; it is offered besides, never
// instead of, the most similar units, so the result may hold more than
// Limit matches and always holds what an exhaustive search ranks first.
func (s *Service) Lookup(ctx context.Context, q Query) ([]Match, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	min := q.Min
	if min <= 0 {
		min = DefaultMin
	}
	if min > 100 {
		min = 100
	}
	ix, err := s.Index(ctx, q.Lang)
	if err != nil {
		return nil, fmt.Errorf("look up %q: %w", q.Text, err)
	}
	norm := fuzzy.Normalize(q.Text)
	hits := ix.Search(norm, min, limit+spare)
	if len(hits) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	units, err := s.st.MemoryUnits(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("look up %q: %w", q.Text, err)
	}
	byID := make(map[int64]store.MemoryUnit, len(units))
	for _, u := range units {
		byID[u.ID] = u
	}
	prev, next := fuzzy.Normalize(q.PrevText), fuzzy.Normalize(q.NextText)
	var out, rest []Match
	for _, h := range hits {
		u, ok := byID[h.ID]
		if !ok || q.SegmentID != 0 && u.SegmentID == q.SegmentID {
			continue
		}
		m := Match{MemoryUnit: u, Similarity: fuzzy.Round2(h.Similarity), Suggestion: u.Target}
		m.Score = h.Similarity
		if h.Distance == 0 {
			m.Score = 100
			if q.SegmentID != 0 && fuzzy.Normalize(u.PrevSource) == prev && fuzzy.Normalize(u.NextSource) == next {
				m.Score, m.Context = 101, true
			}
		} else if fixed, _, ok := fuzzy.NumberFix(q.Text, u.Source, u.Target); ok {
			m.Score, m.NumbersFixed, m.Suggestion = 99, true, fixed
		}
		m.Score = fuzzy.Round2(max(0, m.Score-penalty(u)))
		m.Band = BandOf(m.Score)
		if len(out) < limit {
			out = append(out, m)
		} else {
			rest = append(rest, m)
		}
	}
	if len(rest) > 0 {
		lowest := out[0].Score
		for _, m := range out[1:] {
			if m.Score < lowest {
				lowest = m.Score
			}
		}
		for _, m := range rest {
			if m.Score > lowest {
				out = append(out, m)
			}
		}
	}
	sortMatches(out, q.Sort)
	return out, nil
}

func sortMatches(ms []Match, by Order) {
	bySim := func(a, b Match) int { return cmp.Compare(b.Similarity, a.Similarity) }
	byScore := func(a, b Match) int { return cmp.Compare(b.Score, a.Score) }
	first, second := byScore, bySim
	if by == BySimilarity {
		first, second = bySim, byScore
	}
	slices.SortStableFunc(ms, func(a, b Match) int {
		if c := first(a, b); c != 0 {
			return c
		}
		if c := second(a, b); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// now is the clock, for reports.
var now = time.Now
