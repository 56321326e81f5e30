package store

import (
	"context"
	"os"
	"testing"
	"time"
)

// Commits go to the log (the WAL), and the background checkpoints copy them
// into the database file without waiting for a commit or for Close.
func TestCheckpointsCopyTheLog(t *testing.T) {
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
