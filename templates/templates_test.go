package templates_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/scoring"
	"jixiao/templates"
)

// The shipped profiles load, check clean and differ where the forms differ.
func TestShippedProfiles(t *testing.T) {
	ps := templates.Profiles()
	if len(ps) != 3 {
		t.Fatalf("%d profiles", len(ps))
	}
	for _, tt := range []struct {
		id, issuer, attachment, title string
	}{
		{"yueyanglou-2020", "岳阳楼区财政局", "附件3-2", "岳阳楼区2020年度部门（单位）整体支出绩效评价自评报告"},
		{"yueyang-city-2020", "岳阳市财政局", "附件1", "岳阳市2020年度部门整体支出绩效评价自评报告"},
		{"yueyanglou-2021", "岳阳楼区财政局", "附件3-2", "岳阳楼区2020年度部门（单位）整体支出绩效评价自评报告"},
	} {
		p, err := templates.Profile(tt.id)
		if err != nil {
			t.Fatal(err)
		}
		if p.Issuer != tt.issuer || p.Attachment != tt.attachment || strings.Join(p.TitleLines(2020), "") != tt.title {
			t.Errorf("%s: %s %s %s", tt.id, p.Issuer, p.Attachment, strings.Join(p.TitleLines(2020), ""))
		}
		if got := p.Total().String(); got != "100" {
			t.Errorf("%s: total %s", tt.id, got)
		}
	}
	if p, _ := templates.Profile(""); p.ID != templates.DefaultProfile {
		t.Errorf("default profile %s", p.ID)
	}
	if _, err := templates.Profile("nowhere"); err == nil || !strings.Contains(err.Error(), "没有表式 \"nowhere\"") {
		t.Errorf("unknown profile: %v", err)
	}
}

// A profile file with mistakes gets every problem, with its place.
func TestParseBadProfile(t *testing.T) {
	const bad = `{
  "id": "bad", "name": "x", "issuer": "x", "place": "x", "title": ["x"], "unit": "部门",
  "attachment": "附件1", "sheet_title": "评分表", "counting": "sometimes",
  "grades": [{"name": "优", "min": 90}, {"name": "良", "min": 95}],
  "indicators": [{"name": "投入", "children": [{"name": "预算配置", "items": [
    {"id": "a", "name": "甲", "points": 5, "criteria_above": true, "rule": {"kind": "deduct_above", "measure": {"num": "staff_actual", "den": "nobody"}, "limit": 100}},
    {"id": "a", "name": "乙", "points": 0, "rule": {"kind": "checklist", "points": [1, 1]}},
    {"id": "c", "name": "丙", "members": ["x"], "points": 3, "rule": {"kind": "bands", "measure": {"var": "satisfaction"}, "at_least": [{"bound": 90, "score": 4}]}},
    {"id": "d", "name": "丁", "points": 3, "rule": {"kind": "magic"}}
  ]}]}]
}`
	_, err := templates.Parse("bad.json", []byte(bad))
	var ie *jixiao.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v", err)
	}
	want := []string{
		`bad.json:3:58 counting（扣分计算方式）：错误：应为 "continuous" 或 "started"，实际为 "sometimes"`,
		`bad.json:4:61 grades[1].min（最低得分，分）：错误：等次应按最低得分从高到低排列`,
		`bad.json:6:61 indicators[0].children[0].items[0].criteria_above（评分标准与上一行合并）：错误：二级指标的第一个三级指标不能与上一行合并评分标准`,
		`bad.json:6:75 indicators[0].children[0].items[0].rule.per_point（每个百分点扣分，分）：错误：应为正数`,
		`bad.json:6:142 indicators[0].children[0].items[0].rule.measure.den（分母）：错误：没有这个变量 "nobody"`,
		`bad.json:7:12 indicators[0].children[0].items[1].id（指标编号）：错误：指标编号 "a" 重复`,
		`bad.json:7:40 indicators[0].children[0].items[1].points（分值，分）：错误：分值应为正数`,
		`bad.json:7:83 indicators[0].children[0].items[1].rule.points（各要点分值）：错误：各要点分值之和应等于分值 0，实际为 2`,
		`bad.json:8:5 indicators[0].children[0].items[2]（三级指标）：错误：应有 name（单个指标）或 members（共享分值的一组指标），二者只能有一个`,
		`bad.json:8:159 indicators[0].children[0].items[2].rule.at_least[0].score（得分，分）：错误：得分应在 0 到分值之间`,
		`bad.json:9:60 indicators[0].children[0].items[3].rule.kind（规则类型）：错误：未知的规则类型 "magic"（可用：deduct_above、deduct_below、bands、per_count、checklist）`,
	}
	var got []string
	for _, p := range ie.Problems {
		line := p.Format("bad.json")
		if i := strings.Index(line, "（可用："); i > 0 && strings.Contains(line, "没有这个变量") {
			line = line[:i]
		}
		got = append(got, line)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A profile extends another and gives only what differs: objects merged
// field by field, lists and values replaced.
func TestExtends(t *testing.T) {
	p2021, err := templates.Profile("yueyanglou-2021")
	if err != nil {
		t.Fatal(err)
	}
	p2020, _ := templates.Profile("yueyanglou-2020")
	if p2021.Cover.Attachment != "附件3-1" || p2021.Attachment != "附件3-2" || p2021.Extends != "" ||
		len(p2021.Items()) != len(p2020.Items()) || p2021.Total().String() != "100" {
		t.Errorf("yueyanglou-2021: %+v", p2021.Cover)
	}
	dir := t.TempDir()
	file := func(name string) string { return filepath.Join(dir, name) }
	county := filepath.Join(dir, "县2017.json")
	os.WriteFile(county, []byte(`{"extends": "yueyanglou-2020", "id": "county-2017", "issuer": "岳阳县财政局", "place": "岳阳县",
  "attachment": "附件6", "cover": {"date_label": "报告期", "no_colon": true}}`), 0o644)
	p, err := templates.Profile(county)
	if err != nil {
		t.Fatal(err)
	}
	if p.Issuer != "岳阳县财政局" || p.DateLabel() != "报告期" || !p.Cover.NoColon || p.IssuerLine() != "岳阳县财政局（制）" ||
		strings.Join(p.TitleLines(2017), "") != "岳阳县2017年度部门（单位）整体支出绩效评价自评报告" {
		t.Errorf("county: %+v", p)
	}
	// A chain of files, relative to the extending file.
	next := filepath.Join(dir, "县2018.json")
	os.WriteFile(next, []byte(`{"extends": "县2017.json", "id": "county-2018", "attachment": "附件2-1", "cover": {"date_label": ""}}`), 0o644)
	if p, err := templates.Profile(next); err != nil || p.Attachment != "附件2-1" || p.DateLabel() != "报告日期" || !p.Cover.NoColon {
		t.Errorf("county-2018: %v %+v", err, p)
	}
	for _, tt := range []struct{ name, json, want string }{
		{"no such base", `{"extends": "yueyanglou-1999", "id": "x"}`, `没有内置表式 "yueyanglou-1999"（可用：yueyang-city-2020、yueyanglou-2020、yueyanglou-2021），同一文件夹中也没有表式文件 `},
		{"a cycle", `{"extends": "loop.json", "id": "x"}`, "表式相互基于形成循环：" + file("loop.json") + " → " + file("loop.json")},
		{"a typo", `{"extends": "yueyanglou-2020", "id": "x", "attachmnet": "附件1"}`, `没有这个字段 "attachmnet"`},
	} {
		file := filepath.Join(dir, "loop.json")
		os.WriteFile(file, []byte(tt.json), 0o644)
		if _, err := templates.Profile(file); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// A chain of profile files that extends back to one of them is one problem,
// at the extends of the file where the cycle starts; a base's problems are
// said once, naming the base; a bare name is <name>.json beside the file when
// no shipped profile has it; a missing file is said in Chinese.
func TestExtendsChain(t *testing.T) {
	t.Chdir(t.TempDir())
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.json", `{"extends": "b.json", "id": "a"}`)
	write("b.json", `{"extends": "a.json", "id": "b"}`)
	write("self.json", `{"extends": "self.json", "id": "self"}`)
	write("c.json", `{"extends": "b.json", "id": "c"}`)
	write("typo.json", `{"extends": "yueyanglou-2020", "id": "typo", "attachmnet": "附件1"}`)
	write("d.json", `{"extends": "typo.json", "id": "d"}`)
	write("xiangyin-2021.json", `{"extends": "yueyanglou-2020", "id": "xiangyin-2021", "place": "湘阴县", "issuer": "湘阴县财政局"}`)
	write("e.json", `{"extends": "xiangyin-2021", "id": "e"}`)
	write("f.json", `{"extends": "../x", "id": "f"}`)
	for _, tt := range []struct{ file, want string }{
		{"a.json", `a.json:1:13 extends（基于表式）：错误：表式相互基于形成循环：a.json → b.json → a.json`},
		{"self.json", `self.json:1:13 extends（基于表式）：错误：表式相互基于形成循环：self.json → self.json`},
		{"c.json", `b.json:1:13 extends（基于表式）：错误：表式相互基于形成循环：b.json → a.json → b.json`},
		{"d.json", `typo.json:1:46 attachmnet：错误：没有这个字段 "attachmnet"（是否应为 "attachment"？）`},
		{"f.json", `f.json:1:13 extends（基于表式）：错误：找不到表式文件 ../x`},
		{"nowhere.json", `找不到表式文件 nowhere.json`},
	} {
		_, err := templates.Profile(tt.file)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s:\ngot  %v\nwant %s", tt.file, err, tt.want)
		}
	}
	if p, err := templates.Profile("e.json"); err != nil || p.Place != "湘阴县" {
		t.Errorf("a bare name beside: %v", err)
	}
}

// Every example profile of the README loads, and renders as it says.
func TestReadmeProfiles(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "### 基于已有的表式")
	end := strings.Index(text, "### 新增一个表式")
	if start < 0 || end < start {
		t.Fatal("the README has no section of example profiles")
	}
	blocks := strings.Split(text[start:end], "```json\n")[1:]
	if len(blocks) != 3 {
		t.Fatalf("%d examples", len(blocks))
	}
	dir := t.TempDir()
	for i, b := range blocks {
		body, _, _ := strings.Cut(b, "```")
		file := filepath.Join(dir, "p"+string(rune('a'+i))+".json")
		os.WriteFile(file, []byte(body), 0o644)
		p, err := templates.Profile(file)
		if err != nil {
			t.Errorf("example %d: %v", i+1, err)
			continue
		}
		if len(p.Items()) != 23 || p.Issuer == "岳阳楼区财政局" {
			t.Errorf("example %d: %+v", i+1, p)
		}
	}
}

// A mistyped placeholder is an error at its text, with the placeholders the
// text may use; a {…} in a text that replaces none is an error too.
func TestPlaceholders(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "t8.json")
	os.WriteFile(file, []byte(`{"extends": "yueyanglou-2020", "id": "t8",
 "cover": {"issuer": "{isuer}（制）"},
 "title": ["{place}{yaer}年度部门整体支出", "绩效评价自评报告"],
 "sheet_title": "{year}评分表"}`), 0o644)
	_, err := templates.Profile(file)
	var ie *jixiao.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v", err)
	}
	want := []string{
		`t8.json:2:22 cover.issuer（制发机关一行）：错误：没有占位符 {isuer}（可用：{issuer}；是否应为 {issuer}？）`,
		`t8.json:3:12 title[0]（封面标题）：错误：没有占位符 {yaer}（可用：{place}、{year}；是否应为 {year}？）`,
		`t8.json:4:17 sheet_title（评分表标题）：错误：没有占位符 {year}（这一项不能用占位符，会原样印出）`,
	}
	var got []string
	for _, p := range ie.Problems {
		got = append(got, p.Format("t8.json"))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, p := range templates.Profiles() {
		if ps := scoring.CheckProfile(p); len(ps) > 0 {
			t.Errorf("%s: %v", p.ID, ps)
		}
	}
}
