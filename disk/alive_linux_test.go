//go:build linux

package disk

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// A thread's id and a pid given to a process that started after the file was
// made are not the file's maker: a stale temporary file named after either is
// removed (kill(pid, 0) finds both).
func TestAliveSince(t *testing.T) {
	self := os.Getpid()
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Skip("no /proc:", err)
	}
	tid := 0
	for _, e := range tasks {
		if n, _ := strconv.Atoi(e.Name()); n != self && n > 0 {
			tid = n
			break
		}
	}
	if tid == 0 {
		t.Skip("the test process has one thread")
	}
	if !alive(tid) {
		t.Fatalf("kill(%d, 0) does not find the thread: the test tests nothing", tid)
	}
	now := time.Now()
	if AliveSince(tid, now) {
		t.Errorf("thread %d taken as a process", tid)
	}
	if !AliveSince(self, now) {
		t.Error("this process not alive")
	}
	if AliveSince(self, now.Add(-24*time.Hour)) {
		t.Error("a process started today taken as the maker of a file of yesterday")
	}

	dir := t.TempDir()
	// A process started now, holding the pid of a run killed an hour ago.
	child := exec.Command("sleep", "30")
	if err := child.Start(); err != nil {
		t.Skip("cannot start a process:", err)
	}
	defer child.Process.Kill()
	thread := filepath.Join(dir, ".报告.docx."+strconv.Itoa(tid)+".deadbeef"+tempMark)
	reused := filepath.Join(dir, ".报告.xlsx."+strconv.Itoa(child.Process.Pid)+".deadbeef"+tempMark)
	own := filepath.Join(dir, ".报告.pdf."+strconv.Itoa(self)+".deadbeef"+tempMark)
	for _, f := range []string{thread, reused, own} {
		if err := os.WriteFile(f, []byte("half"), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	hourAgo := now.Add(-time.Hour)
	if err := os.Chtimes(reused, hourAgo, hourAgo); err != nil {
		t.Fatal(err)
	}
	RemoveStale(dir)
	if _, err := os.Stat(thread); err == nil {
		t.Error("a temporary file named after a thread id was kept")
	}
	if _, err := os.Stat(reused); err == nil {
		t.Error("a temporary file of an hour ago named after a process started now was kept")
	}
	if _, err := os.Stat(own); err != nil {
		t.Error("this process's own temporary file was removed")
	}
}
