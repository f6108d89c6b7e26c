package main

import (
	"runtime/debug"
	"strings"
)

// version is the release version, stamped by the release build
// (-ldflags "-X main.version=v1.2.0"); empty in a development build.
var version = ""

// Version returns the version of this program: the stamped release version,
// the module version of `go install …@v1.2.0`, or for a build from a checkout
// 开发版 with the commit and its date when the build recorded them.
func Version() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "开发版"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, at string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at, _, _ = strings.Cut(s.Value, "T")
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "开发版"
	}
	v := "开发版（提交 " + rev[:min(12, len(rev))]
	if at != "" {
		v += "，" + at
	}
	if dirty {
		v += "，有未提交的改动"
	}
	return v + "）"
}
