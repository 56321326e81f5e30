package store

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// ErrInUse is returned by LockForServing when another process serves the
// database.
var ErrInUse = errors.New("database in use")

// ServeLock is held by the process that serves a database, for as long as
// it serves it: live updates reach only the editors of one process, so two
// servers on one file would silently keep their users apart, and restoring
// a backup under a running server would pull the file from under it.
type ServeLock struct {
	f *os.File
}

// LockPath is the file that holds the lock of the database at path.
func LockPath(path string) string { return path + ".lock" }

// LockForServing takes the serving lock of the database at path, or fails
// with ErrInUse and a message naming the process that holds it. The
// operating system drops the lock when that process ends, however it ends.
//
// A PostgreSQL database has no such lock: several servers share it, and
// live updates go across them (the lock returned holds nothing).
func LockForServing(path, purpose string) (*ServeLock, error) {
	if IsPostgres(path) {
		return &ServeLock{}, nil
	}
	f, err := os.OpenFile(LockPath(path), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		holder, _ := os.ReadFile(LockPath(path))
		f.Close()
		who := strings.TrimSpace(string(holder))
		if who == "" {
			who = "another process"
		}
		return nil, fmt.Errorf("%w: %s is held by %s (lock file %s)", ErrInUse, path, who, LockPath(path))
	}
	host, _ := os.Hostname()
	if err := f.Truncate(0); err == nil {
		fmt.Fprintf(f, "%s, process %d on %s since %s\n", purpose, os.Getpid(), host, time.Now().Format(time.RFC3339))
		f.Sync()
	}
	return &ServeLock{f: f}, nil
}

// Release gives the lock up.
func (l *ServeLock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	err := errors.Join(unlockFile(l.f), l.f.Close())
	l.f = nil
	return err
}
