package tm

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"alinea/align/fuzzy"
	"alinea/align/text"
	"alinea/store"
)

// ConcordanceHit is a segment of a document, or a unit of a named memory,
// whose source or target holds the query.
type ConcordanceHit struct {
	store.ConcordanceHit
	// For a memory unit: its id and memory (SegmentID and DocumentID are 0).
	UnitID int64
	Memory string
}

// MaxConcordance bounds the hits of one concordance search.
const MaxConcordance = 1000

// Concordance finds the query in every document's sources and translations
// (into lang, or any language when lang is "") and in the named memories'
// units: documents first, in order, then memory units by id; at most limit
// hits (MaxConcordance when limit ≤ 0).
func (s *Service) Concordance(ctx context.Context, query, lang string, limit int) ([]ConcordanceHit, error) {
	if limit <= 0 || limit > MaxConcordance {
		limit = MaxConcordance
	}
	docs, err := s.st.Concordance(ctx, query, lang, limit)
	if err != nil {
		return nil, err
	}
	out := make([]ConcordanceHit, 0, len(docs))
	for _, h := range docs {
		out = append(out, ConcordanceHit{ConcordanceHit: h})
	}
	if len(out) >= limit {
		return out, nil
	}
	// Memory sources through the fuzzy index's character lists; memory
	// targets by reading them (never for Chinese queries, which targets do
	// not hold).
	langs := []string{lang}
	if lang == "" {
		if langs, err = s.st.MemoryLanguages(ctx); err != nil {
			return nil, err
		}
	}
	var inSource []int64 // sorted
	norm := fuzzy.Normalize(query)
	for _, l := range langs {
		ix, err := s.Index(ctx, l)
		if err != nil {
			return nil, err
		}
		inSource = append(inSource, ix.Contains(norm)...)
	}
	slices.Sort(inSource)
	ids := inSource
	folded := text.Key(strings.TrimSpace(query))
	var inTarget []int64 // sorted
	if !hanOnly(folded) {
		for _, l := range langs {
			found, err := s.targetsHolding(ctx, l, folded, limit)
			if err != nil {
				return nil, err
			}
			inTarget = append(inTarget, found...)
		}
		slices.Sort(inTarget)
		ids = append(slices.Clone(inSource), inTarget...)
	}
	has := func(sorted []int64, id int64) bool {
		_, ok := slices.BinarySearch(sorted, id)
		return ok
	}
	// A frequent character is in most units: read only as many, in order
	// of id, as the hits still wanted, a bounded batch at a time.
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for len(ids) > 0 && len(out) < limit {
		n := min(len(ids), max(limit-len(out), 64), maxUnitBatch)
		units, err := s.st.MemoryUnits(ctx, ids[:n])
		if err != nil {
			return nil, fmt.Errorf("concordance %q: %w", query, err)
		}
		ids = ids[n:]
		sort.Slice(units, func(i, j int) bool { return units[i].ID < units[j].ID })
		for _, u := range units {
			if u.MemoryID == 0 {
				continue // a live unit: its segment was searched above
			}
			if len(out) >= limit {
				break
			}
			out = append(out, ConcordanceHit{UnitID: u.ID, Memory: u.MemoryName, ConcordanceHit: store.ConcordanceHit{
				Source: u.Source, Lang: u.Lang, Target: u.Target, InSource: has(inSource, u.ID), InTarget: has(inTarget, u.ID)}})
		}
	}
	return out, nil
}

// maxUnitBatch bounds the units read in one query, well under the
// databases' limits on bound parameters.
const maxUnitBatch = 1000

func hanOnly(s string) bool {
	for _, r := range s {
		if r < 0x2E80 {
			return false
		}
	}
	return s != ""
}

// targetsHolding returns the ids of the named memories' units in lang whose
// folded target holds needle, in order of id, at most limit of them.
func (s *Service) targetsHolding(ctx context.Context, lang, needle string, limit int) ([]int64, error) {
	if _, err := s.Index(ctx, lang); err != nil { // reads the change log
		return nil, err
	}
	li := s.lang(lang)
	li.tmu.Lock()
	defer li.tmu.Unlock()
	// Tracking starts before the first build reads the targets: a change
	// the build misses is logged after it began, so a later refresh hands
	// it over; reading a unit twice does no harm.
	li.cmu.Lock()
	changed, reset := li.changed, li.reset
	li.changed, li.reset, li.tracking = nil, false, true
	li.cmu.Unlock()
	if reset {
		li.targets = nil
	}
	if li.targets != nil {
		for _, id := range changed {
			li.targets.stale[id] = true
		}
		if err := li.targets.refresh(ctx, s.st, lang); err != nil {
			return nil, fmt.Errorf("memory targets (%s): %w", lang, err)
		}
		if li.targets.worn() {
			li.targets = nil
		}
	}
	if li.targets == nil {
		mt, err := loadMemoryTargets(ctx, s.st, lang)
		if err != nil {
			return nil, err
		}
		li.targets = mt
	}
	return li.targets.find(needle, limit), nil
}
