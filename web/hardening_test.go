package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"alinea/internal/testenv"
	"alinea/store"
)

// TestSlowBodyIsCut trickles a request body one byte at a time: the server
// lets go of the connection once the request timeout has passed, instead of
// waiting for the rest forever.
func TestSlowBodyIsCut(t *testing.T) {
	ta := newTestAppWith(t, Options{RequestTimeout: 400 * time.Millisecond})
	for _, accept := range []string{"text/html", "text/event-stream"} {
		c, err := net.Dial("tcp", ta.srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST /signin HTTP/1.1\r\nHost: x\r\nAccept: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n", accept)
		start := time.Now()
		cut := false
		for time.Since(start) < 5*time.Second && !cut {
			if _, err := c.Write([]byte("a")); err != nil {
				cut = true
				break
			}
			c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
			_, err := c.Read(make([]byte, 1))
			if ne, ok := err.(net.Error); !ok || !ne.Timeout() {
				cut = true // an answer, or the connection closed
			}
		}
		if !cut {
			t.Errorf("Accept %s: a body trickled for %v is still being read", accept, time.Since(start).Round(time.Millisecond))
		}
	}
}

// TestEventStreamOutlivesTimeouts keeps an editor's live stream open well
// past the request and read timeouts, and it still carries saves.
func TestEventStreamOutlivesTimeouts(t *testing.T) {
	ta := newTestAppWith(t, Options{RequestTimeout: 300 * time.Millisecond})
	seg := ta.segmentIDs("es")[4]
	resp, err := ta.client().Get(ta.srv.URL + fmt.Sprintf("/documents/%d/edit/es/events", ta.doc.ID))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := make(chan string, 16)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	time.Sleep(time.Second)
	ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", seg), map[string]any{"text": "Hola", "version": 0})
	deadline := time.After(5 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the stream ended before the save arrived")
			}
			if l == "event: saved" {
				return
			}
		case <-deadline:
			t.Fatal("no save on the stream")
		}
	}
}

// TestOnlyTheEventsRouteEscapesTheTimeout checks that asking for an event
// stream elsewhere does not lift the request timeout.
func TestOnlyTheEventsRouteEscapesTheTimeout(t *testing.T) {
	r := chi.NewRouter()
	r.Use(timeout(time.Minute, r, map[string]bool{eventsRoute: true}))
	bounded := func(w http.ResponseWriter, r *http.Request) {
		_, ok := r.Context().Deadline()
		fmt.Fprint(w, ok)
	}
	r.Get("/documents/{docID}/compare", bounded)
	r.Route("/documents/{docID}", func(r chi.Router) {
		r.Get("/edit/{lang}/events", bounded)
		r.Get("/edit/{lang}", bounded)
	})
	for path, want := range map[string]string{
		"/documents/1/edit/es/events": "false",
		"/documents/1/edit/es":        "true",
		"/documents/1/compare":        "true",
	} {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Accept", "text/event-stream")
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, req)
		if body, _ := io.ReadAll(rec.Body); strings.TrimSpace(string(body)) != want {
			t.Errorf("%s: has a deadline %s, want %s", path, body, want)
		}
	}
}

// TestAccessLog logs each request with its route pattern, status, duration
// and user, and never what was typed: no segment text, search, password or
// token.
func TestAccessLog(t *testing.T) {
	var logs testenv.SyncBuffer
	ta := newTestAppWith(t, Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	seg := ta.segmentIDs("es")[2]
	ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", seg), map[string]any{"text": "texto secreto del traductor", "version": 0})
	ta.do("GET", "/api/glossary?q=busqueda-privada", nil)
	ta.signin("admin", "contraseña-equivocada", "/")
	ta.as("").do("GET", "/healthz", nil)

	type entry struct {
		Msg      string  `json:"msg"`
		Method   string  `json:"method"`
		Route    string  `json:"route"`
		Status   int     `json:"status"`
		Duration float64 `json:"duration"`
		User     int64   `json:"user"`
	}
	want := []entry{
		{Method: "GET", Route: "/api/documents/{docID}/segments", Status: 200, User: ta.admin.ID},
		{Method: "PUT", Route: "/api/segments/{segID}/translations/{lang}", Status: 200, User: ta.admin.ID},
		{Method: "GET", Route: "/api/glossary", Status: 200, User: ta.admin.ID},
		{Method: "POST", Route: "/signin", Status: 401},
		{Method: "GET", Route: "/healthz", Status: 200},
	}
	var got []entry
	deadline := time.Now().Add(5 * time.Second)
	for len(got) < len(want) && time.Now().Before(deadline) {
		got = got[:0]
		for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
			var e entry
			if json.Unmarshal([]byte(line), &e) == nil && e.Msg == "request" {
				got = append(got, e)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(got) != len(want) {
		t.Fatalf("access log: %d entries, want %d:\n%s", len(got), len(want), logs.String())
	}
	for i, w := range want {
		g := got[i]
		if g.Method != w.Method || g.Route != w.Route || g.Status != w.Status || g.User != w.User || g.Duration <= 0 {
			t.Errorf("entry %d: %+v, want %+v", i, g, w)
		}
	}
	for _, secret := range []string{"secreto", "busqueda", "contraseña", ta.token, "Bearer"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log contains %q", secret)
		}
	}
}

// TestHealthz answers a supervisor without an account, naming the backend
// and the database, and 503 once the database is gone.
func TestHealthz(t *testing.T) {
	ta := newTestApp(t)
	want := "backend: " + ta.store.Dialect() + "\ndatabase: " + ta.store.Path() + "\n"
	if resp, body := ta.as("").do("GET", "/healthz", nil); resp.StatusCode != http.StatusOK || string(body) != "ok\n"+want {
		t.Errorf("healthz: %d %q", resp.StatusCode, body)
	}
	ta.store.Close()
	if resp, body := ta.as("").do("GET", "/healthz", nil); resp.StatusCode != http.StatusServiceUnavailable || string(body) != "database unavailable\n"+want {
		t.Errorf("healthz with the database closed: %d %q", resp.StatusCode, body)
	}
}

// TestGlossaryFormLimits holds the glossary forms to the API's bounds: the
// body size, and the length of each field, which the store checks for both.
func TestGlossaryFormLimits(t *testing.T) {
	ta := newTestApp(t)
	post := func(path string, v url.Values) int {
		resp, err := ta.client().PostForm(ta.srv.URL+path, v)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	huge := strings.Repeat("n", 9<<20)
	long := strings.Repeat("n", store.MaxConceptTextRunes+1)
	if status := post("/glossary/concepts", url.Values{"zh": {"新词一"}, "note": {huge}}); status != http.StatusRequestEntityTooLarge {
		t.Errorf("a 9 MiB note in the form: %d, want 413", status)
	}
	if status := post("/glossary/concepts", url.Values{"zh": {"新词二"}, "note": {long}}); status != http.StatusBadRequest {
		t.Errorf("a note over the limit in the form: %d, want 400", status)
	}
	if status := post("/glossary/concepts", url.Values{"zh": {strings.Repeat("词", store.MaxTermRunes+1)}}); status != http.StatusBadRequest {
		t.Errorf("a term over the limit in the form: %d, want 400", status)
	}
	resp, body := ta.do("POST", "/api/glossary/concepts", map[string]any{"note": long,
		"terms": []map[string]any{{"lang": "zh", "text": "新词三", "status": "preferred"}}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "Too long") {
		t.Errorf("a note over the limit through the API: %d %s", resp.StatusCode, body)
	}
	for _, q := range []string{"新词一", "新词二", "新词三"} {
		if cs, _ := ta.store.Lookup(context.Background(), q, 10); len(cs) != 0 {
			t.Errorf("%s was stored", q)
		}
	}
	if status := post("/glossary/concepts", url.Values{"zh": {"新词四"}, "note": {strings.Repeat("n", store.MaxConceptTextRunes)}}); status != http.StatusSeeOther {
		t.Errorf("a note at the limit: %d", status)
	}
}
