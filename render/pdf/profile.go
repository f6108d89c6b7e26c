package pdf

import (
	"crypto/md5"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// A LibreOffice process needs a profile folder of its own: LibreOffice locks
// its profile, and a second process on the same profile hands its work to the
// first. Each worker of a conversion makes one in the temporary folder, named
// jixiao-lo-<pid>-<random> after the jixiao process that owns it, and holds a
// lock on the file "owner.lock" inside it for as long as it lives. Everything
// LibreOffice and jixiao write for the conversion goes inside: the profile
// ("user"), LibreOffice's temporary files (TMPDIR), the fontconfig file, the
// staged inputs and the PDFs before they are moved to their place. Removing the
// folder removes all of it. A folder whose lock is free and whose owner is not
// running belongs to a run that was killed: the next conversion removes it,
// with the socket LibreOffice left in /tmp for it.

const (
	profilePrefix = "jixiao-lo-"
	lockName      = "owner.lock"
	// staleAge is how old a folder whose owner seems alive must be before an
	// unlocked one is taken for dead anyway (its pid was reused).
	staleAge = time.Hour
)

// seedRegistry is the profile's first configuration. ooSetupLastVersion tells
// LibreOffice that this profile has already run this version: without it,
// LibreOffice 7.2 and later run their graphics self-test (about 100 drawing
// tests, 0.5–0.6 s of CPU) at every start, because a headless profile never
// records the version, and may try to migrate the user's own profile.
const seedRegistry = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>99.9</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Recovery/AutoSave"><prop oor:name="Enabled" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
`

// profile is one worker's private folder.
type profile struct {
	dir  string   // the folder
	url  string   // its file URL, for -env:UserInstallation
	lock *os.File // holds the owner lock
}

// newProfile makes a profile folder in the temporary folder and locks it.
func newProfile() (*profile, error) {
	dir, err := os.MkdirTemp("", profilePrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, fmt.Errorf("cannot create a LibreOffice profile folder: %w", err)
	}
	p := &profile{dir: dir, url: fileURL(dir, os.PathSeparator == '\\')}
	if p.lock, err = lockFile(filepath.Join(dir, lockName)); err != nil {
		return nil, errors.Join(fmt.Errorf("cannot lock %s: %w", dir, err), os.RemoveAll(dir))
	}
	for _, sub := range []string{"user", "tmp", "in", "out"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o700); err != nil {
			return nil, errors.Join(fmt.Errorf("cannot create a LibreOffice profile folder: %w", err), p.remove())
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "user", "registrymodifications.xcu"), []byte(seedRegistry), 0o600); err != nil {
		return nil, errors.Join(fmt.Errorf("cannot write the LibreOffice profile: %w", err), p.remove())
	}
	if err := os.WriteFile(filepath.Join(dir, "fonts.conf"), []byte(FontsConf), 0o600); err != nil {
		return nil, errors.Join(fmt.Errorf("cannot write the font configuration: %w", err), p.remove())
	}
	return p, nil
}

// remove releases the lock and deletes the profile folder, with the socket
// LibreOffice may have left for it.
func (p *profile) remove() error {
	var err error
	if p.lock != nil {
		err = p.lock.Close() // first: Windows cannot delete an open file
		p.lock = nil
	}
	err = errors.Join(err, os.RemoveAll(p.dir))
	removePipe(p.url)
	if err != nil {
		return fmt.Errorf("cannot remove the LibreOffice profile %s: %w", p.dir, err)
	}
	return nil
}

// cleanStale removes the profile folders of dead jixiao runs from the
// temporary folder dir and returns the folders it removed. A folder is dead
// when nobody holds its lock and either its owner process is gone or the
// folder is older than staleAge; LibreOffice processes still using it are
// killed first (Linux). A folder it cannot judge or remove is left for a
// later run.
func cleanStale(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, profilePrefix) {
			continue
		}
		pidText, _, ok := strings.Cut(strings.TrimPrefix(name, profilePrefix), "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		path := filepath.Join(dir, name)
		lock, err := tryLock(filepath.Join(path, lockName))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			continue // locked by a live run, or cannot tell
		}
		// Alive and young: its owner runs and has not locked it yet.
		young := processAlive(pid) && time.Since(fi.ModTime()) < staleAge
		var cerr error
		if lock != nil {
			cerr = lock.Close() // before removing: Windows cannot delete an open file
		}
		if young || cerr != nil {
			continue
		}
		url := fileURL(path, os.PathSeparator == '\\')
		killUsers(url)
		if os.RemoveAll(path) != nil {
			continue
		}
		removePipe(url)
		removed = append(removed, path)
	}
	return removed
}

// fileURL returns the file URL LibreOffice expects for an absolute path, on
// Windows (`C:\Users\张三\x` → `file:///C:/Users/%E5%BC%A0%E4%B8%89/x`, `\\srv\share\x`
// → `file://srv/share/x`) or elsewhere (`/tmp/a b` → `file:///tmp/a%20b`): UTF-8,
// and every byte but the unreserved ones and "/" percent-encoded.
func fileURL(path string, windows bool) string {
	if windows {
		path = strings.ReplaceAll(path, `\`, "/")
		if strings.HasPrefix(path, "//") { // UNC: //server/share/…
			return "file:" + escapePath(path)
		}
		if len(path) >= 2 && path[1] == ':' && isLetter(path[0]) {
			return "file:///" + path[:2] + escapePath(path[2:])
		}
	}
	return "file://" + escapePath(path)
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func escapePath(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isLetter(c) || '0' <= c && c <= '9' || strings.IndexByte("-._~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// pipeName is the name of the socket through which a LibreOffice process
// using the profile at url makes itself the only one on that profile
// (desktop/source/app/officeipcthread.cxx): "SingleOfficeIPC_" and the MD5 of
// the URL's UTF-16 code units, each byte in hexadecimal without a leading zero.
func pipeName(url string) string {
	units := utf16.Encode([]rune(url))
	buf := make([]byte, 2*len(units))
	for i, u := range units {
		binary.LittleEndian.PutUint16(buf[2*i:], u)
	}
	sum := md5.Sum(buf)
	var b strings.Builder
	b.WriteString("SingleOfficeIPC_")
	for _, c := range sum {
		b.WriteString(strconv.FormatUint(uint64(c), 16))
	}
	return b.String()
}
