package input_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/input"
)

var update = flag.Bool("update", false, "rewrite the .want files of testdata/bad")

func format(c input.Checked, name string) string {
	var b strings.Builder
	for _, p := range c.Problems {
		b.WriteString(p.Format(name))
		b.WriteByte('\n')
	}
	return b.String()
}

// Every file of testdata/bad (JSON, workbooks, and files that are neither)
// gets exactly the problems of its .want file.
func TestBadCorpus(t *testing.T) {
	all, err := filepath.Glob("../testdata/bad/*")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range all {
		if !strings.HasSuffix(f, ".want") {
			files = append(files, f)
		}
	}
	if len(files) < 30 {
		t.Fatalf("only %d bad inputs", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			c := input.Read(f, "")
			got := strings.ReplaceAll(format(c, f), f, name)
			want := f + ".want"
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			data, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(data) {
				t.Errorf("got\n%s\nwant\n%s", got, data)
			}
			if got == "" {
				t.Error("a bad input gave no problem")
			}
		})
	}
}

// The corrected example is clean: no error, only the rule warnings.
func TestCorrectedExample(t *testing.T) {
	c := input.Read("../testdata/reports/yueyanglou-2020-hrss-corrected.json", "")
	for _, p := range c.Problems {
		if p.Severity.String() == "错误" {
			t.Errorf("%s", p.Format("corrected"))
		}
	}
	if c.Score.Self.String() != "95" || c.Score.Grade != "优" {
		t.Errorf("score %s %s", c.Score.Self, c.Score.Grade)
	}
}

// Files that are not reports.
func TestFileProblems(t *testing.T) {
	dir := t.TempDir()
	unreadable := filepath.Join(dir, "locked.json")
	os.WriteFile(unreadable, []byte("{}"), 0o000)
	big := filepath.Join(dir, "big.json")
	f, _ := os.Create(big)
	f.Truncate(17 << 20)
	f.Close()
	tests := []struct{ file, want string }{
		{filepath.Join(dir, "missing.json"), "错误：文件不存在"},
		{dir, "错误：这是一个文件夹，不是报告文件"},
		{big, "错误：文件过大（17825792 字节，最多 16777216 字节）"},
	}
	if os.Geteuid() != 0 { // root reads anything
		tests = append(tests, struct{ file, want string }{unreadable, "错误：无法读取："})
	}
	for _, tt := range tests {
		got := format(input.Read(tt.file, ""), "f")
		if !strings.Contains(got, tt.want) || strings.Count(got, "\n") != 1 {
			t.Errorf("%s: got %q, want %q", tt.file, got, tt.want)
		}
	}
}
