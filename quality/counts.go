package quality

import (
	"context"
	"sync"

	"alinea/align/qa"
	"alinea/store"
)

// Counts counts the findings of documents' translations, remembering each
// count with the store's stamps of what it was computed from: the
// documents page shows the counts of every document and language on each
// view, and a whole-document check takes about 300 ms per 10,000 segments.
// Keep one per process; it is safe for concurrent use.
type Counts struct {
	qa Service

	mu    sync.Mutex
	known map[countKey]count
	runs  int // whole-document checks run, for tests
}

type countKey struct {
	doc  int64
	lang string
}

type count struct {
	stamps           store.Stamps
	errors, warnings int
}

// NewCounts counts with svc's checks.
func NewCounts(svc Service) *Counts {
	return &Counts{qa: svc, known: map[countKey]count{}}
}

// Of returns how many errors and warnings the checks find in document
// docID's translations into lang, checking again only when something they
// depend on changed since the last count.
func (c *Counts) Of(ctx context.Context, docID int64, lang string) (errors, warnings int, err error) {
	// The stamps are read before the data: a change made meanwhile is
	// counted now and read as a change next time.
	stamps, err := c.qa.Store.StampsOf(ctx, docID, lang)
	if err != nil {
		return 0, 0, err
	}
	// The checks read one document: other documents' sources do not count.
	stamps.Sources = 0
	key := countKey{docID, lang}
	c.mu.Lock()
	known, ok := c.known[key]
	c.mu.Unlock()
	if ok && known.stamps == stamps {
		return known.errors, known.warnings, nil
	}
	fs, err := c.qa.Document(ctx, docID, lang, nil)
	if err != nil {
		return 0, 0, err
	}
	n := count{stamps: stamps}
	for _, f := range fs {
		if f.Severity == qa.Error {
			n.errors++
		} else {
			n.warnings++
		}
	}
	c.mu.Lock()
	c.known[key] = n
	c.runs++
	c.mu.Unlock()
	return n.errors, n.warnings, nil
}
