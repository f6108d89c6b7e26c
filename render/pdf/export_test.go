package pdf

import (
	"os"
	"strconv"
)

// Internals for the external tests (package pdf_test, which can import
// internal/realclient; realclient imports this package).
var (
	CleanStale = cleanStale
	Locked     = locked
	Contain    = contain
)

// PipePath is where LibreOffice puts the socket of a profile folder (Unix).
func PipePath(dir string) string {
	return "/tmp/OSL_PIPE_" + strconv.Itoa(os.Getuid()) + "_" + pipeName(fileURL(dir, false))
}

const ProfilePrefix = profilePrefix
