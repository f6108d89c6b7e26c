package jixiao_test

import (
	"bytes"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/synth"
)

const examplePath = "testdata/reports/yueyanglou-2020-hrss.json"

// The example decodes without a problem, and encoding it gives back its bytes.
func TestReadExampleRoundTrip(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	r, src, warnings, err := jixiao.ReadReport(examplePath, data)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("ReadReport: %v %v", err, warnings)
	}
	if got := src.Place("finance.units[1].spending.surplus_year").String(); got != "79:27" {
		t.Errorf("place of surplus_year = %s, want 79:27", got)
	}
	var b bytes.Buffer
	if err := jixiao.EncodeJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), data) {
		t.Errorf("re-encoded example differs from the file")
	}
}

// Synthetic reports survive encode → decode → encode.
func TestSynthRoundTrip(t *testing.T) {
	for seed := range uint64(10) {
		var a, b bytes.Buffer
		if err := jixiao.EncodeJSON(&a, synth.Report(seed, 6)); err != nil {
			t.Fatal(err)
		}
		r, _, _, err := jixiao.ReadReport("synth.json", a.Bytes())
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if err := jixiao.EncodeJSON(&b, r); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("seed %d: round trip differs", seed)
		}
	}
}

func TestReadReportErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{"r.json：错误：文件是空的"}},
		{"spaces only", "  \n ", []string{"r.json：错误：文件是空的"}},
		{"not JSON", "hello", []string{"r.json:1:1：错误：JSON 格式错误：这里应为一个值（文字要加引号），实际为 \"h\""}},
		{"truncated", "{\"cover\": {\"year\": 2020,", []string{"r.json:1:25：错误：JSON 不完整：文件意外结束"}},
		{"trailing garbage", "{} {}", []string{"r.json:1:4：错误：JSON 之后还有多余的内容"}},
		{"not an object", "[1]", []string{"r.json:1:1：错误：应为对象 {…}，实际为数组 […]"}},
		{"unknown field with suggestion", "{\n  \"cover\": {\"yaer\": 2020}\n}", []string{
			"r.json:2:13 cover.yaer：错误：没有这个字段 \"yaer\"（是否应为 \"year\"？）"}},
		{"unknown top-level field", "{\"colour\": 1}", []string{"r.json:1:2 colour：错误：没有这个字段 \"colour\""}},
		{"duplicate field", "{\"cover\": {\"year\": 2020, \"year\": 2021}}", []string{
			"r.json:1:26 cover.year（年度）：错误：字段 \"year\" 出现了两次"}},
		{"text for a number", "{\"finance\": {\"units\": [{\"name\": \"局机关\", \"income\": {\"total\": \"12,3.4\"}}]}}", []string{
			"r.json:1:60 finance.units[0].income.total（收入合计，万元）：错误：应为最多两位小数的数字（千位分隔符位置不对），实际为 \"12,3.4\""}},
		{"accepted amount text", "{\"finance\": {\"units\": [{\"name\": \"局机关\", \"income\": {\"total\": \"１,２３４.５万元\"}}]}}", nil},
		{"number for a text is its digits", "{\"cover\": {\"budget_code\": 301}}", nil},
		{"year as text", "{\"cover\": {\"year\": \"２０１９年\"}}", nil},
		{"boolean for a text", "{\"cover\": {\"unit\": true}}", []string{
			"r.json:1:20 cover.unit（部门(单位)名称）：错误：应为文字，实际为布尔值 true"}},
		{"object for a list", "{\"overview\": {\"tasks\": {\"a\": 1}}}", []string{
			"r.json:1:24 overview.tasks（年度主要工作内容）：错误：应为数组 […]，实际为对象 {…}"}},
		{"exponent", "{\"basis\": {\"budget\": 1e3}}", []string{
			"r.json:1:22 basis.budget（年初预算数，万元）：错误：应为最多两位小数的数字（不接受科学计数法），实际为 \"1e3\""}},
		{"three decimals", "{\"basis\": {\"budget\": 1.234}}", []string{
			"r.json:1:22 basis.budget（年初预算数，万元）：错误：应为最多两位小数的数字，实际为 \"1.234\""}},
		{"fraction of a person", "{\"overview\": {\"actual_staff\": 6.5}}", []string{
			"r.json:1:31 overview.actual_staff（实有人数，人）：错误：应为整数，实际为 \"6.5\""}},
		{"bad date", "{\"cover\": {\"report_date\": \"2021年2月30日\"}}", []string{
			"r.json:1:27 cover.report_date（报告日期）：错误：应为日期，如 2021年6月27日、2021-06-27、2021.6.27、20210627 或 二〇二一年六月二十七日，实际为 \"2021年2月30日\"（没有这一天）"}},
		{"fractional year", "{\"cover\": {\"year\": 2020.5}}", []string{
			"r.json:1:20 cover.year（年度）：错误：应为整数，实际为 2020.5"}},
		{"several problems sorted", "{\"cover\": {\"unit\": [1]},\n \"basis\": {\"budget\": \"x\"},\n \"zz\": 0}", []string{
			"r.json:1:20 cover.unit（部门(单位)名称）：错误：应为文字，实际为数组 […]",
			"r.json:2:22 basis.budget（年初预算数，万元）：错误：应为最多两位小数的数字，实际为 \"x\"",
			"r.json:3:2 zz：错误：没有这个字段 \"zz\""}},
		{"column counts characters", "{\"cover\": {\"unit\": \"单位\", \"x\": 1}}", []string{
			"r.json:1:26 cover.x：错误：没有这个字段 \"x\""}},
		{"invalid UTF-8", "{\"cover\": {\"unit\": \"\xff\"}}", []string{
			"r.json:1:21：错误：不是 UTF-8 编码的文本（请以 UTF-8 保存）"}},
		{"BOM is fine", "\xef\xbb\xbf{\"cover\": {\"year\": \"x\"}}", []string{
			"r.json:1:20 cover.year（年度）：错误：应为整数，实际为 \"x\""}},
		{"deep nesting", "{\"narrative\": " + strings.Repeat("[{\"sections\": ", 30) + "[]" + strings.Repeat("}]", 30) + "}", []string{
			"r.json:1:183 narrative[0].sections[0].sections[0].sections[0].sections[0].sections[0].sections[0].sections[0].sections[0].sections[0].sections[0].sections[0].sections（小节）：错误：嵌套过深（最多 24 层）"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, problems, err := jixiao.ReadReport("r.json", []byte(tt.in))
			var got []string
			for _, p := range problems {
				got = append(got, p.Format("r.json"))
			}
			if err != nil {
				var ie *jixiao.InputError
				if !errors.As(err, &ie) {
					t.Fatalf("error %v is not an *InputError", err)
				}
				for _, p := range ie.Problems {
					got = append(got, p.Format("r.json"))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// Control characters are removed from text with a warning naming the field.
func TestReadReportControlCharacters(t *testing.T) {
	r, _, warnings, err := jixiao.ReadReport("r.json", []byte("{\"cover\": {\"unit\": \"岳阳\\u0001楼\\u001f区\"}}"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Cover.Unit != "岳阳楼区" {
		t.Errorf("unit = %q", r.Cover.Unit)
	}
	want := "r.json:1:20 cover.unit（部门(单位)名称）：警告：删除了 2 个不可打印的控制字符"
	if len(warnings) != 1 || warnings[0].Format("r.json") != want {
		t.Errorf("warnings = %v, want %s", warnings, want)
	}
}

// FuzzReadReport: never panics; every error is an *InputError whose problems
// have documented codes.
func FuzzReadReport(f *testing.F) {
	if data, err := os.ReadFile(examplePath); err == nil {
		f.Add(data)
	}
	for _, s := range []string{"{}", "[]", "{\"cover\":{\"year\":1e99}}", "{\"narrative\":[{\"sections\":[{}]}]}", "\"x\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		r, _, problems, err := jixiao.ReadReport("f.json", data)
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64*uint64(len(data))+1<<20 {
			t.Fatalf("%d bytes allocated decoding %d bytes", alloc, len(data))
		}
		for _, p := range problems {
			if len(p.Message) > jixiao.MaxMessage {
				t.Fatalf("a message of %d bytes", len(p.Message))
			}
		}
		if r != nil && len(jixiao.Limit(problems)) > jixiao.MaxProblems {
			t.Fatal("Limit does not bound the problems")
		}
		if err == nil {
			return
		}
		var ie *jixiao.InputError
		if !errors.As(err, &ie) || len(ie.Problems) == 0 {
			t.Fatalf("error %v is not an *InputError with problems", err)
		}
		for _, p := range ie.Problems {
			switch p.Code {
			case jixiao.CodeSyntax, jixiao.CodeUnknownField, jixiao.CodeDuplicate, jixiao.CodeType, jixiao.CodeFormat, jixiao.CodeRange, jixiao.CodeFile:
			default:
				t.Fatalf("undocumented code %q in %s", p.Code, p.Format("f.json"))
			}
		}
	})
}

// Lists beyond their limits are cut with a message, never grown without
// bound: 50,000 二级机构 rows read as 200, and say so.
func TestListLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"finance": {"units": [`)
	for i := range 50000 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"name": "二级机构", "income": {"total": 1}}`)
	}
	b.WriteString(`]}, "overview": {"tasks": [`)
	for i := range 300 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"任务"`)
	}
	b.WriteString(`]}}`)
	r, _, problems, err := jixiao.ReadReport("r.json", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Finance.Units) != 200 || len(r.Overview.Tasks) != 200 {
		t.Errorf("%d units, %d tasks", len(r.Finance.Units), len(r.Overview.Tasks))
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Format("r.json"))
	}
	want := []string{
		"r.json:1:23 finance.units（机构）：错误：最多 200 项，多出的 49800 项未读取",
		"r.json:1:2050049 overview.tasks（年度主要工作内容）：错误：最多 200 项，多出的 100 项未读取",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
