package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"alinea/store"
)

// TestBackupUnderLoad takes backups while writers save through the API:
// every backup passes the integrity check and holds every save that was
// acknowledged before it began.
func TestBackupUnderLoad(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "alinea.db")
	s := startServe(t, db, "")
	const writers = 4
	var acked [writers]atomic.Int64 // the last acknowledged save of each writer
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seg, version := 10+w, int64(0)
			for n := int64(1); ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := s.request(t, "PUT", fmt.Sprintf("/api/segments/%d/translations/es", seg),
					fmt.Sprintf(`{"text": "escritor %d guardado %d", "version": %d}`, w, n, version))
				if err != nil {
					t.Error(err)
					return
				}
				var got struct {
					Version int64 `json:"version"`
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &got) != nil {
					t.Errorf("save: %d %s", resp.StatusCode, body)
					return
				}
				version = got.Version
				acked[w].Store(n)
			}
		}()
	}
	for i := range 3 {
		var before [writers]int64
		for w := range writers {
			before[w] = acked[w].Load()
		}
		out := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		if code, stdout, stderr := runCmd(t, "", "backup", "--db", db, out); code != 0 {
			t.Fatalf("backup: %d %s %s", code, stdout, stderr)
		}
		if err := store.CheckDatabase(context.Background(), out); err != nil {
			t.Fatal(err)
		}
		st, err := store.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		for w := range writers {
			tr, err := st.Translation(context.Background(), int64(10+w), "es")
			if err != nil {
				t.Fatal(err)
			}
			n, _ := strconv.ParseInt(tr.Text[strings.LastIndex(tr.Text, " ")+1:], 10, 64)
			if tr.Text != "" && !strings.HasPrefix(tr.Text, fmt.Sprintf("escritor %d ", w)) || n < before[w] {
				t.Errorf("backup %d, writer %d: %q, but save %d was acknowledged before it began", i, w, tr.Text, before[w])
			}
		}
		st.Close()
		t.Logf("backup %d: saves acknowledged before it %v", i, before)
	}
	close(stop)
	wg.Wait()
	if code, _, stderr := runCmd(t, "", "backup", "--db", db, filepath.Join(dir, "backup-0.db")); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("a backup over an existing file: %d %s", code, stderr)
	}
}

// TestRestore refuses to restore under a running server, naming it, and
// afterwards replaces the database, setting aside the old one with its log.
func TestRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "alinea.db")
	backup := filepath.Join(dir, "backup.db")
	s := startServe(t, db, "")
	if code, _, stderr := runCmd(t, "", "backup", "--db", db, backup); code != 0 {
		t.Fatal(stderr)
	}
	resp, err := s.request(t, "PUT", "/api/segments/3/translations/es", `{"text": "después de la copia", "version": 0}`)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("save: %v %v", resp, err)
	}
	resp.Body.Close()

	code, _, stderr := runCmd(t, "", "restore", "--db", db, backup)
	if code != 1 || !strings.Contains(stderr, "stop the server first") || !strings.Contains(stderr, fmt.Sprintf("process %d", os.Getpid())) {
		t.Fatalf("restore under a running server: %d %s", code, stderr)
	}
	s.stop()
	<-s.done
	// A log left over from the replaced database must not be applied to
	// the restored one.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.WriteFile(db+suffix, []byte("stale"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, stderr := runCmd(t, "", "restore", "--db", db, filepath.Join(dir, "missing.db")); code != 1 {
		t.Errorf("restore from a missing file: %d %s", code, stderr)
	}
	if code, stdout, stderr := runCmd(t, "", "restore", "--db", db, backup); code != 0 {
		t.Fatalf("restore: %d %s %s", code, stdout, stderr)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(db + suffix); err == nil {
			t.Errorf("%s is still there", db+suffix)
		}
	}
	if _, err := os.Stat(db + ".before-restore"); err != nil {
		t.Errorf("the replaced database: %v", err)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if tr, err := st.Translation(context.Background(), 3, "es"); err != nil || tr.Text != "" {
		t.Errorf("after the restore: %q %v, want the backup's empty translation", tr.Text, err)
	}
}
