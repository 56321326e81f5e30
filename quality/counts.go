package quality

import (
	"context"
	"sync"
	"time"

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

	mu      sync.Mutex
	known   map[countKey]count
	pending map[countKey]bool
	runs    int // whole-document checks run, for tests
	// queue takes turns among the counts made in the background, so that
	// a page listing many large documents does not check them all at once.
	queue chan struct{}
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
	return &Counts{qa: svc, known: map[countKey]count{}, pending: map[countKey]bool{}, queue: make(chan struct{}, 1)}
}

// inlineSegments is the largest document Soon checks while the caller
// waits: about 60 ms.
const inlineSegments = 2000

// Of returns how many errors and warnings the checks find in document
// docID's translations into lang, checking again only when something they
// depend on changed since the last count.
func (c *Counts) Of(ctx context.Context, docID int64, lang string) (errors, warnings int, err error) {
	stamps, known, ok, err := c.lookup(ctx, docID, lang)
	if err != nil || ok {
		return known.errors, known.warnings, err
	}
	return c.count(ctx, docID, lang, stamps)
}

// Soon is Of for a page that must not wait for a large document's check:
// for a document of more than inlineSegments segments whose count is not
// known for its data as it is now, it starts the count in the background
// and answers ok false; the next call has it.
func (c *Counts) Soon(ctx context.Context, docID int64, lang string, segments int) (errors, warnings int, ok bool, err error) {
	stamps, known, ok, err := c.lookup(ctx, docID, lang)
	if err != nil || ok {
		return known.errors, known.warnings, ok, err
	}
	if segments <= inlineSegments {
		errors, warnings, err = c.count(ctx, docID, lang, stamps)
		return errors, warnings, err == nil, err
	}
	key := countKey{docID, lang}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.pending[key] {
		c.pending[key] = true
		go func() {
			// The request that asked may be gone by then.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			c.queue <- struct{}{}
			defer func() { <-c.queue }()
			// A failure keeps nothing: the next call starts again, and the
			// document's report page shows the error itself.
			c.count(ctx, docID, lang, stamps)
			c.mu.Lock()
			delete(c.pending, key)
			c.mu.Unlock()
		}()
	}
	return 0, 0, false, nil
}

// lookup reads the stamps of document docID in lang and the count kept
// for them, if any.
func (c *Counts) lookup(ctx context.Context, docID int64, lang string) (store.Stamps, count, bool, error) {
	// The stamps are read before the data: a change made meanwhile is
	// counted now and read as a change next time.
	stamps, err := c.qa.Store.StampsOf(ctx, docID, lang)
	if err != nil {
		return stamps, count{}, false, err
	}
	c.mu.Lock()
	known, ok := c.known[countKey{docID, lang}]
	c.mu.Unlock()
	return stamps, known, ok && known.stamps == stamps, nil
}

// count checks the document and keeps the count with stamps, read before.
func (c *Counts) count(ctx context.Context, docID int64, lang string, stamps store.Stamps) (errors, warnings int, err error) {
	key := countKey{docID, lang}
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
