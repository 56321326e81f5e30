package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"alinea/internal/testenv"
	"alinea/seeds"
	"alinea/store"
)

// server is alinea serve running in-process on a free port.
type server struct {
	base   string // http://127.0.0.1:port
	token  string // an admin's API token
	stop   context.CancelFunc
	done   chan struct{} // closed when runServe returns
	err    error         // what it returned
	out    *testenv.SyncBuffer
	stderr *testenv.SyncBuffer
}

// prepareDB makes a database with the seeds and an admin, and returns the
// admin's API token.
func prepareDB(t testing.TB, db string) string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := seeds.Install(ctx, st); err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(ctx, store.NewUser{Login: "boss", Role: store.RoleAdmin, Password: "boss-password"})
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := st.CreateToken(ctx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

var servingLine = regexp.MustCompile(`serving .* on (https?://[^/]+)/`)

// startServe runs alinea serve on db (prepared with prepareDB when token
// is "") and waits until it listens.
func startServe(t testing.TB, db, token string, args ...string) *server {
	t.Helper()
	if token == "" {
		token = prepareDB(t, db)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{token: token, stop: cancel, done: make(chan struct{}), out: &testenv.SyncBuffer{}, stderr: &testenv.SyncBuffer{}}
	go func() {
		defer close(s.done)
		s.err = runServe(ctx, append([]string{"--db", db, "--addr", "127.0.0.1:0"}, args...), stdio{strings.NewReader(""), s.out, s.stderr})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(15 * time.Second):
		}
	})
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := servingLine.FindStringSubmatch(s.out.String()); m != nil {
			s.base = m[1]
			return s
		}
		select {
		case <-s.done:
			t.Fatalf("serve ended: %v\n%s", s.err, s.stderr.String())
		default:
		}
	}
	t.Fatalf("serve did not start: %s %s", s.out.String(), s.stderr.String())
	return nil
}

func (s *server) request(t testing.TB, method, path, body string) (*http.Response, error) {
	req, err := http.NewRequest(method, s.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	return http.DefaultClient.Do(req)
}

// TestShutdownWithStreamsAndSaves stops the server while an editor's live
// stream is open and a save waits for the database: the stream ends at
// once, the save finishes and is kept, and the server stops quickly.
func TestShutdownWithStreamsAndSaves(t *testing.T) {
	db := testenv.DB(t)
	s := startServe(t, db, "")
	stream, err := s.request(t, "GET", "/documents/1/edit/es/events", "")
	if err != nil || stream.StatusCode != http.StatusOK {
		t.Fatalf("stream: %v %v", stream, err)
	}
	defer stream.Body.Close()
	streamEnded := make(chan struct{})
	go func() {
		defer close(streamEnded)
		sc := bufio.NewScanner(stream.Body)
		for sc.Scan() {
		}
	}()

	// Another process holds the write lock, so the save is still in flight
	// when the server is told to stop.
	lockDB, err := sql.Open("sqlite3", "file:"+db+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer lockDB.Close()
	conn, err := lockDB.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	type result struct {
		status int
		err    error
	}
	saved := make(chan result, 1)
	go func() {
		resp, err := s.request(t, "PUT", "/api/segments/3/translations/es", `{"text": "Guardado al cerrar", "version": 0}`)
		if err != nil {
			saved <- result{0, err}
			return
		}
		resp.Body.Close()
		saved <- result{resp.StatusCode, nil}
	}()
	time.Sleep(300 * time.Millisecond)

	start := time.Now()
	s.stop()
	select {
	case <-streamEnded:
	case <-time.After(2 * time.Second):
		t.Error("the live stream is still open 2 s after the shutdown began")
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	var stopped time.Duration
	select {
	case <-s.done:
		stopped = time.Since(start)
		if s.err != nil {
			t.Errorf("serve: %v", s.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	t.Logf("stopped %v after the signal", stopped.Round(time.Millisecond))
	if stopped > 2*time.Second {
		t.Errorf("stopping took %v, want under 2 s", stopped)
	}
	if r := <-saved; r.err != nil || r.status != http.StatusOK {
		t.Fatalf("the save in flight: %d %v", r.status, r.err)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tr, err := st.Translation(context.Background(), 3, "es")
	if err != nil || tr.Text != "Guardado al cerrar" {
		t.Errorf("after the restart: %+v %v", tr, err)
	}
}

// TestSecondServerRefused starts a second server on the same database: it
// is refused with a message naming the process that serves it, and starts
// once the first has stopped.
func TestSecondServerRefused(t *testing.T) {
	db := testenv.DB(t)
	first := startServe(t, db, "")
	code, _, stderr := runCmd(t, "", "serve", "--db", db, "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(stderr, "database in use") || !strings.Contains(stderr, fmt.Sprintf("alinea serve, process %d", os.Getpid())) {
		t.Fatalf("second server: %d %s", code, stderr)
	}
	first.stop()
	<-first.done
	startServe(t, db, first.token)
}

// makeReadOnly makes the file unwritable even for root (chattr +i, undone
// at cleanup), or skips the test where that cannot be done.
func makeReadOnly(t *testing.T, path string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(path, 0o444); err != nil {
			t.Fatal(err)
		}
		return
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("cannot make %s read-only as root: %v %s", path, err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
}

// TestServeRefusesReadOnlyDatabase: a database the server may not write is
// refused at start, saying so, rather than answering 500 to every save.
func TestServeRefusesReadOnlyDatabase(t *testing.T) {
	db := testenv.DB(t)
	prepareDB(t, db)
	makeReadOnly(t, db)
	// A server that starts anyway is stopped after a while.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var out, stderr bytes.Buffer
	code := run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, stdio{strings.NewReader(""), &out, &stderr})
	if code != 1 || !strings.Contains(stderr.String(), "can only be read") {
		t.Errorf("serve on a read-only database: %d %s", code, stderr.String())
	}
}

// writeCert writes a self-signed certificate for 127.0.0.1 and its key.
func writeCert(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return certFile, keyFile
}

// TestServeHTTP2OverTLS: with a certificate the server speaks HTTP/2, so a
// browser's tabs, event streams included, share one connection.
func TestServeHTTP2OverTLS(t *testing.T) {
	dir := t.TempDir()
	cert, key := writeCert(t, dir)
	s := startServe(t, filepath.Join(dir, "alinea.db"), "", "--tls-cert", cert, "--tls-key", key)
	pool := x509.NewCertPool()
	b, _ := os.ReadFile(cert)
	pool.AppendCertsFromPEM(b)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}}
	resp, err := client.Get(s.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.ProtoMajor != 2 {
		t.Errorf("over TLS: %d %s, want 200 over HTTP/2", resp.StatusCode, resp.Proto)
	}
}
