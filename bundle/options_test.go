package bundle_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/bundle"
)

// TestNamesAndNotRead: a server's bundle names its inputs and its roster as
// they were sent (Options.Names), and accounts for the files it never put in
// the folder (Options.NotRead) as for the files a walk does not read.
func TestNamesAndNotRead(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	example, err := os.ReadFile("../testdata/reports/yueyanglou-2020-hrss.json")
	if err != nil {
		t.Fatal(err)
	}
	saved := filepath.Join(in, "报告_最终_.json")
	write(t, saved, example)
	write(t, filepath.Join(in, ".hidden.json"), example)
	rosterFile := filepath.Join(dir, "roster", "名单.csv")
	write(t, rosterFile, []byte("预算编码,单位名称\n300001,未报送局\n"))
	link := filepath.Join(in, ".skipped", "1")
	out := filepath.Join(dir, "out")
	_, err = bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out, Base: in, Roster: rosterFile, Version: "test",
		Names: map[string]string{saved: "报告:最终?.json", link: "收到的报告/链接.json", rosterFile: "名单.csv"},
		NotRead: []bundle.WalkProblem{{File: link, Status: jixiao.IntakeSkipped,
			Problem: jixiao.Problem{Severity: jixiao.Error, Code: jixiao.CodeFile, Message: "压缩包中的符号链接，未解压"}}}})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, bundle.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m bundle.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range m.Intake {
		got[e.File] = e.Status
	}
	want := map[string]string{"报告:最终?.json": jixiao.IntakeCounted, "收到的报告/链接.json": jixiao.IntakeSkipped, "": jixiao.IntakeMissing}
	if len(got) != len(want) {
		t.Errorf("intake %v, want %v", got, want)
	}
	for f, st := range want {
		if got[f] != st {
			t.Errorf("intake: %q is %q, want %q", f, got[f], st)
		}
	}
	if m.Roster == nil || m.Roster.Path != "名单.csv" || m.Roster.SHA256 == "" {
		t.Errorf("roster %+v", m.Roster)
	}
	for _, p := range m.Problems {
		if p.Problem.Code == jixiao.CodeMissing && p.File != "名单.csv" {
			t.Errorf("missing unit listed under %q", p.File)
		}
	}
}
