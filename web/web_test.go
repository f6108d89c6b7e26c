package web

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao/bundle"
	"jixiao/input"
)

// filledWorkbook is the example workbook as a unit might fill it in, with a
// mistake: 二级机构1 的 收入合计 given as 307.74 (its parts add up to 307.47).
var filledWorkbook = sync.OnceValue(func() []byte {
	return replacePart(exampleWorkbook(), "xl/worksheets/sheet3.xml",
		`<c r="C8" s="19"><v>307.47</v></c>`, `<c r="C8" s="19"><v>307.74</v></c>`)
})

// replacePart returns a copy of a zip with old replaced by new in one part.
func replacePart(data []byte, name, old, new string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		panic(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	found := false
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			panic(err)
		}
		content, err := io.ReadAll(r)
		if err != nil {
			panic(err)
		}
		if f.Name == name {
			if !bytes.Contains(content, []byte(old)) {
				panic(name + " lacks " + old)
			}
			content, found = bytes.Replace(content, []byte(old), []byte(new), 1), true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			panic(err)
		}
		w.Write(content)
	}
	if err := zw.Close(); err != nil || !found {
		panic("cannot replace " + name)
	}
	return b.Bytes()
}

func TestPages(t *testing.T) {
	tmp := tmpdir(t)
	s := newServer(t, Options{})
	for _, tc := range []struct {
		name, path string
		status     int
		want       []string
	}{
		{"unit", "/", 200, []string{"下载空白填报表", `action="/check#result"`, `enctype="multipart/form-data"`, "岳阳楼区", `name="year"`}},
		{"bureau", "/bureau", 200, []string{"财政局汇总", `action="/bundle"`, "webkitdirectory", "最多 5000 个文件"}},
		{"asset", "/assets/style.css", 200, []string{"font-family", "Microsoft YaHei"}},
		{"script", "/assets/app.js", 200, []string{"use strict"}},
		{"missing", "/nothing", 404, []string{"没有这个页面"}},
		{"missing asset", "/assets/x.js", 404, []string{"没有这个文件"}},
		{"no bundle", "/bundle/0123456789abcdef0123456789abcdef", 404, []string{"不存在，或已下载、已过期"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := serve(s, get(tc.path))
			if w.Code != tc.status {
				t.Errorf("status %d, want %d", w.Code, tc.status)
			}
			for _, want := range tc.want {
				if !strings.Contains(w.Body.String(), want) {
					t.Errorf("answer lacks %q", want)
				}
			}
			if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			assertEmpty(t, tmp)
		})
	}
	w := serve(s, post("/"))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d, want 405", w.Code)
	}
}

// TestProfileLabels: the 表式 lists of both pages tell every shipped form
// apart (yueyanglou-2020 and yueyanglou-2021 have one issuer and one score
// sheet label).
func TestProfileLabels(t *testing.T) {
	s := newServer(t, Options{})
	want := map[string]string{
		"yueyanglou-2020":   "岳阳楼区财政局 2020 年度表式（附件3-2）",
		"yueyanglou-2021":   "岳阳楼区财政局 2021 年度表式（附件3-1、附件3-2）",
		"yueyang-city-2020": "岳阳市财政局 2020 年度表式（附件1）",
	}
	option := regexp.MustCompile(`<option value="([a-z0-9-]+)"[^>]*>([^<]*)</option>`)
	for _, path := range []string{"/", "/bureau"} {
		page := serve(s, get(path)).Body.String()
		got := map[string]string{}
		labels := map[string]string{}
		for _, m := range option.FindAllStringSubmatch(page, -1) {
			id, label := m[1], m[2]
			if other, ok := labels[label]; ok && other != id {
				t.Errorf("%s: %s and %s are both labelled %q", path, other, id, label)
			}
			labels[label], got[id] = id, label
		}
		for id, label := range want {
			if got[id] != label {
				t.Errorf("%s: %s labelled %q, want %q", path, id, got[id], label)
			}
		}
	}
}

func TestTemplate(t *testing.T) {
	tmp := tmpdir(t)
	s := newServer(t, Options{})
	w := serve(s, get("/template?year=2021&unit=%E5%B2%B3%E9%98%B3%E6%A5%BC%E5%8C%BA%E6%95%99%E8%82%B2%E5%B1%80&code=301001&profile=yueyanglou-2020"))
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	_, params, err := mime.ParseMediaType(w.Header().Get("Content-Disposition"))
	if err != nil || params["filename"] != "岳阳楼区教育局_2021年度绩效自评填报表.xlsx" {
		t.Errorf("Content-Disposition %q: %v", w.Header().Get("Content-Disposition"), err)
	}
	sheets := zipNames(t, w.Body.Bytes())
	if _, ok := sheets["xl/workbook.xml"]; !ok {
		t.Errorf("not a workbook: %v", sheets)
	}
	if !bytes.Contains(bytes.Join([][]byte{sheets["xl/sharedStrings.xml"], sheets["xl/worksheets/sheet2.xml"]}, nil), []byte("岳阳楼区教育局")) {
		t.Errorf("the unit's name is not filled in")
	}
	for _, tc := range []struct{ query, want string }{
		{"year=20x1", "年度应为 2000 到 2100 之间的年份"},
		{"year=1999", "年度应为 2000 到 2100 之间的年份"},
		{"profile=..%2F..%2Fetc%2Fpasswd.json", "没有表式"},
		{"profile=%2Ftmp%2Fp.json", "没有表式"},
		{"unit=" + strings.Repeat("x", 101), "单位名称最多 100 个字"},
	} {
		w := serve(s, get("/template?"+tc.query))
		if w.Code != 400 || !strings.Contains(w.Body.String(), tc.want) {
			t.Errorf("%s: status %d, want 400 %q", tc.query, w.Code, tc.want)
		}
	}
	assertEmpty(t, tmp)
}

func TestCheck(t *testing.T) {
	// What the page says of a file it cannot read at all, and of a report
	// with errors (whose download is a draft).
	const unreadable, draft = "<strong>这个文件无法读取</strong>，没有可以下载的文件", "现在下载的文件标为“草稿”"
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.json")
	if err := os.WriteFile(secret, []byte(`{"secret_field_xyz": "do not show"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	example := readFile(t, exampleJSON)
	bad := func(name string) []byte { return readFile(t, "../testdata/bad/"+name) }
	tmp := tmpdir(t)
	s := newServer(t, Options{MaxUpload: 1 << 20})
	for _, tc := range []struct {
		name     string
		parts    []part
		status   int
		want     []string
		wantNot  []string
		download bool
	}{
		{name: "filled workbook", parts: []part{file("file", "填报表.xlsx", filledWorkbook())}, status: 200, download: true,
			want: []string{"检查结果：<span class=\"file\">填报表.xlsx</span>", "有 1 个错误", "<h4>收支情况", "<code>收支情况!C8</code>",
				"收入合计，万元", "其他收入 181.24），实际为 307.74", "<h4>评分表", "<code>评分表!F4</code>",
				"按评分标准应得 0 分（实有人数 10 ÷ 人员编制 6 = 166.67%），自评 3 分", "下载 Word 文件", "标为草稿",
				exampleUnit + "_2020年度部门整体支出绩效自评报告", draft}, wantNot: []string{unreadable}},
		{name: "example workbook", parts: []part{file("file", "报告.xlsx", exampleWorkbook())}, status: 200, download: true,
			want: []string{"<strong>没有错误</strong>，有 4 个警告", "<dd>95</dd>", "<dd>优</dd>", "90<small>（优）</small>"}},
		{name: "json", parts: []part{file("file", "report.json", example)}, status: 200, download: true,
			want: []string{"有 3 个错误", "<h4>二、部门（单位）收支情况", "<code>79:27</code>", "finance.units[1].spending.surplus_year",
				"<h4>评分表", "<dd>97</dd>"}},
		{name: "json, profile chosen", parts: []part{file("file", "report.json", example), field("profile", "yueyang-city-2020")}, status: 200,
			want: []string{` selected>岳阳市财政局 2020 年度表式（附件1）</option>`, `name="profile" value="yueyang-city-2020"`}},
		{name: "broken workbook", parts: []part{file("file", "填报表.xlsx", exampleWorkbook()[:5000])}, status: 200,
			want: []string{unreadable, "文件已损坏，无法作为 .xlsx 工作簿打开"}, wantNot: []string{`name="report"`, draft}},
		{name: "xls", parts: []part{file("file", "填报表.xls", bad("old-excel.xls"))}, status: 200,
			want:    []string{unreadable, "这是旧版 Excel 97-2003 工作簿（.xls），请在 Excel 或 WPS 中另存为 .xlsx 后再导入"},
			wantNot: []string{`name="report"`, draft}},
		{name: "random bytes", parts: []part{file("file", "报告.json", []byte("\x00\x01\xfe garbage"))}, status: 200,
			want: []string{unreadable}, wantNot: []string{`name="report"`, draft}},
		{name: "pdf", parts: []part{file("file", "报告.pdf", []byte("%PDF-1.4\n%âãÏÓ\n"))}, status: 200,
			want: []string{unreadable}, wantNot: []string{`name="report"`, draft}},
		{name: "zip bomb", parts: []part{file("file", "炸弹.xlsx", bad("zip-bomb.xlsx"))}, status: 200, want: []string{"解压后过大"}},
		{name: "word", parts: []part{file("file", "报告.docx", bad("word-document.docx"))}, status: 200, want: []string{"表9 第2行 第6列", "财政供养人员控制率"}},
		{name: "empty", parts: []part{file("file", "空.xlsx", []byte{})}, status: 200, want: []string{unreadable, "文件是空的"},
			wantNot: []string{`name="report"`, draft}},
		{name: "hostile name", parts: []part{file("file", `..\..\..\etc/<script>alert(1)</script>"CON".json`, example)}, status: 200,
			want:    []string{"检查结果：<span class=\"file\">etc/_script_alert(1)_/script_%22CON%22.json</span>"},
			wantNot: []string{"<script>alert"}},
		{name: "device name", parts: []part{file("file", "CON.json", example)}, status: 200, want: []string{"_CON.json"}},
		{name: "control characters", parts: []part{file("file", "a\x1b[31m.json", example)}, status: 400, want: []string{"上传没有完成"}},
		{name: "right-to-left override", parts: []part{file("file", "报告\u202enosj.xlsx", example)}, status: 200, want: []string{"报告_nosj.xlsx"}},
		{name: "report names a profile file", parts: []part{file("file", "r.json", bytes.Replace(example,
			[]byte(`"profile": "yueyanglou-2020"`), []byte(`"profile": "`+filepath.ToSlash(secret)+`"`), 1))}, status: 200,
			want: []string{"报告中的 profile 只能是内置表式的编号", "表式文件请在命令行用 --profile 指定"}, wantNot: []string{"secret_field_xyz", "do not show"}},
		{name: "profile file chosen", parts: []part{file("file", "r.json", example), field("profile", secret)}, status: 400,
			want: []string{"没有表式"}},
		{name: "no file", parts: []part{file("file", "", nil)}, status: 400, want: []string{"请选择要检查的文件"}},
		{name: "two files", parts: []part{file("file", "a.json", example), file("file", "b.json", example)}, status: 413,
			want: []string{"文件过多（最多 1 个）"}},
		{name: "oversize", parts: []part{file("file", "大.xlsx", make([]byte, 2<<20))}, status: 413,
			want: []string{"上传的内容过大", "最多 1 MB"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := serve(s, post("/check", tc.parts...))
			body := w.Body.String()
			if w.Code != tc.status {
				t.Errorf("status %d, want %d", w.Code, tc.status)
			}
			for _, want := range tc.want {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			for _, not := range tc.wantNot {
				if strings.Contains(body, not) {
					t.Errorf("page has %q", not)
				}
			}
			if tc.download && !strings.Contains(body, `<input type="hidden" name="report" value="{`) {
				t.Errorf("page offers no download")
			}
			if t.Failed() && testing.Verbose() {
				t.Log(body)
			}
			assertEmpty(t, tmp)
		})
	}
}

func TestCheckNotMultipart(t *testing.T) {
	tmp := tmpdir(t)
	s := newServer(t, Options{})
	r := get("/check")
	r.Method = "POST"
	r.Body = io.NopCloser(strings.NewReader("file=x"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := serve(s, r)
	if w.Code != 400 || !strings.Contains(w.Body.String(), "请用页面上的表单上传文件") {
		t.Errorf("status %d: %s", w.Code, w.Body)
	}
	assertEmpty(t, tmp)
}

// TestCheckJSON: a script may ask for the result as `jixiao check --json`
// prints it.
func TestCheckJSON(t *testing.T) {
	tmp := tmpdir(t)
	s := newServer(t, Options{})
	r := post("/check", file("file", "填报表.xlsx", filledWorkbook()))
	r.Header.Set("Accept", "application/json")
	w := serve(s, r)
	var v struct {
		File     string
		Profile  string
		Errors   int
		Warnings int
		Problems []struct{ Severity, Code, Path, Place, Label, Message string }
		Score    struct {
			Stated, Self, Suggested json.Number
			Grade                   string
			SuggestedGrade          string `json:"suggested_grade"`
			Items                   []struct{ ID, Name, Basis string }
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("%v\n%s", err, w.Body)
	}
	if v.File != "填报表.xlsx" || v.Profile != "yueyanglou-2020" || v.Errors != 1 || v.Warnings != 4 || v.Score.Self != "95" ||
		v.Score.Suggested != "90" || v.Score.Grade != "优" || v.Score.SuggestedGrade != "优" || len(v.Score.Items) != 23 {
		t.Errorf("unexpected: %+v", v)
	}
	want := struct{ Severity, Code, Path, Place, Label, Message string }{"error", "sum", "finance.units[1].income.total",
		"收支情况!C8", "2、二级机构1 收入合计，万元", "应为 307.47（上年结转 0.00 + 公共财政拨款 126.23 + 政府基金拨款 0.00 + " +
			"纳入专户管理的非税收入拨款 0.00 + 其他收入 181.24），实际为 307.74"}
	if len(v.Problems) == 0 || v.Problems[0] != want {
		t.Errorf("first problem %+v, want %+v", v.Problems, want)
	}
	assertEmpty(t, tmp)
}

func TestRender(t *testing.T) {
	tmp := tmpdir(t)
	s := newServer(t, Options{})
	page := serve(s, post("/check", file("file", "填报表.xlsx", filledWorkbook()))).Body.String()
	report := hidden(t, page, "report")
	for _, tc := range []struct {
		format, want string
	}{
		{"docx", "word/document.xml"},
		{"xlsx", "xl/workbook.xml"},
	} {
		w := serve(s, post("/render", field("report", report), field("profile", ""), field("format", tc.format)))
		if w.Code != 200 {
			t.Fatalf("%s: status %d: %s", tc.format, w.Code, w.Body)
		}
		_, params, _ := mime.ParseMediaType(w.Header().Get("Content-Disposition"))
		if want := exampleUnit + "_2020年度部门整体支出绩效自评报告." + tc.format; params["filename"] != want {
			t.Errorf("%s: file name %q, want %q", tc.format, params["filename"], want)
		}
		parts := zipNames(t, w.Body.Bytes())
		if _, ok := parts[tc.want]; !ok {
			t.Errorf("%s: no %s", tc.format, tc.want)
		}
		if tc.format == "docx" && !bytes.Contains(parts["word/document.xml"], []byte(exampleUnit)) {
			t.Errorf("the Word file lacks the unit's name")
		}
		assertEmpty(t, tmp)
	}
	for _, tc := range []struct {
		name   string
		parts  []part
		status int
		want   string
	}{
		{"bad format", []part{field("report", report), field("format", "exe")}, 400, "没有格式"},
		{"bad report", []part{field("report", `{"cover": `), field("format", "docx")}, 400, "报告无法读取"},
		{"profile file", []part{field("report", report), field("format", "docx"), field("profile", "/etc/x.json")}, 400, "没有表式"},
		{"file part", []part{file("file", "a.json", []byte(report)), field("format", "docx")}, 413, "文件过多"},
	} {
		w := serve(s, post("/render", tc.parts...))
		if w.Code != tc.status || !strings.Contains(w.Body.String(), tc.want) {
			t.Errorf("%s: status %d, want %d %q", tc.name, w.Code, tc.status, tc.want)
		}
		assertEmpty(t, tmp)
	}
}

func TestRenderPDF(t *testing.T) {
	if !havePDF() {
		if os.Getenv("CI") == "true" {
			t.Fatal("LibreOffice is missing under CI=true")
		}
		t.Skip("LibreOffice is missing; skipping")
	}
	tmp := tmpdir(t)
	s := newServer(t, Options{})
	page := serve(s, post("/check", file("file", "r.json", readFile(t, exampleJSON)))).Body.String()
	if !strings.Contains(page, `value="pdf"`) {
		t.Errorf("the page offers no PDF")
	}
	w := serve(s, post("/render", field("report", hidden(t, page, "report")), field("format", "pdf")))
	if w.Code != 200 || !bytes.HasPrefix(w.Body.Bytes(), []byte("%PDF")) {
		t.Fatalf("status %d, %q", w.Code, w.Body.Bytes()[:min(w.Body.Len(), 200)])
	}
	assertEmpty(t, tmp)
}

func TestHost(t *testing.T) {
	tmp := tmpdir(t)
	s := newServer(t, Options{Hosts: []string{"192.168.1.5", "Bureau-PC", "fe80::1"}})
	for _, tc := range []struct {
		host string
		ok   bool
	}{
		{"127.0.0.1:8080", true},
		{"localhost:8080", true},
		{"LOCALHOST:8080", true},
		{"localhost.:8080", true},
		{"[::1]:8080", true},
		{"192.168.1.5:8080", true},
		{"bureau-pc:8080", true},
		{"[fe80::1]:8080", true},
		{"127.0.0.1:9090", false},
		{"127.0.0.1", false},
		{"evil.example:8080", false},
		{"localhost.evil.example:8080", false},
		{"127.0.0.1.nip.io:8080", false},
		{"192.168.1.6:8080", false},
		{"", false},
	} {
		r := get("/")
		r.Host = tc.host
		w := serve(s, r)
		if got := w.Code == 200; got != tc.ok {
			t.Errorf("Host %q: status %d, want ok=%v", tc.host, w.Code, tc.ok)
		}
		if !tc.ok && !strings.Contains(w.Body.String(), "不是本服务的地址") {
			t.Errorf("Host %q: %s", tc.host, w.Body)
		}
	}
	lan := newServer(t, Options{Addr: "0.0.0.0:80"})
	r := get("/")
	r.Host = "127.0.0.1"
	if w := serve(lan, r); w.Code != 200 {
		t.Errorf("port 80 without a port in Host: status %d", w.Code)
	}
	assertEmpty(t, tmp)
}

func TestOrigin(t *testing.T) {
	tmp := tmpdir(t)
	s := newServer(t, Options{})
	example := readFile(t, exampleJSON)
	for _, tc := range []struct {
		name            string
		origin, fetched string
		ok              bool
	}{
		{"same origin", testOrigin, "same-origin", true},
		{"same origin, no Sec-Fetch-Site", testOrigin, "", true},
		{"no browser headers (curl)", "", "", true},
		{"typed into the address bar", "", "none", true},
		{"other site", "http://evil.example", "cross-site", false},
		{"other site, old browser", "http://evil.example", "", false},
		{"other port", "http://127.0.0.1:9999", "same-site", false},
		{"null origin", "null", "", false},
		{"cross-site without Origin", "", "cross-site", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post("/check", file("file", "r.json", example))
			r.Header.Del("Origin")
			r.Header.Del("Sec-Fetch-Site")
			if tc.origin != "" {
				r.Header.Set("Origin", tc.origin)
			}
			if tc.fetched != "" {
				r.Header.Set("Sec-Fetch-Site", tc.fetched)
			}
			w := serve(s, r)
			if got := w.Code == 200; got != tc.ok {
				t.Errorf("status %d, want ok=%v", w.Code, tc.ok)
			}
			if !tc.ok && (w.Code != 403 || !strings.Contains(w.Body.String(), "表单不是从本页面提交的")) {
				t.Errorf("status %d: %s", w.Code, w.Body)
			}
			assertEmpty(t, tmp)
		})
	}
}

func TestBusy(t *testing.T) {
	tmp := tmpdir(t)
	s := newServer(t, Options{Jobs: 1})
	s.jobs <- struct{}{} // another request holds the only slot
	w := serve(s, post("/check", file("file", "r.json", readFile(t, exampleJSON))))
	if w.Code != 503 || !strings.Contains(w.Body.String(), "服务器正忙") || w.Header().Get("Retry-After") == "" {
		t.Errorf("status %d, Retry-After %q: %s", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
	<-s.jobs
	if w := serve(s, post("/check", file("file", "r.json", readFile(t, exampleJSON)))); w.Code != 200 {
		t.Errorf("after the slot is free: status %d", w.Code)
	}
	assertEmpty(t, tmp)
}

// waitBundle waits until a bundle is done or failed, and returns its page.
func waitBundle(t *testing.T, s *Server, location string) string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		r := get(location + "/status")
		w := serve(s, r)
		var st struct{ State string }
		if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil {
			t.Fatalf("status: %v: %s", err, w.Body)
		}
		if st.State == stateDone || st.State == stateFailed {
			return serve(s, get(location)).Body.String()
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the bundle did not finish")
	return ""
}

// gbk encodes a name in GBK, as the zip of a Chinese Windows does.
func gbk(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBundle(t *testing.T) {
	example := readFile(t, exampleJSON)
	corrected := readFile(t, "../testdata/reports/yueyanglou-2020-hrss-corrected.json")
	tmp := tmpdir(t)
	s := newServer(t, Options{})
	upload := zipOf(t,
		zipEntry{name: "收到的报告/", mode: os.ModeDir | 0o755},
		zipEntry{name: "收到的报告/教育局/填报表.xlsx", data: filledWorkbook()},
		zipEntry{name: gbk(t, "收到的报告/单位甲.json"), data: corrected, nonUTF8: true},
		zipEntry{name: "收到的报告/../../逃出.json", data: example},
		zipEntry{name: "收到的报告/链接.json", data: []byte("/etc/passwd"), mode: os.ModeSymlink | 0o777},
		zipEntry{name: "__MACOSX/收到的报告/._填报表.xlsx", data: []byte("x")},
		zipEntry{name: "收到的报告/Thumbs.db", data: []byte("x")},
		zipEntry{name: "收到的报告/~$填报表.xlsx", data: []byte("x")},
		zipEntry{name: "收到的报告/说明.xls", data: readFile(t, "../testdata/bad/old-excel.xls")},
	)
	w := serve(s, post("/bundle", file("files", "收到的报告.zip", upload), file("files", "单独.json", example), field("profile", "")))
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/bundle/") {
		t.Fatalf("status %d, Location %q: %s", w.Code, w.Header().Get("Location"), w.Body)
	}
	location := w.Header().Get("Location")
	page := waitBundle(t, s, location)
	// The five reports are one unit's (预算编码 200002): the last by name is
	// counted, the others are listed as replaced, named as uploaded.
	for _, want := range []string{"汇总包已生成", "<dt>单位</dt><dd>1</dd>", "<dt>有错误的单位</dt><dd class=\"bad\">1</dd>",
		"<code>收到的报告/链接.json</code></td><td class=\"nowrap\">已跳过</td><td>压缩包中的符号链接，未解压", exampleUnit, "下载汇总包（.zip",
		"只能下载一次", "<span>优 <b>1</b></span>", "需要处理", "<code>收到的报告/说明.xls</code></td><td class=\"nowrap\">无法读取",
		"<code>单独.json</code></td><td class=\"nowrap\">已被替换", "另有报告 收到的报告/逃出.json"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(page)
	}
	r := post(location + "/download")
	w = serve(s, r)
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/zip" {
		t.Fatalf("download: status %d: %s", w.Code, w.Body)
	}
	files := zipNames(t, w.Body.Bytes())
	for _, name := range []string{"汇总包/" + bundle.SummaryName, "汇总包/" + bundle.ProblemsName, "汇总包/" + bundle.ManifestName,
		"汇总包/报告/200002_" + exampleUnit + ".docx", "汇总包/报告/200002_" + exampleUnit + ".xlsx"} {
		if _, ok := files[name]; !ok {
			t.Errorf("bundle lacks %s", name)
		}
	}
	var m bundle.Manifest
	if err := json.Unmarshal(files["汇总包/"+bundle.ManifestName], &m); err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, in := range m.Inputs {
		inputs = append(inputs, in.Path)
	}
	slices.Sort(inputs)
	want := []string{"单独.json", "收到的报告/单位甲.json", "收到的报告/教育局/填报表.xlsx", "收到的报告/说明.xls", "收到的报告/逃出.json"}
	if strings.Join(inputs, " ") != strings.Join(want, " ") {
		t.Errorf("inputs %q, want %q", inputs, want)
	}
	if w := serve(s, post(location+"/download")); w.Code != 404 {
		t.Errorf("second download: status %d, want 404", w.Code)
	}
	assertEmpty(t, tmp)
}

func TestBundleUploads(t *testing.T) {
	example := readFile(t, exampleJSON)
	tmp := tmpdir(t)
	s := newServer(t, Options{MaxFiles: 3, MaxUnzipped: 200 << 10, MaxBundleUpload: 4 << 20})
	lying := func() []byte { // declares 100 bytes, inflates to 1 MB
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		h := &zip.FileHeader{Name: "谎报.json", Method: zip.Store, UncompressedSize64: 100, CompressedSize64: 1 << 20}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(make([]byte, 1<<20))
		zw.Close()
		return b.Bytes()
	}
	for _, tc := range []struct {
		name   string
		parts  []part
		status int
		want   string
	}{
		{"broken zip", []part{file("files", "报告.zip", zipOf(t, zipEntry{name: "a.json", data: example})[:40])}, 400, "报告.zip 不是完整的 zip 压缩包"},
		{"not a zip", []part{file("files", "报告.zip", example)}, 400, "不是完整的 zip 压缩包"},
		{"too many files", []part{file("files", "报告.zip", zipOf(t, zipEntry{name: "a.json", data: example},
			zipEntry{name: "b.json", data: example}, zipEntry{name: "c.json", data: example}, zipEntry{name: "d.json", data: example}))},
			413, "报告.zip 中的文件过多（最多 3 个）"},
		{"too many uploads", []part{file("files", "a.json", example), file("files", "b.json", example), file("files", "c.json", example),
			file("files", "d.json", example)}, 413, "文件过多（最多 3 个）"},
		{"unzips too large", []part{file("files", "报告.zip", zipOf(t, zipEntry{name: "a.json", data: make([]byte, 300<<10)}))},
			413, "报告.zip 解压后过大（最多 200 KB）"},
		{"upload too large", []part{file("files", "a.json", make([]byte, 5<<20))}, 413, "上传的内容过大"},
		{"only a link", []part{file("files", "报告.zip", zipOf(t, zipEntry{name: "a.json", data: []byte("b.json"), mode: os.ModeSymlink | 0o777}))},
			400, "a.json：压缩包中的符号链接，未解压"},
		{"no report", []part{file("files", "说明.txt", []byte("x")), file("files", ".DS_Store", []byte("x"))},
			400, "说明.txt：不是报告文件（.txt），未读取"},
		{"lying sizes", []part{file("files", "报告.zip", lying())}, 400, "谎报.json：无法解压"},
		{"nothing", []part{file("files", "", nil)}, 400, "没有收到报告文件"},
		{"profile file", []part{file("files", "a.json", example), field("profile", "/etc/p.json")}, 400, "没有表式"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := serve(s, post("/bundle", tc.parts...))
			if w.Code != tc.status || !strings.Contains(w.Body.String(), tc.want) {
				t.Errorf("status %d, want %d %q:\n%s", w.Code, tc.status, tc.want, w.Body)
			}
			assertEmpty(t, tmp)
			if n := len(s.bundles); n != 0 {
				t.Errorf("%d bundles kept", n)
			}
		})
	}
}

// TestBundleProfileFile: a report in a bundle that names a profile file on
// the server's disk never makes the server read it: that report is the one
// unit with the error, the others are bundled.
func TestBundleProfileFile(t *testing.T) {
	example := readFile(t, exampleJSON)
	tmpdir(t)
	s := newServer(t, Options{})
	named := bytes.Replace(example, []byte(`"profile": "yueyanglou-2020"`), []byte(`"profile": "C:/其他/表式.json"`), 1)
	w := serve(s, post("/bundle", file("files", "好.json", example), file("files", "坏.json", named)))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	page := waitBundle(t, s, w.Header().Get("Location"))
	for _, want := range []string{"汇总包已生成", "无法读取"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q:\n%s", want, page)
		}
	}
	// The profile chosen on the page is used for all.
	w = serve(s, post("/bundle", file("files", "坏.json", named), field("profile", "yueyanglou-2020")))
	if page := waitBundle(t, s, w.Header().Get("Location")); !strings.Contains(page, "汇总包已生成") {
		t.Errorf("with a profile chosen:\n%s", page)
	}
}

func TestBundleKept(t *testing.T) {
	example := readFile(t, exampleJSON)
	tmp := tmpdir(t)
	s := newServer(t, Options{Keep: 50 * time.Millisecond, Bundles: 1})
	w := serve(s, post("/bundle", file("files", "a.json", example)))
	location := w.Header().Get("Location")
	if w := serve(s, post("/bundle", file("files", "a.json", example))); w.Code != 503 || !strings.Contains(w.Body.String(), "已有 1 个汇总包") {
		t.Errorf("second bundle: status %d: %s", w.Code, w.Body)
	}
	waitBundle(t, s, location)
	deadline := time.Now().Add(10 * time.Second)
	for serve(s, get(location)).Code != 404 {
		if time.Now().After(deadline) {
			t.Fatal("the bundle was not removed when it expired")
		}
		time.Sleep(20 * time.Millisecond)
	}
	assertEmpty(t, tmp)

	// Close removes the bundles still waiting.
	s = newServer(t, Options{})
	w = serve(s, post("/bundle", file("files", "a.json", example)))
	waitBundle(t, s, w.Header().Get("Location"))
	s.Close()
	assertEmpty(t, tmp)
	if w := serve(s, post("/bundle", file("files", "a.json", example))); w.Code != 503 {
		t.Errorf("after Close: status %d", w.Code)
	}
}

// 从去年的报告开始: last year's Word report uploaded gives this year's
// fill-in workbook with what carries over; a file that is no report says why.
func TestTemplateFrom(t *testing.T) {
	tmp := tmpdir(t)
	s := newServer(t, Options{})
	w := serve(s, post("/template/from", file("file", "2020年度报告.docx", readFile(t, "../testdata/bad/word-document.docx"))))
	if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Disposition"), url.PathEscape("2021年度绩效自评填报表.xlsx")) {
		t.Fatalf("status %d, %q: %.300s", w.Code, w.Header().Get("Content-Disposition"), w.Body)
	}
	book := filepath.Join(t.TempDir(), "t.xlsx")
	if err := os.WriteFile(book, w.Body.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	c := input.Read(book, "")
	if c.Report == nil || c.Report.Cover.Year != 2021 || c.Report.Cover.BudgetCode != "200002" || len(c.Report.Overview.Tasks) != 4 ||
		!c.Report.Basis.ThreePublicLastYear.Valid {
		t.Errorf("carried over: %+v", c.Report)
	}
	w = serve(s, post("/template/from", file("file", "说明.xls", readFile(t, "../testdata/bad/old-excel.xls")), field("year", "2022")))
	if w.Code != 400 || !strings.Contains(w.Body.String(), "说明.xls 无法读取，没有生成填报表") {
		t.Errorf("status %d: %s", w.Code, w.Body)
	}
	assertEmpty(t, tmp)
}
