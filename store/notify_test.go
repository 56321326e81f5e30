package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"alinea/internal/testenv"
)

// next is the next notice of l with the given topic, or a Missed notice;
// other topics are skipped (a PostgreSQL database may be shared).
func next(t *testing.T, ch <-chan Notice, topic string) Notice {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case n, ok := <-ch:
			if !ok {
				t.Fatal("the listener was closed")
			}
			if n.Missed || n.Topic == topic {
				return n
			}
		case <-timeout:
			t.Fatalf("no %q notice within 5 s", topic)
		}
	}
}

func TestNotifyReachesEveryListener(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	a, err := st.Listen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := st.Listen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Notify(ctx, "saved", []byte(`{"segment":7,"lang":"es"}`)); err != nil {
		t.Fatal(err)
	}
	for name, l := range map[string]*Listener{"a": a, "b": b} {
		n := next(t, l.Notices(), "saved")
		if n.Missed || string(n.Payload) != `{"segment":7,"lang":"es"}` {
			t.Errorf("listener %s got %+v", name, n)
		}
	}
	b.Close()
	b.Close() // twice is harmless
	if _, ok := <-b.Notices(); ok {
		t.Error("a closed listener still delivers")
	}
	if err := st.Notify(ctx, "glossary", nil); err != nil {
		t.Fatal(err)
	}
	if n := next(t, a.Notices(), "glossary"); n.Missed || len(n.Payload) != 0 {
		t.Errorf("after closing the other listener: %+v", n)
	}
}

func TestNotifyRefusesBadNotices(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	l, err := st.Listen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, c := range []struct {
		name, topic string
		payload     []byte
		want        string
	}{
		{"no topic", "", []byte("x"), "invalid topic"},
		{"topic with a newline", "a\nb", nil, "invalid topic"},
		{"too long", "saved", []byte(strings.Repeat("x", MaxNoticePayload)), "over the limit"},
		{"not UTF-8", "saved", []byte{0xff, 0xfe}, "UTF-8"},
		{"NUL byte", "saved", []byte("a\x00b"), "UTF-8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := st.Notify(ctx, c.topic, c.payload)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Notify: %v, want an error with %q", err, c.want)
			}
		})
	}
	// Nothing was sent: the next notice is the one sent now.
	if err := st.Notify(ctx, "ok", []byte(strings.Repeat("x", MaxNoticePayload-len("ok")))); err != nil {
		t.Fatal(err)
	}
	if n := next(t, l.Notices(), "ok"); n.Missed || len(n.Payload) != MaxNoticePayload-2 {
		t.Errorf("got %q with %d bytes", n.Topic, len(n.Payload))
	}
}

// A listener that does not keep up is told that it missed notices instead
// of holding up the sender.
func TestNotifySlowListenerIsToldItMissedSome(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	l, err := st.Listen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	sent := noticeBuffer + 10
	for i := range sent {
		if err := st.Notify(ctx, "n", []byte{byte('0' + i%10)}); err != nil {
			t.Fatal(err)
		}
	}
	// Not read until the buffer is full (on PostgreSQL notices arrive a
	// little later).
	for wait := time.Now(); len(l.ch) < cap(l.ch); time.Sleep(time.Millisecond) {
		if time.Since(wait) > 5*time.Second {
			t.Fatalf("%d notices buffered, want %d", len(l.ch), cap(l.ch))
		}
	}
	var got, missed int
	deadline := time.After(5 * time.Second)
	for got+missed < sent && missed == 0 {
		select {
		case n := <-l.Notices():
			if n.Missed {
				missed++
			} else if n.Topic == "n" {
				got++
			}
		case <-deadline:
			t.Fatalf("%d notices and %d missed of %d", got, missed, sent)
		}
	}
	if missed != 1 || got != noticeBuffer-1 {
		t.Errorf("%d notices and %d missed notices of %d sent", got, missed, sent)
	}
}

// The LISTEN connection comes back after it is cut, and says that notices
// may have been missed meanwhile.
func TestNotifyListenerReconnects(t *testing.T) {
	if testenv.Backend() != "postgres" {
		t.Skip("SQLite delivers in process: there is no connection to lose")
	}
	st := openTemp(t)
	ctx := context.Background()
	l, err := st.Listen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := st.Notify(ctx, "before", nil); err != nil {
		t.Fatal(err)
	}
	if n := next(t, l.Notices(), "before"); n.Missed {
		t.Fatalf("missed before anything failed: %v", n.Err)
	}
	pg := l.hub.pg
	old := pg.pid.Load()
	cut := time.Now()
	if _, err := st.w.ExecContext(ctx, `SELECT pg_terminate_backend(?)`, int64(old)); err != nil {
		t.Fatal(err)
	}
	n := next(t, l.Notices(), "never sent")
	if !n.Missed || n.Err == nil || n.Since.After(cut) {
		t.Fatalf("after the connection was cut: %+v, want a Missed notice since before %v", n, cut)
	}
	if pg.pid.Load() == old {
		t.Fatal("still on the connection that was cut")
	}
	if err := st.Notify(ctx, "after", nil); err != nil {
		t.Fatal(err)
	}
	if n := next(t, l.Notices(), "after"); n.Missed {
		t.Fatalf("missed again after reconnecting: %v", n.Err)
	}
}

// Workbenches in two schemas of one PostgreSQL database (or two SQLite
// files) do not hear each other.
func TestNotifyStaysInItsDatabase(t *testing.T) {
	one, other := openTemp(t), openTemp(t)
	ctx := context.Background()
	l, err := other.Listen(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := one.Notify(ctx, "elsewhere", nil); err != nil {
		t.Fatal(err)
	}
	if err := other.Notify(ctx, "here", nil); err != nil {
		t.Fatal(err)
	}
	if n := <-l.Notices(); n.Topic != "here" {
		t.Errorf("got %+v first, want the notice of its own database", n)
	}
}

// Closing the store closes its listeners (and the LISTEN connection).
func TestNotifyCloseWithTheStore(t *testing.T) {
	st := openTemp(t)
	l, err := st.Listen(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	select {
	case _, ok := <-l.Notices():
		if ok {
			t.Error("a notice after the store was closed")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the listener outlived its store")
	}
}
