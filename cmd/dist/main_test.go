package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestBinaryName(t *testing.T) {
	for _, tc := range []struct {
		t    target
		want string
	}{
		{target{"windows", "amd64"}, "jixiao-v1.2.0-windows-amd64.exe"},
		{target{"linux", "loong64"}, "jixiao-v1.2.0-linux-loong64"},
		{target{"darwin", "arm64"}, "jixiao-v1.2.0-darwin-arm64"},
	} {
		if got := binaryName("v1.2.0", tc.t); got != tc.want {
			t.Errorf("binaryName(%v) = %q, want %q", tc.t, got, tc.want)
		}
	}
}

func TestValidVersion(t *testing.T) {
	for v, want := range map[string]bool{"v1.2.0": true, "v1.2.0-3-gabc1234-dirty": true, "2026.1": true, "ci": true,
		"": false, "-x": false, "v1 2": false, "v1;rm": false, "../v1": false, "v1\n": false} {
		if got := validVersion.MatchString(v); got != want {
			t.Errorf("validVersion(%q) = %v", v, got)
		}
	}
}

func TestSumFiles(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"b": "hello\n", "a": ""} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := sumFiles(dir, []string{"b", "a"})
	if err != nil {
		t.Fatal(err)
	}
	want := "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a\n" +
		"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  b\n"
	if string(got) != want {
		t.Errorf("sums:\n%s\nwant:\n%s", got, want)
	}
}
