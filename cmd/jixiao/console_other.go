//go:build !windows

package main

// consoleOwned reports whether the program owns its console window; only
// Windows opens one for a program started from its file manager.
func consoleOwned() bool { return false }
