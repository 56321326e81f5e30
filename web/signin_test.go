package web

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"alinea/store"
)

// signin posts the sign-in form anonymously and returns the status, the
// redirect target, the session cookie (nil if none) and the body.
func (ta *testApp) signin(login, password, next string) (int, string, *http.Cookie, string) {
	ta.t.Helper()
	resp, err := ta.as("").client().PostForm(ta.srv.URL+"/signin",
		url.Values{"login": {login}, "password": {password}, "next": {next}})
	if err != nil {
		ta.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			cookie = c
		}
	}
	return resp.StatusCode, resp.Header.Get("Location"), cookie, string(body)
}

// withCookie requests path anonymously but for the session cookie, and
// returns the status and redirect target.
func (ta *testApp) withCookie(method, path string, c *http.Cookie) (int, string) {
	ta.t.Helper()
	req, _ := http.NewRequest(method, ta.srv.URL+path, nil)
	if c != nil {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := ta.as("").client().Do(req)
	if err != nil {
		ta.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

func TestSignInAndOut(t *testing.T) {
	ta := newTestApp(t)
	ta.user("tina", store.RoleTranslator)
	editor := fmt.Sprintf("/documents/%d/edit/es", ta.doc.ID)

	if status, loc := ta.withCookie("GET", editor, nil); status != http.StatusSeeOther || loc != "/signin?next="+url.QueryEscape(editor) {
		t.Fatalf("anonymous editor: %d to %q", status, loc)
	}
	tests := []struct {
		name, login, password, next string
		want                        int
		wantLoc                     string
	}{
		{"wrong password", "tina", "nope", editor, http.StatusUnauthorized, ""},
		{"unknown login", "nobody", "tina-password", editor, http.StatusUnauthorized, ""},
		{"empty", "", "", "", http.StatusUnauthorized, ""},
		{"right", "tina", "tina-password", editor, http.StatusSeeOther, editor},
		{"next on another site", "tina", "tina-password", "https://evil.example/", http.StatusSeeOther, "/"},
		{"next protocol-relative", "tina", "tina-password", "//evil.example/", http.StatusSeeOther, "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, loc, cookie, body := ta.signin(tt.login, tt.password, tt.next)
			if status != tt.want || loc != tt.wantLoc {
				t.Fatalf("%d to %q, want %d to %q", status, loc, tt.want, tt.wantLoc)
			}
			if tt.want != http.StatusSeeOther {
				if cookie != nil {
					t.Error("a failed sign-in set a session cookie")
				}
				// The same message whether the login exists or not.
				if !strings.Contains(body, "Wrong login or password.") {
					t.Errorf("no error message in %.300s", body)
				}
				return
			}
			if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Secure || len(cookie.Value) < 32 {
				t.Fatalf("session cookie %+v", cookie)
			}
			if status, _ := ta.withCookie("GET", editor, cookie); status != http.StatusOK {
				t.Errorf("the editor with the session: %d", status)
			}
		})
	}

	_, _, cookie, _ := ta.signin("tina", "tina-password", "/")
	resp, err := func() (*http.Response, error) {
		req, _ := http.NewRequest("POST", ta.srv.URL+"/signout", nil)
		req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
		return ta.as("").client().Do(req)
	}()
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cleared := false
	for _, c := range resp.Cookies() {
		cleared = cleared || c.Name == sessionCookie && c.MaxAge < 0
	}
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin" || !cleared {
		t.Errorf("sign-out: %d to %q, cookie cleared %v", resp.StatusCode, resp.Header.Get("Location"), cleared)
	}
	// The session is over on the server, not only in this browser.
	if status, loc := ta.withCookie("GET", "/", cookie); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
		t.Errorf("the old cookie after sign-out: %d to %q", status, loc)
	}
}

func TestSignInDisabledAndFirstPassword(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	u, _ := ta.user("gone", store.RoleReviewer)
	if err := ta.store.SetDisabled(ctx, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if status, _, cookie, _ := ta.signin("gone", "gone-password", "/"); status != http.StatusUnauthorized || cookie != nil {
		t.Errorf("a disabled account signed in: %d", status)
	}
	// An account made by an admin starts with a password to change.
	if _, err := ta.store.CreateUser(ctx, store.NewUser{Login: "newbie", Role: store.RoleViewer, Password: "first-password", MustChangePassword: true}); err != nil {
		t.Fatal(err)
	}
	status, loc, cookie, _ := ta.signin("newbie", "first-password", "/documents/1/compare")
	if status != http.StatusSeeOther || loc != passwordPath {
		t.Fatalf("first sign-in: %d to %q", status, loc)
	}
	if status, loc := ta.withCookie("GET", "/", cookie); status != http.StatusSeeOther || loc != passwordPath {
		t.Errorf("before the password is changed: %d to %q", status, loc)
	}
}

// testClock is a clock a test moves forward by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock { return &testClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestSessionExpiry(t *testing.T) {
	tests := []struct {
		name   string
		policy store.SessionPolicy
		// every is how far the clock moves between two requests; the
		// session is used after each step until wait has passed.
		every, wait time.Duration
		expired     bool
	}{
		{"idle", store.SessionPolicy{Idle: 30 * time.Minute, Absolute: 8 * time.Hour}, 31 * time.Minute, 31 * time.Minute, true},
		{"idle, kept alive", store.SessionPolicy{Idle: 30 * time.Minute, Absolute: 8 * time.Hour}, 20 * time.Minute, 2 * time.Hour, false},
		{"absolute, however busy", store.SessionPolicy{Idle: time.Hour, Absolute: 2 * time.Hour}, 20 * time.Minute, 2*time.Hour + 10*time.Minute, true},
		{"just before the absolute limit", store.SessionPolicy{Idle: time.Hour, Absolute: 2 * time.Hour}, 20 * time.Minute, 2*time.Hour - 10*time.Minute, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ta := newTestAppWith(t, Options{Sessions: tt.policy})
			clock := newTestClock()
			ta.store.SetClock(clock.Now)
			ta.user("tina", store.RoleTranslator)
			_, _, cookie, _ := ta.signin("tina", "tina-password", "/")
			if status, _ := ta.withCookie("GET", "/", cookie); status != http.StatusOK {
				t.Fatalf("a fresh session: %d", status)
			}
			for passed := time.Duration(0); passed < tt.wait; {
				step := min(tt.every, tt.wait-passed)
				clock.Advance(step)
				passed += step
				if passed < tt.wait {
					if status, _ := ta.withCookie("GET", "/account", cookie); status != http.StatusOK {
						t.Fatalf("the session ended after %v: %d", passed, status)
					}
				}
			}
			status, loc := ta.withCookie("GET", "/", cookie)
			if expired := status == http.StatusSeeOther && strings.HasPrefix(loc, "/signin"); expired != tt.expired {
				t.Errorf("after %v: %d to %q, want expired %v", tt.wait, status, loc, tt.expired)
			}
		})
	}
}

// signinFrom posts the sign-in form as if through a trusted proxy for the
// client address addr, and returns the status, the Retry-After header and
// the body.
func (ta *testApp) signinFrom(addr, login, password string) (int, string, string) {
	ta.t.Helper()
	req, _ := http.NewRequest("POST", ta.srv.URL+"/signin",
		strings.NewReader(url.Values{"login": {login}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if addr != "" {
		req.Header.Set("X-Forwarded-For", addr)
	}
	resp, err := ta.as("").client().Do(req)
	if err != nil {
		ta.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Retry-After"), string(body)
}

var loopbackProxy = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

func TestSignInThrottling(t *testing.T) {
	ta := newTestAppWith(t, Options{TrustedProxies: loopbackProxy})
	clock := newTestClock()
	ta.store.SetClock(clock.Now)
	ta.user("tina", store.RoleTranslator)
	ta.user("tom", store.RoleTranslator)
	p := ta.app.signin.policy
	const guesser, office = "203.0.113.7", "198.51.100.1"
	for i := range p.pairFree {
		if status, _, _ := ta.signinFrom(guesser, "tina", fmt.Sprintf("guess %d", i)); status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, status)
		}
	}
	// The guesser now waits, even with the right password, and is told
	// for how many seconds.
	status, retry, body := ta.signinFrom(guesser, "tina", "tina-password")
	if status != http.StatusTooManyRequests || retry != "1" || !strings.Contains(body, "Too many failed sign-ins") {
		t.Fatalf("after %d failures: %d, Retry-After %q", p.pairFree, status, retry)
	}
	// The account's owner, elsewhere, is not locked out.
	if status, _, _ := ta.signinFrom(office, "tina", "tina-password"); status != http.StatusSeeOther {
		t.Fatalf("the right password from another address: %d", status)
	}
	// Nor is another account from the guesser's address.
	if status, _, _ := ta.signinFrom(guesser, "tom", "tom-password"); status != http.StatusSeeOther {
		t.Fatalf("another account from the same address: %d", status)
	}
	// After the delay the guesser may try again, and each failure doubles
	// the next delay.
	clock.Advance(p.first)
	if status, _, _ := ta.signinFrom(guesser, "tina", "guess again"); status != http.StatusUnauthorized {
		t.Fatalf("after the delay: %d", status)
	}
	if status, retry, _ := ta.signinFrom(guesser, "tina", "tina-password"); status != http.StatusTooManyRequests || retry != "2" {
		t.Errorf("after one more failure: %d, Retry-After %q, want 2 s", status, retry)
	}
	// An address failing across many logins is slowed down for all of them.
	for i := range p.addrFree {
		ta.signinFrom("192.0.2.9", fmt.Sprintf("user%d", i), "guess")
	}
	if status, retry, _ := ta.signinFrom("192.0.2.9", "tom", "tom-password"); status != http.StatusTooManyRequests || retry == "" {
		t.Errorf("after %d failures from one address: %d", p.addrFree, status)
	}
}

// TestSignInFlood sends 200 wrong sign-ins at once, half from one address
// and half from as many addresses. Hashing is bounded, so memory stays low
// whatever the number of requests, and the throttle counts attempts still
// in flight, so a burst from one address is refused before any hashing.
func TestSignInFlood(t *testing.T) {
	ta := newTestAppWith(t, Options{TrustedProxies: loopbackProxy})
	// A quarter of the real cost (16 MiB a hash), to keep the test light;
	// the bound below is a quarter of 1 GiB accordingly.
	saved := store.PasswordCost
	store.PasswordCost.Time, store.PasswordCost.Memory = 1, 16*1024
	ta.user("victim", store.RoleTranslator)
	store.PasswordCost = saved
	const bound = 256 << 20

	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	runtime.GC()
	base := heap()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if h := heap(); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()

	codes := make([]int, 200)
	var wg sync.WaitGroup
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			addr := ""
			if i%2 == 1 {
				addr = fmt.Sprintf("10.1.%d.%d", i/250, i%250)
			}
			codes[i], _, _ = ta.signinFrom(addr, "victim", "wrong-password")
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	count := map[int]int{}
	for _, c := range codes {
		count[c]++
	}
	t.Logf("statuses %v, heap peak %d MiB above %d MiB", count, (peak.Load()-base)>>20, base>>20)
	if count[http.StatusTooManyRequests] == 0 || count[http.StatusUnauthorized] == 0 ||
		count[http.StatusTooManyRequests]+count[http.StatusUnauthorized] != len(codes) {
		t.Errorf("statuses %v, want 401 and 429 only, some of each", count)
	}
	if grew := peak.Load() - base; grew > bound {
		t.Errorf("the heap grew by %d MiB, want under %d MiB", grew>>20, bound>>20)
	}
}

func TestClientAddress(t *testing.T) {
	c := clientAddresses{trusted: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	tests := []struct {
		peer, xff, want string
	}{
		{"192.0.2.1:5000", "", "192.0.2.1"},
		{"192.0.2.1:5000", "203.0.113.5", "192.0.2.1"}, // not a proxy: the header is ignored
		{"10.0.0.2:5000", "203.0.113.5", "203.0.113.5"},
		{"10.0.0.2:5000", "198.51.100.1, 203.0.113.5", "203.0.113.5"}, // the client forged the first
		{"10.0.0.2:5000", "203.0.113.5, 10.0.0.3", "203.0.113.5"},     // two proxies
		{"10.0.0.2:5000", "garbage", "10.0.0.2"},
		{"[::ffff:10.0.0.2]:5000", "2001:db8::1", "2001:db8::1"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.peer
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := c.of(r); got != tt.want {
			t.Errorf("%s with %q: %q, want %q", tt.peer, tt.xff, got, tt.want)
		}
	}
}

func TestSessionCookieIsSecureOverTLS(t *testing.T) {
	ta := newTestApp(t)
	ta.user("tina", store.RoleTranslator)
	req := httptest.NewRequest("POST", "https://alinea.example/signin", strings.NewReader("login=tina&password=tina-password"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.TLS = &tls.ConnectionState{}
	rec := httptest.NewRecorder()
	ta.app.ServeHTTP(rec, req)
	cookies := rec.Result().Cookies()
	if rec.Code != http.StatusSeeOther || len(cookies) != 1 || !cookies[0].Secure || !cookies[0].HttpOnly {
		t.Errorf("over TLS: %d %+v", rec.Code, cookies)
	}
}

// TestNextStaysOnSite sends every kind of "next" that browsers would follow
// to another site through the sign-in redirects; all go to the home page,
// and real paths on the site are kept.
func TestNextStaysOnSite(t *testing.T) {
	ta := newTestApp(t)
	ta.user("tina", store.RoleTranslator)
	tests := []struct{ next, want string }{
		{"/documents/1/edit/es", "/documents/1/edit/es"},
		{"/glossary?q=sur%2Fnorte#top", "/glossary?q=sur%2Fnorte#top"},
		{"/", "/"},
		{"", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"\t//evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/ /evil.example", "/"},
		{"/\u00a0/evil.example", "/"},
		{"/\u2028/evil.example", "/"},
		{`/\evil.example`, "/"},
		{`\\evil.example`, "/"},
		{`/a\..\..\evil`, "/"},
		{"/%2F%2Fevil.example", "/"},
		{"/%2f/evil.example", "/"},
		{"/%5Cevil.example", "/"},
		{"https://evil.example/", "/"},
		{"http:evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{" javascript:alert(1)", "/"},
		{"data:text/html,x", "/"},
		{"evil.example", "/"},
		{"/%zz", "/"},
	}
	for _, tt := range tests {
		if got := localPath(tt.next); got != tt.want {
			t.Errorf("localPath(%q) = %q, want %q", tt.next, got, tt.want)
		}
		// Signed in already: /signin?next= redirects at once.
		resp, err := ta.client().Get(ta.srv.URL + "/signin?next=" + url.QueryEscape(tt.next))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != tt.want {
			t.Errorf("GET /signin?next=%q: %d to %q, want %q", tt.next, resp.StatusCode, loc, tt.want)
		}
		// Signing in with the form.
		if status, loc, _, _ := ta.signin("tina", "tina-password", tt.next); status != http.StatusSeeOther || loc != tt.want {
			t.Errorf("sign-in with next=%q: %d to %q, want %q", tt.next, status, loc, tt.want)
		}
	}
}

// TestSignOutEverywhere ends every session of the user and revokes their
// API tokens, unlike a password change, whose form says so.
func TestSignOutEverywhere(t *testing.T) {
	ta := newTestApp(t)
	_, token := ta.user("tina", store.RoleTranslator)
	_, otherToken := ta.user("tom", store.RoleTranslator)
	_, _, here, _ := ta.signin("tina", "tina-password", "/")
	_, _, elsewhere, _ := ta.signin("tina", "tina-password", "/")

	req, _ := http.NewRequest("GET", ta.srv.URL+"/account", nil)
	req.AddCookie(here)
	resp, err := ta.as("").client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"Changing your password signs you out in every other browser", "Your API tokens keep working",
		`action="/account/signout-everywhere"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the account page does not say %q", want)
		}
	}

	if status, loc := ta.withCookie("POST", "/account/signout-everywhere", here); status != http.StatusSeeOther || loc != "/signin" {
		t.Fatalf("sign out everywhere: %d to %q", status, loc)
	}
	for name, c := range map[string]*http.Cookie{"this session": here, "another session": elsewhere} {
		if status, loc := ta.withCookie("GET", "/", c); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
			t.Errorf("%s afterwards: %d to %q", name, status, loc)
		}
	}
	if resp, _ := ta.as(token).do("GET", "/api/documents", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the API token afterwards: %d", resp.StatusCode)
	}
	// Nobody else is signed out.
	if resp, _ := ta.as(otherToken).do("GET", "/api/documents", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("another user's token: %d", resp.StatusCode)
	}
}
