package bundle

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

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
		made := time.Now()
		if fi, err := os.Stat(name); err == nil {
			made = fi.ModTime()
		}
		if perr == nil && disk.AliveSince(pid, made) {
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
	if isEmpty(old) || IsBundle(old) {
		if err := removeOld(old); err != nil {
			return fmt.Errorf("上次替换汇总包时留下了旧的汇总包 %s：%w", old, err)
		}
	}
	return nil
}

// removeOld removes a bundle kept aside, or the empty folder that was the
// destination: only when everything in it is of the tool's making (the
// caller has checked that, just before; this is against files added in the
// meantime).
func removeOld(old string) error {
	if isEmpty(old) {
		return os.Remove(old)
	}
	names, err := foreign(old, false)
	if err != nil {
		return disk.Chinese(err)
	}
	if len(names) > 0 {
		return foreignError(old, names)
	}
	return os.RemoveAll(old)
}

// replaceDir renames tmp to out, replacing an existing out (a bundle, or an
// empty folder: checkDestination has said so): the old one is first renamed
// aside, so that a kill between the two renames loses nothing (recoverSwap
// puts it back), and removed last (removeOld).
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
		if err := removeOld(old); err != nil {
			return fmt.Errorf("已写出 %s，但旧的汇总包留在 %s：%w", out, old, err)
		}
	}
	return nil
}
