package store

import (
	"context"
	"time"
)

// checkpointEvery is how often the log of committed writes (the WAL) is
// copied into the database file.
//
// SQLite would otherwise do it itself, inside whichever commit brings the
// log over 1,000 pages: that save then waits for the copy and its fsync,
// several milliseconds, on every few hundred saves. Copying in the
// background on a reader connection keeps translators' saves at their usual
// cost; a passive checkpoint never blocks a writer, and the log starts over
// once it has been copied.
const checkpointEvery = time.Second

// checkpoints copies the log in the background until stop is closed.
// SQLite: a write-ahead log of its own; PostgreSQL checkpoints by itself.
func (s *Store) checkpoints(stop <-chan struct{}, stopped chan<- struct{}) {
	defer close(stopped)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		var busy, logPages, copied int
		// A busy result or an error leaves the log to the next tick, or to
		// the checkpoint SQLite makes when the last connection closes.
		_ = s.r.QueryRowContext(context.Background(), checkpointSQL).Scan(&busy, &logPages, &copied)
	}
}
