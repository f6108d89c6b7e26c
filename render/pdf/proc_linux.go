package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// setDeathSignal asks the kernel to kill the child when the thread that
// started it exits, which includes every way jixiao can die, kill -9 too.
func setDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }

// killUsers kills the processes whose command line uses the profile at url:
// LibreOffice processes of a killed run that outlived it (possible only when
// LibreOffice was started through a wrapper script, not as soffice.bin).
func killUsers(url string) {
	arg := []byte("-env:UserInstallation=" + url + "\x00")
	procs, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil {
		return
	}
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, arg) {
			continue
		}
		pid, err := strconv.Atoi(filepath.Base(filepath.Dir(p)))
		if err != nil || pid == os.Getpid() {
			continue
		}
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			continue // gone meanwhile, or not ours
		}
	}
}
