package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"alinea/internal/testenv"
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
	admin store.User
	// token authenticates do and getJSON: the admin's unless a test
	// switches to another user with as.
	token string
}

func TestMain(m *testing.M) {
	// Password hashing at full cost would dominate the tests' run time.
	store.PasswordCost.Time, store.PasswordCost.Memory, store.PasswordCost.Threads = 1, 64, 1
	os.Exit(testenv.RunBackends(m))
}

func newTestApp(t testing.TB) *testApp {
	t.Helper()
	return newTestAppWith(t, Options{})
}

func newTestAppWith(t testing.TB, opts Options) *testApp {
	t.Helper()
	st, err := store.Open(testenv.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := seeds.Install(context.Background(), st)
	if err != nil || got.Document == nil {
		t.Fatalf("seed: %v", err)
	}
	app, err := New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	// The server as alinea serve configures it, timeouts included.
	srv := httptest.NewUnstartedServer(app)
	srv.Config = app.Server()
	srv.Start()
	t.Cleanup(func() {
		// Live streams end first, or srv.Close would wait for them.
		app.Close()
		srv.Close()
		st.Close()
	})
	ta := &testApp{t: t, srv: srv, store: st, app: app, doc: *got.Document}
	ta.admin, ta.token = ta.user("admin", store.RoleAdmin)
	return ta
}

// user creates an account with a known password (its login followed by
// "-password") and returns it with an API token.
func (ta *testApp) user(login string, role store.Role) (store.User, string) {
	ta.t.Helper()
	ctx := context.Background()
	u, err := ta.store.CreateUser(ctx, store.NewUser{Login: login, Role: role, Password: login + "-password"})
	if err != nil {
		ta.t.Fatal(err)
	}
	token, _, err := ta.store.CreateToken(ctx, u.ID, "test")
	if err != nil {
		ta.t.Fatal(err)
	}
	return u, token
}

// as returns a copy of the app whose requests carry another token ("" for
// anonymous requests).
func (ta *testApp) as(token string) *testApp {
	c := *ta
	c.token = token
	return &c
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
	if ta.token != "" {
		req.Header.Set("Authorization", "Bearer "+ta.token)
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

// client returns an HTTP client that signs its requests with the app's
// current token and does not follow redirects, for requests do cannot make
// (forms, uploads, streams).
func (ta *testApp) client() *http.Client {
	c := *ta.srv.Client()
	c.Transport = bearer{token: ta.token, next: c.Transport}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

type bearer struct {
	token string
	next  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	if b.token != "" {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+b.token)
	}
	return b.next.RoundTrip(r)
}

// postMultipart sends a multipart form to path: a file when name is not
// empty, and fields as name, value pairs. It returns the status, the
// Location of a redirect and the body.
func (ta *testApp) postMultipart(path, name string, content []byte, fields ...string) (int, string, []byte) {
	ta.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", ta.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := ta.client().Do(req)
	if err != nil {
		ta.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		ta.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Location"), body
}

// postMultipartPage is postMultipart for a form page: the Location of a
// redirect, or else the page.
func (ta *testApp) postMultipartPage(path, name string, content []byte, fields ...string) (int, string) {
	ta.t.Helper()
	status, loc, body := ta.postMultipart(path, name, content, fields...)
	if status == http.StatusSeeOther {
		return status, loc
	}
	return status, string(body)
}
