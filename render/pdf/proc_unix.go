//go:build unix

package pdf

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
)

// contain makes cmd start in a process group of its own, so that cancelling
// kills LibreOffice and every process it started, and, on Linux, die when the
// thread that starts it exits (see runLocked).
func contain(cmd *exec.Cmd) (started func() error, release func()) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	setDeathSignal(cmd.SysProcAttr)
	cmd.Cancel = func() error {
		err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		if errors.Is(err, syscall.ESRCH) {
			return os.ErrProcessDone
		}
		return err
	}
	return func() error { return nil }, func() {}
}

// processAlive reports whether a process with this id exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// removePipe deletes the socket a LibreOffice process on the profile at url
// leaves when it is killed (sal/osl/unx/pipe.cxx puts it in /tmp, or /var/tmp
// when /tmp is not writable).
func removePipe(url string) {
	name := "OSL_PIPE_" + strconv.Itoa(os.Getuid()) + "_" + pipeName(url)
	for _, dir := range []string{"/tmp", "/var/tmp"} {
		p := filepath.Join(dir, name)
		if fi, err := os.Lstat(p); err == nil && fi.Mode()&os.ModeSocket != 0 {
			if err := os.Remove(p); err != nil {
				continue // someone else's, or already gone
			}
		}
	}
}
