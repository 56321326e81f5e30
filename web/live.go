package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"alinea/notice"
	"alinea/store"
)

// Live updates reach the editors connected to any server on the database:
// a change is announced with a store notice (ids and versions, never texts),
// and every App relays the notices it receives, its own included, to the
// event streams it serves, reading what changed from the store.

// broker passes live updates to the event streams of this server.
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
	name string // the SSE event name: saved, segments or glossary
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

// watched says whether a stream of this server shows doc in lang (in any
// language when lang is "").
func (b *broker) watched(doc int64, lang string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k := range b.subs {
		if k.doc == doc && (lang == "" || k.lang == lang) {
			return true
		}
	}
	return false
}

// keys are the documents and languages that streams of this server show.
func (b *broker) keys() []liveKey {
	b.mu.Lock()
	defer b.mu.Unlock()
	ks := make([]liveKey, 0, len(b.subs))
	for k := range b.subs {
		ks = append(ks, k)
	}
	return ks
}

// publish sends ev to the listeners of doc in lang, in every language when
// lang is "", or to every listener when doc is 0. It never blocks.
func (b *broker) publish(doc int64, lang string, ev liveEvent) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k, chans := range b.subs {
		if doc != 0 && k.doc != doc || lang != "" && k.lang != lang {
			continue
		}
		for ch := range chans {
			select {
			case ch <- ev:
			default:
				b.log.Warn("live update dropped for a slow client", "document", k.doc, "lang", k.lang)
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
// shutdown up until its deadline, and stops listening to the other servers.
// Call it when the server starts shutting down (http.Server.RegisterOnShutdown);
// the App serves everything else as before, and its saves still reach the
// editors of the other servers.
func (a *App) Close() {
	a.live.close()
	a.notices.Close()
	<-a.relayed
}

// listen starts relaying the store's notices to this server's streams.
func (a *App) listen() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	l, err := a.store.Listen(ctx)
	if err != nil {
		return fmt.Errorf("live updates: %w", err)
	}
	a.notices, a.relayed = l, make(chan struct{})
	go func() {
		defer close(a.relayed)
		a.relayAll(l)
	}()
	return nil
}

// announce sends a notice to the editors of every server.
func (a *App) announce(ctx context.Context, topic string, v any) {
	if err := notice.Send(ctx, a.store, topic, v); err != nil {
		a.log.ErrorContext(ctx, "live update", "err", err)
	}
}

// translationSaved is the saved hook of the handlers that save
// translations: it tells the open editors of the document.
func (a *App) translationSaved(ctx context.Context, docID int64, t store.Translation) {
	a.announce(ctx, notice.Saved, notice.SavedNotice{Doc: docID, Segment: t.SegmentID, Lang: t.Lang, Version: t.Version})
}

// segmentsChanged tells every open editor of a document that its segments
// were merged or split.
func (a *App) segmentsChanged(docID int64, segIDs ...int64) {
	a.announce(context.Background(), notice.Segments, notice.SegmentsNotice{Doc: docID, Segments: segIDs})
}

// glossaryChanged tells every open editor that the glossary changed, so
// that it marks the terms of its rows again. (The matchers of every server
// follow the glossary's version in the database by themselves.)
func (a *App) glossaryChanged(ctx context.Context) {
	if err := notice.GlossaryChanged(ctx, a.store); err != nil {
		a.log.ErrorContext(ctx, "live update", "err", err)
	}
}

// relayTimeout bounds the reads that relaying one notice makes.
const relayTimeout = 10 * time.Second

// relayBatch is the most notices relayed together.
const relayBatch = 512

// relayAll relays the notices of l until it is closed. What has arrived
// is taken together: the saves of a burst (an import, a replacement) are
// read from the store once per document instead of once each.
func (a *App) relayAll(l *store.Listener) {
	for n := range l.Notices() {
		batch := []store.Notice{n}
	more:
		for len(batch) < relayBatch {
			select {
			case m, ok := <-l.Notices():
				if !ok {
					break more
				}
				batch = append(batch, m)
			default:
				break more
			}
		}
		a.relay(batch...)
	}
}

// relay passes notices to this server's streams, in order but for saves,
// which go out together before the next notice of another kind.
func (a *App) relay(ns ...store.Notice) {
	ctx, cancel := context.WithTimeout(context.Background(), relayTimeout)
	defer cancel()
	saved := map[liveKey][]int64{} // the segments saved, by document and language
	var keys []liveKey
	flush := func() {
		for _, k := range keys {
			a.relaySaved(ctx, k, saved[k])
		}
		clear(saved)
		keys = keys[:0]
	}
	for _, n := range ns {
		if n.Missed {
			flush()
			a.log.Warn("live updates may have been missed", "since", n.Since, "err", n.Err)
			a.catchUp(ctx, n.Since)
			continue
		}
		switch n.Topic {
		case notice.Saved:
			var sn notice.SavedNotice
			if err := json.Unmarshal(n.Payload, &sn); err != nil {
				a.log.Error("live update", "topic", n.Topic, "err", err)
				continue
			}
			k := liveKey{sn.Doc, sn.Lang}
			if !a.live.watched(k.doc, k.lang) {
				continue
			}
			if _, ok := saved[k]; !ok {
				keys = append(keys, k)
			}
			if !slices.Contains(saved[k], sn.Segment) {
				saved[k] = append(saved[k], sn.Segment)
			}
		case notice.Segments:
			var sn notice.SegmentsNotice
			if err := json.Unmarshal(n.Payload, &sn); err != nil {
				a.log.Error("live update", "topic", n.Topic, "err", err)
				continue
			}
			flush()
			a.live.publish(sn.Doc, "", liveEvent{name: "segments", data: n.Payload})
		case notice.Glossary:
			flush()
			a.live.publish(0, "", liveEvent{name: "glossary", data: []byte("{}")})
		case notice.Document:
			var dn notice.DocumentNotice
			if err := json.Unmarshal(n.Payload, &dn); err != nil {
				a.log.Error("live update", "topic", n.Topic, "err", err)
				continue
			}
			flush()
			a.catchUpDocument(ctx, dn.Doc, dn.Since)
		}
	}
	flush()
}

// relayOneByOne is how many saves of a document are read one by one; more
// are read with the whole document.
const relayOneByOne = 8

// relaySaved sends the streams of a document and language the
// translations of segs as they are now: a later save only makes one newer,
// and the editors ignore versions they already have.
func (a *App) relaySaved(ctx context.Context, k liveKey, segs []int64) {
	if len(segs) > relayOneByOne {
		rows, _, err := a.store.Segments(ctx, k.doc, store.SegmentQuery{Lang: k.lang})
		if err != nil {
			a.log.Error("live update", "document", k.doc, "lang", k.lang, "err", err)
			return
		}
		want := make(map[int64]bool, len(segs))
		for _, id := range segs {
			want[id] = true
		}
		for _, r := range rows {
			if want[r.ID] {
				a.publishSaved(k.doc, r.Translation)
			}
		}
		return
	}
	for _, seg := range segs {
		t, err := a.store.Translation(ctx, seg, k.lang)
		if errors.Is(err, store.ErrNotFound) {
			continue // merged away since: the editors hear of that too
		}
		if err != nil {
			a.log.Error("live update", "segment", seg, "lang", k.lang, "err", err)
			continue
		}
		a.publishSaved(k.doc, t)
	}
}

func (a *App) publishSaved(docID int64, t store.Translation) {
	data, err := json.Marshal(translationJSON(t))
	if err != nil {
		a.log.Error("live update", "err", err)
		return
	}
	a.live.publish(docID, t.Lang, liveEvent{name: "saved", data: data})
}

// catchUpMargin widens the window of a catch-up to cover saves committed
// just before the last notice that arrived, and servers whose clocks
// differ by less.
const catchUpMargin = time.Minute

// catchUpLimit is the most saves a catch-up sends to the streams of a
// document; past it they are asked to reload instead.
const catchUpLimit = liveBuffer / 2

// catchUp sends the streams of this server the saves they may have missed
// since a moment: each translation of their documents updated after it.
// Editors ignore the versions they already have.
func (a *App) catchUp(ctx context.Context, since time.Time) {
	for _, k := range a.live.keys() {
		a.catchUpStream(ctx, k, since)
	}
	// A change of the glossary or of the segments may have been missed
	// too: the glossary is cheap to mark again.
	a.live.publish(0, "", liveEvent{name: "glossary", data: []byte("{}")})
}

// catchUpDocument sends the open editors of doc, in every language, what
// changed in it since a time.
func (a *App) catchUpDocument(ctx context.Context, doc int64, since time.Time) {
	for _, k := range a.live.keys() {
		if k.doc == doc {
			a.catchUpStream(ctx, k, since)
		}
	}
}

// catchUpStream sends the editors of one document and language the
// translations changed since a time, or asks them to reload when there are
// many.
func (a *App) catchUpStream(ctx context.Context, k liveKey, since time.Time) {
	from := since.Add(-catchUpMargin)
	rows, _, err := a.store.Segments(ctx, k.doc, store.SegmentQuery{Lang: k.lang})
	if err != nil {
		a.log.Error("live update catch-up", "document", k.doc, "lang", k.lang, "err", err)
		return
	}
	var changed []store.Translation
	for _, r := range rows {
		if r.Translation.Version > 0 && !r.Translation.UpdatedAt.Before(from) {
			changed = append(changed, r.Translation)
		}
	}
	if len(changed) > catchUpLimit {
		data, _ := json.Marshal(notice.SegmentsNotice{Doc: k.doc})
		a.live.publish(k.doc, k.lang, liveEvent{name: "segments", data: data})
		return
	}
	for _, t := range changed {
		a.publishSaved(k.doc, t)
	}
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
