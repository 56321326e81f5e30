package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"alinea/internal/testenv"
	"alinea/notice"
	"alinea/seeds"
	"alinea/store"
)

// twoServers are two workbench servers on one PostgreSQL database, each
// with its own store (connection pool and LISTEN connection), as two
// `alinea serve` processes behind a load balancer would be.
func twoServers(t testing.TB) (a, b *testApp) {
	t.Helper()
	if testenv.Backend() != "postgres" {
		t.Skip("several servers share a database only on PostgreSQL: this runs in the PostgreSQL run (" + testenv.PostgresEnv + ")")
	}
	dsn := testenv.DB(t)
	var doc store.Document
	serve := func(seed bool) *testApp {
		st, err := store.Open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		if seed {
			got, err := seeds.Install(context.Background(), st)
			if err != nil || got.Document == nil {
				t.Fatalf("seed: %v", err)
			}
			doc = *got.Document
		}
		app, err := New(st, Options{})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewUnstartedServer(app)
		srv.Config = app.Server()
		srv.Start()
		t.Cleanup(func() {
			app.Close()
			srv.Close()
			st.Close()
		})
		return &testApp{t: t, srv: srv, store: st, app: app, doc: doc}
	}
	a, b = serve(true), serve(false)
	a.admin, a.token = a.user("admin", store.RoleAdmin)
	b.admin, b.token = a.admin, a.token
	return a, b
}

type sseEvent struct {
	name string
	data string
}

// stream opens the live update stream of an editor of doc in lang and
// returns its events; it is open once stream returns.
func (ta *testApp) stream(lang string) <-chan sseEvent {
	ta.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", ta.srv.URL+fmt.Sprintf("/documents/%d/edit/%s/events", ta.doc.ID, lang), nil)
	resp, err := ta.client().Do(req)
	if err != nil {
		cancel()
		ta.t.Fatal(err)
	}
	ta.t.Cleanup(func() {
		cancel()
		resp.Body.Close()
	})
	if resp.StatusCode != http.StatusOK {
		ta.t.Fatalf("stream: %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), "retry:") {
		ta.t.Fatalf("the stream starts with %q", sc.Text())
	}
	events := make(chan sseEvent, liveBuffer)
	go func() {
		defer close(events)
		var ev sseEvent
		for sc.Scan() {
			switch l := sc.Text(); {
			case strings.HasPrefix(l, "event: "):
				ev.name = strings.TrimPrefix(l, "event: ")
			case strings.HasPrefix(l, "data: "):
				ev.data = strings.TrimPrefix(l, "data: ")
			case l == "" && ev.name != "":
				events <- ev
				ev = sseEvent{}
			}
		}
	}()
	return events
}

// wait returns the next event named name, failing the test after a while.
// (How soon events come is measured by BenchmarkSaveAcrossServers.)
func wait(t testing.TB, events <-chan sseEvent, name string) sseEvent {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatalf("the stream ended before a %s event", name)
			}
			if ev.name == name {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s event", name)
		}
	}
}

// TestTwoServersOneDatabase: an editor connected to server A sees what is
// saved, merged and changed in the glossary through server B and the other
// way round, and a save from a stale version is the same 409 across
// servers as on one.
func TestTwoServersOneDatabase(t *testing.T) {
	a, b := twoServers(t)
	ids := a.segmentIDs("es")
	onA, onB := a.stream("es"), b.stream("es")
	put := func(ta *testApp, seg int64, text string, version int64) (*http.Response, translationBody) {
		t.Helper()
		resp, body := ta.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", seg), map[string]any{"text": text, "version": version})
		var tb translationBody
		json.Unmarshal(body, &tb)
		return resp, tb
	}

	t.Run("a save through B reaches A", func(t *testing.T) {
		resp, saved := put(b, ids[3], "Guardado en B", 0)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("save on B: %d", resp.StatusCode)
		}
		ev := wait(t, onA, "saved")
		var got translationBody
		if err := json.Unmarshal([]byte(ev.data), &got); err != nil {
			t.Fatal(err)
		}
		if got.ID != ids[3] || got.Text != "Guardado en B" || got.Version != saved.Version {
			t.Errorf("A's editor got %+v, want version %d of segment %d", got, saved.Version, ids[3])
		}
		wait(t, onB, "saved") // B's own editors too
	})

	t.Run("a stale save across servers is a conflict", func(t *testing.T) {
		resp, first := put(a, ids[4], "Primera, en A", 0)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("save on A: %d", resp.StatusCode)
		}
		// B's translator started from version 0 too.
		resp, body := b.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", ids[4]), map[string]any{"text": "Segunda, en B", "version": 0})
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("stale save on B: %d %s, want 409", resp.StatusCode, body)
		}
		var c struct {
			Current translationBody `json:"current"`
		}
		if err := json.Unmarshal(body, &c); err != nil || c.Current.Text != "Primera, en A" || c.Current.Version != first.Version {
			t.Errorf("the conflict shows %+v (%v), want A's save", c.Current, err)
		}
		tr, err := b.store.Translation(context.Background(), ids[4], "es")
		if err != nil || tr.Text != "Primera, en A" {
			t.Errorf("stored %q %v", tr.Text, err)
		}
	})

	t.Run("a merge on A reaches B", func(t *testing.T) {
		i, rows := a.sameParagraph()
		resp, body := a.do("POST", fmt.Sprintf("/api/segments/%d/merge", rows[i].ID), map[string]any{"next_id": rows[i+1].ID})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("merge on A: %d %s", resp.StatusCode, body)
		}
		var got notice.SegmentsNotice
		if err := json.Unmarshal([]byte(wait(t, onB, "segments").data), &got); err != nil {
			t.Fatal(err)
		}
		if got.Doc != a.doc.ID || !slices.Contains(got.Segments, rows[i].ID) {
			t.Errorf("B's editor got %+v", got)
		}
	})

	t.Run("A's memory index learns a translation saved through B", func(t *testing.T) {
		var rows apiSegments
		a.getJSON(fmt.Sprintf("/api/documents/%d/segments?lang=es", a.doc.ID), 200, &rows)
		seg := rows.Segments[len(rows.Segments)-2] // untouched so far
		src := seg.Source
		type lookup struct {
			Matches []matchJSON `json:"matches"`
		}
		found := func() bool {
			var lk lookup
			a.getJSON("/api/tm?lang=es&q="+url.QueryEscape(src), 200, &lk) // builds A's index, then brings it up to date
			return slices.ContainsFunc(lk.Matches, func(m matchJSON) bool { return m.Target == "Memoria desde B" })
		}
		if found() {
			t.Fatal("the match is there before the save")
		}
		resp, body := b.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", seg.ID), map[string]any{"text": "Memoria desde B", "status": "translated", "version": 0})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("save on B: %d %s", resp.StatusCode, body)
		}
		if !found() {
			t.Error("A's memory does not offer the translation saved through B")
		}
	})

	t.Run("a glossary change on B reaches A", func(t *testing.T) {
		resp, body := b.do("POST", "/api/glossary/concepts", map[string]any{"terms": []map[string]any{
			{"lang": "zh", "text": "同时", "status": "preferred"}, {"lang": "es", "text": "a la vez", "status": "preferred"}}})
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("create on B: %d %s", resp.StatusCode, body)
		}
		wait(t, onA, "glossary")
		// A's matcher sees the concept: it follows the glossary's version.
		var terms struct {
			Segments []struct {
				Hits []hitJSON `json:"hits"`
			} `json:"segments"`
		}
		a.getJSON(fmt.Sprintf("/api/documents/%d/terms?lang=es", a.doc.ID), 200, &terms)
		found := false
		for _, s := range terms.Segments {
			for _, h := range s.Hits {
				found = found || h.Term == "同时"
			}
		}
		if !found {
			t.Error("A's glossary matcher does not know the concept added on B")
		}
	})
}

// BenchmarkSaveAcrossServers measures how soon a save through server B
// reaches an editor's stream on server A, from the start of the save's
// request: ms-p50 and ms-p99 over b.N saves (run with -benchtime=100x);
// ms-save-p50 is the request alone, ms-after-save-* the time from its
// answer to the event.
func BenchmarkSaveAcrossServers(b *testing.B) {
	a, other := twoServers(b)
	benchmarkSaveToStream(b, other, a)
}

// BenchmarkSaveToStream is the same on one server, on either database.
func BenchmarkSaveToStream(b *testing.B) {
	ta := newTestApp(b)
	benchmarkSaveToStream(b, ta, ta)
}

func benchmarkSaveToStream(b *testing.B, saver, watcher *testApp) {
	ids := watcher.segmentIDs("es")
	events := watcher.stream("es")
	lat := make([]time.Duration, 0, b.N)
	saves := make([]time.Duration, 0, b.N) // the save's request alone
	after := make([]time.Duration, 0, b.N) // from the save's answer to the event
	b.ResetTimer()
	for i := range b.N {
		seg := ids[i%len(ids)]
		text := fmt.Sprintf("versión %d", i)
		start := time.Now()
		resp, body := saver.do("PUT", fmt.Sprintf("/api/segments/%d/translations/es", seg), map[string]any{"text": text, "status": "draft", "version": currentVersion(b, saver, seg)})
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("save: %d %s", resp.StatusCode, body)
		}
		saves = append(saves, time.Since(start))
		for {
			ev := wait(b, events, "saved")
			if strings.Contains(ev.data, fmt.Sprintf(`"text":%q`, text)) {
				break
			}
		}
		lat = append(lat, time.Since(start))
		after = append(after, lat[i]-saves[i])
	}
	b.StopTimer()
	slices.Sort(lat)
	slices.Sort(saves)
	slices.Sort(after)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(saves[len(saves)/2]), "ms-save-p50")
	b.ReportMetric(ms(lat[len(lat)/2]), "ms-p50")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "ms-p99")
	b.ReportMetric(ms(lat[len(lat)-1]), "ms-max")
	b.ReportMetric(ms(after[len(after)/2]), "ms-after-save-p50")
	b.ReportMetric(ms(after[len(after)*99/100]), "ms-after-save-p99")
}

func currentVersion(tb testing.TB, ta *testApp, seg int64) int64 {
	tb.Helper()
	tr, err := ta.store.Translation(context.Background(), seg, "es")
	if err != nil {
		tb.Fatal(err)
	}
	return tr.Version
}
