//go:build !unix && !windows

package pdf

import "os/exec"

// contain does nothing on this system: cancelling kills LibreOffice's first
// process only.
func contain(*exec.Cmd) (started func() error, release func()) {
	return func() error { return nil }, func() {}
}

// processAlive reports every process as alive: this system cannot tell.
func processAlive(int) bool { return true }

func removePipe(string) {}

func killUsers(string) {}
