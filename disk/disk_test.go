package disk

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.json")
	os.WriteFile(file, []byte("12345"), 0o644)
	if data, err := Read(file, 5); err != nil || string(data) != "12345" {
		t.Errorf("Read = %q, %v", data, err)
	}
	var se *SizeError
	if _, err := Read(file, 4); !errors.As(err, &se) || !errors.Is(err, ErrTooLarge) || se.Size != 5 {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := Read(dir, 100); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a folder: %v", err)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		link := filepath.Join(dir, "zero.json")
		os.Symlink("/dev/zero", link)
		if _, err := Read(link, 100); !errors.Is(err, ErrNotRegular) {
			t.Errorf("a link to /dev/zero: %v", err)
		}
	}
}

// Names fit every file system in bytes, with room for a counter and an
// extension, and are cut at a character boundary.
func TestName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"岳阳楼区某中心", "岳阳楼区某中心"},
		{"../a/b", "_a_b"},
		{"  ", "未命名"},
		{"nul.txt", "_nul.txt"},
		{"\r\n=1+1", "=1+1"},
	} {
		if got := Name(tt.in, ""); got != tt.want {
			t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	long := Name(strings.Repeat("岳", 200), ".docx")
	if len(long)+len("（99）") > MaxNameBytes || !utf8.ValidString(long) || !strings.HasSuffix(long, ".docx") {
		t.Errorf("a long name: %d bytes", len(long))
	}
}

// WriteFile refuses to replace without force, writes whole files with the
// usual permissions, and removes what a killed run left beside its output.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "报告.docx")
	if err := WriteFile(file, []byte("a"), false); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(file, []byte("b"), false); !errors.Is(err, ErrExists) {
		t.Errorf("replaced without force: %v", err)
	}
	if err := WriteFile(file, []byte("b"), true); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(file); string(data) != "b" {
		t.Errorf("content %q", data)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, ".报告.docx."+strconv.Itoa(cmd.Process.Pid)+".0badf00d.jixiao-tmp")
	os.WriteFile(stale, []byte("half"), 0o600)
	mine := TempName(file) // a live run's temporary file is left alone
	os.WriteFile(mine, []byte("half"), 0o600)
	if err := WriteFile(filepath.Join(dir, "other.xlsx"), []byte("c"), false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the temporary file of a killed run is still there")
	}
	if _, err := os.Stat(mine); err != nil {
		t.Error("a live run's temporary file was removed")
	}
	os.Remove(mine)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left: %v", entries)
	}
}

func TestWithin(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		path, dir string
		want      bool
	}{
		{dir, dir, true},
		{filepath.Join(dir, "a", "b"), dir, true},
		{filepath.Join(dir, "..", filepath.Base(dir)), dir, true},
		{dir + "x", dir, false},
		{filepath.Dir(dir), dir, false},
	} {
		if got := Within(tt.path, tt.dir); got != tt.want {
			t.Errorf("Within(%s, %s) = %v", tt.path, tt.dir, got)
		}
	}
}

// A write that fails names the file, never the temporary one, and says why in
// Chinese; errors.Is still sees the cause.
func TestWriteFileError(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "nodir", "x.json")
	err := WriteFile(name, []byte("{}"), false)
	if err == nil || err.Error() != "无法写入 "+name+"：文件或文件夹不存在" || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing folder: %v", err)
	}
	if got := Explain(&os.PathError{Op: "open", Path: ".x.1.ab.jixiao-tmp", Err: syscall.Errno(200)}); got != "操作系统报告错误（错误码 200）" {
		t.Errorf("an unlisted system error: %s", got)
	}
}
