package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"alinea/internal/testenv"
	"alinea/store"
)

func TestMain(m *testing.M) {
	store.PasswordCost.Time, store.PasswordCost.Memory, store.PasswordCost.Threads = 1, 64, 1
	os.Exit(m.Run())
}

func TestUserAndTokenCommands(t *testing.T) {
	db := testenv.DB(t)
	code, out, errs := runCmd(t, "s3cret-passphrase\n", "user", "add", "--db", db, "--role", "translator", "--name", "Ana Pérez", "--password-stdin", "ana")
	if code != 0 || !strings.Contains(out, "created ana (translator") || strings.Contains(out, "one-time") {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	code, out, _ = runCmd(t, "", "user", "add", "--db", db, "--role", "reviewer", "rui")
	if code != 0 || !regexp.MustCompile(`one-time password: \S{12,}`).MatchString(out) {
		t.Errorf("user add without a password: %d %q", code, out)
	}
	code, out, _ = runCmd(t, "", "token", "create", "--db", db, "--user", "ana")
	token := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(token, store.TokenPrefix) || strings.Count(out, "\n") != 1 {
		t.Errorf("token create printed %q", out)
	}
	st, _ := store.Open(db)
	if u, err := st.TokenUser(context.Background(), token); err != nil || u.Login != "ana" {
		t.Errorf("printed token does not work: %v", err)
	}
	if u, err := st.Authenticate(context.Background(), "ana", "s3cret-passphrase"); err != nil || u.Name != "Ana Pérez" {
		t.Errorf("password from stdin: %v", err)
	}
	st.Close()

	for _, c := range []struct {
		stdin string
		args  []string
		code  int
		out   string
	}{
		{"", []string{"user", "list", "--db", db}, 0, "must change password"},
		{"", []string{"user", "disable", "--db", db, "ana"}, 0, "disabled ana"},
		{"", []string{"user", "list", "--db", db}, 0, "disabled"},
		{"", []string{"user", "enable", "--db", db, "ana"}, 0, "enabled ana"},
		{"", []string{"user", "role", "--db", db, "--role", "viewer", "ana"}, 0, "now viewer"},
		{"", []string{"user", "passwd", "--db", db, "ana"}, 0, "one-time password"},
		{"new-passphrase-1\n", []string{"user", "passwd", "--db", db, "--password-stdin", "ana"}, 0, "changed"},
		{"", []string{"token", "list", "--db", db, "--user", "ana"}, 0, "command line"},
		{"", []string{"token", "revoke", "--db", db, "--user", "ana", "1"}, 0, "revoked token 1"},
		{"", []string{"token", "revoke", "--db", db, "--user", "ana", "1"}, 1, ""},
		{"", []string{"user"}, 2, ""},
		{"", []string{"user", "frob"}, 2, ""},
		{"", []string{"user", "--help"}, 0, ""},
		{"", []string{"user", "add", "--db", db, "--role", "boss", "x"}, 2, ""},
		{"", []string{"user", "add", "--db", db, "--role", "viewer"}, 2, ""},
		{"short\n", []string{"user", "add", "--db", db, "--role", "viewer", "--password-stdin", "shorty"}, 1, ""},
		{"", []string{"user", "add", "--db", db, "--role", "viewer", "--password-stdin", "nopw"}, 2, ""},
		{"long enough password\n", []string{"user", "add", "--db", db, "--role", "viewer", "--password-stdin", "ana"}, 1, ""},
		{"", []string{"user", "disable", "--db", db, "nobody"}, 1, ""},
		{"", []string{"user", "assign", "--db", db, "--lang", "es", "ana"}, 2, ""},
		{"", []string{"user", "assign", "--db", db, "--doc", "7", "--lang", "es", "ana"}, 1, ""},
		{"", []string{"token", "create", "--db", db}, 2, ""},
		{"", []string{"token", "create", "--db", db, "--user", "nobody"}, 1, ""},
	} {
		code, out, errs := runCmd(t, c.stdin, c.args...)
		if code != c.code || !strings.Contains(out, c.out) {
			t.Errorf("alinea %v: exit %d %q %q; want %d with %q", c.args, code, out, errs, c.code, c.out)
		}
	}
}

func TestServeFirstRun(t *testing.T) {
	db := testenv.DB(t)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out testenv.SyncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--addr", addr}, stdio{strings.NewReader(""), &out, io.Discard})
	}()
	var resp *http.Response
	var err error
	for i := 0; i < 100; i++ {
		if resp, err = http.Get("http://" + addr + "/api/documents"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous API call: %d", resp.StatusCode)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited with %d after SIGTERM-like cancel", code)
	}
	text := out.String()
	m := regexp.MustCompile(`one-time password: (\S+)`).FindStringSubmatch(text)
	if !strings.Contains(text, "222 segments") || m == nil {
		t.Fatalf("first run printed %q", text)
	}
	st, _ := store.Open(db)
	defer st.Close()
	u, err := st.Authenticate(context.Background(), "admin", m[1])
	if err != nil || u.Role != store.RoleAdmin || !u.MustChangePassword {
		t.Errorf("first admin: %+v, %v", u, err)
	}
	// A second run prints no password and imports nothing.
	var out2 testenv.SyncBuffer
	ctx2, cancel2 := context.WithCancel(context.Background())
	cancel2()
	run(ctx2, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, stdio{strings.NewReader(""), &out2, io.Discard})
	if s := out2.String(); strings.Contains(s, "password") || strings.Contains(s, "Imported") {
		t.Errorf("second run printed %q", s)
	}
}
