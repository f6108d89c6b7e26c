//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package pdf

import (
	"errors"
	"os"
)

// errLocked says that another process holds a lock.
var errLocked = errors.New("locked by another process")

// lockFile creates the file; this system has no lock the package uses, so
// tryLock never takes it.
func lockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
}

// tryLock reports every lock as held: without locks a dead run's profile
// cannot be told from a live one, so none is removed.
func tryLock(string) (*os.File, error) { return nil, errLocked }
