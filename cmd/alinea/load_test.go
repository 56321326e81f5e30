package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"alinea/internal/testenv"
	"alinea/seeds"
	"alinea/store"
	"alinea/workflow"
)

// The load test starts real alinea serve processes on one database and has
// simulated editors save translations through them as fast as they are
// answered, retrying a 409 with the version it names as the editor does.
// With two servers, one is killed with SIGKILL halfway and its editors move
// to the other (as a load balancer would send them); afterwards every save
// that was answered 200 must be in the database with its text. It runs only
// when ALINEA_LOAD is set, since it takes a minute or more:
//
//	ALINEA_LOAD=1 go test -tags sqlite_fts5 -run TestLoad -v ./cmd/alinea
//
// runs one server on SQLite, and
//
//	ALINEA_LOAD=1 ALINEA_TEST_BACKEND=postgres ALINEA_TEST_POSTGRES=DSN go test ...
//
// one server, two, and two of which one is killed on PostgreSQL (a schema of their own in the DSN's
// database, as testenv.DB makes for every test of the PostgreSQL run).
// ALINEA_LOAD_EDITORS (200) and ALINEA_LOAD_SECONDS (30) size it. It
// reports saves per second and latency percentiles; it asserts no timing.
func TestLoad(t *testing.T) {
	if os.Getenv("ALINEA_LOAD") == "" {
		t.Skip("the load test runs with ALINEA_LOAD=1 (see its comment)")
	}
	editors := envInt(t, "ALINEA_LOAD_EDITORS", 200)
	secs := envInt(t, "ALINEA_LOAD_SECONDS", 30)
	bin := buildAlinea(t)
	for _, sc := range loadScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			db := sc.db(t)
			tokens, slots := prepareLoad(t, db, editors)
			var servers []*loadServer
			for i := 0; i < sc.servers; i++ {
				// One after the other: the first start on an empty
				// database creates what the others then find.
				servers = append(servers, startLoadServer(t, bin, db, i))
			}
			res := runLoad(t, servers, tokens, slots, time.Duration(secs)*time.Second, sc.kill)
			res.report(t, sc.name)
			verifyAcks(t, db, res)
		})
	}
}

type loadScenario struct {
	name    string
	servers int
	kill    bool // kill the last server halfway
	db      func(t *testing.T) string
}

// loadScenarios: one server on SQLite for comparison in the SQLite run;
// one server, two, and two of which one is killed, in the PostgreSQL run.
func loadScenarios() []loadScenario {
	db := func(t *testing.T) string { return testenv.DB(t) }
	if testenv.Backend() == "postgres" {
		return []loadScenario{{"postgres-1-server", 1, false, db}, {"postgres-2-servers", 2, false, db},
			{"postgres-2-servers-kill", 2, true, db}}
	}
	return []loadScenario{{"sqlite-1-server", 1, false, db}}
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

// buildAlinea builds the command into a temporary folder.
func buildAlinea(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "alinea")
	cmd := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build alinea: %v\n%s", err, out)
	}
	return bin
}

// loadSlot is one translation editors save: a segment and a language.
type loadSlot struct {
	seg  int64
	lang string
}

// prepareLoad installs the seeds and makes a token for each editor, spread
// over a few reviewer accounts (hashing a password takes a while, tokens
// do not).
func prepareLoad(t *testing.T, db string, editors int) ([]string, []loadSlot) {
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
	var users []store.User
	for i := 0; i < 4; i++ {
		u, err := st.CreateUser(ctx, store.NewUser{Login: fmt.Sprintf("editor%d", i), Role: store.RoleReviewer, Password: "a long load-test passphrase"})
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	tokens := make([]string, editors)
	for i := range tokens {
		if tokens[i], _, err = st.CreateToken(ctx, users[i%len(users)].ID, fmt.Sprint("load ", i)); err != nil {
			t.Fatal(err)
		}
	}
	rows, _, err := st.Segments(ctx, 1, store.SegmentQuery{Lang: "es"})
	if err != nil {
		t.Fatal(err)
	}
	var slots []loadSlot
	for _, r := range rows {
		for _, l := range []string{"es", "pt", "en"} {
			slots = append(slots, loadSlot{r.ID, l})
		}
	}
	return tokens, slots
}

type loadServer struct {
	url  string
	cmd  *exec.Cmd
	dead atomic.Bool
}

// startLoadServer starts alinea serve on a free port and waits until it
// says where it listens. Its log goes to a file kept with the test's
// temporary files.
func startLoadServer(t *testing.T, bin, db string, n int) *loadServer {
	t.Helper()
	logf, err := os.Create(filepath.Join(t.TempDir(), fmt.Sprintf("server%d.log", n)))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", "127.0.0.1:0")
	cmd.Stderr = logf
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &loadServer{cmd: cmd}
	t.Cleanup(func() {
		if !s.dead.Load() {
			cmd.Process.Signal(syscall.SIGTERM)
		}
		cmd.Wait()
		logf.Close()
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
	}()
	select {
	case u, ok := <-found:
		if !ok {
			t.Fatalf("server %d ended before it served; its log is %s", n, logf.Name())
		}
		s.url = u
	case <-time.After(60 * time.Second):
		t.Fatalf("server %d did not start within a minute", n)
	}
	return s
}

// ack is a save answered 200: the version it got and the text it sent.
type ack struct {
	slot    loadSlot
	version int64
	text    string
}

type loadResult struct {
	servers    int
	editors    int
	duration   time.Duration
	killedAt   time.Duration // 0: none killed
	acks       []ack
	ackTimes   []time.Duration // since the start, per ack
	latencies  []time.Duration // every answered request
	conflicts  int64
	failures   int64 // requests without an answer (the killed server)
	unexpected []string
}

// runLoad has one goroutine per editor save for d, editors spread evenly
// over the servers.
func runLoad(t *testing.T, servers []*loadServer, tokens []string, slots []loadSlot, d time.Duration, kill bool) *loadResult {
	t.Helper()
	tr := &http.Transport{MaxIdleConns: 1000, MaxIdleConnsPerHost: len(tokens), IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	res := &loadResult{servers: len(servers), editors: len(tokens), duration: d}
	var mu sync.Mutex
	start := time.Now()
	deadline := start.Add(d)
	if kill {
		victim := servers[len(servers)-1]
		time.AfterFunc(d/2, func() {
			victim.dead.Store(true)
			victim.cmd.Process.Kill() // SIGKILL: no shutdown, requests in flight cut off
			mu.Lock()
			res.killedAt = time.Since(start)
			mu.Unlock()
		})
	}
	var wg sync.WaitGroup
	for e, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(e), 7))
			home := e % len(servers)
			known := map[loadSlot]int64{}
			var mine []ack
			var times, lats []time.Duration
			var conflicts, failures int64
			var odd []string
			for n := 0; time.Now().Before(deadline); n++ {
				// Mostly the editor's own segments, sometimes anyone's:
				// conflicts happen, as in a team, but are not the rule.
				slot := slots[rng.IntN(len(slots))]
				if own := len(slots) / len(tokens); own > 0 && rng.IntN(10) > 0 {
					slot = slots[(e+rng.IntN(own)*len(tokens))%len(slots)]
				}
				text := fmt.Sprintf("editor %d, save %d: %s", e, n, slot.lang)
				version := known[slot]
				for try := 0; try < 20 && time.Now().Before(deadline); try++ {
					srv := servers[home]
					if srv.dead.Load() {
						// The balancer sends the editor to a server that lives.
						home = (home + 1) % len(servers)
						continue
					}
					t0 := time.Now()
					code, body, err := putTranslation(client, srv.url, tok, slot, text, version)
					lat := time.Since(t0)
					if err != nil {
						failures++
						continue
					}
					lats = append(lats, lat)
					if code == http.StatusOK {
						var got struct{ Version int64 }
						if err := json.Unmarshal(body, &got); err != nil || got.Version == 0 {
							odd = append(odd, fmt.Sprintf("200 without a version: %s", body))
							break
						}
						known[slot] = got.Version
						mine = append(mine, ack{slot, got.Version, text})
						times = append(times, time.Since(start))
						break
					}
					if code == http.StatusConflict {
						var c struct{ Current struct{ Version int64 } }
						if err := json.Unmarshal(body, &c); err != nil {
							odd = append(odd, fmt.Sprintf("409 without the current version: %s", body))
							break
						}
						conflicts++
						version = c.Current.Version
						continue
					}
					odd = append(odd, fmt.Sprintf("%d: %s", code, body))
					break
				}
			}
			mu.Lock()
			res.acks = append(res.acks, mine...)
			res.ackTimes = append(res.ackTimes, times...)
			res.latencies = append(res.latencies, lats...)
			res.conflicts += conflicts
			res.failures += failures
			res.unexpected = append(res.unexpected, odd...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(res.unexpected) > 0 {
		t.Errorf("%d unexpected answers, the first: %s", len(res.unexpected), res.unexpected[0])
	}
	return res
}

func putTranslation(c *http.Client, base, token string, s loadSlot, text string, version int64) (int, []byte, error) {
	body, _ := json.Marshal(map[string]any{"text": text, "status": workflow.StatusTranslated, "version": version})
	req, err := http.NewRequest(http.MethodPut, fmt.Sprintf("%s/api/segments/%d/translations/%s", base, s.seg, s.lang), bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

func (r *loadResult) report(t *testing.T, name string) {
	lats := slices.Clone(r.latencies)
	slices.Sort(lats)
	t.Logf("%s: %d servers, %d editors for %v: %d saves answered 200 (%.0f saves/s), %d conflicts (409) retried, "+
		"%d requests cut off; latency of %d answered requests p50 %v, p99 %v, max %v",
		name, r.servers, r.editors, r.duration, len(r.acks), float64(len(r.acks))/r.duration.Seconds(), r.conflicts,
		r.failures, len(lats), percentile(lats, 0.50).Round(time.Millisecond), percentile(lats, 0.99).Round(time.Millisecond),
		percentile(lats, 1).Round(time.Millisecond))
	if r.killedAt > 0 {
		var before, after int
		for _, at := range r.ackTimes {
			if at < r.killedAt {
				before++
			} else {
				after++
			}
		}
		t.Logf("%s: killed a server at %v: %.0f saves/s before on two servers, %.0f saves/s after on one",
			name, r.killedAt.Round(time.Millisecond), float64(before)/r.killedAt.Seconds(), float64(after)/(r.duration-r.killedAt).Seconds())
	}
}

// verifyAcks checks that every save answered 200 is a revision in the
// database, with the version it was answered with and the text sent.
func verifyAcks(t *testing.T, db string, r *loadResult) {
	t.Helper()
	if len(r.acks) == 0 {
		t.Fatal("no save was answered")
	}
	ctx := context.Background()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bySlot := map[loadSlot][]ack{}
	for _, a := range r.acks {
		bySlot[a.slot] = append(bySlot[a.slot], a)
	}
	lost, revisions := 0, 0
	for slot, acks := range bySlot {
		revs, err := st.Revisions(ctx, slot.seg, slot.lang)
		if err != nil {
			t.Fatal(err)
		}
		revisions += len(revs)
		texts := map[int64]string{}
		for _, rv := range revs {
			texts[rv.Version] = rv.Text
		}
		for _, a := range acks {
			if texts[a.version] != a.text {
				lost++
				if lost <= 5 {
					t.Errorf("save of segment %d %s answered with version %d (%q) is not in the database: %q",
						slot.seg, slot.lang, a.version, a.text, texts[a.version])
				}
			}
		}
	}
	t.Logf("%d saves answered 200, %d revisions in the database, %d acknowledged saves lost", len(r.acks), revisions, lost)
}
