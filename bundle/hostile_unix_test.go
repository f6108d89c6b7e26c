//go:build unix

package bundle_test

import (
	"bytes"
	"context"
	csvpkg "encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"jixiao"
	"jixiao/bundle"
)

// Hostile inputs of a bureau's folder: a FIFO and a link to a device are
// skipped before anything is opened; a unit name too long for the file
// system, or beginning with a line break and a formula, is that unit's
// business only.
func TestBundleHostileFolder(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	if err := syscall.Mkfifo(filepath.Join(in, "x.json"), 0o644); err != nil {
		t.Skip("no FIFO here:", err)
	}
	os.Symlink("/dev/zero", filepath.Join(in, "zero.json"))
	for i, name := range []string{strings.Repeat("岳", 82), "\r\n=1+1", "\t@SUM(A1)"} {
		r := report(uint64(i), 1)
		r.Cover.BudgetCode, r.Cover.Unit = "00"+strconv.Itoa(i), name
		var b bytes.Buffer
		jixiao.EncodeJSON(&b, r)
		os.WriteFile(filepath.Join(in, "u"+strconv.Itoa(i)+".json"), b.Bytes(), 0o644)
	}
	out := filepath.Join(dir, "out")
	done := make(chan error, 1)
	go func() {
		_, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out, Formats: []string{"docx"}})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Minute): // a hang, not a timing: the FIFO blocked the run
		t.Fatal("bundle hangs on a FIFO")
	}
	files := tree(t, out)
	var long string
	for name := range files {
		if strings.HasPrefix(name, "报告/000_") {
			long = filepath.Base(name)
		}
	}
	if long == "" || len(long) > 255 {
		t.Errorf("the long name: %q (%d bytes)", long, len(long))
	}
	csv := string(files["问题清单.csv"])
	for _, want := range []string{"不是普通文件（是设备、管道或套接字），未读取"} {
		if strings.Count(csv, want) != 2 {
			t.Errorf("问题清单.csv does not list the FIFO and the device: %d", strings.Count(csv, want))
		}
	}
	rows, err := csvpkg.NewReader(strings.NewReader(strings.TrimPrefix(csv, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, cell := range row {
			if strings.Trim(cell, `="0123456789`) == "" && strings.HasPrefix(cell, `="`) {
				continue // a code kept as text: ="012001"
			}
			if v := strings.TrimLeft(cell, " \t\r\n"); v != "" && strings.ContainsRune("=+-@", rune(v[0])) {
				t.Errorf("a CSV cell starts a formula: %q", cell)
			}
		}
	}
}

// Two runs into one destination: the second says so in Chinese. A run killed
// while it swapped bundles loses nothing: the next run puts the old one back,
// even when it then writes nothing. Folders get the user's usual permissions.
func TestBundleConcurrentAndSwap(t *testing.T) {
	dir := t.TempDir()
	in := units(t, dir, 2)
	out := filepath.Join(dir, "out")
	lock := filepath.Join(dir, ".out.jixiao-lock")
	os.WriteFile(lock, []byte(strconv.Itoa(os.Getppid())+"\n"), 0o644) // a live owner
	_, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out})
	if !errors.Is(err, bundle.ErrBusy) || !strings.Contains(err.Error(), "另一个 jixiao bundle 正在写入同一个汇总包") {
		t.Errorf("a second run: %v", err)
	}
	os.WriteFile(lock, []byte(strconv.Itoa(deadPid(t))+"\n"), 0o644) // a killed owner
	if _, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out}); err != nil {
		t.Fatalf("after a killed run: %v", err)
	}
	if _, err := os.Stat(lock); err == nil {
		t.Error("the lock is left behind")
	}
	st, _ := os.Stat(out)
	umask := syscall.Umask(0)
	syscall.Umask(umask)
	if st.Mode().Perm() != 0o777&^os.FileMode(umask) {
		t.Errorf("the bundle folder has mode %v, want %v", st.Mode().Perm(), 0o777&^os.FileMode(umask))
	}
	// Killed between the two renames: the old bundle is aside, none in place.
	old := filepath.Join(dir, ".out.jixiao-old")
	if err := os.Rename(out, old); err != nil {
		t.Fatal(err)
	}
	res, err := bundle.Run(context.Background(), []string{"../testdata/reports/yueyanglou-2020-hrss.json"},
		bundle.Options{Out: out, Force: true, Strict: true})
	if err != nil || res.Written {
		t.Fatalf("strict run: %v %+v", err, res)
	}
	if !bundle.IsBundle(out) {
		t.Error("the old bundle was not put back")
	}
	if _, err := os.Stat(old); err == nil {
		t.Error("the old bundle is still aside")
	}
}
