package glossary

import (
	"context"
	"slices"
)

// Occurrence is a live segment holding one of a concept's source terms.
type Occurrence struct {
	DocumentID int64
	SegmentID  int64
	Position   int
}

// Occurrences is where a concept occurs: how many live segments in all,
// and the first of them in document order.
type Occurrences struct {
	Count int
	First []Occurrence
}

// docOccurrences is one document's occurrences, with the stamps of what
// they were found in.
type docOccurrences struct {
	stamp, glossary int64
	first           int
	concepts        map[int64]Occurrences
}

// Occurrences finds, per concept id, the live segments of every document
// holding one of its source terms, keeping the first `first` of them. Each
// document's result is kept with the document's stamp and the glossary's
// version, so that only documents changed since the last call are read
// again: reading and scanning every segment takes seconds at a million.
func (g *Service) Occurrences(ctx context.Context, first int) (map[int64]Occurrences, error) {
	// The version is read before the matcher, the stamps before the
	// segments: a change made meanwhile is read as a change next time.
	version, err := g.st.GlossaryVersion(ctx)
	if err != nil {
		return nil, err
	}
	m, err := g.Matcher(ctx)
	if err != nil {
		return nil, err
	}
	stamps, err := g.st.DocumentStamps(ctx)
	if err != nil {
		return nil, err
	}
	docs := make([]int64, 0, len(stamps))
	for id := range stamps {
		docs = append(docs, id)
	}
	slices.Sort(docs)
	out := map[int64]Occurrences{}
	kept := make(map[int64]docOccurrences, len(docs))
	for _, id := range docs {
		g.mu.Lock()
		d, ok := g.occurrences[id]
		g.mu.Unlock()
		if !ok || d.stamp != stamps[id] || d.glossary != version || d.first != first {
			segs, err := g.st.SourceSegments(ctx, id)
			if err != nil {
				return nil, err
			}
			g.mu.Lock()
			g.scans++
			g.mu.Unlock()
			d = docOccurrences{stamp: stamps[id], glossary: version, first: first, concepts: map[int64]Occurrences{}}
			// A concept is counted once per segment, however often its
			// terms occur there.
			seen := map[int64]int64{}
			for _, s := range segs {
				for _, hit := range m.Find(s.Source) {
					if seen[hit.ConceptID] == s.ID {
						continue
					}
					seen[hit.ConceptID] = s.ID
					o := d.concepts[hit.ConceptID]
					o.Count++
					if len(o.First) < first {
						o.First = append(o.First, Occurrence{DocumentID: id, SegmentID: s.ID, Position: s.Position})
					}
					d.concepts[hit.ConceptID] = o
				}
			}
		}
		kept[id] = d
		for c, o := range d.concepts {
			all := out[c]
			all.Count += o.Count
			if n := first - len(all.First); n > 0 {
				all.First = append(all.First, o.First[:min(n, len(o.First))]...)
			}
			out[c] = all
		}
	}
	// Documents gone since are forgotten.
	g.mu.Lock()
	g.occurrences = kept
	g.mu.Unlock()
	return out, nil
}
