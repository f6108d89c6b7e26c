//go:build unix

package disk

import (
	"os"
	"syscall"
)

// openRegular opens name for reading without blocking on a FIFO (O_NONBLOCK);
// the caller checks the opened file is regular, so that nothing swapped in
// between a check and the open is ever read.
func openRegular(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, ErrNotRegular
	}
	// Reads of a regular file never block; clear the flag all the same.
	if err := syscall.SetNonblock(int(f.Fd()), false); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// alive reports whether a process runs with the pid.
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
