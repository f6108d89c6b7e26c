package bundle

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"jixiao/disk"
)

// A bundle is written beside its destination under a lock, and swapped in
// with two renames that a later run can finish if the first was killed.

// oldName is where replaceDir keeps the old bundle while it swaps the new one
// in.
func oldName(parent, base string) string { return filepath.Join(parent, "."+base+".jixiao-old") }

// ErrBusy is returned when another run is writing the same bundle.
var ErrBusy = errors.New("另一个 jixiao bundle 正在写入同一个汇总包")

// lock takes the bundle's lock file beside it, .<name>.jixiao-lock holding the
// owner's pid, so that two runs into one destination never interleave; a lock
// whose owner is gone (killed) is taken over.
func lock(parent, base string) (func(), error) {
	name := filepath.Join(parent, "."+base+".jixiao-lock")
	for range 2 {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			_, werr := fmt.Fprintf(f, "%d\n", os.Getpid())
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				os.Remove(name)
				return nil, fmt.Errorf("无法创建锁文件 %s：%w", name, werr)
			}
			return func() { os.Remove(name) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("无法创建锁文件 %s：%w", name, err)
		}
		data, _ := os.ReadFile(name)
		pid, perr := strconv.Atoi(strings.TrimSpace(string(data)))
		if perr == nil && disk.Alive(pid) {
			return nil, fmt.Errorf("%w %s（进程 %d）：请等它完成后再运行", ErrBusy, filepath.Join(parent, base), pid)
		}
		os.Remove(name) // its owner was killed
	}
	return nil, fmt.Errorf("无法取得锁文件 %s", name)
}

// recoverSwap finishes what a run killed while it swapped bundles left: the old
// bundle kept aside while the destination is missing is put back; one kept
// aside beside a new bundle in place is removed. It runs under the lock,
// before anything else.
func recoverSwap(parent, base string) error {
	old, out := oldName(parent, base), filepath.Join(parent, base)
	if !disk.Exists(old) {
		return nil
	}
	if !disk.Exists(out) {
		if err := os.Rename(old, out); err != nil {
			return fmt.Errorf("无法恢复上次被中断时留下的汇总包 %s：%w", old, err)
		}
		return nil
	}
	if IsBundle(old) {
		return os.RemoveAll(old)
	}
	return nil
}

// replaceDir renames tmp to out, replacing an existing out: the old bundle is
// first renamed aside, so that a kill between the two renames loses nothing
// (recoverSwap puts it back).
func replaceDir(tmp, out string) error {
	old := oldName(filepath.Dir(out), filepath.Base(out))
	hadOld := false
	if _, err := os.Lstat(out); err == nil {
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("无法替换 %s：%w", out, err)
		}
		hadOld = true
	}
	if err := os.Rename(tmp, out); err != nil {
		if hadOld {
			os.Rename(old, out)
		}
		return fmt.Errorf("无法写入 %s：%w", out, err)
	}
	if hadOld {
		return os.RemoveAll(old)
	}
	return nil
}
