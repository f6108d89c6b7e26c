package web

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"jixiao"
	"jixiao/bundle"
)

// finishedBundle uploads parts to /bundle, waits for the bundle, and
// downloads it: the page, the bundle's files and its bundle.json.
func finishedBundle(t *testing.T, s *Server, parts ...part) (string, map[string][]byte, bundle.Manifest) {
	t.Helper()
	w := serve(s, post("/bundle", parts...))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	location := w.Header().Get("Location")
	page := waitBundle(t, s, location)
	w = serve(s, post(location+"/download"))
	if w.Code != 200 {
		t.Fatalf("download: status %d: %s\n%s", w.Code, w.Body, page)
	}
	files := zipNames(t, w.Body.Bytes())
	var m bundle.Manifest
	if err := json.Unmarshal(files["汇总包/"+bundle.ManifestName], &m); err != nil {
		t.Fatal(err)
	}
	return page, files, m
}

// workbookText is the text of all the parts of a workbook (its cells'
// strings among them).
func workbookText(t *testing.T, data []byte) string {
	t.Helper()
	var b strings.Builder
	for _, part := range zipNames(t, data) {
		b.Write(part)
	}
	return b.String()
}

// TestBundleIntake: uploaded files are taken as the command line takes the
// files of a folder (by kind; hidden and lock files left out), under the
// names they were sent as, and the zip entries not unpacked are in the
// bundle's intake as the files not read are.
func TestBundleIntake(t *testing.T) {
	example := readFile(t, exampleJSON)
	tmp := tmpdir(t)
	s := newServer(t, Options{})
	long := strings.Repeat("很长的单位名称", 20) + ".json" // 140 characters, 425 bytes
	encrypted := zipEntry{name: "收到的报告/加密.xlsx", data: []byte("x")}
	upload := zipOf(t,
		zipEntry{name: "收到的报告/链接.json", data: []byte("/etc/passwd"), mode: os.ModeSymlink | 0o777},
		zipEntry{name: "收到的报告/管道.json", mode: os.ModeNamedPipe | 0o644},
		zipEntry{name: "收到的报告/.git/config", data: []byte("x")},
		zipEntry{name: "收到的报告/附件.txt", data: []byte("x")},
		encrypted,
	)
	upload = encrypt(t, upload, encrypted.name)
	page, files, m := finishedBundle(t, s,
		file("files", "报告.json", example),
		file("files", long, example),
		file("files", "报告:最终?.json", example),
		file("files", "说明.txt", []byte("各单位的报告")),
		file("files", "名单.csv", []byte("预算编码,单位名称\n200002,某单位\n")),
		file("files", ".DS_Store", []byte("\x00\x00\x00\x01Bud1")),
		file("files", "~$报告.xlsx", []byte("x")),
		file("files", "Thumbs.db", []byte("x")),
		file("files", "收到的报告/.hidden/报告.json", example),
		file("files", "收到的报告.zip", upload),
	)
	status := map[string]string{}
	for _, in := range m.Intake {
		status[in.File] = in.Status
	}
	want := map[string]string{
		"报告.json":       jixiao.IntakeReplaced,
		long:            jixiao.IntakeReplaced,
		"报告:最终?.json":   jixiao.IntakeCounted, // its name marks the final version
		"说明.txt":        jixiao.IntakeNotReport,
		"名单.csv":        jixiao.IntakeNotReport,
		"收到的报告/链接.json": jixiao.IntakeSkipped,
		"收到的报告/管道.json": jixiao.IntakeSkipped,
		"收到的报告/加密.xlsx": jixiao.IntakeUnreadable,
		"收到的报告/附件.txt":  jixiao.IntakeNotReport,
	}
	for name, st := range want {
		if status[name] != st {
			t.Errorf("intake: %s is %q, want %q", name, status[name], st)
		}
	}
	if len(status) != len(want) {
		t.Errorf("intake: %d entries, want %d: %v", len(status), len(want), status)
	}
	for name := range status {
		if strings.Contains(name, "DS_Store") || strings.Contains(name, "~$") || strings.Contains(name, "Thumbs") ||
			strings.Contains(name, "hidden") || strings.Contains(name, "config") || strings.Contains(name, ".skipped") {
			t.Errorf("intake lists %s", name)
		}
	}
	// Not reports are warnings, as on the command line, not errors.
	if m.Counts.UnitsWithErrors != 1 || m.Counts.NotRead != 6 {
		t.Errorf("counts %+v", m.Counts)
	}
	for _, p := range m.Problems {
		if (p.File == "说明.txt" || p.File == "名单.csv") && (p.Severity != jixiao.Warning || !strings.Contains(p.Message, "不是报告文件")) {
			t.Errorf("problem of %s: %s %s", p.File, p.Severity, p.Message)
		}
		if strings.Contains(p.Message, "JSON") && !strings.HasSuffix(p.File, ".json") {
			t.Errorf("%s read as JSON: %s", p.File, p.Message)
		}
	}
	problems := string(files["汇总包/"+bundle.ProblemsName])
	summary := workbookText(t, files["汇总包/"+bundle.SummaryName])
	for _, name := range []string{"收到的报告/链接.json", "收到的报告/管道.json", "收到的报告/加密.xlsx", long, "说明.txt"} {
		if !strings.Contains(problems, name) {
			t.Errorf("问题清单 lacks %s", name)
		}
		if !strings.Contains(summary, name) {
			t.Errorf("汇总表 (报送情况) lacks %s", name)
		}
	}
	for _, want := range []string{"<code>收到的报告/链接.json</code></td><td class=\"nowrap\">已跳过", "<code>说明.txt</code></td><td class=\"nowrap\">不是报告",
		"<code>" + long + "</code>"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, not := range []string{"DS_Store", "不是 UTF-8", "JSON 格式错误", "压缩包中未处理的文件"} {
		if strings.Contains(page, not) {
			t.Errorf("page has %q", not)
		}
	}
	if t.Failed() {
		t.Log(page)
	}
	assertEmpty(t, tmp)
}

// encrypt marks a zip's entry as encrypted (the general purpose flag's bit 0),
// in its local header and in the central directory.
func encrypt(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	out := append([]byte(nil), data...)
	found := 0
	for _, sig := range []string{"PK\x03\x04", "PK\x01\x02"} {
		off := 6 // the flags, after the signature and the version (needed)
		if sig == "PK\x01\x02" {
			off = 8 // after the signature and the versions (made by, needed)
		}
		for i := 0; ; {
			j := strings.Index(string(out[i:]), sig)
			if j < 0 {
				break
			}
			i += j
			nameAt := 30
			if sig == "PK\x01\x02" {
				nameAt = 46
			}
			n := int(binary.LittleEndian.Uint16(out[i+26:])) // the name's length
			if sig == "PK\x01\x02" {
				n = int(binary.LittleEndian.Uint16(out[i+28:]))
			}
			if string(out[i+nameAt:i+nameAt+n]) == name {
				out[i+off] |= 1
				found++
			}
			i += 4
		}
	}
	if found != 2 {
		t.Fatalf("encrypt: %s found %d times", name, found)
	}
	return out
}

// TestBundleRoster: the bureau's form takes a roster and a year, as
// jixiao bundle --roster --year does: the page lists the units of the roster
// that sent nothing and the units not on it, and the bundle names the roster
// as it was uploaded.
func TestBundleRoster(t *testing.T) {
	example := readFile(t, exampleJSON)
	other := bytes.Replace(example, []byte(`"budget_code": "200002"`), []byte(`"budget_code": "999999"`), 1)
	tmp := tmpdir(t)
	s := newServer(t, Options{})
	roster := []byte("预算编码,单位名称\n200002," + exampleUnit + "\n300001,岳阳楼区未报送局\n")
	page, files, m := finishedBundle(t, s, file("files", "a.json", example), file("files", "b.json", other),
		file("roster", "C:\\财政局\\名单.csv", roster), field("year", "2020"))
	for _, want := range []string{"<dt>年度</dt><dd>2020</dd>", "<dt>名单</dt><dd>2</dd>", `<dt>未报送</dt><dd class="bad">1</dd>`,
		`<dt>名单外</dt><dd class="bad">1</dd>`, "300001 岳阳楼区未报送局</td><td class=\"nowrap\">未报送",
		"<code>b.json</code> 999999 " + exampleUnit + "</td><td class=\"nowrap\">名单外</td><td>预算编码 &#34;999999&#34; 不在名单 名单.csv 中"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(page)
	}
	if m.Year != 2020 || m.Roster == nil || m.Roster.Path != "名单.csv" || m.Counts.Expected != 2 || m.Counts.Missing != 1 || m.Counts.NotOnRoster != 1 {
		t.Errorf("bundle.json: year %d, roster %+v, counts %+v", m.Year, m.Roster, m.Counts)
	}
	if manifest := string(files["汇总包/"+bundle.ManifestName]); strings.Contains(manifest, tmp) || strings.Contains(manifest, "jixiao-") {
		t.Errorf("bundle.json names the server's folders")
	}
	for _, p := range m.Problems {
		if p.Problem.Code == jixiao.CodeMissing && p.File != "名单.csv" {
			t.Errorf("the unit not reported is listed under %q", p.File)
		}
	}
	// The year chosen is the bundle's: reports of another year are not counted.
	_, _, m = finishedBundle(t, s, file("files", "a.json", example), field("year", "2021"))
	if m.Year != 2021 || m.Counts.Units != 0 || m.Counts.OtherYear != 1 {
		t.Errorf("year 2021: year %d, counts %+v", m.Year, m.Counts)
	}
	assertEmpty(t, tmp)

	for _, tc := range []struct {
		name  string
		parts []part
		want  []string
	}{
		{"code twice", []part{file("roster", "名单.csv", []byte("预算编码,单位名称\n200002,甲\n200002,乙\n"))},
			[]string{"名单 名单.csv 有误", "名单.csv:3", "没有生成汇总包"}},
		{"no header", []part{file("roster", "名单.csv", []byte("甲,乙\n"))}, []string{"名单 名单.csv 中找不到表头", "没有生成汇总包"}},
		{"old excel", []part{file("roster", "名单.xls", readFile(t, "../testdata/bad/old-excel.xls"))}, []string{"名单 名单.xls 是旧版 Excel"}},
		{"two rosters", []part{file("roster", "a.csv", roster), file("roster", "b.csv", roster)}, []string{"只能有一个文件"}},
		{"bad year", []part{file("roster", "名单.csv", roster), field("year", "20")}, []string{"年度应为 2000 到 2100 之间的年份，实际为 &#34;20&#34;"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := serve(s, post("/bundle", append([]part{file("files", "a.json", example)}, tc.parts...)...))
			if w.Code != http.StatusBadRequest {
				t.Errorf("status %d, want 400", w.Code)
			}
			for _, want := range tc.want {
				if !strings.Contains(w.Body.String(), want) {
					t.Errorf("answer lacks %q:\n%s", want, w.Body)
				}
			}
			if strings.Contains(w.Body.String(), tmp) {
				t.Errorf("answer names the server's folder")
			}
			assertEmpty(t, tmp)
			if n := len(s.bundles); n != 0 {
				t.Errorf("%d bundles kept", n)
			}
		})
	}
}
