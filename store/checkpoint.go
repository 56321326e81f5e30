package store

import (
	"context"
	"fmt"
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

// The log (the -wal file) never shrinks by itself: a passive checkpoint
// copies it but cannot start it over while readers still use it, and a busy
// workbench always has readers, so it grew past 100 MB beside a 14 MB
// database. Two bounds:
//
//   - walLimit is SQLite's journal_size_limit (set on every connection,
//     fold.go): whenever the log starts over, the file is cut back to it;
//   - once the log holds more than walTruncatePages, the background
//     checkpoint waits briefly for the readers, copies all of it and
//     truncates the file (a TRUNCATE checkpoint). It holds up saves while it
//     waits, so it gives up after walTruncateWait and tries again on the next
//     tick.
const (
	walLimit         = 16 << 20
	walTruncatePages = 1024 // 4 MiB of 4 KiB pages
	walTruncateWait  = 500 * time.Millisecond
)

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
		if logPages > walTruncatePages {
			s.truncateLog()
		}
	}
}

// truncateLog copies the whole log into the database and empties it, on a
// connection of its own with a short busy timeout.
// SQLite: PostgreSQL bounds its own log.
func (s *Store) truncateLog() {
	ctx := context.Background()
	c, err := s.r.Conn(ctx)
	if err != nil {
		return
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, walTruncateWait.Milliseconds())); err != nil {
		return
	}
	var busy, logPages, copied int
	_ = c.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logPages, &copied)
	c.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, busyTimeout.Milliseconds()))
}
