package web

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"alinea/store"
)

// broker passes saves and segmentation changes to the editors that have the
// document open, in this process.
type broker struct {
	mu     sync.Mutex
	subs   map[liveKey]map[chan liveEvent]struct{}
	done   chan struct{} // closed by close: every stream ends
	closed bool
	log    *slog.Logger
}

type liveKey struct {
	doc  int64
	lang string
}

type liveEvent struct {
	name string // the SSE event name: saved or segments
	data []byte // JSON
}

// liveBuffer is how many events a slow client may fall behind before it
// misses some; the editor's conflict check still protects what it saves.
const liveBuffer = 256

func newBroker(log *slog.Logger) *broker {
	return &broker{subs: map[liveKey]map[chan liveEvent]struct{}{}, done: make(chan struct{}), log: log}
}

// subscribe registers a listener for one document and language.
func (b *broker) subscribe(doc int64, lang string) (<-chan liveEvent, func()) {
	ch := make(chan liveEvent, liveBuffer)
	k := liveKey{doc, lang}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs[k] == nil {
		b.subs[k] = map[chan liveEvent]struct{}{}
	}
	b.subs[k][ch] = struct{}{}
	return ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs[k], ch)
		if len(b.subs[k]) == 0 {
			delete(b.subs, k)
		}
	}
}

// publish sends ev to the listeners of doc in lang, or in every language when
// lang is "". It never blocks a save.
func (b *broker) publish(doc int64, lang string, ev liveEvent) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k, chans := range b.subs {
		if k.doc != doc || lang != "" && k.lang != lang {
			continue
		}
		for ch := range chans {
			select {
			case ch <- ev:
			default:
				b.log.Warn("live update dropped for a slow client", "document", doc, "lang", k.lang)
			}
		}
	}
}

func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		b.closed = true
		close(b.done)
	}
}

// Close ends the live update streams, which would otherwise hold a graceful
// shutdown up until its deadline. Call it when the server starts shutting
// down (http.Server.RegisterOnShutdown); the App serves everything else as
// before.
func (a *App) Close() { a.live.close() }

// translationSaved is the saved hook of the handlers that save
// translations: it tells the open editors of the document. Editors are told
// even when the request that saved is over: the save is done.
func (a *App) translationSaved(ctx context.Context, docID int64, t store.Translation) {
	data, err := json.Marshal(translationJSON(t))
	if err != nil {
		a.log.ErrorContext(ctx, "live update", "err", err)
		return
	}
	a.live.publish(docID, t.Lang, liveEvent{name: "saved", data: data})
}

// segmentsChanged tells every open editor of a document that its segments
// were merged or split.
func (a *App) segmentsChanged(docID int64, segIDs ...int64) {
	data, _ := json.Marshal(map[string]any{"document_id": docID, "segments": segIDs})
	a.live.publish(docID, "", liveEvent{name: "segments", data: data})
}

// liveStream serves the server-sent events of one document and language.
type liveStream struct {
	responder
	broker *broker
}

// keepAlive is how often an idle stream sends a comment, so proxies and
// browsers keep the connection open.
const keepAlive = 25 * time.Second

func (h liveStream) serve(w http.ResponseWriter, r *http.Request) {
	doc := documentFrom(r.Context())
	lang := langFrom(r.Context())
	rc := http.NewResponseController(w)
	events, cancel := h.broker.subscribe(doc.ID, lang)
	defer cancel()

	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// retry: how soon the browser reconnects after the stream ends.
	if _, err := fmt.Fprint(w, "retry: 2000\n\n"); err != nil || rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return
		case <-h.broker.done:
			return
		case <-tick.C:
			_, err = fmt.Fprint(w, ": ping\n\n")
		case ev := <-events:
			_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
		}
		if err == nil {
			err = rc.Flush()
		}
		if err != nil {
			return
		}
	}
}
