package pdf

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// deadPid returns the id of a process that has exited.
func deadPid(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func TestCleanStale(t *testing.T) {
	dir := t.TempDir()
	dead, alive := deadPid(t), os.Getppid()
	mk := func(name string, lock bool, age time.Duration) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Join(p, "user"), 0o700); err != nil {
			t.Fatal(err)
		}
		if lock {
			f, err := lockFile(filepath.Join(p, lockName))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := f.Close(); err != nil {
					t.Error(err)
				}
			})
		} else if err := os.WriteFile(filepath.Join(p, lockName), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if age > 0 {
			old := time.Now().Add(-age)
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	name := func(pid int, tail string) string { return profilePrefix + strconv.Itoa(pid) + "-" + tail }
	deadRun := mk(name(dead, "1"), false, 0)
	deadRunNoLock := filepath.Join(dir, name(dead, "2"))
	if err := os.Mkdir(deadRunNoLock, 0o700); err != nil {
		t.Fatal(err)
	}
	live := mk(name(dead, "3"), true, 0) // its LibreOffice or owner still holds the lock
	starting := mk(name(alive, "4"), false, 0)
	reused := mk(name(alive, "5"), false, 2*staleAge)
	own := mk(name(os.Getpid(), "6"), false, 2*staleAge)
	other := mk("jixiao-lo-notapid-7", false, 2*staleAge)
	file := filepath.Join(dir, name(dead, "8"))
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}

	removed := cleanStale(dir)
	slices.Sort(removed)
	want := []string{deadRun, deadRunNoLock, reused}
	slices.Sort(want)
	if !slices.Equal(removed, want) {
		t.Errorf("removed\n%q\nwant\n%q", removed, want)
	}
	for _, p := range want {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s still there (%v)", p, err)
		}
	}
	for _, p := range []string{live, starting, own, other, file} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
}

func TestNewProfile(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	p, err := newProfile()
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(p.dir) != os.TempDir() {
		t.Errorf("profile %s not in the temporary folder %s", p.dir, os.TempDir())
	}
	if got := cleanStale(os.TempDir()); len(got) != 0 {
		t.Errorf("cleanStale removed a live profile: %v", got)
	}
	for _, f := range []string{"user/registrymodifications.xcu", "fonts.conf", lockName, "tmp", "in", "out"} {
		if _, err := os.Stat(filepath.Join(p.dir, f)); err != nil {
			t.Errorf("profile lacks %s: %v", f, err)
		}
	}
	if err := p.remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p.dir); !os.IsNotExist(err) {
		t.Errorf("profile %s still there after remove (%v)", p.dir, err)
	}
}
