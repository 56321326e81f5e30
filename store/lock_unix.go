//go:build unix

package store

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive flock without waiting. flock rather than
// fcntl: an fcntl lock belongs to the process, so a second server started
// in the same process would not be refused.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

func unlockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}
