package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"alinea/seeds"
	"alinea/store"
)

// testApp is the real workbench on a fresh SQLite file with the seeds loaded,
// served over HTTP for round trips through the router.
type testApp struct {
	t     testing.TB
	srv   *httptest.Server
	store *store.Store
	app   *App
	doc   store.Document
}

func newTestApp(t testing.TB) *testApp {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "alinea.db"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := seeds.Install(context.Background(), st)
	if err != nil || got.Document == nil {
		t.Fatalf("seed: %v", err)
	}
	app, err := New(st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(func() {
		srv.Close()
		st.Close()
	})
	return &testApp{t: t, srv: srv, store: st, app: app, doc: *got.Document}
}

// do sends a request; body may be nil, a string, []byte, or a value to
// encode as JSON. headers are name, value pairs.
func (ta *testApp) do(method, path string, body any, headers ...string) (*http.Response, []byte) {
	ta.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			ta.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, ta.srv.URL+path, rd)
	if err != nil {
		ta.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := ta.srv.Client().Do(req)
	if err != nil {
		ta.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		ta.t.Fatal(err)
	}
	return resp, out
}

// getJSON fetches path and decodes the JSON answer into v, failing the test
// unless the status is want.
func (ta *testApp) getJSON(path string, want int, v any) {
	ta.t.Helper()
	resp, body := ta.do("GET", path, nil)
	if resp.StatusCode != want {
		ta.t.Fatalf("GET %s: %d %s, want %d", path, resp.StatusCode, body, want)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			ta.t.Fatalf("GET %s: %v in %s", path, err, body)
		}
	}
}
