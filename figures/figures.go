// Package figures gives the documents page the figures of each document
// that take reading all of its translations or revisions: the size of
// each translation (words, characters) and its progress by day. Each
// document's figures are kept with the store's stamps (migration 0012) and
// read again only when one of them moved, in this process or another, so
// that a page listing a hundred documents of 10,000 segments reads only
// the documents changed since its last view.
package figures

import (
	"context"
	"maps"
	"sync"

	"alinea/store"
)

// Figures are one document's figures per target language.
type Figures struct {
	Targets map[string]store.TargetCount
	History map[string][]store.ProgressPoint
}

// Cache computes and keeps documents' figures. Keep one per process; it is
// safe for concurrent use.
type Cache struct {
	st *store.Store

	mu    sync.Mutex
	known map[int64]kept
	reads int // documents read, for tests
}

type kept struct {
	doc   int64
	langs map[string]int64
	f     Figures
}

// New returns a cache of st's figures.
func New(st *store.Store) *Cache { return &Cache{st: st, known: map[int64]kept{}} }

// Of returns the figures of every document with live segments, keyed by
// document id.
func (c *Cache) Of(ctx context.Context) (map[int64]Figures, error) {
	// Stamps first, then the data: a change made meanwhile is read as a
	// change next time.
	docs, err := c.st.DocumentStamps(ctx)
	if err != nil {
		return nil, err
	}
	langs, err := c.st.LanguageStamps(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Figures, len(docs))
	now := make(map[int64]kept, len(docs))
	for id, stamp := range docs {
		c.mu.Lock()
		k, ok := c.known[id]
		c.mu.Unlock()
		if !ok || k.doc != stamp || !maps.Equal(k.langs, langs[id]) {
			targets, err := c.st.TargetCounts(ctx, id)
			if err != nil {
				return nil, err
			}
			history, err := c.st.ProgressHistory(ctx, id)
			if err != nil {
				return nil, err
			}
			k = kept{doc: stamp, langs: langs[id], f: Figures{Targets: targets[id], History: history[id]}}
			c.mu.Lock()
			c.reads++
			c.mu.Unlock()
		}
		now[id] = k
		out[id] = k.f
	}
	// Documents gone since are forgotten.
	c.mu.Lock()
	c.known = now
	c.mu.Unlock()
	return out, nil
}
