package web

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
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

func TestSignInThrottling(t *testing.T) {
	ta := newTestApp(t)
	ta.user("tina", store.RoleTranslator)
	ta.user("tom", store.RoleTranslator)
	for i := range maxFailuresLogin {
		if status, _, _, _ := ta.signin("tina", fmt.Sprintf("guess %d", i), "/"); status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, status)
		}
	}
	// The account is locked for a while, even with the right password.
	status, _, cookie, body := ta.signin("tina", "tina-password", "/")
	if status != http.StatusTooManyRequests || cookie != nil || !strings.Contains(body, "Too many failed sign-ins") {
		t.Fatalf("after %d failures: %d, cookie %v", maxFailuresLogin, status, cookie)
	}
	// Another account from the same address still signs in, until the
	// address has failed too often across accounts.
	if status, _, _, _ := ta.signin("tom", "tom-password", "/"); status != http.StatusSeeOther {
		t.Fatalf("another account: %d", status)
	}
	for i := range maxFailuresAddress {
		ta.signin(fmt.Sprintf("user%d", i), "guess", "/")
	}
	if status, _, _, _ := ta.signin("tom", "tom-password", "/"); status != http.StatusTooManyRequests {
		t.Errorf("after %d failures from one address: %d", maxFailuresAddress, status)
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
