package main

import "runtime/debug"

// version is the version of a ready-built program, stamped by go run ./cmd/dist
// (-ldflags "-X main.version=…"); "" in a build from a checkout.
var version = ""

// Version is the tool's version: the stamped one, or the module's from the
// build information ("(devel)" when built from a checkout).
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
