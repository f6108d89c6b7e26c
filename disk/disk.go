// Package disk is how the tool touches a user's files: it reads only regular
// files and never more than a limit, never writes over an input, never replaces
// a file without being told to, writes every file whole or not at all, and
// names files so that every file system takes them.
package disk

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"jixiao/internal/sizes"
)

// Errors of Read, for errors.Is.
var (
	ErrNotRegular = errors.New("不是普通文件（是设备、管道或套接字），未读取")
	ErrTooLarge   = errors.New("文件过大")
	ErrExists     = errors.New("已存在")
)

// SizeError is a file refused by its size, before it is read.
type SizeError struct {
	Size, Limit int64
}

func (e *SizeError) Error() string {
	return "文件过大（" + sizes.Limit(e.Size, e.Limit) + "）"
}

func (e *SizeError) Unwrap() error { return ErrTooLarge }

// Read reads a regular file of at most limit bytes. A FIFO, a device or a
// socket is refused before anything is read (and opening it never blocks); a
// file larger than limit is refused by its size, and one that grows while it
// is read is never read past limit.
func Read(name string, limit int64) ([]byte, error) {
	f, err := openRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	if st.Size() > limit {
		return nil, &SizeError{st.Size(), limit}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &SizeError{int64(len(data)), limit}
	}
	return data, nil
}

// IsRegular reports whether name is a regular file (following symbolic
// links), without opening it.
func IsRegular(name string) bool {
	st, err := os.Stat(name)
	return err == nil && st.Mode().IsRegular()
}

// Same reports whether two paths name the same file: the same existing file
// (hard links and symbolic links included), or the same cleaned absolute path.
func Same(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	return Abs(a) == Abs(b)
}

// Abs is the absolute, cleaned path of name with the symbolic links of its
// existing part resolved, so that two spellings of one place compare equal.
func Abs(name string) string {
	abs, err := filepath.Abs(name)
	if err != nil {
		abs = filepath.Clean(name)
	}
	// Resolve the longest existing prefix.
	rest := ""
	for p := abs; ; {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(real, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return abs
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// Within reports whether path is dir or inside it.
func Within(path, dir string) bool {
	p, d := Abs(path), Abs(dir)
	if p == d {
		return true
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// tempMark ends the names of the temporary files and folders the tool makes
// beside its outputs: .<name>.<pid>.<random>.jixiao-tmp. The pid tells a later
// run whether their maker is still alive.
const tempMark = ".jixiao-tmp"

// TempName returns the name of a new temporary file or folder beside target.
func TempName(target string) string {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	base := Cut(filepath.Base(target), 120)
	return filepath.Join(filepath.Dir(target), "."+base+"."+strconv.Itoa(os.Getpid())+"."+hex.EncodeToString(b[:])+tempMark)
}

// IsTemp reports whether a file name is one of the tool's temporary files or
// folders (TempName).
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.HasSuffix(name, tempMark)
}

// RemoveStale removes, in dir, the temporary files and folders that a run of
// the tool left behind when it was killed: those whose maker is no longer
// running, or which are older than a day.
func RemoveStale(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, tempMark) {
			continue
		}
		parts := strings.Split(strings.TrimSuffix(name, tempMark), ".")
		if len(parts) < 3 {
			continue
		}
		pid, err := strconv.Atoi(parts[len(parts)-2])
		info, ierr := e.Info()
		if ierr != nil {
			continue
		}
		old := time.Since(info.ModTime()) > 24*time.Hour
		if err == nil && (pid != os.Getpid() && !AliveSince(pid, info.ModTime()) || old) {
			os.RemoveAll(filepath.Join(dir, name))
		}
	}
}

// WriteFile writes data to name whole or not at all: into a temporary file
// beside it, then renamed into place. An existing name is replaced only with
// force, else the error wraps ErrExists. Other errors name the file (never
// the temporary one) and say the cause in Chinese (Explain). The file gets the user's usual
// permissions (0666 less the umask), as files other programs make.
func WriteFile(name string, data []byte, force bool) error {
	if _, err := os.Lstat(name); err == nil && !force {
		return fmt.Errorf("%s %w", name, ErrExists)
	}
	dir := filepath.Dir(name)
	RemoveStale(dir)
	tmp := TempName(name)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return fmt.Errorf("无法写入 %s：%w", name, Chinese(err))
	}
	track(tmp)
	defer untrack(tmp)
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && !force {
		// Another program may have made name meanwhile: never replace it.
		if _, lerr := os.Lstat(name); lerr == nil {
			err = fmt.Errorf("%s %w", name, ErrExists)
		}
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		if errors.Is(err, ErrExists) {
			return err
		}
		return fmt.Errorf("无法写入 %s：%w", name, Chinese(err))
	}
	return nil
}

// AliveSince reports whether a process with the pid runs that can have made
// a file last written at made: not a thread of another process, nor one that
// started after made (on Linux; elsewhere, any running process with the pid).
func AliveSince(pid int, made time.Time) bool { return alive(pid) && !notTheMaker(pid, made) }

// MkdirAll makes a folder and its parents with the user's usual permissions.
func MkdirAll(dir string) error { return os.MkdirAll(dir, 0o777) }

// MaxNameBytes is the longest file name, in bytes, that every common file
// system takes (ext4, XFS, btrfs: 255 bytes; NTFS: 255 UTF-16 units, which is
// more).
const MaxNameBytes = 255

// Name makes a file name from text (a unit's name, a code) that is safe on
// Windows, macOS and Linux: no path separators or reserved characters, no
// control characters, no reserved device names, no leading or trailing dots
// or spaces, and with its suffix (".docx", "（2）.xlsx") at most MaxNameBytes
// bytes. An empty result is 未命名.
func Name(text, suffix string) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f || strings.ContainsRune(`/\:*?"<>|`, r):
			return '_'
		case r == utf8.RuneError, r >= 0x80 && r <= 0x9f, r == 0x200b, r == 0xfeff:
			return -1
		}
		return r
	}, strings.TrimSpace(text))
	name = strings.Trim(Cut(name, MaxNameBytes-len(suffix)-len(".jixiao-tmp")-40), " .")
	if strings.Trim(name, "_") == "" {
		name = "未命名"
	}
	stem, _, _ := strings.Cut(strings.ToUpper(name), ".")
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		name = "_" + name
	}
	return name + suffix
}

// Cut cuts s to at most n bytes at a character boundary.
func Cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:max(n, 0)]
}

// Exists reports whether something is at path (a file, a folder or a link).
func Exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// The temporary files being written, so that an interrupted program can
// remove them (RemoveTemporary) before it exits.
var inFlight struct {
	sync.Mutex
	names map[string]bool
}

func track(name string) {
	inFlight.Lock()
	defer inFlight.Unlock()
	if inFlight.names == nil {
		inFlight.names = map[string]bool{}
	}
	inFlight.names[name] = true
}

func untrack(name string) {
	inFlight.Lock()
	defer inFlight.Unlock()
	delete(inFlight.names, name)
}

// RemoveTemporary removes the temporary files being written; a program calls
// it when it is interrupted (Ctrl-C), before it exits.
func RemoveTemporary() {
	inFlight.Lock()
	defer inFlight.Unlock()
	for name := range inFlight.names {
		os.Remove(name)
	}
}
