//go:build unix && !linux

package pdf

import "syscall"

// setDeathSignal does nothing: only Linux can tie a child's life to its
// parent's. A LibreOffice whose jixiao was killed finishes its batch and
// exits; the next run removes its profile.
func setDeathSignal(*syscall.SysProcAttr) {}

// killUsers does nothing outside Linux (see setDeathSignal).
func killUsers(string) {}
