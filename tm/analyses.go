package tm

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Progress is how far an analysis made in the background has come.
type Progress struct {
	done, total atomic.Int64
}

// Of returns the segments analysed so far and the document's segments.
func (p *Progress) Of() (done, total int) { return int(p.done.Load()), int(p.total.Load()) }

// Analyses keeps documents' analyses with what they were computed from:
// the document's segments (its stamp) and the memory (its change log's
// head). Against a memory of a million units each segment takes a lookup
// of up to tens of milliseconds, so a document of 10,000 segments takes
// minutes: large documents are analysed in the background, one at a
// time, while a page shows how far it has come. Keep one per process; it
// is safe for concurrent use.
type Analyses struct {
	tm *Service

	mu      sync.Mutex
	known   map[analysisKey]keptAnalysis
	running map[analysisKey]*Progress
	queue   chan struct{}
}

type analysisKey struct {
	doc  int64
	lang string
}

type keptAnalysis struct {
	stamp, head int64
	a           Analysis
}

// inlineSegments is the largest document Soon analyses while its caller
// waits.
const inlineSegments = 2000

// NewAnalyses keeps the analyses of svc's memory.
func NewAnalyses(svc *Service) *Analyses {
	return &Analyses{tm: svc, known: map[analysisKey]keptAnalysis{}, running: map[analysisKey]*Progress{},
		queue: make(chan struct{}, 1)}
}

// Soon returns the analysis of document docID in lang, of segments live
// segments, when it is known for the document and the memory as they are
// now, or makes it while the caller waits for a document of at most
// inlineSegments segments. For a larger one it starts the analysis in the
// background, once, and answers ok false with its progress.
func (a *Analyses) Soon(ctx context.Context, docID int64, lang string, segments int) (an Analysis, ok bool, p *Progress, err error) {
	// What the analysis reads is stamped first: a change made meanwhile
	// is analysed now and read as a change next time.
	stamps, err := a.tm.st.StampsOf(ctx, docID, lang)
	if err != nil {
		return an, false, nil, err
	}
	head, err := a.tm.head(ctx, lang)
	if err != nil {
		return an, false, nil, err
	}
	key := analysisKey{docID, lang}
	a.mu.Lock()
	k, known := a.known[key]
	a.mu.Unlock()
	if known && k.stamp == stamps.Document && k.head == head {
		return k.a, true, nil, nil
	}
	if segments <= inlineSegments {
		if an, err = a.tm.Analyze(ctx, docID, lang); err != nil {
			return an, false, nil, err
		}
		a.keep(key, keptAnalysis{stamps.Document, head, an})
		return an, true, nil, nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if p := a.running[key]; p != nil {
		return an, false, p, nil
	}
	p = &Progress{}
	p.total.Store(int64(segments))
	a.running[key] = p
	go func() {
		defer func() {
			a.mu.Lock()
			delete(a.running, key)
			a.mu.Unlock()
		}()
		// The request that asked may be gone by then.
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		a.queue <- struct{}{}
		defer func() { <-a.queue }()
		// A failure keeps nothing: the next view starts again, and
		// `alinea analyze` or the API shows the error.
		if an, err := a.tm.analyze(ctx, docID, lang, p); err == nil {
			a.keep(key, keptAnalysis{stamps.Document, head, an})
		}
	}()
	return an, false, p, nil
}

func (a *Analyses) keep(key analysisKey, k keptAnalysis) {
	a.mu.Lock()
	a.known[key] = k
	a.mu.Unlock()
}
