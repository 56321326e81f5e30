package store

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"alinea/internal/testenv"
	"alinea/workflow"
)

func TestMain(m *testing.M) {
	PasswordCost.Time, PasswordCost.Memory, PasswordCost.Threads = 1, 64, 1
	os.Exit(testenv.RunBackends(m))
}

func TestUsers(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	u, err := st.CreateUser(ctx, NewUser{Login: "ana", Name: "Ana Pérez", Role: RoleTranslator, Password: "correct horse battery"})
	if err != nil || u.ID == 0 || u.Name != "Ana Pérez" || u.Role != RoleTranslator {
		t.Fatalf("CreateUser = %+v, %v", u, err)
	}
	var hash string
	if err := st.r.QueryRow(`SELECT password_hash FROM users WHERE id = ?`, u.ID).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, "horse") {
		t.Errorf("stored hash %q", hash)
	}
	bad := []struct {
		nu   NewUser
		want error
	}{
		{NewUser{Login: "ana", Role: RoleViewer, Password: "long enough pw"}, ErrLoginTaken},
		{NewUser{Login: "", Role: RoleViewer, Password: "long enough pw"}, ErrBadLogin},
		{NewUser{Login: "a b", Role: RoleViewer, Password: "long enough pw"}, ErrBadLogin},
		{NewUser{Login: "<script>", Role: RoleViewer, Password: "long enough pw"}, ErrBadLogin},
		{NewUser{Login: "bob", Role: "boss", Password: "long enough pw"}, ErrInvalidRole},
		{NewUser{Login: "bob", Role: RoleViewer, Password: "short"}, ErrWeakPassword},
	}
	for _, b := range bad {
		if _, err := st.CreateUser(ctx, b.nu); !errors.Is(err, b.want) {
			t.Errorf("CreateUser(%+v) err = %v, want %v", b.nu, err, b.want)
		}
	}

	if got, err := st.Authenticate(ctx, "ana", "correct horse battery"); err != nil || got.ID != u.ID {
		t.Errorf("Authenticate = %+v, %v", got, err)
	}
	for _, c := range [][2]string{{"ana", "wrong password!"}, {"nobody", "correct horse battery"}, {"ANA", "correct horse battery"}} {
		if _, err := st.Authenticate(ctx, c[0], c[1]); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("Authenticate(%q, %q) err = %v", c[0], c[1], err)
		}
	}
	if err := st.SetPassword(ctx, u.ID, "another good one", true); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Authenticate(ctx, "ana", "another good one"); err != nil || !got.MustChangePassword {
		t.Errorf("after SetPassword: %+v, %v", got, err)
	}
	if err := st.SetDisabled(ctx, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Authenticate(ctx, "ana", "another good one"); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("a disabled account signed in: %v", err)
	}
	if err := st.SetRole(ctx, u.ID, "boss"); !errors.Is(err, ErrInvalidRole) {
		t.Errorf("SetRole(boss) = %v", err)
	}
	if err := st.SetRole(ctx, 999, RoleAdmin); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetRole(unknown) = %v", err)
	}
	if n, _ := st.CountUsers(ctx); n != 1 {
		t.Errorf("CountUsers = %d", n)
	}
}

func TestSessions(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	u, _ := st.CreateUser(ctx, NewUser{Login: "rev", Role: RoleReviewer, Password: "reviewer password"})
	p := SessionPolicy{Idle: time.Hour, Absolute: 24 * time.Hour}
	token, err := st.CreateSession(ctx, u.ID, "127.0.0.1", p)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := st.SessionUser(ctx, token, p); err != nil || got.ID != u.ID {
		t.Fatalf("SessionUser = %+v, %v", got, err)
	}
	// The token is not in the table, and what is there is its hash.
	var inClear, hashed int
	if err := st.r.QueryRow(`SELECT count(*) FILTER (WHERE token_hash = ?1), count(*) FILTER (WHERE token_hash = ?2) FROM sessions`,
		token, tokenHash(token)).Scan(&inClear, &hashed); err != nil {
		t.Fatal(err)
	}
	if inClear != 0 || hashed != 1 {
		t.Errorf("sessions hold the token %d times in clear and %d times hashed, want 0 and 1", inClear, hashed)
	}
	if _, err := st.SessionUser(ctx, token+"x", p); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("forged token: %v", err)
	}

	// Idle expiry: a session not used for longer than Idle is gone.
	now := time.Now()
	st.SetClock(func() time.Time { return now })
	now = now.Add(2 * time.Hour)
	if _, err := st.SessionUser(ctx, token, p); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("idle session still valid: %v", err)
	}
	// Absolute expiry, however recent the last request.
	if token, err = st.CreateSession(ctx, u.ID, "", p); err != nil {
		t.Fatal(err)
	}
	for i := range 24 { // 23 h 36 min of use, never idle for an hour
		now = now.Add(59 * time.Minute)
		if _, err := st.SessionUser(ctx, token, p); err != nil {
			t.Fatalf("session in use ended after %d requests: %v", i+1, err)
		}
	}
	now = now.Add(59 * time.Minute)
	if _, err := st.SessionUser(ctx, token, p); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("expired session still valid: %v", err)
	}
	// Sign-out, password change and disabling end sessions.
	for name, end := range map[string]func(string){
		"sign-out": func(tok string) { st.EndSession(ctx, tok) },
		"password": func(string) { st.SetPassword(ctx, u.ID, "new reviewer password", false) },
		"disable":  func(string) { st.SetDisabled(ctx, u.ID, true) },
	} {
		st.SetDisabled(ctx, u.ID, false)
		tok, _ := st.CreateSession(ctx, u.ID, "", p)
		end(tok)
		if _, err := st.SessionUser(ctx, tok, p); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("%s left the session valid: %v", name, err)
		}
	}
}

func TestTokens(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	u, _ := st.CreateUser(ctx, NewUser{Login: "bot", Role: RoleViewer, Password: "viewer password"})
	token, info, err := st.CreateToken(ctx, u.ID, "ci")
	if err != nil || !strings.HasPrefix(token, TokenPrefix) || !strings.HasPrefix(token, info.Prefix) {
		t.Fatalf("CreateToken = %q %+v %v", token, info, err)
	}
	if got, err := st.TokenUser(ctx, token); err != nil || got.ID != u.ID {
		t.Fatalf("TokenUser = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "alinea_", token[:len(token)-1], "Bearer " + token} {
		if _, err := st.TokenUser(ctx, bad); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("TokenUser(%q) = %v", bad, err)
		}
	}
	st.SetDisabled(ctx, u.ID, true)
	if _, err := st.TokenUser(ctx, token); !errors.Is(err, ErrBadCredentials) {
		t.Error("a disabled user's token works")
	}
	st.SetDisabled(ctx, u.ID, false)
	if err := st.RevokeToken(ctx, u.ID+1, info.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("someone else revoked the token: %v", err)
	}
	if err := st.RevokeToken(ctx, u.ID, info.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.TokenUser(ctx, token); !errors.Is(err, ErrBadCredentials) {
		t.Error("a revoked token works")
	}
	ts, _ := st.Tokens(ctx, u.ID)
	if len(ts) != 1 || !ts[0].Revoked || ts[0].Name != "ci" || ts[0].LastUsed.IsZero() {
		t.Errorf("Tokens = %+v", ts)
	}
}

// failSignin records one failed sign-in as the sign-in page does.
func failSignin(t *testing.T, st *Store, login, addr string) {
	t.Helper()
	ctx := context.Background()
	id, _, err := st.BeginSignin(ctx, login, addr, time.Time{}, func(SigninFailures) time.Duration { return 0 })
	if err == nil {
		err = st.EndSignin(ctx, id, true)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func TestSigninFailures(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	since := time.Now().Add(-time.Minute)
	for i := 0; i < 3; i++ {
		failSignin(t, st, "ana", "10.0.0.1")
	}
	failSignin(t, st, "bob", "10.0.0.1")
	failSignin(t, st, "ana", "10.0.0.2")
	f, err := st.RecentSigninFailures(ctx, "ana", "10.0.0.1", since)
	if err != nil || f.Pair != 3 || f.Address != 4 || f.PairLatest.Before(since) || f.AddressLatest.Before(f.PairLatest) {
		t.Errorf("failures = %+v, %v", f, err)
	}
	// Signing in from one address forgets that address's failures of the
	// login, not those from elsewhere nor those of other logins.
	st.ClearSigninFailures(ctx, "ana", "10.0.0.1")
	if f, _ := st.RecentSigninFailures(ctx, "ana", "10.0.0.1", since); f.Pair != 0 || f.Address != 1 {
		t.Errorf("after clearing: %+v", f)
	}
	if f, _ := st.RecentSigninFailures(ctx, "ana", "10.0.0.2", since); f.Pair != 1 {
		t.Errorf("another address after clearing: %+v", f)
	}
}

// TestSigninAttemptsCountAcrossServers starts many sign-in attempts at once
// through two stores on one database, as two servers would: attempts still
// in flight count as failures on both, so no more than the free ones go
// ahead; an attempt that ends well is forgotten.
func TestSigninAttemptsCountAcrossServers(t *testing.T) {
	dsn := testenv.DB(t)
	open := func() *Store {
		st, err := Open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	a, b := open(), open()
	ctx := context.Background()
	const free = 3
	wait := func(f SigninFailures) time.Duration {
		if f.Pair >= free {
			return time.Minute
		}
		return 0
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var started []int64
	for i := range 20 {
		st := a
		if i%2 == 1 {
			st = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, d, err := st.BeginSignin(ctx, "ana", "10.0.0.1", time.Now().Add(-time.Hour), wait)
			if err != nil {
				t.Error(err)
				return
			}
			if d == 0 {
				mu.Lock()
				started = append(started, id)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(started) != free {
		t.Fatalf("%d attempts went ahead at once, want %d", len(started), free)
	}
	if err := a.EndSignin(ctx, started[0], false); err != nil {
		t.Fatal(err)
	}
	f, err := b.RecentSigninFailures(ctx, "ana", "10.0.0.1", time.Now().Add(-time.Hour))
	if err != nil || f.Pair != free-1 {
		t.Errorf("after one attempt ended well: %+v, %v", f, err)
	}
}

// TestPasswordHashingIsBounded checks that no more than HashSlots hashes
// run at once however many checks are made together, and that a check
// waiting too long for a slot gives up with ErrBusy.
func TestPasswordHashingIsBounded(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	if _, err := st.CreateUser(ctx, NewUser{Login: "ana", Role: RoleViewer, Password: "a long passphrase"}); err != nil {
		t.Fatal(err)
	}
	var running, peak atomic.Int32
	hold := make(chan struct{})
	var wg sync.WaitGroup
	for range HashSlots + 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			withHashSlot(ctx, func() {
				n := running.Add(1)
				for {
					p := peak.Load()
					if n <= p || peak.CompareAndSwap(p, n) {
						break
					}
				}
				<-hold
				running.Add(-1)
			})
		}()
	}
	time.Sleep(100 * time.Millisecond)
	defer func(w time.Duration) { HashWait = w }(HashWait)
	HashWait = 50 * time.Millisecond
	if _, err := st.Authenticate(ctx, "ana", "a long passphrase"); !errors.Is(err, ErrBusy) {
		t.Errorf("with every slot taken: %v, want ErrBusy", err)
	}
	close(hold)
	wg.Wait()
	if p := peak.Load(); p != HashSlots {
		t.Errorf("%d hashes ran at once, want %d", p, HashSlots)
	}
	if _, err := st.Authenticate(ctx, "ana", "a long passphrase"); err != nil {
		t.Errorf("once the slots are free: %v", err)
	}
}

func TestAssignmentsAndActivity(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	admin, _ := st.CreateUser(ctx, NewUser{Login: "boss", Role: RoleAdmin, Password: "admin password"})
	tr, _ := st.CreateUser(ctx, NewUser{Login: "tr", Name: "Tina", Role: RoleTranslator, Password: "translator pw"})
	a := Assignment{UserID: tr.ID, DocumentID: doc.ID, Lang: "es"}
	if err := st.Assign(ctx, a, admin.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.Assign(ctx, a, admin.ID); err != nil {
		t.Errorf("assigning twice: %v", err)
	}
	for _, bad := range []Assignment{{tr.ID, doc.ID, "zh"}, {tr.ID, 999, "es"}, {999, doc.ID, "es"}} {
		if err := st.Assign(ctx, bad, admin.ID); err == nil {
			t.Errorf("Assign(%+v) accepted", bad)
		}
	}
	if ok, _ := st.IsAssigned(ctx, a); !ok {
		t.Error("not assigned")
	}
	if ok, _ := st.IsAssigned(ctx, Assignment{tr.ID, doc.ID, "pt"}); ok {
		t.Error("assigned to pt")
	}
	rows, _, _ := st.Segments(ctx, doc.ID, SegmentQuery{Lang: "es", Limit: 1})
	st.SaveTranslation(ctx, Save{SegmentID: rows[0].ID, Lang: "es", Text: "Prefacio", Status: workflow.StatusDraft, AuthorID: tr.ID})
	if err := st.Unassign(ctx, a, admin.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.Unassign(ctx, a, admin.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("unassigning twice: %v", err)
	}
	evs, err := st.Activity(ctx, doc.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range evs {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, ","); got != "unassign,save,assign,import" {
		t.Fatalf("activity = %s", got)
	}
	if evs[1].User != "Tina" || evs[1].Lang != "es" || evs[1].Version != 1 || evs[0].User != "boss" {
		t.Errorf("events = %+v", evs[:2])
	}
}
