//go:build windows

package main

import (
	"syscall"
	"unsafe"
)

var getConsoleProcessList = syscall.NewLazyDLL("kernel32.dll").NewProc("GetConsoleProcessList")

// consoleOwned reports whether the program is the only process attached to its
// console: Explorer started it (a double-click, or files dropped onto it), and
// its window closes as soon as it exits. In a terminal the shell is attached too.
func consoleOwned() bool {
	if getConsoleProcessList.Find() != nil {
		return false
	}
	var ids [4]uint32
	n, _, _ := getConsoleProcessList.Call(uintptr(unsafe.Pointer(&ids[0])), uintptr(len(ids)))
	return soleProcess(int(n))
}
