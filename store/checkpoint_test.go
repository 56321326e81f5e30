package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"alinea/workflow"
)

// Commits go to the log (the WAL), and the background checkpoints copy them
// into the database file without waiting for a commit or for Close.
func TestCheckpointsCopyTheLog(t *testing.T) {
	sqliteOnly(t, "the write-ahead log is SQLite's; PostgreSQL checkpoints by itself")
	st := openTemp(t)
	size := func() int64 {
		t.Helper()
		fi, err := os.Stat(st.Path())
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	if _, err := st.ImportDocument(context.Background(), seedDoc(t), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * checkpointEvery)
	for size() < before+64<<10 {
		if time.Now().After(deadline) {
			t.Fatalf("the database file is still %d bytes (%d before the import): the log was not copied", size(), before)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Closing twice, as a deferred Close after an explicit one does, is safe.
func TestCloseTwice(t *testing.T) {
	st := openTemp(t)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
}

// walSize is the size of the store's log file, 0 when there is none.
func walSize(st *Store) int64 {
	fi, err := os.Stat(st.Path() + "-wal")
	if err != nil {
		return 0
	}
	return fi.Size()
}

// saveLoad saves n translations of about 4 KB each over the document's
// segments, as one author, and returns when they are all committed.
func saveLoad(tb testing.TB, st *Store, doc Document, author int64, n int) {
	tb.Helper()
	ctx := context.Background()
	rows, _, err := st.Segments(ctx, doc.ID, SegmentQuery{Lang: "es"})
	if err != nil {
		tb.Fatal(err)
	}
	versions := map[int64]int64{}
	text := strings.Repeat("Texto de una traducción bastante larga. ", 100)
	for i := range n {
		seg := rows[i%len(rows)].ID
		tr, err := st.SaveTranslation(ctx, Save{SegmentID: seg, Lang: "es", Text: fmt.Sprint(i, text), Status: workflow.StatusDraft,
			BaseVersion: versions[seg], AuthorID: author})
		if err != nil {
			tb.Fatal(err)
		}
		versions[seg] = tr.Version
	}
}

// A reader that stays in one transaction keeps the log from starting over,
// so it grows while the reader lasts; once the reader is done the log is
// cut back instead of keeping its largest size for good.
func TestLogIsCutBackAfterAGrowth(t *testing.T) {
	sqliteOnly(t, "the write-ahead log is SQLite's; PostgreSQL checkpoints by itself")
	st := openTemp(t)
	ctx := context.Background()
	doc := importSeed(t, st)
	u, err := st.CreateUser(ctx, NewUser{Login: "ana", Role: RoleReviewer, Password: "a long passphrase"})
	if err != nil {
		t.Fatal(err)
	}
	reader, err := st.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reader.QueryRowContext(ctx, `SELECT count(*) FROM segments`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	saveLoad(t, st, doc, u.ID, 400)
	grown := walSize(st)
	if grown <= walLimit {
		t.Fatalf("the log grew to %d bytes only, not past %d: the test shows nothing", grown, walLimit)
	}
	reader.Rollback()
	deadline := time.Now().Add(10 * checkpointEvery)
	for walSize(st) > walLimit {
		if time.Now().After(deadline) {
			t.Fatalf("the log is still %d bytes (%d at most after the reader ended, limit %d)", walSize(st), grown, walLimit)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("the log grew to %d MiB and was cut back to %d KiB", grown>>20, walSize(st)>>10)
}

// BenchmarkLogUnderLoad saves while readers keep reading, as a busy
// workbench does, and reports the largest log seen.
func BenchmarkLogUnderLoad(b *testing.B) {
	st := openTemp(b)
	ctx := context.Background()
	doc := importSeed(b, st)
	u, err := st.CreateUser(ctx, NewUser{Login: "ana", Role: RoleReviewer, Password: "a long passphrase"})
	if err != nil {
		b.Fatal(err)
	}
	stop := make(chan struct{})
	var largest atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				st.Segments(ctx, doc.ID, SegmentQuery{Lang: "es", Limit: 20})
				if w := walSize(st); w > largest.Load() {
					largest.Store(w)
				}
			}
		}()
	}
	b.ResetTimer()
	saveLoad(b, st, doc, u.ID, b.N)
	b.StopTimer()
	close(stop)
	wg.Wait()
	fi, _ := os.Stat(st.Path())
	b.ReportMetric(float64(largest.Load())/(1<<20), "wal-MiB-max")
	b.ReportMetric(float64(fi.Size())/(1<<20), "db-MiB")
}
