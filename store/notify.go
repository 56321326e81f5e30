package store

// Notifications between the servers that share a database.
//
//	(*Store).Notify(ctx, topic, payload) error
//	    sends a notice to every listener on the database, in this process
//	    and in every other server using it.
//	(*Store).Listen(ctx) (*Listener, error)
//	    starts receiving; Listener.Notices() delivers them, Listener.Close
//	    stops.
//	Notice{Topic, Payload, Missed, Since, Err}
//	    Missed notices carry no topic: the listener may have lost the
//	    notices sent after Since (its connection to the database dropped,
//	    or it fell behind), and whoever shows state must read it again.
//
// A notice says what changed (ids, versions), never the data itself: the
// receiver reads the rows. Payloads are UTF-8 text; topic and payload
// together take at most MaxNoticePayload bytes (NOTIFY's limit is 8000).
//
// SQLite delivers in process: one process owns the file. PostgreSQL sends
// with pg_notify on a channel named after the schema (several workbenches
// may share a database, one per schema) and receives on one dedicated
// connection per Store doing LISTEN, which reconnects with backoff when it
// drops and then sends a Missed notice.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Notice is one notification.
type Notice struct {
	Topic   string
	Payload []byte
	// Missed says notices sent after Since may have been lost; Err is
	// why.
	Missed bool
	Since  time.Time
	Err    error
}

// MaxNoticePayload is the largest payload Notify accepts: NOTIFY takes
// fewer than 8000 bytes, topic included.
const MaxNoticePayload = 7000

// noticeBuffer is how many notices a listener may fall behind before it is
// sent a Missed notice instead of the ones it could not take.
const noticeBuffer = 1024

// Notify sends a notice to every listener on the database, this process
// included. Call it after the change it announces is committed.
func (s *Store) Notify(ctx context.Context, topic string, payload []byte) error {
	if topic == "" || strings.ContainsAny(topic, "\n\x00") {
		return fmt.Errorf("notify: invalid topic %q", topic)
	}
	if len(topic)+len(payload) > MaxNoticePayload {
		return fmt.Errorf("notify %s: payload of %d bytes is over the limit of %d", topic, len(payload), MaxNoticePayload)
	}
	if !utf8.Valid(payload) || strings.ContainsRune(string(payload), 0) {
		return fmt.Errorf("notify %s: the payload must be UTF-8 text", topic)
	}
	if pg, _ := s.notifyBackend(); pg {
		// The channel is computed by the same expression the listener
		// uses, on the connection's own search path.
		if _, err := s.w.ExecContext(ctx, `SELECT pg_notify(`+pgChannelExpr+`, ?)`, topic+"\n"+string(payload)); err != nil {
			return fmt.Errorf("notify %s: %w", topic, err)
		}
		return nil
	}
	hubs.mu.Lock()
	h := hubs.m[s]
	hubs.mu.Unlock()
	if h != nil {
		h.deliver(Notice{Topic: topic, Payload: append([]byte(nil), payload...)})
	}
	return nil
}

// Listener receives the notices of one store.
type Listener struct {
	hub  *hub
	ch   chan Notice
	once sync.Once

	// lost: a Missed notice is waiting in ch for notices that did not
	// fit; delivered: when the last notice went into ch. Guarded by
	// hub.mu.
	lost      bool
	delivered time.Time
}

// Notices delivers the notices until Close; the channel is then closed.
func (l *Listener) Notices() <-chan Notice { return l.ch }

// Close stops the listener. The last listener of a store closes its
// database connection.
func (l *Listener) Close() {
	l.once.Do(func() { l.hub.remove(l) })
}

// Listen starts receiving the store's notices. On PostgreSQL it returns
// once the database is listening, so that every notice sent after it
// returns is received.
func (s *Store) Listen(ctx context.Context) (*Listener, error) {
	l := &Listener{ch: make(chan Notice, noticeBuffer), delivered: time.Now()}
	hubs.mu.Lock()
	h := hubs.m[s]
	if h == nil {
		h = &hub{store: s, listeners: map[*Listener]struct{}{}}
		if pg, dsn := s.notifyBackend(); pg {
			h.pg = newPGListener(dsn, h.deliver)
		}
		hubs.m[s] = h
	}
	l.hub = h
	h.mu.Lock()
	h.listeners[l] = struct{}{}
	h.mu.Unlock()
	hubs.mu.Unlock()
	if h.pg != nil {
		if err := h.pg.ready(ctx); err != nil {
			l.Close()
			return nil, fmt.Errorf("listen on %s: %w", s.Path(), err)
		}
	}
	return l, nil
}

// hubs holds the listeners of each store that has any. It is kept beside
// the Store rather than in it so that a store nobody listens to carries
// nothing, and the connection goes with the last listener.
var hubs = struct {
	mu sync.Mutex
	m  map[*Store]*hub
}{m: map[*Store]*hub{}}

type hub struct {
	store     *Store
	pg        *pgListener // nil on SQLite
	mu        sync.Mutex
	listeners map[*Listener]struct{}
}

// deliver passes n to every listener without ever blocking the sender. The
// last place of a listener's buffer is kept for a Missed notice: one that
// falls behind is told at once, and again only after it caught up.
func (h *hub) deliver(n Notice) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for l := range h.listeners {
		// Only deliver sends on l.ch, under h.mu: its length can only
		// shrink meanwhile, so these sends never block.
		switch {
		case len(l.ch) < cap(l.ch)-1:
			l.ch <- n
			l.lost = false
			l.delivered = time.Now()
		case !l.lost:
			l.ch <- Notice{Missed: true, Since: l.delivered, Err: errors.New("the listener fell behind")}
			l.lost = true
		}
	}
}

func (h *hub) remove(l *Listener) {
	hubs.mu.Lock()
	h.mu.Lock()
	delete(h.listeners, l)
	close(l.ch)
	last := len(h.listeners) == 0
	h.mu.Unlock()
	if last && hubs.m[h.store] == h {
		delete(hubs.m, h.store)
	}
	hubs.mu.Unlock()
	if last && h.pg != nil {
		h.pg.stop()
	}
}

// pgBackoff bounds the wait between two attempts to reconnect the LISTEN
// connection.
var pgBackoff = struct{ first, max time.Duration }{100 * time.Millisecond, 5 * time.Second}

// decodeNotice splits what pg_notify carried into topic and payload.
func decodeNotice(s string) (Notice, bool) {
	topic, payload, ok := strings.Cut(s, "\n")
	if !ok || topic == "" {
		return Notice{}, false
	}
	return Notice{Topic: topic, Payload: []byte(payload)}, true
}

// notifyBackend says whether the store is on PostgreSQL, and its DSN.
func (s *Store) notifyBackend() (postgres bool, dsn string) {
	return s.Dialect() == "postgres", s.DSN()
}

// closeListeners closes the listeners of a store being closed, and with
// the last one the LISTEN connection, which would otherwise outlive it.
func (s *Store) closeListeners() {
	hubs.mu.Lock()
	h := hubs.m[s]
	hubs.mu.Unlock()
	if h == nil {
		return
	}
	h.mu.Lock()
	ls := make([]*Listener, 0, len(h.listeners))
	for l := range h.listeners {
		ls = append(ls, l)
	}
	h.mu.Unlock()
	for _, l := range ls {
		l.Close()
	}
}
